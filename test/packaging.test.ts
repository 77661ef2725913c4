import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as semver from "semver";
import * as ts from "typescript";
import { AWS_TYPES } from "../policypack/src/adapters";
import { POLICIES } from "../policypack/src/policies";
import { REPO } from "./support/config";
import { ProviderPackage, packedPackage, workspaceCopy } from "./support/packed";
import { PACK_DIR, PolicyPackProcess, compiledPack, configureAsTheCli } from "./support/policy-pack";
import { tempDir } from "./support/temp";
import { TestEngine } from "./support/engine";
import { startPluginProcess, stopPluginProcess } from "./support/plugin-process";

interface Manifest {
    name: string;
    version: string;
    main?: string;
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

/**
 * The policy pack as `npm pack` ships it, its prepack run for real in a copy of its folder whose
 * bin/ holds only a file left from an older build, unpacked beside the workspace's dependencies as
 * `npm install` would put them. Returns the unpacked folder and the tarball's files.
 */
function packedPolicyPack(): { dir: string; files: string[] } {
    const work = tempDir("sgp-policy-pack-");
    const copy = path.join(work, "policypack");
    fs.cpSync(PACK_DIR, copy, { recursive: true, filter: (source) => !["node_modules", "bin"].includes(path.relative(PACK_DIR, source)) });
    fs.mkdirSync(path.join(copy, "bin"));
    fs.writeFileSync(path.join(copy, "bin", "stale.js"), "// left over from an older build\n");
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(work, "node_modules"), "dir");
    const output = execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: copy, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const [{ filename, files }] = JSON.parse(output) as { filename: string; files: { path: string }[] }[];
    const unpacked = path.join(work, "unpacked");
    fs.mkdirSync(unpacked);
    execFileSync("tar", ["-xzf", path.join(work, filename), "-C", unpacked]);
    const dir = path.join(unpacked, "package");
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
    return { dir, files: files.map((file) => file.path).sort() };
}

/** The pack's sources (index.ts and src/), relative to its folder, sorted. */
function packSources(): string[] {
    return ["index.ts", ...filesUnder(path.join(PACK_DIR, "src"), PACK_DIR)].filter((file) => file.endsWith(".ts")).sort();
}

/** What tsc emits for the pack's sources into bin/: each file's JavaScript and its source map. */
function compiledPackFiles(): string[] {
    return packSources()
        .flatMap((source) => [`bin/${source.replace(/\.ts$/, ".js")}`, `bin/${source.replace(/\.ts$/, ".js.map")}`])
        .sort();
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
        for (const [, typeOnly, fromSpecifier, importedSpecifier] of text.matchAll(/(?:import|export)\s+(type\s+)?[^"]*?from\s+"([^".][^"]*)"|import\("([^".][^"]*)"\)/g)) {
            const specifier = fromSpecifier ?? importedSpecifier;
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
     * the installed policy pack's folder to `pulumi up`.
     */
    const RUNTIME_ONLY: Record<string, string[]> = { "sg-provisioner-cli": ["@pulumi/aws", "sg-provisioner-policy"] };

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

    it("sg-provisioner-policy's main is its compiled entry, which its build writes from index.ts and prepack rebuilds from nothing", () => {
        const pack = readJson<Manifest>("policypack", "package.json");
        const { config } = ts.parseConfigFileTextToJson("tsconfig.json", fs.readFileSync(path.join(PACK_DIR, "tsconfig.json"), "utf8")) as {
            config: { compilerOptions: Record<string, unknown>; files: string[] };
        };
        assert.deepEqual(
            { rootDir: config.compilerOptions.rootDir, outDir: config.compilerOptions.outDir, files: config.files },
            { rootDir: ".", outDir: "bin", files: ["index.ts"] },
        );
        assert.equal(pack.main, "bin/index.js");
        assert.deepEqual(pack.scripts, {
            build: "tsc -p tsconfig.json",
            clean: `node -e "require('node:fs').rmSync('bin', { recursive: true, force: true })"`,
            prepack: "npm run clean && npm run build",
        });
        assert.equal(compiledPack(), path.join(PACK_DIR, "bin", "index.js"), "the tests start the pack's main");
    });

    it("the root build compiles the pack after the CLI, whose references build the core it imports", () => {
        assert.match(root.scripts?.build ?? "", /^tsc -b provider\/cli policypack(?: &&|$)/);
    });

    it("a pack whose compiled files are missing or older than its sources is refused, saying to build", () => {
        const copy = path.join(tempDir("sgp-unbuilt-pack-"), "policypack");
        fs.cpSync(PACK_DIR, copy, { recursive: true, filter: (source) => path.relative(PACK_DIR, source) !== "node_modules" });
        assert.equal(compiledPack(copy), path.join(copy, "bin", "index.js"));
        const later = new Date(Date.now() + 60_000);
        fs.utimesSync(path.join(copy, "src", "report.ts"), later, later);
        assert.throws(() => compiledPack(copy), {
            message: `The policy pack in ${copy} is not built (src/report.ts changed since it was built). The CLI runs its compiled JavaScript (package.json \`main\`): run \`npm run build\` at the repository root.`,
        });
        fs.rmSync(path.join(copy, "bin"), { recursive: true });
        assert.throws(() => compiledPack(copy), {
            message: `The policy pack in ${copy} is not built (bin/index.js does not exist). The CLI runs its compiled JavaScript (package.json \`main\`): run \`npm run build\` at the repository root.`,
        });
    });

    it("the compiled pack of a checkout refuses to start, as the CLI's runner starts it, when its sources are newer than its build; a published one is not checked", async function () {
        this.timeout(120_000);
        const copy = path.join(tempDir("sgp-stale-pack-"), "policypack");
        fs.cpSync(PACK_DIR, copy, { recursive: true, filter: (source) => path.relative(PACK_DIR, source) !== "node_modules" });
        // Installed beside it, as a checkout's workspace has its packages.
        fs.symlinkSync(path.join(REPO, "node_modules"), path.join(copy, "node_modules"), "dir");
        const later = new Date(Date.now() + 60_000);
        fs.utimesSync(path.join(copy, "src", "policies", "internet-database-ports.ts"), later, later);
        const engine = await TestEngine.start({ project: "sg-provisioner", stack: "test", dryRun: true });
        try {
            const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [copy] });
            const refusal = await startPluginProcess([runner, engine.engineAddress, copy], copy).then(
                () => assert.fail("the stale pack started"),
                (error: Error) => error.message,
            );
            // The runner prints a pack's load error itself, before it has an engine to log to, and exits 32.
            assert.equal(
                refusal,
                `the plugin exited with code 32 before printing its port:\nerror: [runtime] sg-provisioner-policy: the compiled pack in ${path.join(copy, "bin")} is older than its sources (src/policies/internet-database-ports.ts), so it would not enforce them.\nfix: run \`npm run build\` at the repository root (or in ${copy}), then run the command again\n`,
            );
            // Without the build info a checkout's build leaves (as published: an unpacker sets any file times), it starts.
            fs.rmSync(path.join(copy, "bin", "tsconfig.tsbuildinfo"));
            const started = await startPluginProcess([runner, engine.engineAddress, copy], copy);
            assert.match(started.port, /^\d+$/);
            await stopPluginProcess(started);
        } finally {
            await engine.stop();
        }
    });

    describe("npm pack", function () {
        this.timeout(240_000);
        const files = (name: ProviderPackage) => packedPackage(name).files;
        let packFilesList: string[];

        before(() => {
            // Listed where it is, prepack skipped: bin/ is the root build's (compiledPack says if it is
            // missing or stale). The tarball test below runs prepack for real, in a copy.
            compiledPack();
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
                // Build steps after tsc: the precompiled schema validators and the one-file yaml.
                ["core", "dist/config/standalone-validators.js"],
                ["core", "dist/vendor/yaml.js"],
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

        it("sg-provisioner-policy: npm pack lists its main and every compiled file of the checkout's build, its TypeScript sources, manifests, README and LICENSE", () => {
            assert.deepEqual(
                packFilesList.filter((file) => !file.startsWith("bin/")),
                ["LICENSE", "PulumiPolicy.yaml", "README.md", "index.ts", "package.json", ...packSources().filter((file) => file.startsWith("src/")), "tsconfig.json"],
            );
            assert.ok(packFilesList.includes("bin/index.js"), "npm pack lists the file main names");
            // The checkout's bin/ may also hold a file of a since-deleted source: prepack empties bin/ (below).
            assert.deepEqual(
                compiledPackFiles().filter((file) => !packFilesList.includes(file)),
                [],
            );
        });

        it("sg-provisioner-policy's tarball, prepack run for real, holds a fresh build, and the CLI's runner starts it from its main", async () => {
            const packed = packedPolicyPack();
            assert.deepEqual(packed.files, [
                "LICENSE",
                "PulumiPolicy.yaml",
                "README.md",
                ...compiledPackFiles(),
                "index.ts",
                "package.json",
                ...packSources().filter((file) => file.startsWith("src/")),
                "tsconfig.json",
            ]);
            assert.ok(!packed.files.includes("bin/stale.js"), "prepack starts from an empty bin/");
            assert.equal(JSON.parse(fs.readFileSync(path.join(packed.dir, "package.json"), "utf8")).main, "bin/index.js");
            // Nothing to compile at run time: the unpacked package's sources go, and it still runs.
            fs.rmSync(path.join(packed.dir, "src"), { recursive: true });
            fs.rmSync(path.join(packed.dir, "index.ts"));
            const pack = await PolicyPackProcess.start(packed.dir);
            try {
                assert.deepEqual(
                    (await pack.info()).policies.map((policy) => policy.name),
                    POLICIES.map((policy) => policy.name),
                );
                await configureAsTheCli(pack, {});
                const rule = {
                    type: AWS_TYPES.ingressRule,
                    name: "db-from-anywhere",
                    props: { securityGroupId: "sg-0123", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "0.0.0.0/0", description: "PostgreSQL" },
                };
                assert.deepEqual(
                    (await pack.analyze(rule)).map((diagnostic) => `${diagnostic.policyName} ${diagnostic.enforcementLevel} ${diagnostic.message.split("\n")[1]}`),
                    ["security-group-no-internet-database-ports mandatory SG100 cidrIpv4: tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet."],
                );
                assert.equal(pack.stderr.join(""), "");
            } finally {
                await pack.stop();
            }
        });
    });
});
