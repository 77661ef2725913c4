import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO } from "./config";
import { tempDir } from "./temp";

export type ProviderPackage = "core" | "component" | "cli";

export interface Packed {
    /** The unpacked package, with the workspace's installed dependencies beside it as `npm install` would put them. */
    readonly dir: string;
    /** The tarball's files, relative to the package, sorted. */
    readonly files: readonly string[];
}

const GENERATED = new Set(["dist", "scenarios", "node_modules", "tsconfig.tsbuildinfo"]);
let workspace: string | undefined;
const packed = new Map<ProviderPackage, Packed>();

/**
 * A copy of provider/ and scenarios/ in a temporary folder, where prepack scripts may rebuild dist
 * and copy scenarios without touching the checkout. Each package's dist holds only a leftover file
 * from an older build: a prepack that trusted it would ship it.
 */
export function workspaceCopy(): string {
    if (workspace) return workspace;
    const work = tempDir("sgp-pack-");
    // Leave out each package's generated entries (provider/<package>/dist, ...), not same-named folders of its sources.
    const generated = (source: string) => {
        const [, entry, ...deeper] = path.relative(path.join(REPO, "provider"), source).split(path.sep);
        return deeper.length === 0 && GENERATED.has(entry);
    };
    fs.cpSync(path.join(REPO, "provider"), path.join(work, "provider"), { recursive: true, filter: (source) => !generated(source) });
    fs.cpSync(path.join(REPO, "scenarios"), path.join(work, "scenarios"), { recursive: true });
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(work, "node_modules"), "dir");
    for (const name of ["core", "component", "cli"]) {
        fs.mkdirSync(path.join(work, "provider", name, "dist"));
        fs.writeFileSync(path.join(work, "provider", name, "dist", "stale.js"), "// left over from an older build\n");
    }
    workspace = work;
    return work;
}

/** A package of provider/ as `npm pack` ships it, with its prepack run for real. Packed once per test run. */
export function packedPackage(name: ProviderPackage): Packed {
    const cached = packed.get(name);
    if (cached) return cached;
    const work = workspaceCopy();
    const output = execFileSync("npm", ["pack", "--json", "--pack-destination", work], {
        cwd: path.join(work, "provider", name),
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
    });
    const [{ filename, files }] = JSON.parse(output) as { filename: string; files: { path: string }[] }[];
    const unpacked = path.join(work, "unpacked", name);
    fs.mkdirSync(unpacked, { recursive: true });
    execFileSync("tar", ["-xzf", path.join(work, filename), "-C", unpacked]);
    const dir = path.join(unpacked, "package");
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
    const result = { dir, files: files.map((file) => file.path).sort() };
    packed.set(name, result);
    return result;
}
