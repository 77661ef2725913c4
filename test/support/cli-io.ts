import type { Io } from "../../provider/cli/src/cli/io";

/** What a command printed, and the questions it asked. */
export interface Captured {
    readonly out: string[];
    readonly err: string[];
    readonly asked: string[];
    readonly io: Io;
    /** Sends the command a SIGTERM, as a cancelled CI job does. */
    interrupt(): void;
}

/**
 * An Io for running the CLI in-process: output captured, time pinned, no colours. `answer` is what
 * the operator types at a prompt; without it standard input is not a terminal, as in a pipeline.
 */
export function capturedIo(cwd: string, options: { answer?: string; env?: NodeJS.ProcessEnv; stdin?: string } = {}): Captured {
    const out: string[] = [];
    const err: string[] = [];
    const asked: string[] = [];
    const handlers = new Set<(signal: string) => void>();
    const io: Io = {
        out: (text) => out.push(text),
        err: (text) => err.push(text),
        cwd,
        color: false,
        now: () => new Date("2026-11-30T12:00:00.000Z"),
        readStdin: () => (options.stdin === undefined ? undefined : { ok: true, text: options.stdin }),
        env: options.env ?? {},
        ask: async (question) => {
            asked.push(question);
            return options.answer;
        },
        onInterrupt: (handler) => {
            handlers.add(handler);
            return () => handlers.delete(handler);
        },
    };
    return { out, err, asked, io, interrupt: () => handlers.forEach((handler) => handler("SIGTERM")) };
}
