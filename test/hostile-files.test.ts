import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { readRegularFile } from "../provider/core/src/util/read-file";
import { EXAMPLE, REPO, configYaml } from "./support/config";
import { tempDir } from "./support/temp";

const CLI = path.join(REPO, "provider", "cli", "bin", "sg-provisioner.js");
/** A fixed run takes well under this; a reader that waits on a FIFO or reads /dev/zero to the end never finishes. */
const HANG_MS = 20000;
/** What the files the links point at hold: none of it may reach the output. */
const SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";

/** Runs the CLI in `cwd`, killed if it has not exited on its own within {@link HANG_MS}; audit logs go to a temporary folder. */
function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, stdin?: number) {
    const result = spawnSync(process.execPath, [CLI, "--reports-dir", tempDir("sgp-hostile-reports-"), ...args], {
        cwd,
        encoding: "utf8",
        env: { ...process.env, ...env },
        stdio: [stdin ?? "pipe", "pipe", "pipe"],
        timeout: HANG_MS,
        killSignal: "SIGKILL",
    });
    assert.equal(result.signal, null, `the CLI did not exit on its own within ${HANG_MS} ms (killed by ${result.signal})`);
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A config's SG001 finding and closing line, as validate-config prints them (plan adds what it did not do). */
function unreadableConfig(file: string, message: string, fix: string, command = "validate-config"): string {
    const consequence = command === "plan" ? "; nothing was planned" : "";
    return `${file}  error  SG001\n  ${message}\n  fix: ${fix}\n\n${file} is not valid (1 error, 0 warnings)${consequence}\n`;
}

const FIFO_MESSAGE = "is a FIFO (named pipe), not a regular file: only regular files are read as configs";
const DEVICE_MESSAGE = "is a character device, not a regular file: only regular files are read as configs";
const CONFIG_FIX = "write the config to a file, and pass that file's path";

function mkfifo(file: string): void {
    execFileSync("mkfifo", [file]);
}

describe("hostile files: only regular files are read, and never more than the limit", function () {
    this.timeout(4 * HANG_MS);
    before(function () {
        if (process.platform === "win32") this.skip();
    });

    describe("a FIFO, a device or a socket as a config is refused at once", () => {
        let cwd: string;
        before(() => {
            cwd = tempDir("sgp-hostile-");
            mkfifo(path.join(cwd, "c.yaml"));
        });

        for (const command of ["validate-config", "plan"]) {
            it(`${command}: a FIFO (no writer ever comes)`, () => {
                const result = run([command, "c.yaml"], cwd);
                assert.deepEqual([result.code, result.stdout, result.stderr], [1, unreadableConfig("c.yaml", FIFO_MESSAGE, CONFIG_FIX, command), ""]);
            });
        }

        it("--json: the FIFO's finding names the file", () => {
            const result = run(["validate-config", "c.yaml", "--json"], cwd);
            assert.equal(result.code, 1);
            assert.deepEqual(JSON.parse(result.stdout).findings, [{ code: "SG001", severity: "error", file: "c.yaml", message: FIFO_MESSAGE, fix: CONFIG_FIX }]);
        });

        for (const device of ["/dev/zero", "/dev/urandom"]) {
            for (const command of ["validate-config", "plan"]) {
                it(`${command}: ${device}, which never ends and states a size of 0`, () => {
                    const result = run([command, device], cwd);
                    assert.deepEqual([result.code, result.stdout, result.stderr], [1, unreadableConfig(device, DEVICE_MESSAGE, CONFIG_FIX, command), ""]);
                });
            }
        }

        it("a socket", async () => {
            const dir = tempDir("sgp-hostile-socket-");
            const server = net.createServer();
            await new Promise<void>((resolve) => server.listen(path.join(dir, "s.yaml"), resolve));
            try {
                const result = run(["validate-config", "s.yaml"], dir);
                assert.deepEqual(
                    [result.code, result.stdout, result.stderr],
                    [1, unreadableConfig("s.yaml", "is a socket, not a regular file: only regular files are read as configs", CONFIG_FIX), ""],
                );
            } finally {
                await new Promise((resolve) => server.close(resolve));
            }
        });

        it("a directory argument: its FIFO, and its link to a device, are refused by name; the others are checked", () => {
            const dir = path.join(cwd, "sets");
            fs.mkdirSync(path.join(dir, "nested"), { recursive: true });
            fs.copyFileSync(EXAMPLE, path.join(dir, "a.yaml"));
            mkfifo(path.join(dir, "nested", "b.yaml"));
            fs.symlinkSync("/dev/zero", path.join(dir, "z.yml"));
            const result = run(["validate-config", "sets"], cwd);
            assert.deepEqual(
                [result.code, result.stdout, result.stderr],
                [
                    1,
                    "sets/a.yaml is valid: security group set globalbank-prod-c001-us-west-2-fraud-sg (0 errors, 0 warnings)\n" +
                        unreadableConfig("sets/nested/b.yaml", FIFO_MESSAGE, CONFIG_FIX) +
                        unreadableConfig("sets/z.yml", DEVICE_MESSAGE, CONFIG_FIX) +
                        "validated 3 configs: 1 valid, 2 not valid (2 errors, 0 warnings)\n",
                    "",
                ],
            );
        });

        it("a FIFO in the scenarios directory is refused as a scenario", () => {
            const scenarios = path.join(cwd, "scenarios");
            fs.mkdirSync(scenarios);
            mkfifo(path.join(scenarios, "three-tier-postgres.yaml"));
            fs.writeFileSync(path.join(cwd, "set.yaml"), configYaml());
            const result = run(["validate-config", "set.yaml", "--scenarios-dir", "scenarios", "--json"], cwd);
            assert.equal(result.code, 1);
            assert.deepEqual(
                JSON.parse(result.stdout).findings.map((finding: { file: string; code: string; message: string; fix: string }) => [
                    finding.file,
                    finding.code,
                    finding.message,
                    finding.fix,
                ]),
                [
                    [
                        path.join("scenarios", "three-tier-postgres.yaml"),
                        "SG001",
                        "is a FIFO (named pipe), not a regular file: only regular files are read as scenarios",
                        "write the scenario to a file, and pass that file's path",
                    ],
                ],
            );
        });

        it("deployment-report --outputs: a FIFO and a device", () => {
            fs.copyFileSync(EXAMPLE, path.join(cwd, "set.yaml"));
            mkfifo(path.join(cwd, "outputs.json"));
            const fix = "fix: pass the output of 'pulumi stack output --json' for the stack deployed from set.yaml (pulumi stack select)\n";
            const fifo = run(["deployment-report", "set.yaml", "--outputs", "outputs.json"], cwd);
            assert.deepEqual(
                [fifo.code, fifo.stdout, fifo.stderr],
                [
                    1,
                    "",
                    "outputs.json is a FIFO (named pipe), not a regular file: only regular files are read as stack outputs; write them to a file (pulumi stack output --json > outputs.json), or pipe them in without --outputs\n" +
                        fix,
                ],
            );
            const device = run(["deployment-report", "set.yaml", "--outputs", "/dev/zero"], cwd);
            assert.deepEqual(
                [device.code, device.stdout, device.stderr],
                [
                    1,
                    "",
                    "/dev/zero is a character device, not a regular file: only regular files are read as stack outputs; write them to a file (pulumi stack output --json > outputs.json), or pipe them in without --outputs\n" +
                        fix,
                ],
            );
        });
    });

    it("deployment-report: standard input is read up to the limit, not to the end (< /dev/zero)", () => {
        const cwd = tempDir("sgp-hostile-stdin-");
        fs.copyFileSync(EXAMPLE, path.join(cwd, "set.yaml"));
        const zero = fs.openSync("/dev/zero", "r");
        try {
            const piped = run(["deployment-report", "set.yaml"], cwd, {}, zero);
            assert.deepEqual(
                [piped.code, piped.stdout, piped.stderr],
                [
                    1,
                    "",
                    "standard input holds more than 1048576 bytes, the limit for stack outputs\n" +
                        "fix: pass the output of 'pulumi stack output --json' for the stack deployed from set.yaml (pulumi stack select)\n",
                ],
            );
        } finally {
            fs.closeSync(zero);
        }
    });

    describe("the shared reader", () => {
        it("reads a regular file up to the limit, and refuses one byte more by its stated size", () => {
            const file = path.join(tempDir("sgp-hostile-read-"), "f.yaml");
            fs.writeFileSync(file, "a: é\n");
            assert.deepEqual(readRegularFile(file, 6), { ok: true, text: "a: é\n" });
            assert.deepEqual(readRegularFile(file, 5), { ok: false, problem: { reason: "too-large", limit: 5, size: 6 } });
        });

        it("holds the limit on what it reads, not on the stated size (a /proc file states 0)", function () {
            if (!fs.existsSync("/proc/self/environ")) this.skip();
            assert.equal(fs.statSync("/proc/self/environ").size, 0);
            assert.deepEqual(readRegularFile("/proc/self/environ", 10), { ok: false, problem: { reason: "too-large", limit: 10 } });
        });

        it("refuses a device and a FIFO without reading, and says a missing file is missing", () => {
            const dir = tempDir("sgp-hostile-read-");
            mkfifo(path.join(dir, "p"));
            assert.deepEqual(readRegularFile(path.join(dir, "p"), 10), { ok: false, problem: { reason: "not-regular", kind: "a FIFO (named pipe)" } });
            assert.deepEqual(readRegularFile("/dev/zero", 10), { ok: false, problem: { reason: "not-regular", kind: "a character device" } });
            assert.deepEqual(readRegularFile(dir, 10), { ok: false, problem: { reason: "directory" } });
            assert.deepEqual(readRegularFile(path.join(dir, "none"), 10), { ok: false, problem: { reason: "missing" } });
        });
    });

    describe("--config NAME reads only files inside configs/", () => {
        let outside: string;
        before(() => {
            outside = tempDir("sgp-hostile-outside-");
            fs.writeFileSync(path.join(outside, "credentials"), `[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${SECRET}\n`);
            fs.writeFileSync(path.join(outside, "secret.yaml"), `aws_secret_access_key: ${SECRET}\n`);
            fs.copyFileSync(EXAMPLE, path.join(outside, "globalbank-prod-c001-us-west-2-sg.yaml"));
        });

        /** A working directory whose configs/ holds `links` (name to target) beside a real config. */
        function seedDir(links: Record<string, string>): string {
            const cwd = tempDir("sgp-hostile-seed-");
            fs.mkdirSync(path.join(cwd, "configs"));
            fs.copyFileSync(EXAMPLE, path.join(cwd, "configs", "real.yaml"));
            for (const [name, target] of Object.entries(links)) fs.symlinkSync(target, path.join(cwd, "configs", name));
            return cwd;
        }

        function assertRefused(result: { code: number | null; stdout: string; stderr: string }, stderr: string): void {
            assert.deepEqual([result.code, result.stdout, result.stderr], [2, "", stderr]);
            assert.ok(!`${result.stdout}${result.stderr}`.includes(SECRET), "the target's content was printed");
        }

        const linkRefusal = (name: string) =>
            `configs/${name} is a symbolic link: --config reads only files inside configs/, and a link can point anywhere. Replace the link with a copy of the config, or use 'sg-provisioner validate-config <path>'.\n`;

        it("refuses a link to /proc/self/environ, printing nothing of the environment", function () {
            if (!fs.existsSync("/proc/self/environ")) this.skip();
            const cwd = seedDir({ "env.yaml": "/proc/self/environ" });
            for (const action of ["validate-config", "create-prov-template"]) {
                assertRefused(run(["--config", "env.yaml", "--action", action], cwd, { SGP_HOSTILE_MARKER: SECRET }), linkRefusal("env.yaml"));
            }
        });

        it("refuses links to files outside, credentials or a valid config alike, quoting none of them", () => {
            const cwd = seedDir({
                "credentials.yaml": path.join(outside, "credentials"),
                "secret.yaml": path.join(outside, "secret.yaml"),
                "valid.yaml": path.join(outside, "globalbank-prod-c001-us-west-2-sg.yaml"),
                "inside.yaml": "real.yaml",
            });
            fs.symlinkSync(path.relative(path.join(cwd, "configs"), path.join(outside, "secret.yaml")), path.join(cwd, "configs", "relative.yaml"));
            for (const name of ["credentials.yaml", "secret.yaml", "relative.yaml", "valid.yaml", "inside.yaml"]) {
                assertRefused(run(["--config", name, "--action", "validate-config"], cwd), linkRefusal(name));
            }
        });

        it("refuses a link to a directory", () => {
            const cwd = seedDir({ "dir.yaml": outside });
            assertRefused(run(["--config", "dir.yaml", "--action", "validate-config"], cwd), linkRefusal("dir.yaml"));
        });

        it("refuses a configs/ that is itself a link to a directory outside", () => {
            const cwd = tempDir("sgp-hostile-seed-");
            fs.symlinkSync(outside, path.join(cwd, "configs"));
            assertRefused(
                run(["--config", "secret.yaml", "--action", "validate-config"], cwd),
                "configs/ is a symbolic link: --config reads only from a real configs/ directory in the working directory. Replace the link with a directory holding the configs, or use 'sg-provisioner validate-config <path>'.\n",
            );
        });

        it("still reads a real file in a real configs/, under a working directory reached through a link", () => {
            const cwd = seedDir({});
            const linked = path.join(tempDir("sgp-hostile-via-"), "work");
            fs.symlinkSync(cwd, linked);
            const result = run(["--config", "real.yaml", "--action", "validate-config"], linked);
            assert.deepEqual(
                [result.code, result.stdout, result.stderr],
                [0, "configs/real.yaml is valid: security group set globalbank-prod-c001-us-west-2-fraud-sg (0 errors, 0 warnings)\n", ""],
            );
        });

        it("refuses a FIFO in configs/ at once, as the reader refuses every FIFO", () => {
            const cwd = seedDir({});
            mkfifo(path.join(cwd, "configs", "c.yaml"));
            const result = run(["--config", "c.yaml", "--action", "validate-config"], cwd);
            assert.deepEqual([result.code, result.stdout, result.stderr], [1, unreadableConfig("configs/c.yaml", FIFO_MESSAGE, CONFIG_FIX), ""]);
        });
    });
});
