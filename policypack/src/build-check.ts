import * as fs from "node:fs";
import * as path from "node:path";

/** The TypeScript sources of a pack: index.ts and everything under src/, relative to the pack's folder. */
function sources(packDir: string): string[] {
    const index = fs.existsSync(path.join(packDir, "index.ts")) ? ["index.ts"] : [];
    const src = path.join(packDir, "src");
    const nested = fs.existsSync(src)
        ? (fs.readdirSync(src, { recursive: true }) as string[]).filter((entry) => entry.endsWith(".ts")).map((entry) => path.join("src", entry))
        : [];
    return [...index, ...nested].sort();
}

/**
 * The sources (relative to `packDir`) that have no compiled file in `outDir` at least as new as
 * themselves: in a checkout, what changed (a `git pull`, an edit) since the last build. Empty for a
 * current build, and for a published package, whose files `npm pack` gives one and the same time.
 */
export function staleSources(packDir: string, outDir: string): string[] {
    return sources(packDir).filter((source) => {
        const compiled = path.join(outDir, source.replace(/\.ts$/, ".js"));
        return !fs.existsSync(compiled) || fs.statSync(compiled).mtimeMs < fs.statSync(path.join(packDir, source)).mtimeMs;
    });
}
