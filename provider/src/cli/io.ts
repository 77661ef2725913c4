/** Where commands write: injectable so tests can capture output without spawning processes. */
export interface Io {
    out(text: string): void;
    err(text: string): void;
    cwd: string;
}

export const processIo: Io = {
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    cwd: process.cwd(),
};

/** Exit codes scripts can rely on. */
export const EXIT = {
    ok: 0,
    invalid: 1,
    usage: 2,
    internal: 70,
} as const;
