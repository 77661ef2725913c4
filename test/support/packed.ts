import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO } from "./config";
import { tempDir } from "./temp";

export interface PackedProvider {
    /** The unpacked package, with the workspace's installed dependencies beside it as `npm install` would put them. */
    readonly dir: string;
    /** The tarball's files, relative to the package, sorted. */
    readonly files: readonly string[];
}

let packed: PackedProvider | undefined;

/**
 * `sg-provisioner` as `npm pack` ships it, with its prepack run for real. It is packed from a copy
 * of provider/ in a temporary folder (the prepack rebuilds dist and copies the scenarios, which
 * must not happen in the checkout), whose dist holds only a leftover file from an older build: a
 * prepack that trusted it would ship it. Packed once per test run.
 */
export function packedProvider(): PackedProvider {
    if (packed) return packed;
    const work = tempDir("sgp-pack-");
    const copy = path.join(work, "provider");
    const generated = new Set(["dist", "scenarios", "node_modules", "tsconfig.tsbuildinfo"].map((entry) => path.join(REPO, "provider", entry)));
    fs.cpSync(path.join(REPO, "provider"), copy, { recursive: true, filter: (source) => !generated.has(source) });
    fs.cpSync(path.join(REPO, "scenarios"), path.join(work, "scenarios"), { recursive: true });
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(work, "node_modules"), "dir");
    fs.mkdirSync(path.join(copy, "dist"));
    fs.writeFileSync(path.join(copy, "dist", "stale.js"), "// left over from an older build\n");
    const output = execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: copy, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const [{ filename, files }] = JSON.parse(output) as { filename: string; files: { path: string }[] }[];
    const unpacked = path.join(work, "unpacked");
    fs.mkdirSync(unpacked);
    execFileSync("tar", ["-xzf", path.join(work, filename), "-C", unpacked]);
    const dir = path.join(unpacked, "package");
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
    packed = { dir, files: files.map((file) => file.path).sort() };
    return packed;
}
