import * as path from "node:path";
import { Finding, terminalSafe } from "sg-provisioner-core";
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

/** Key names that say their value is a credential. */
const CREDENTIAL_KEY = /secret|password|passwd|token|session|api[_-]?key|private[_-]?key|access[_-]?key|credential/i;
/** AWS access key IDs (long-term, temporary, role, user): masked after their four-letter kind. */
const ACCESS_KEY_ID = /\b(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\b/g;
/** A credential-like key and what assigns it a value: `password: `, `"api_key": `, `token=`. */
const ASSIGNMENT = new RegExp(`(?:${CREDENTIAL_KEY.source})[\\w-]*["']?\\s*[:=]\\s*`, "gi");
const MASK = "[redacted]";

/** Whether a key (or a field path) names a credential. */
export function isCredentialKey(key: string): boolean {
    return CREDENTIAL_KEY.test(key);
}

/** Where the value that starts at `start` ends: a quoted string, a bracketed flow (nested), or bare text up to a separator or the line's end. */
function valueEnd(text: string, start: number): number {
    const first = text[start];
    if (first === '"' || first === "'") {
        for (let index = start + 1; index < text.length; index++) {
            // `\"` escapes a double quote (JSON, YAML); `''` a single one (YAML).
            if (first === '"' && text[index] === "\\") index++;
            else if (first === "'" && text.startsWith("''", index)) index++;
            else if (text[index] === first) return index + 1;
        }
        return text.length;
    }
    if (first === "{" || first === "[") {
        let depth = 0;
        for (let index = start; index < text.length; index++) {
            const char = text[index];
            if (char === '"' || char === "'") index = valueEnd(text, index) - 1;
            else if (char === "{" || char === "[") depth++;
            else if ((char === "}" || char === "]") && --depth === 0) return index + 1;
        }
        return text.length;
    }
    const bare = /[^\n,}\]]*/y;
    bare.lastIndex = start;
    return start + (bare.exec(text)?.[0].trimEnd().length ?? 0);
}

/** Every value after a credential-like key masked, whatever it is: a string (its quotes kept), a number, true, null, a whole mapping or list. */
function maskAssignments(text: string): string {
    let result = "";
    let done = 0;
    for (const match of text.matchAll(ASSIGNMENT)) {
        const start = match.index + match[0].length;
        // A key inside a value already masked.
        if (match.index < done) continue;
        const end = valueEnd(text, start);
        if (end === start) continue;
        const quote = text[start] === '"' || text[start] === "'" ? text[start] : "";
        result += `${text.slice(done, start)}${quote}${MASK}${quote}`;
        done = end;
    }
    return result + text.slice(done);
}

/**
 * Text that may hold credentials, as a log keeps it: AWS access key IDs, and every value after a key
 * named like a secret (YAML or JSON, `key: value`, `"key": 123`, `key=value`, flow mappings and lists).
 */
export function redact(text: string): string {
    return maskAssignments(text.replace(ACCESS_KEY_ID, "$1****************"));
}

/** Every way a message may quote a value: each scalar in it as JSON (`"hunter2"`, `987654321`, `true`, `null`), the whole as JSON. */
function renderings(value: unknown): string[] {
    if (value === undefined) return [];
    const own = JSON.stringify(value);
    const inner = typeof value === "object" && value !== null ? Object.values(value).flatMap(renderings) : [];
    return [own, ...inner];
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A finding as its log line: the message masks the finding's value, wherever it quotes it, when the
 * field is under a credential-like key (`tags.password must be a string, not the number 987654321`
 * would log the password).
 */
export function findingLine(finding: Finding): string {
    let message = finding.message;
    if (finding.path !== undefined && isCredentialKey(finding.path)) {
        const shown = [...new Set(renderings(finding.value))].sort((a, b) => b.length - a.length);
        for (const text of shown) message = message.replace(new RegExp(`(?<![\\w.])${escapeRegExp(text)}(?!\\w|\\.\\w)`, "g"), MASK);
    }
    return `${finding.severity} ${finding.code} ${finding.path ?? ""} ${message}`;
}

/**
 * What a log's file name says of its subject: the subject as it is, or, when the masking rules would
 * change it (a config named after an access key ID), its masked form with every character a file name
 * should not hold as `_`: `AKIA________________`.
 */
export function logSubject(subject: string): string {
    const masked = redact(subject);
    return masked === subject ? subject : masked.replace(/[^\w.-]/g, "_");
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

    /** A finding the action decided on, its value masked when it is a credential's (see {@link findingLine}). */
    finding(finding: Finding): void {
        this.decided(findingLine(finding));
    }

    wrote(file: string): void {
        this.entries.push({ kind: "WROTE", text: file });
    }

    /**
     * Saves the log, never over another; returns its path. `subject` is the set name, or what the
     * action was about; the file name never carries what the masking rules hide (see {@link logSubject}).
     */
    save(subject: string, exitCode: number): string {
        const lines = [
            `sg-provisioner ${this.action}`,
            `started ${this.started.toISOString()}`,
            // One line per entry, and nothing in it that acts on the terminal of whoever reads the log (a value from a hostile file).
            ...this.entries.map((entry) => `${entry.kind.padEnd(7)} ${terminalSafe(redact(entry.text))}`),
            `exit ${exitCode}`,
        ];
        return createUnique(path.resolve(this.io.cwd, this.reportsDir), `${logSubject(subject)}-${this.action}-${logStamp(this.started)}`, ".log", `${lines.join("\n")}\n`);
    }
}
