import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as semver from "semver";
import { REPO } from "./support/config";
import { ProviderPackage, packedPackage, workspaceCopy } from "./support/packed";

interface Manifest {
    name: string;
    version: string;
    engines?: { node?: string };
    scripts?: Record<string, string>;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
}

interface PackResult {
    name: string;
    files: { path: string }[];
}

function readJson<T>(...segments: string[]): T {
    return JSON.parse(fs.readFileSync(path.join(REPO, ...segments), "utf8")) as T;
}

/** What `npm pack` would put in the tarball, run in `cwd`. */
function packFiles(cwd: string, ...flags: string[]): string[] {
    const output = execFileSync("npm", ["pack", "--dry-run", "--json", ...flags], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const [result] = JSON.parse(output) as PackResult[];
    return result.files.map((file) => file.path).sort();
}

/** Files under a directory, relative to `base`, with forward slashes. */
function filesUnder(dir: string, base: string): string[] {
    return (fs.readdirSync(dir, { recursive: true }) as string[])
        .filter((entry) => fs.statSync(path.join(dir, entry)).isFile())
        .map((entry) => path.relative(base, path.join(dir, entry)).split(path.sep).join("/"));
}

const isPulumi = (name: string) => name.startsWith("@pulumi/");
const CARET = /^\^\d+\.\d+\.\d+$/;

const root = readJson<Manifest>("package.json");
const pinned: Record<string, string> = { ...root.dependencies, ...root.devDependencies };

/**
 * The published packages. The Pulumi SDKs a consumer's program also loads are peers, so npm
 * installs one copy for all; @pulumi/policy is the pack's own framework, loaded by nothing but the
 * pack, so it is an ordinary dependency. The core has no Pulumi at all.
 */
const PACKAGES = [
    { dir: "provider/core", name: "sg-provisioner-core", peers: [] as string[], pulumiDependencies: [] as string[] },
    { dir: "provider/component", name: "sg-provisioner", peers: ["@pulumi/aws", "@pulumi/pulumi"], pulumiDependencies: [] as string[] },
    { dir: "provider/cli", name: "sg-provisioner-cli", peers: ["@pulumi/aws", "@pulumi/pulumi"], pulumiDependencies: [] as string[] },
    { dir: "policypack", name: "sg-provisioner-policy", peers: ["@pulumi/pulumi"], pulumiDependencies: ["@pulumi/policy"] },
];

interface Lock {
    packages: Record<string, { version?: string; link?: boolean; resolved?: string; dependencies?: Record<string, string>; engines?: { node?: string } }>;
}

/** Every package an install of `name` brings in, read from the lock file (workspace packages followed to their folders). */
function installClosure(lock: Lock, name: string): Set<string> {
    const seen = new Set<string>();
    const visit = (dependency: string) => {
        if (seen.has(dependency)) return;
        seen.add(dependency);
        const entry = lock.packages[`node_modules/${dependency}`];
        const manifest = entry?.link && entry.resolved ? lock.packages[entry.resolved] : entry;
        for (const next of Object.keys(manifest?.dependencies ?? {})) visit(next);
    };
    visit(name);
    return seen;
}

/** The packages a folder's TypeScript sources import by name (type-only imports as their @types package), builtins left out. */
function importedPackages(dir: string): string[] {
    const sources = filesUnder(path.join(REPO, dir), REPO).filter((file) => file.endsWith(".ts") && !file.includes("/node_modules/") && !file.includes("/dist/"));
    const names = new Set<string>();
    for (const file of sources) {
        const text = fs.readFileSync(path.join(REPO, file), "utf8");
        for (const [, typeOnly, specifier] of text.matchAll(/(?:import|export)\s+(type\s+)?[^"]*?from\s+"([^".][^"]*)"|import\("([^".][^"]*)"\)/g)) {
            if (!specifier || specifier.startsWith("node:")) continue;
            const parts = specifier.split("/");
            const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
            names.add(typeOnly && !specifier.startsWith("@") ? `@types/${name}` : name);
        }
    }
    return [...names].sort();
}

describe("published packages", function () {
    for (const expected of PACKAGES) {
        const manifest = readJson<Manifest>(expected.dir, "package.json");

        it(`${expected.name}: @pulumi/* SDKs are caret peer ranges that the root's pinned versions satisfy`, () => {
            assert.equal(manifest.name, expected.name);
            assert.deepEqual(
                Object.keys(manifest.peerDependencies ?? {})
                    .filter(isPulumi)
                    .sort(),
                expected.peers,
            );
            assert.deepEqual(
                Object.keys(manifest.dependencies ?? {})
                    .filter(isPulumi)
                    .sort(),
                expected.pulumiDependencies,
            );
            assert.deepEqual(Object.keys(manifest.devDependencies ?? {}).filter(isPulumi), []);
            const ranges = { ...manifest.peerDependencies, ...manifest.dependencies };
            for (const sdk of [...expected.peers, ...expected.pulumiDependencies]) {
                const range = ranges[sdk];
                assert.match(range, CARET, `${sdk} is a caret range`);
                assert.ok(semver.valid(pinned[sdk]), `the root pins ${sdk} to an exact version, not ${pinned[sdk]}`);
                assert.ok(semver.satisfies(pinned[sdk], range), `the root's ${sdk} ${pinned[sdk]} satisfies ${range}`);
            }
        });
    }

    /**
     * Declared though no source imports it: the CLI's `plan` runs the component, whose peer
     * @pulumi/aws the CLI's users must install, and its create-security-groups and test-deploy hand
     * the installed policy pack's folder to `pulumi up`; the Pulumi CLI starts the pack through
     * @pulumi/pulumi's cmd/run-policy-pack, resolved from the pack's folder.
     */
    const RUNTIME_ONLY: Record<string, string[]> = { "sg-provisioner-cli": ["@pulumi/aws", "sg-provisioner-policy"], "sg-provisioner-policy": ["@pulumi/pulumi"] };

    for (const { dir, name } of PACKAGES) {
        it(`${name} declares exactly the packages its sources import, and those it needs at run time`, () => {
            const manifest = readJson<Manifest>(dir, "package.json");
            const declared = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }).sort();
            const needed = [...importedPackages(path.join(dir, dir === "policypack" ? "" : "src")), ...(RUNTIME_ONLY[name] ?? [])].sort();
            assert.deepEqual(needed, declared);
        });
    }

    it("the pack asks for the component's @pulumi/pulumi range, and for the core alone, by caret range", () => {
        const component = readJson<Manifest>("provider/component", "package.json");
        const core = readJson<Manifest>("provider/core", "package.json");
        const pack = readJson<Manifest>("policypack", "package.json");
        assert.equal(pack.peerDependencies?.["@pulumi/pulumi"], component.peerDependencies?.["@pulumi/pulumi"]);
        assert.deepEqual(Object.keys(pack.dependencies ?? {}).sort(), ["@pulumi/policy", "sg-provisioner-core"]);
        const range = pack.dependencies?.["sg-provisioner-core"] ?? "";
        assert.match(range, CARET);
        assert.ok(semver.satisfies(core.version, range), `sg-provisioner-core ${core.version} satisfies ${range}`);
    });

    it("installing the policy pack, or the core, brings no @pulumi/aws, no command-line or diagram libraries", () => {
        const lock = readJson<Lock>("package-lock.json");
        const heavy = ["@pulumi/aws", "commander", "@dagrejs/dagre", "picocolors", "escape-html", "sg-provisioner", "sg-provisioner-cli"];
        const pack = installClosure(lock, "sg-provisioner-policy");
        assert.ok(pack.has("sg-provisioner-core") && pack.has("ajv") && pack.has("@pulumi/policy"), "the closure follows the pack's dependencies");
        assert.deepEqual(
            heavy.filter((name) => pack.has(name)),
            [],
        );
        const core = installClosure(lock, "sg-provisioner-core");
        assert.deepEqual(
            [...core].filter((name) => name.startsWith("@pulumi/") || heavy.includes(name)),
            [],
        );
    });

    it("the lock file holds one copy of each Pulumi SDK, at the pinned version, on a release for the Node the packages declare", () => {
        const lock = readJson<Lock>("package-lock.json");
        const oldestNode = semver.minVersion(root.engines?.node ?? "");
        assert.ok(oldestNode, "the root declares engines.node");
        for (const sdk of ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/policy"]) {
            const copies = Object.keys(lock.packages).filter((key) => key === `node_modules/${sdk}` || key.endsWith(`/node_modules/${sdk}`));
            assert.deepEqual(copies, [`node_modules/${sdk}`], `one copy of ${sdk}`);
            const locked = lock.packages[copies[0]];
            assert.equal(locked.version, pinned[sdk], `${sdk} is locked at the root's pin`);
            const node = locked.engines?.node;
            if (node) assert.ok(semver.satisfies(oldestNode, node), `${sdk} ${locked.version} runs on Node ${oldestNode.version} (it declares ${node})`);
        }
    });

    it("sg-provisioner-policy's prepack type-checks the sources ts-node compiles when the pack loads", () => {
        assert.equal(readJson<Manifest>("policypack", "package.json").scripts?.prepack, "tsc -p tsconfig.json --noEmit");
    });

    describe("npm pack", function () {
        this.timeout(240_000);
        const files = (name: ProviderPackage) => packedPackage(name).files;
        let packFilesList: string[];

        before(() => {
            // The pack generates nothing at pack time, so it is packed where it is.
            packFilesList = packFiles(path.join(REPO, "policypack"), "--ignore-scripts");
        });

        const topLevel = (list: readonly string[]) => [...new Set(list.map((file) => file.split("/")[0]))].sort();

        it("each package ships its build and sources, README and LICENSE; the core the scenarios, the component its plugin manifest, the CLI its command", () => {
            assert.deepEqual(topLevel(files("core")), ["LICENSE", "README.md", "dist", "package.json", "scenarios", "src"]);
            assert.deepEqual(topLevel(files("component")), ["LICENSE", "PulumiPlugin.yaml", "README.md", "dist", "package.json", "src", "tsconfig.json"]);
            assert.deepEqual(topLevel(files("cli")), ["LICENSE", "README.md", "bin", "dist", "package.json", "src"]);
            for (const [name, file] of [
                ["core", "dist/index.js"],
                ["core", "dist/index.d.ts"],
                ["core", "scenarios/three-tier-postgres.yaml"],
                ["component", "dist/index.js"],
                ["component", "PulumiPlugin.yaml"],
                ["cli", "bin/sg-provisioner.js"],
                ["cli", "dist/cli/main.js"],
            ] as const) {
                assert.ok(files(name).includes(file), `${file} is in ${name}`);
            }
            for (const name of ["core", "component", "cli"] as const) assert.ok(!files(name).includes("dist/stale.js"), `${name}'s prepack starts from an empty dist`);
            // A copy left in a checkout would shadow the repository's scenarios/ (the catalog prefers a packaged one).
            assert.equal(fs.existsSync(path.join(workspaceCopy(), "provider", "core", "scenarios")), false, "the core's postpack removes the scenarios it copied");
        });

        it("each package's dist is a full build of its src, and every scenario of the catalog is bundled with the core", () => {
            for (const name of ["core", "component", "cli"] as const) {
                const root = path.join(REPO, "provider", name);
                const sources = filesUnder(path.join(root, "src"), root);
                for (const source of sources.filter((file) => file.endsWith(".ts"))) {
                    const compiled = source.replace(/^src\//, "dist/").replace(/\.ts$/, "");
                    assert.ok(files(name).includes(`${compiled}.js`) && files(name).includes(`${compiled}.d.ts`), `${name}: ${source} is compiled into the package`);
                }
                for (const schema of sources.filter((file) => file.endsWith(".json"))) {
                    assert.ok(files(name).includes(schema.replace(/^src\//, "dist/")), `${name}: ${schema} is copied into dist`);
                }
            }
            const scenarios = filesUnder(path.join(REPO, "scenarios"), REPO).filter((file) => file.endsWith(".yaml"));
            assert.deepEqual(
                files("core").filter((file) => file.startsWith("scenarios/")),
                scenarios.sort(),
            );
        });

        it("sg-provisioner-policy ships its TypeScript sources, manifests, README and LICENSE, and nothing else", () => {
            assert.deepEqual(topLevel(packFilesList), ["LICENSE", "PulumiPolicy.yaml", "README.md", "index.ts", "package.json", "src", "tsconfig.json"]);
            const sources = filesUnder(path.join(REPO, "policypack", "src"), path.join(REPO, "policypack"));
            assert.deepEqual(
                packFilesList.filter((file) => file.startsWith("src/")),
                sources.sort(),
            );
        });
    });
});
