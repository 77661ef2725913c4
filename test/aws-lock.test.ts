import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as semver from "semver";
import { REPO } from "./support/config";

interface Manifest {
    engines?: { node?: string };
    dependencies?: Record<string, string>;
}

interface Lock {
    packages: Record<string, { version?: string; dev?: boolean; engines?: { node?: string } }>;
}

const readJson = <T>(...segments: string[]): T => JSON.parse(fs.readFileSync(path.join(REPO, ...segments), "utf8")) as T;

const CLIENTS = ["@aws-sdk/client-ec2", "@aws-sdk/client-marketplace-metering", "@aws-sdk/client-ssm", "@smithy/node-http-handler"];

/**
 * AWS SDK v3 releases from 2027 on declare Node 22; the packages promise Node 20. The lock must
 * hold releases that still run there, which the root's exact pins keep in place.
 */
describe("the AWS SDK in the lock file runs on the Node the packages declare", () => {
    const root = readJson<Manifest>("package.json");
    const cli = readJson<Manifest>("provider", "cli", "package.json");
    const lock = readJson<Lock>("package-lock.json");
    const oldestNode = semver.minVersion(root.engines?.node ?? "");

    it("the CLI asks for each client by caret range; the root pins the version the lock holds, once", () => {
        for (const name of CLIENTS) {
            const range = cli.dependencies?.[name] ?? "";
            const pinned = root.dependencies?.[name] ?? "";
            assert.match(range, /^\^\d+\.\d+\.\d+$/, `${name} is a caret range in the CLI`);
            assert.ok(semver.valid(pinned), `the root pins ${name} exactly, not ${pinned}`);
            assert.ok(semver.satisfies(pinned, range), `${pinned} satisfies ${range}`);
            const copies = Object.keys(lock.packages).filter((key) => key === `node_modules/${name}` || key.endsWith(`/node_modules/${name}`));
            assert.deepEqual(copies, [`node_modules/${name}`], `one copy of ${name}`);
            assert.equal(lock.packages[copies[0]].version, pinned);
        }
    });

    it("every @aws-sdk/* and @smithy/* release locked accepts the oldest Node declared", () => {
        assert.ok(oldestNode, "the root declares engines.node");
        const locked = Object.entries(lock.packages).filter(([key]) => /node_modules\/@(aws-sdk|smithy)\//.test(key));
        assert.ok(locked.length > 10, "the SDK is in the lock");
        const refusing = locked
            .filter(([, entry]) => entry.engines?.node && !semver.satisfies(oldestNode, entry.engines.node))
            .map(([key, entry]) => `${key}@${entry.version} (${entry.engines?.node})`);
        assert.deepEqual(refusing, []);
    });
});
