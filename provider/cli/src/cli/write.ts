import * as fs from "node:fs";
import * as path from "node:path";

/** A generated file: where it goes (absolute) and what it holds. */
export interface OutputFile {
    readonly file: string;
    readonly content: string;
}

function temporaryOf(file: string): string {
    return `${file}.${process.pid}.tmp`;
}

/**
 * Writes a group of generated files whole or not at all: every file goes to a temporary file beside
 * its target first, and only when all of them are written are they renamed into place. A reader
 * never sees half a report, nor a report without its companion. Returns the error, if any.
 */
export function writeOutputs(files: readonly OutputFile[]): { ok: true } | { ok: false; file: string; reason: string } {
    const written: string[] = [];
    let current = "";
    try {
        for (const { file, content } of files) {
            current = file;
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(temporaryOf(file), content);
            written.push(file);
        }
        for (const file of written) {
            current = file;
            fs.renameSync(temporaryOf(file), file);
        }
        return { ok: true };
    } catch (error) {
        return { ok: false, file: current, reason: error instanceof Error ? error.message : String(error) };
    } finally {
        for (const file of written) fs.rmSync(temporaryOf(file), { force: true });
    }
}

/**
 * Creates a new file and never replaces one: `name.log`, else `name-2.log`, `name-3.log`... Two
 * runs in the same millisecond, or with the time pinned, keep both logs.
 */
export function createUnique(dir: string, stem: string, extension: string, content: string): string {
    fs.mkdirSync(dir, { recursive: true });
    for (let attempt = 1; ; attempt++) {
        const file = path.join(dir, `${stem}${attempt === 1 ? "" : `-${attempt}`}${extension}`);
        try {
            fs.writeFileSync(file, content, { flag: "wx" });
            return file;
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        }
    }
}
