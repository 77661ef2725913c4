import * as fs from "node:fs";
import * as path from "node:path";

/** The package's own version, read from its package.json (the same from `src/` and `dist/`). */
export function packageVersion(): string {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
    return manifest.version;
}
