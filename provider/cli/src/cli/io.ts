import * as readline from "node:readline/promises";
import { FileRead, readStandardInput } from "sg-provisioner-core";

/** Where commands write and what they may read of their environment: injectable for tests. */
export interface Io {
    out(text: string): void;
    err(text: string): void;
    readonly cwd: string;
    /** Whether text output may carry ANSI colours: a terminal, and NO_COLOR unset. */
    readonly color: boolean;
    /** The time actions stamp on logs and reports. */
    now(): Date;
    /**
     * Standard input, read to its end but never more than `limit` bytes (for `pulumi stack output
     * --json | ...`); undefined on a terminal, where nothing is piped.
     */
    readStdin(limit: number): FileRead | undefined;
    /** The environment the command reads (AWS settings, SG_PROVISIONER_PRODUCT_CODE). */
    readonly env: NodeJS.ProcessEnv;
    /**
     * Asks a question on the terminal and returns the answer, or undefined when standard input is
     * not a terminal: nobody is there to answer, so changes to AWS need --force instead.
     */
    ask(question: string): Promise<string | undefined>;
    /**
     * Calls `handler` on the first SIGINT or SIGTERM (a cancelled CI job) until the returned
     * function is called; a second signal ends the process at once.
     */
    onInterrupt(handler: (signal: string) => void): () => void;
}

/** Colours only on a terminal, and never when NO_COLOR is set to anything (https://no-color.org). */
export function colorEnabled(isTty: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
    return isTty === true && (env.NO_COLOR === undefined || env.NO_COLOR === "");
}

/**
 * The time of this run. SOURCE_DATE_EPOCH (seconds, the reproducible-builds convention) pins it,
 * so that a pipeline can reproduce a report byte for byte.
 */
export function runTime(env: NodeJS.ProcessEnv, clock: () => Date = () => new Date()): Date {
    const epoch = env.SOURCE_DATE_EPOCH;
    return epoch !== undefined && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : clock();
}

export const processIo: Io = {
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    cwd: process.cwd(),
    color: colorEnabled(process.stdout.isTTY, process.env),
    now: () => runTime(process.env),
    readStdin: (limit) => (process.stdin.isTTY ? undefined : readStandardInput(limit)),
    env: process.env,
    onInterrupt: (handler) => {
        let interrupted = false;
        const listener = (signal: NodeJS.Signals) => {
            if (interrupted) process.exit(EXIT.interrupted);
            interrupted = true;
            handler(signal);
        };
        process.on("SIGINT", listener);
        process.on("SIGTERM", listener);
        return () => {
            process.off("SIGINT", listener);
            process.off("SIGTERM", listener);
        };
    },
    ask: async (question) => {
        if (!process.stdin.isTTY) return undefined;
        const prompt = readline.createInterface({ input: process.stdin, output: process.stderr });
        try {
            return await prompt.question(question);
        } finally {
            prompt.close();
        }
    },
};

/** Exit codes scripts can rely on, and what each means: `--help` and docs/cli.md list them. */
export const EXIT = {
    ok: 0,
    invalid: 1,
    usage: 2,
    drift: 3,
    refused: 4,
    notEntitled: 5,
    failed: 6,
    internal: 70,
    interrupted: 130,
} as const;

export const EXIT_MEANINGS: Readonly<Record<(typeof EXIT)[keyof typeof EXIT], string>> = {
    [EXIT.ok]: "done",
    [EXIT.invalid]: "the config (or another input) is not valid, or a file cannot be written; nothing was changed",
    [EXIT.usage]: "usage error",
    [EXIT.drift]: "check-drift found resources changed outside Pulumi, or deployment-report --fail-on-difference found the stack differs from the config",
    [EXIT.refused]:
        "refused before changing anything: no --force without a terminal, not confirmed, a preflight or policy check failed, the stack is another set's, or something still uses a group to delete",
    [EXIT.notEntitled]: "SG_PROVISIONER_PRODUCT_CODE is set and AWS Marketplace did not confirm the subscription",
    [EXIT.failed]: "an AWS or Pulumi operation failed (credentials, access denied, timeout, a failed update), or a deployment succeeded but its report could not be written",
    [EXIT.internal]: "internal error (a bug: please report it)",
    [EXIT.interrupted]: "interrupted (SIGINT or SIGTERM); test-deploy still cleans up",
};
