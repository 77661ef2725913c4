import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../provider/cli/src/cli/main";
import { AuditLog } from "../provider/cli/src/cli/audit";
import { entitlementOnce } from "../provider/cli/src/cli/entitlement";
import { ConfigCommand, runConfigs } from "../provider/cli/src/cli/batch";
import { REPO } from "./support/config";
import { capturedIo } from "./support/cli-io";
import { tempDir } from "./support/temp";

const EXAMPLE = fs.readFileSync(path.join(REPO, "examples", "configs", "globalbank-prod-c001-us-west-2-sg.yaml"), "utf8");

/** A config of the example's shape with its own deployment, so each file is its own set. */
function setConfig(deployment: string): string {
    return EXAMPLE.replace("deployment: c001", `deployment: ${deployment}`);
}

const SET = (deployment: string) => `globalbank-prod-${deployment}-us-west-2-fraud-sg`;

/**
 * A platform repository's sets: two valid (one `.yml`, one a folder down), one invalid, and YAML
 * that a directory argument must skip (dependencies, hidden folders) or never sees (not YAML).
 */
function repository(): string {
    const root = tempDir("sgp-batch-");
    const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), text);
    };
    write("sets/a-c101.yaml", setConfig("c101"));
    write("sets/team/b-c102.yml", setConfig("c102"));
    write("sets/broken.yaml", setConfig("c103").replace("scenario: three-tier-postgres", "scenario: three-tier-postgress"));
    write("sets/node_modules/dep/x.yaml", "not: a config\n");
    write("sets/.drafts/draft.yaml", "not: a config\n");
    write("sets/README.md", "# sets\n");
    fs.mkdirSync(path.join(root, "empty"));
    return root;
}

async function run(root: string, args: string[]) {
    const captured = capturedIo(root);
    const code = await main([...args, "--reports-dir", "reports"], captured.io);
    return { code, out: captured.out.join("\n"), err: captured.err.join("\n") };
}

describe("CLI over many configs (validate-config and plan)", function () {
    this.timeout(120_000);

    it("validates every config below a directory, skipping node_modules and hidden folders: one result per file in path order, a summary, the worst exit code", async () => {
        const root = repository();
        const result = await run(root, ["validate-config", "sets"]);
        assert.equal(result.code, 1);
        assert.equal(result.err, "");
        const verdicts = result.out.split("\n").filter((line) => / is (not )?valid/.test(line));
        assert.deepEqual(verdicts, [
            `${path.join("sets", "a-c101.yaml")} is valid: security group set ${SET("c101")} (0 errors, 0 warnings)`,
            `${path.join("sets", "broken.yaml")} is not valid (1 error, 0 warnings)`,
            `${path.join("sets", "team", "b-c102.yml")} is valid: security group set ${SET("c102")} (0 errors, 0 warnings)`,
        ]);
        assert.equal(result.out.split("\n").pop(), "validated 3 configs: 2 valid, 1 not valid (1 error, 0 warnings)");
        assert.ok(result.out.includes('sets/broken.yaml:11:11  error  SG020  scenario\n  scenario "three-tier-postgress" does not exist\n'), result.out);
        // Each config keeps its own audit trail.
        const logs = fs.readdirSync(path.join(root, "reports")).map((file) => file.replace(/-\d{8}_\d{6}_\d{3}\.log$/, ""));
        assert.deepEqual(logs.sort(), [`${SET("c101")}-validate-config`, `${SET("c102")}-validate-config`, `${SET("c103")}-validate-config`].sort());
    });

    it("prints one JSON array for many configs, each entry naming its file; exit 0 when all are valid", async () => {
        const root = repository();
        const result = await run(root, ["validate-config", "--json", "sets/a-c101.yaml", "sets/team/b-c102.yml"]);
        assert.equal(result.code, 0, result.err);
        assert.deepEqual(JSON.parse(result.out), [
            { file: "sets/a-c101.yaml", name: SET("c101"), valid: true, findings: [] },
            { file: "sets/team/b-c102.yml", name: SET("c102"), valid: true, findings: [] },
        ]);
    });

    it("keeps one file's output exactly as before: a JSON object, no summary line", async () => {
        const root = repository();
        const json = await run(root, ["validate-config", "--json", "sets/a-c101.yaml"]);
        assert.deepEqual(JSON.parse(json.out), { name: SET("c101"), valid: true, findings: [] });
        const text = await run(root, ["validate-config", "sets/a-c101.yaml"]);
        assert.equal(text.out, `sets/a-c101.yaml is valid: security group set ${SET("c101")} (0 errors, 0 warnings)`);
    });

    it("matches quoted globs relative to the working directory, and names each file once however often it is given", async () => {
        const root = repository();
        const result = await run(root, ["validate-config", "--json", "sets/*.yaml", "sets/a-c101.yaml", "sets/**/*.yml"]);
        assert.equal(result.code, 1);
        assert.deepEqual(
            (JSON.parse(result.out) as { file: string; valid: boolean }[]).map(({ file, valid }) => [file, valid]),
            [
                ["sets/a-c101.yaml", true],
                ["sets/broken.yaml", false],
                ["sets/team/b-c102.yml", true],
            ],
        );
    });

    it("refuses a glob that matches nothing and a directory without configs (exit 2), checking none", async () => {
        const root = repository();
        const glob = await run(root, ["validate-config", "sets/a-c101.yaml", "set/*.yaml"]);
        assert.deepEqual(
            [glob.code, glob.out, glob.err],
            [
                2,
                "",
                "sg-provisioner: no file matches set/*.yaml\nfix: check the pattern; it is matched relative to the working directory, and hidden folders and node_modules are skipped",
            ],
        );
        const empty = await run(root, ["plan", "empty"]);
        assert.deepEqual(
            [empty.code, empty.out, empty.err],
            [2, "", "sg-provisioner: the directory empty holds no config file (*.yaml or *.yml)\nfix: name a directory of set configs, or the config files themselves"],
        );
        assert.equal(fs.existsSync(path.join(root, "reports")), false);
    });

    it("reports a missing file among many as that file's finding, and goes on with the others", async () => {
        const root = repository();
        const result = await run(root, ["validate-config", "--json", "sets/gone.yaml", "sets/a-c101.yaml"]);
        assert.equal(result.code, 1);
        const [gone, present] = JSON.parse(result.out) as { file: string; valid: boolean; findings: { code: string; message: string }[] }[];
        assert.deepEqual([gone.file, gone.valid, gone.findings.map((finding) => finding.code)], ["sets/gone.yaml", false, ["SG001"]]);
        assert.deepEqual([present.file, present.valid], ["sets/a-c101.yaml", true]);
    });

    it("writes one SARIF log for many configs, locating each finding in its own file", async () => {
        const root = repository();
        const result = await run(root, ["validate-config", "--format", "sarif", "sets"]);
        assert.equal(result.code, 1);
        const sarif = JSON.parse(result.out) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
        assert.equal(sarif.runs.length, 1);
        assert.deepEqual(
            sarif.runs[0].results.map((result) => [result.ruleId, result.locations[0].physicalLocation.artifactLocation.uri]),
            [["SG020", "sets/broken.yaml"]],
        );
    });

    it("plans many configs in one process: a headed plan per valid config, the invalid one's findings, a summary, exit 1", async () => {
        const root = repository();
        const result = await run(root, ["plan", "sets"]);
        assert.equal(result.code, 1, result.err);
        const lines = result.out.split("\n");
        assert.deepEqual(
            lines.filter((line) => line.startsWith("== ") || line.startsWith("Offline plan for") || / resources to create:/.test(line) || / is not valid/.test(line)),
            [
                `== ${path.join("sets", "a-c101.yaml")}`,
                `Offline plan for ${SET("c101")}: scenario three-tier-postgres, region us-west-2`,
                "17 resources to create: 1 sg-provisioner.index.TieredSecurityGroups, 3 aws.ec2.SecurityGroup, 7 aws.vpc.SecurityGroupIngressRule, 3 aws.vpc.SecurityGroupEgressRule, 3 aws.ssm.Parameter",
                `== ${path.join("sets", "broken.yaml")}`,
                `${path.join("sets", "broken.yaml")} is not valid (1 error, 0 warnings); nothing was planned`,
                `== ${path.join("sets", "team", "b-c102.yml")}`,
                `Offline plan for ${SET("c102")}: scenario three-tier-postgres, region us-west-2`,
                "17 resources to create: 1 sg-provisioner.index.TieredSecurityGroups, 3 aws.ec2.SecurityGroup, 7 aws.vpc.SecurityGroupIngressRule, 3 aws.vpc.SecurityGroupEgressRule, 3 aws.ssm.Parameter",
            ],
        );
        assert.equal(lines[lines.length - 1], "planned 2 of 3 configs (34 resources); 1 not valid (1 error, 0 warnings)");
    });

    it("plans many configs as one JSON array: each config's plan (or findings) as its single plan prints it, plus its file", async () => {
        const root = repository();
        const many = await run(root, ["plan", "--json", "sets/team/b-c102.yml", "sets/broken.yaml"]);
        const single = await run(root, ["plan", "--json", "sets/team/b-c102.yml"]);
        assert.equal(many.code, 1);
        const [planned, broken] = JSON.parse(many.out) as Record<string, unknown>[];
        assert.deepEqual(planned, { file: "sets/team/b-c102.yml", ...JSON.parse(single.out) });
        assert.deepEqual(Object.keys(broken), ["file", "name", "valid", "resources", "findings"]);
        assert.deepEqual([broken.file, broken.name, broken.valid, broken.resources], ["sets/broken.yaml", SET("c103"), false, []]);
    });
});

describe("many configs: edges", function () {
    this.timeout(60_000);

    it("names each file once when a symbolic link leads back into the tree, and does not follow links to folders", async () => {
        const root = repository();
        fs.symlinkSync("..", path.join(root, "sets", "team", "loop"), "dir");
        fs.symlinkSync(path.join(root, "sets", "a-c101.yaml"), path.join(root, "sets", "team", "a-again.yaml"));
        const result = await run(root, ["validate-config", "--json", "sets", "sets/team/a-again.yaml"]);
        assert.deepEqual(
            (JSON.parse(result.out) as { file: string }[]).map((entry) => entry.file),
            ["sets/a-c101.yaml", "sets/broken.yaml", "sets/team/b-c102.yml"],
        );
    });

    it("matches an absolute glob and shows its files as absolute paths", async () => {
        const root = repository();
        const result = await run(root, ["validate-config", "--json", path.join(root, "sets", "team", "*.yml")]);
        assert.equal(result.code, 0, result.err);
        assert.deepEqual(
            (JSON.parse(result.out) as { file: string }[]).map((entry) => entry.file),
            [path.join(root, "sets", "team", "b-c102.yml")],
        );
    });

    it("reads a missing file whose name holds parentheses as that file (SG001), not as a pattern", async () => {
        const root = repository();
        const result = await run(root, ["validate-config", "--json", "sets/a(1).yaml", "sets/a-c101.yaml"]);
        const [missing] = JSON.parse(result.out) as { file: string; findings: { code: string }[] }[];
        assert.deepEqual([result.code, missing.file, missing.findings.map((finding) => finding.code)], [1, "sets/a(1).yaml", ["SG001"]]);
    });

    it("with --json, says on standard output as JSON that a glob matched nothing", async () => {
        const root = repository();
        const result = await run(root, ["plan", "--json", "nowhere/*.yaml"]);
        assert.equal(result.code, 2);
        assert.deepEqual(JSON.parse(result.out), {
            name: null,
            valid: false,
            problems: ["sg-provisioner: no file matches nowhere/*.yaml"],
            fix: "check the pattern; it is matched relative to the working directory, and hidden folders and node_modules are skipped",
        });
    });

    it("goes on after a config that fails inside the tool: names the file, prints the others and the summary, exits 70", async () => {
        const root = repository();
        const captured = capturedIo(root);
        const command: ConfigCommand = {
            action: "validate-config",
            headed: false,
            one: (file) => {
                if (file.endsWith("broken.yaml")) throw new Error("the mock engine refused a registration");
                return { code: 0, subject: path.basename(file), valid: true, findings: [], json: { name: file }, text: `${file} ok` };
            },
            summary: (tally) => `${tally.valid} of ${tally.configs}`,
        };
        const code = await runConfigs(command, ["sets"], { reportsDir: "reports" }, captured.io);
        assert.equal(code, 70);
        assert.deepEqual(captured.out, [
            `${path.join("sets", "a-c101.yaml")} ok\n`,
            `${path.join("sets", "broken.yaml")}: internal error: the mock engine refused a registration\n`,
            `${path.join("sets", "team", "b-c102.yml")} ok\n`,
            "2 of 3",
        ]);
        assert.deepEqual(captured.err, [
            `sg-provisioner: ${path.join("sets", "broken.yaml")}: internal error: the mock engine refused a registration\nThis is a bug; please report it with the command you ran.`,
        ]);
        // Its audit log is still written, named after the file.
        assert.ok(fs.readdirSync(path.join(root, "reports")).some((file) => /^broken-validate-config-\d{8}_\d{6}_\d{3}\.log$/.test(file)));
    });
});

describe("entitlementOnce", () => {
    const audit = (captured: ReturnType<typeof capturedIo>) => new AuditLog("validate-config", captured.io, tempDir("sgp-batch-logs-"), false);
    /** What a log recorded between its first two lines and its exit line. */
    const entries = (log: AuditLog) => fs.readFileSync(log.save("set", 0), "utf8").trimEnd().split("\n").slice(2, -1);

    it("asks AWS Marketplace once for a whole run; later configs' logs say the run was entitled", async () => {
        const captured = capturedIo(REPO, { env: { SG_PROVISIONER_PRODUCT_CODE: "prod-123" } });
        let calls = 0;
        const check = entitlementOnce(async () => {
            calls += 1;
            return undefined;
        });
        const first = audit(captured);
        const second = audit(captured);
        assert.deepEqual([await check(captured.io, first), await check(captured.io, second), calls], [undefined, undefined, 1]);
        assert.deepEqual(entries(second), ["DECIDED entitled: confirmed earlier in this run"]);
        assert.deepEqual(entries(first), []);
    });

    it("repeats a refusal without asking again", async () => {
        const captured = capturedIo(REPO, { env: { SG_PROVISIONER_PRODUCT_CODE: "prod-123" } });
        let calls = 0;
        const check = entitlementOnce(async () => {
            calls += 1;
            return 5;
        });
        const later = audit(captured);
        assert.deepEqual([await check(captured.io, audit(captured)), await check(captured.io, later), calls], [5, 5, 1]);
        assert.deepEqual(entries(later), ["DECIDED refused: not entitled, as found earlier in this run"]);
    });
});
