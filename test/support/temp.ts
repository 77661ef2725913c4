import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const created: string[] = [];

/** A fresh folder under the system's temporary directory, removed when the test process exits. */
export function tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    if (created.length === 0) process.once("exit", () => created.forEach((made) => fs.rmSync(made, { recursive: true, force: true })));
    created.push(dir);
    return dir;
}
