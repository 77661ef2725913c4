import * as fs from "node:fs";

/** Why a file was not read. Each reader words it for what it reads (see {@link notRegularFile}). */
export type ReadProblem =
    | { readonly reason: "missing" }
    | { readonly reason: "permission" }
    | { readonly reason: "directory" }
    /** A FIFO, a device or a socket: `kind` says which, as in "a FIFO (named pipe)". */
    | { readonly reason: "not-regular"; readonly kind: string }
    /** Over the limit: `size` is the file's stated size when that gave it away before reading, else undefined. */
    | { readonly reason: "too-large"; readonly limit: number; readonly size?: number }
    | { readonly reason: "unreadable"; readonly code: string };

export type FileRead = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: ReadProblem };

/** What a file that is not regular (nor a directory) is, in words. */
function kindOf(stat: fs.Stats): string {
    if (stat.isFIFO()) return "a FIFO (named pipe)";
    if (stat.isCharacterDevice()) return "a character device";
    if (stat.isBlockDevice()) return "a block device";
    if (stat.isSocket()) return "a socket";
    return "a special file";
}

/** A file that is not regular, as a problem; undefined for a regular file. */
function irregular(stat: fs.Stats): ReadProblem | undefined {
    if (stat.isFile()) return undefined;
    return stat.isDirectory() ? { reason: "directory" } : { reason: "not-regular", kind: kindOf(stat) };
}

function failure(error: unknown): FileRead {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { ok: false, problem: { reason: "missing" } };
    if (code === "EACCES") return { ok: false, problem: { reason: "permission" } };
    return { ok: false, problem: { reason: "unreadable", code: code ?? String(error) } };
}

/** Opening never waits for a FIFO's writer (where the platform has the flag; Windows has no FIFOs to open). */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);
const CHUNK_BYTES = 64 * 1024;

/**
 * Reads a regular file as UTF-8 text, never more than `limit` bytes of it: every file a user names
 * (configs, scenarios, stack outputs) is read through this. A FIFO, a device or a socket is refused
 * before it is opened (a FIFO would block until a writer came, /dev/zero never ends), and again on
 * the open descriptor, in case the path was swapped in between. The limit holds on what is read,
 * not on the stated size: files such as /proc's state a size of 0.
 */
export function readRegularFile(file: string, limit: number): FileRead {
    let fd: number;
    try {
        const before = irregular(fs.statSync(file));
        if (before) return { ok: false, problem: before };
        fd = fs.openSync(file, OPEN_FLAGS);
    } catch (error) {
        return failure(error);
    }
    try {
        const stat = fs.fstatSync(fd);
        const now = irregular(stat);
        if (now) return { ok: false, problem: now };
        if (stat.size > limit) return { ok: false, problem: { reason: "too-large", limit, size: stat.size } };
        return readAtMost(fd, limit);
    } catch (error) {
        return failure(error);
    } finally {
        fs.closeSync(fd);
    }
}

/** How long a read waits before trying again when a non-blocking pipe has nothing yet. */
const RETRY_MS = 5;

/**
 * Reads an open descriptor to its end as UTF-8 text, never more than `limit` bytes: over the limit
 * (one byte more is read to know) it stops and says so. A non-blocking pipe with nothing yet to
 * read is waited for.
 */
function readAtMost(fd: number, limit: number): FileRead {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= limit) {
        const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, limit + 1 - total));
        let read: number;
        try {
            read = fs.readSync(fd, chunk, 0, chunk.length, null);
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, RETRY_MS);
            continue;
        }
        if (read === 0) break;
        chunks.push(chunk.subarray(0, read));
        total += read;
    }
    if (total > limit) return { ok: false, problem: { reason: "too-large", limit } };
    return { ok: true, text: Buffer.concat(chunks, total).toString("utf8") };
}

/**
 * Reads standard input (a pipe, a file or a device the shell redirected) to its end, never more
 * than `limit` bytes: `deployment-report < /dev/zero` stops at the limit instead of growing.
 */
export function readStandardInput(limit: number): FileRead {
    try {
        return readAtMost(0, limit);
    } catch (error) {
        return failure(error);
    }
}

/**
 * The words for a file that is neither regular nor a directory, for what it was read as (`noun`,
 * plural: "configs"), e.g. "is a FIFO (named pipe), not a regular file: only regular files are read as configs".
 */
export function notRegularFile(kind: string, noun: string): string {
    return `is ${kind}, not a regular file: only regular files are read as ${noun}`;
}
