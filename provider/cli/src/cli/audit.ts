import * as path from "node:path";
import { Io } from "./io";
import { createUnique } from "./write";

/** `20260505_101914_057`: the reference tool's log-name stamp, in UTC. */
export function logStamp(time: Date): string {
    const pad = (value: number, width = 2) => String(value).padStart(width, "0");
    return (
        `${time.getUTCFullYear()}${pad(time.getUTCMonth() + 1)}${pad(time.getUTCDate())}_` +
        `${pad(time.getUTCHours())}${pad(time.getUTCMinutes())}${pad(time.getUTCSeconds())}_${pad(time.getUTCMilliseconds(), 3)}`
    );
}

/**
 * Strings that look like credentials never reach a log, whatever a config carries: AWS access key
 * IDs, and anything after a key named like a secret.
 */
const CREDENTIALS: readonly [RegExp, string][] = [
    [/\b(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\b/g, "$1****************"],
    [/((?:secret|password|passwd|token|session|api[_-]?key|private[_-]?key|access[_-]?key|credential)[\w-]*["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, "$1[redacted]"],
];

export function redact(text: string): string {
    return CREDENTIALS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}

type Entry = { readonly kind: "READ" | "DECIDED" | "WROTE" | "STEP"; readonly text: string };

/** `12 ms`, `3.4 s`: a step's duration as people read it. */
export function formatDuration(ms: number): string {
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The audit trail of one action: what it read, what it decided and what it wrote, saved as
 * `{reports}/{set-name}-{action}-{stamp}.log`. Written once, at the end, whatever the outcome.
 */
export class AuditLog {
    private readonly entries: Entry[] = [];
    private readonly started: Date;

    constructor(
        private readonly action: string,
        private readonly io: Io,
        private readonly reportsDir: string,
        /** `--verbose`: every step and its duration goes to standard error as well. */
        private readonly verbose = false,
        private readonly clock: () => number = () => performance.now(),
    ) {
        this.started = io.now();
    }

    /** The directory the action runs in: relative paths it reads are relative to it. */
    get cwd(): string {
        return this.io.cwd;
    }

    /**
     * Runs one step of the action (an AWS call, a Pulumi operation); with --verbose, its duration
     * goes to standard error as it ends, and to the log.
     */
    async step<T>(label: string, run: () => Promise<T>): Promise<T> {
        const start = this.clock();
        try {
            const result = await run();
            this.timed(label, start, "done");
            return result;
        } catch (error) {
            this.timed(label, start, "failed");
            throw error;
        }
    }

    /** The same for a step that does not wait (reading and validating a config). */
    stepSync<T>(label: string, run: () => T): T {
        const start = this.clock();
        try {
            const result = run();
            this.timed(label, start, "done");
            return result;
        } catch (error) {
            this.timed(label, start, "failed");
            throw error;
        }
    }

    /**
     * With --verbose, the step goes to standard error and to the log. Without it, neither: a log
     * stays the same for the same run (SOURCE_DATE_EPOCH pins its time), durations would not.
     */
    private timed(label: string, start: number, outcome: string): void {
        if (!this.verbose) return;
        const line = `${label}: ${outcome} in ${formatDuration(this.clock() - start)}`;
        this.entries.push({ kind: "STEP", text: line });
        this.io.err(`[verbose] ${line}`);
    }

    read(text: string): void {
        this.entries.push({ kind: "READ", text });
    }

    decided(text: string): void {
        this.entries.push({ kind: "DECIDED", text });
    }

    wrote(file: string): void {
        this.entries.push({ kind: "WROTE", text: file });
    }

    /** Saves the log, never over another; returns its path. `subject` is the set name, or what the action was about. */
    save(subject: string, exitCode: number): string {
        const lines = [
            `sg-provisioner ${this.action}`,
            `started ${this.started.toISOString()}`,
            ...this.entries.map((entry) => `${entry.kind.padEnd(7)} ${redact(entry.text)}`),
            `exit ${exitCode}`,
        ];
        return createUnique(path.resolve(this.io.cwd, this.reportsDir), `${subject}-${this.action}-${logStamp(this.started)}`, ".log", `${lines.join("\n")}\n`);
    }
}
