import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { EXAMPLE, REPO } from "./support/config";
import { tempDir } from "./support/temp";

const CLI = path.join(REPO, "provider", "cli", "bin", "sg-provisioner.js");
const SET = "globalbank-prod-c001-us-west-2-fraud-sg";

/** Runs the CLI in `cwd`; its audit logs go to a temporary folder. */
function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
    const result = spawnSync(process.execPath, [CLI, "--reports-dir", tempDir("sgp-seed-form-reports-"), ...args], {
        cwd,
        encoding: "utf8",
        env: { ...process.env, ...env },
        timeout: 60000,
    });
    assert.equal(result.signal, null, `the CLI did not exit on its own (killed by ${result.signal})`);
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A working directory (no Pulumi project above it) whose configs/ holds copies of the example under `names`. */
function workDir(...names: string[]): string {
    const cwd = tempDir("sgp-seed-form-");
    fs.mkdirSync(path.join(cwd, "configs"));
    for (const name of names) fs.copyFileSync(EXAMPLE, path.join(cwd, "configs", name));
    return cwd;
}

const valid = (file: string) => `${file} is valid: security group set ${SET} (0 errors, 0 warnings)\n`;

describe("the seed-compatible form: --config NAME --action ACTION", function () {
    this.timeout(120000);

    describe("NAME is resolved inside configs/ as NAME, NAME.yaml or NAME.yml", () => {
        it("--config prod reads configs/prod.yaml (also as -con/-act)", () => {
            const cwd = workDir("prod.yaml", "other.yaml");
            for (const args of [
                ["--config", "prod", "--action", "validate-config"],
                ["-con", "prod", "-act", "validate-config"],
            ]) {
                const result = run(args, cwd);
                assert.deepEqual([result.code, result.stdout, result.stderr], [0, valid("configs/prod.yaml"), ""]);
            }
        });

        it("--config prod reads configs/prod.yml, and configs/prod when that is the only one", () => {
            assert.deepEqual(run(["--config", "prod", "--action", "validate-config"], workDir("prod.yml")).stdout, valid("configs/prod.yml"));
            assert.deepEqual(run(["--config", "prod", "--action", "validate-config"], workDir("prod")).stdout, valid("configs/prod"));
        });

        it("a whole file name is read as given, whatever else is there", () => {
            const cwd = workDir("prod.yaml", "prod.yml", "prod");
            const result = run(["--config", "prod.yml", "--action", "validate-config"], cwd);
            assert.deepEqual([result.code, result.stdout, result.stderr], [0, valid("configs/prod.yml"), ""]);
        });

        it("refuses a NAME that means more than one file, naming each (exit 2)", () => {
            const both = run(["--config", "prod", "--action", "validate-config"], workDir("prod", "prod.yaml"));
            assert.deepEqual(
                [both.code, both.stdout, both.stderr],
                [
                    2,
                    "",
                    "--config prod names more than one file: configs/prod, configs/prod.yaml. Pass the whole file name (--config prod.yaml), or remove or rename the others.\n",
                ],
            );
            const extensions = run(["-con", "prod", "-act", "create-prov-template"], workDir("prod.yml", "prod.yaml"));
            assert.deepEqual(
                [extensions.code, extensions.stdout, extensions.stderr],
                [
                    2,
                    "",
                    "--config prod names more than one file: configs/prod.yaml, configs/prod.yml. Pass the whole file name (--config prod.yml), or remove or rename the others.\n",
                ],
            );
        });

        it("says which names it tried when none is there", () => {
            const result = run(["--config", "prod", "--action", "validate-config"], workDir("other.yaml"));
            assert.deepEqual([result.code, result.stdout, result.stderr], [2, "", 'no config named "prod" (nor prod.yaml, prod.yml) in configs/ (configs there: other.yaml)\n']);
        });

        it("keeps the hardening: a linked configs/prod.yaml is refused, and a link counts toward an ambiguity", () => {
            const cwd = workDir();
            fs.symlinkSync("/proc/self/environ", path.join(cwd, "configs", "prod.yaml"));
            const linked = run(["--config", "prod", "--action", "validate-config"], cwd);
            assert.deepEqual(
                [linked.code, linked.stdout, linked.stderr],
                [
                    2,
                    "",
                    "configs/prod.yaml is a symbolic link: --config reads only files inside configs/, and a link can point anywhere. Replace the link with a copy of the config, or use 'sg-provisioner validate-config <path>'.\n",
                ],
            );
            fs.copyFileSync(EXAMPLE, path.join(cwd, "configs", "prod"));
            const ambiguous = run(["--config", "prod", "--action", "validate-config"], cwd);
            assert.deepEqual(
                [ambiguous.code, ambiguous.stderr],
                [2, "--config prod names more than one file: configs/prod, configs/prod.yaml. Pass the whole file name (--config prod.yaml), or remove or rename the others.\n"],
            );
        });
    });

    it("--help lists -con and -act", () => {
        const result = run(["--help"], workDir());
        assert.equal(result.code, 0, result.stderr);
        const lines = result.stdout.split("\n").map((line) => line.trim());
        const option = (pattern: RegExp) => assert.equal(lines.filter((line) => pattern.test(line)).length, 1, `${String(pattern)} in\n${result.stdout}`);
        option(/^--config <name> +seed-compatible form \(or -con <name>\): a config file inside configs\/, as NAME, NAME\.yaml or NAME\.yml$/);
        option(/^--action <action> +seed-compatible form \(or -act <action>\): one of validate-config, create-prov-template, .*, delete-security-groups$/);
        assert.ok(
            result.stdout.includes(
                "\nSeed-compatible form, as the reference tool took it:\n  sg-provisioner -con NAME -act ACTION   (or --config NAME --action ACTION)\n\nExit codes:\n",
            ),
            result.stdout,
        );
    });

    describe("an action that is Pulumi's, stopped before Pulumi ran, gives the pulumi commands that do it", () => {
        const noProject = (cwd: string) =>
            `sg-provisioner: no Pulumi project (Pulumi.yaml) in ${cwd} or any directory above it\nfix: run the command in sg-provisioner's Pulumi project, or pass --project-dir <dir>\n`;
        const byHand = (action: string, command: string) =>
            `to run ${action} with Pulumi yourself, in sg-provisioner's Pulumi project (the directory with Pulumi.yaml, holding configs/), on the set's stack:\n` +
            "  pulumi config set sg-provisioner:configFile configs/prod.yaml\n" +
            `  ${command}\n`;
        const cases: readonly (readonly [string, string])[] = [
            ["show-changes", "pulumi preview --policy-pack policypack"],
            ["create-security-groups", "pulumi up --policy-pack policypack"],
            ["check-drift", "pulumi refresh --preview-only"],
            ["delete-security-groups", "pulumi destroy"],
        ];
        for (const [action, command] of cases) {
            it(`${action}: exit 2, the refusal, then the commands`, () => {
                const cwd = workDir("prod.yaml");
                const result = run(["-con", "prod", "-act", action, "--force"], cwd);
                assert.deepEqual([result.code, result.stdout, result.stderr], [2, "", noProject(cwd) + byHand(action, command)]);
            });
        }

        it("no pulumi CLI on PATH: exit 6, the failure, then the commands", () => {
            const cwd = workDir("prod.yaml");
            fs.writeFileSync(path.join(cwd, "Pulumi.yaml"), "name: sg-provisioner\nruntime: nodejs\nmain: program/\n");
            const result = run(["-con", "prod", "-act", "check-drift"], cwd, { PATH: path.dirname(process.execPath) });
            assert.deepEqual(
                [result.code, result.stdout, result.stderr],
                [
                    6,
                    "",
                    `sg-provisioner: opening stack ${SET}: the Pulumi CLI is not installed (no 'pulumi' on PATH)\n` +
                        "fix: install the Pulumi CLI (https://www.pulumi.com/docs/install/) and log in to a backend (pulumi login --local for a first run)\n" +
                        byHand("check-drift", "pulumi refresh --preview-only"),
                ],
            );
        });

        it("preflight and test-deploy are not one pulumi command: the refusal alone", () => {
            for (const action of ["preflight", "test-deploy"]) {
                const cwd = workDir("prod.yaml");
                const result = run(["-con", "prod", "-act", action], cwd);
                assert.deepEqual([result.code, result.stdout, result.stderr], [2, "", noProject(cwd)]);
            }
        });

        it("the subcommand form gives the refusal alone", () => {
            const cwd = workDir("prod.yaml");
            const result = run(["show-changes", "configs/prod.yaml"], cwd);
            assert.deepEqual([result.code, result.stdout, result.stderr], [2, "", noProject(cwd)]);
        });
    });
});
