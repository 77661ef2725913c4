import * as fs from "node:fs";
import * as readline from "node:readline/promises";

/** Where commands write and what they may read of their environment: injectable for tests. */
export interface Io {
    out(text: string): void;
    err(text: string): void;
    readonly cwd: string;
    /** Whether text output may carry ANSI colours: a terminal, and NO_COLOR unset. */
    readonly color: boolean;
    /** The time actions stamp on logs and reports. */
    now(): Date;
    /** Standard input, read whole (for `pulumi stack output --json | ...`); undefined on a terminal, where nothing is piped. */
    readStdin(): string | undefined;
    /** The environment the command reads (AWS settings, SG_PROVISIONER_PRODUCT_CODE). */
    readonly env: NodeJS.ProcessEnv;
    /**
     * Asks a question on the terminal and returns the answer, or undefined when standard input is
     * not a terminal: nobody is there to answer, so changes to AWS need --force instead.
     */
    ask(question: string): Promise<string | undefined>;
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
    readStdin: () => (process.stdin.isTTY ? undefined : fs.readFileSync(0, "utf8")),
    env: process.env,
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

/** Exit codes scripts can rely on (the README lists them). */
export const EXIT = {
    ok: 0,
    /** The config (or another input) is not valid; nothing was changed. */
    invalid: 1,
    usage: 2,
    /** check-drift found resources changed outside Pulumi. */
    drift: 3,
    /** Refused before changing anything: no --force, not confirmed, or a preflight check failed. */
    refused: 4,
    /** SG_PROVISIONER_PRODUCT_CODE is set and AWS Marketplace did not confirm the subscription. */
    notEntitled: 5,
    /** An AWS or Pulumi operation failed (credentials, access, timeout, a failed update). */
    failed: 6,
    internal: 70,
} as const;
