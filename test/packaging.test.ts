import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as semver from "semver";
import { REPO } from "./support/config";
import { packedProvider } from "./support/packed";

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
 * The two published packages. The Pulumi SDKs a consumer's program also loads are peers, so npm
 * installs one copy for both; @pulumi/policy is the pack's own framework, loaded by nothing but
 * the pack, so it is an ordinary dependency.
 */
const PACKAGES = [
    { dir: "provider", name: "sg-provisioner", peers: ["@pulumi/aws", "@pulumi/pulumi"], pulumiDependencies: [] as string[] },
    { dir: "policypack", name: "sg-provisioner-policy", peers: ["@pulumi/pulumi"], pulumiDependencies: ["@pulumi/policy"] },
];

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

    it("the pack asks for the component's @pulumi/pulumi range, and for sg-provisioner by caret range", () => {
        const provider = readJson<Manifest>("provider", "package.json");
        const pack = readJson<Manifest>("policypack", "package.json");
        assert.equal(pack.peerDependencies?.["@pulumi/pulumi"], provider.peerDependencies?.["@pulumi/pulumi"]);
        const range = pack.dependencies?.["sg-provisioner"] ?? "";
        assert.match(range, CARET);
        assert.ok(semver.satisfies(provider.version, range), `sg-provisioner ${provider.version} satisfies ${range}`);
    });

    it("the lock file holds one copy of each Pulumi SDK, at the pinned version, on a release for the Node the packages declare", () => {
        const lock = readJson<{ packages: Record<string, { version: string; engines?: { node?: string } }> }>("package-lock.json");
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
        this.timeout(180_000);
        let providerFiles: readonly string[];
        let packFilesList: string[];

        before(() => {
            providerFiles = packedProvider().files;
            // The pack generates nothing at pack time, so it is packed where it is.
            packFilesList = packFiles(path.join(REPO, "policypack"), "--ignore-scripts");
        });

        const topLevel = (files: readonly string[]) => [...new Set(files.map((file) => file.split("/")[0]))].sort();

        it("sg-provisioner ships its build, command, scenarios, sources, plugin manifest, README and LICENSE, and nothing else", () => {
            assert.deepEqual(topLevel(providerFiles), ["LICENSE", "PulumiPlugin.yaml", "README.md", "bin", "dist", "package.json", "scenarios", "src", "tsconfig.json"]);
            for (const file of [
                "LICENSE",
                "README.md",
                "package.json",
                "dist/index.js",
                "dist/index.d.ts",
                "dist/rules/index.js",
                "dist/rules/index.d.ts",
                "bin/sg-provisioner.js",
                "PulumiPlugin.yaml",
                "scenarios/three-tier-postgres.yaml",
            ]) {
                assert.ok(providerFiles.includes(file), `${file} is packed`);
            }
            assert.ok(!providerFiles.includes("dist/stale.js"), "the prepack starts from an empty dist");
        });

        it("sg-provisioner's dist is a full build of src, and every scenario of the catalog is bundled", () => {
            const sources = filesUnder(path.join(REPO, "provider", "src"), path.join(REPO, "provider"));
            for (const source of sources.filter((file) => file.endsWith(".ts"))) {
                const compiled = source.replace(/^src\//, "dist/").replace(/\.ts$/, "");
                assert.ok(providerFiles.includes(`${compiled}.js`) && providerFiles.includes(`${compiled}.d.ts`), `${source} is compiled into the package`);
            }
            for (const schema of sources.filter((file) => file.endsWith(".json"))) {
                assert.ok(providerFiles.includes(schema.replace(/^src\//, "dist/")), `${schema} is copied into dist`);
            }
            const scenarios = filesUnder(path.join(REPO, "scenarios"), REPO).filter((file) => file.endsWith(".yaml"));
            assert.deepEqual(
                providerFiles.filter((file) => file.startsWith("scenarios/")),
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
