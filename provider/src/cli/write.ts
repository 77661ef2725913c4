import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Writes a generated file whole or not at all: into a temporary file beside it, then renamed over
 * the target, so a reader never sees half a report.
 */
export function writeOutput(file: string, content: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    try {
        fs.writeFileSync(temporary, content);
        fs.renameSync(temporary, file);
    } finally {
        fs.rmSync(temporary, { force: true });
    }
}
