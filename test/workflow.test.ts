import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { findingLine, logStamp, logSubject, redact } from "../provider/cli/src/cli/audit";
import { main } from "../provider/cli/src/cli/main";
import { validateCommand } from "../provider/cli/src/cli/commands/validate";
import { colorEnabled, runTime } from "../provider/cli/src/cli/io";
import { parseStackOutputs } from "../provider/cli/src/report/deployment";
import { EXAMPLE, REPO, configYaml } from "./support/config";
import { documentedOutputs } from "./support/deployment-outputs";
import { tempDir } from "./support/temp";
import { capturedIo } from "./support/cli-io";

const CLI = path.join(REPO, "provider", "cli", "bin", "sg-provisioner.js");
const SET = "globalbank-prod-c001-us-west-2-fraud-sg";
// 2026-05-05T10:19:14Z, pinned through SOURCE_DATE_EPOCH as a pipeline would.
const EPOCH = "1777976354";

function run(args: string[], options: { cwd: string; input?: string; env?: NodeJS.ProcessEnv }) {
    const result = spawnSync(process.execPath, [CLI, ...args], {
        cwd: options.cwd,
        encoding: "utf8",
        input: options.input ?? "",
        env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH, ...options.env },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function workspace(): string {
    const dir = tempDir("sgp-workflow-");
    fs.copyFileSync(EXAMPLE, path.join(dir, "config.yaml"));
    return dir;
}

/** The example config names its VPC, so its ID comes from SSM at deploy time and is not compared. */
const VPC_NOT_COMPARED = "Not compared: the VPC ID, which SSM parameter /vpc/globalbank-prod-c001-us-west-2-vpc/VPCId gives at deploy time.";
const MATCHES = "The stack matches the config in what was compared: tiers, group names, SSM parameter names and rule counts.";

const OUTPUTS = {
    setName: SET,
    vpcId: "vpc-0aaaaaaaaaaaaaaaa",
    securityGroupIds: { web: "sg-0a1b2c3d4e5f60001", app: "sg-0a1b2c3d4e5f60002", db: "sg-0a1b2c3d4e5f60003" },
    securityGroupNames: { web: `${SET}-web-20260505101914`, app: `${SET}-app-20260505101914`, db: `${SET}-db-20260505101914` },
    parameterNames: { web: `/sg/${SET}/web/SecurityGroupId`, app: `/sg/${SET}/app/SecurityGroupId`, db: `/sg/${SET}/db/SecurityGroupId` },
    ruleCounts: { web: { ingress: 4, egress: 2 }, app: { ingress: 2, egress: 1 }, db: { ingress: 1, egress: 0 } },
};

describe("output conventions", () => {
    it("colours only on a terminal, and never with NO_COLOR set", () => {
        assert.deepEqual(
            [colorEnabled(true, {}), colorEnabled(true, { NO_COLOR: "1" }), colorEnabled(true, { NO_COLOR: "" }), colorEnabled(false, {}), colorEnabled(undefined, {})],
            [true, false, true, false, false],
        );
    });

    it("pins the run's time with SOURCE_DATE_EPOCH, and otherwise asks the clock", () => {
        const clock = () => new Date("2030-01-01T00:00:00.000Z");
        assert.equal(runTime({ SOURCE_DATE_EPOCH: EPOCH }, clock).toISOString(), "2026-05-05T10:19:14.000Z");
        assert.equal(runTime({}, clock).toISOString(), "2030-01-01T00:00:00.000Z");
        assert.equal(runTime({ SOURCE_DATE_EPOCH: "yesterday" }, clock).toISOString(), "2030-01-01T00:00:00.000Z");
    });

    it("stamps logs as the reference tool did, in UTC with milliseconds", () => {
        assert.equal(logStamp(new Date("2026-05-05T10:19:14.057Z")), "20260505_101914_057");
    });

    it("keeps credentials out of logs", () => {
        assert.equal(redact("tag owner=AKIAIOSFODNN7EXAMPLE and secret_key: wJalrXUtnFEMI/K7MDENG"), "tag owner=AKIA**************** and secret_key: [redacted]");
        assert.equal(redact('{"password": "hunter2", "token":"abc"}'), '{"password": "[redacted]", "token":"[redacted]"}');
    });

    it("masks every value under a credential-like key: numbers, booleans, null, quoted text, whole mappings and lists, at any depth", () => {
        assert.deepEqual(
            [
                "tags: {password: 987654321}",
                '{"password": 987654321, "api_key": true, "token": null, "owner": "team"}',
                '{"app": {"db": {"private_key": 42, "port": 5432}}}',
                '{"secret": {"nested": [1, "x}"], "more": {"a": true}}, "owner": "team"}',
                "credentials: [a, [b, c]], region: eu-west-1",
                'password: "correct horse \\" battery", owner: team',
                "db_password: correct horse battery staple",
                "access_key='it''s', owner=team",
            ].map(redact),
            [
                "tags: {password: [redacted]}",
                '{"password": [redacted], "api_key": [redacted], "token": [redacted], "owner": "team"}',
                '{"app": {"db": {"private_key": [redacted], "port": 5432}}}',
                '{"secret": [redacted], "owner": "team"}',
                "credentials: [redacted], region: eu-west-1",
                'password: "[redacted]", owner: team',
                "db_password: [redacted]",
                "access_key='[redacted]', owner=team",
            ],
        );
    });

    it("masks a finding's value wherever its message quotes it, when its field is under a credential-like key", () => {
        const finding = (path: string, value: unknown, message: string) => findingLine({ code: "SG012", severity: "error", path, value, message, fix: "" });
        assert.deepEqual(
            [
                finding("tags.password", 987654321, "password must be a string, not the number 987654321"),
                finding("tags.db_secret", false, "db_secret must be a string, not the boolean false"),
                finding("tags.session", null, "session must be a string, not null (an empty value)"),
                finding('tags["app.token"]', "xxx", 'app.token "xxx" is not valid'),
                finding("tags.owner", 987654321, "owner must be a string, not the number 987654321"),
            ],
            [
                "error SG012 tags.password password must be a string, not the number [redacted]",
                "error SG012 tags.db_secret db_secret must be a string, not the boolean [redacted]",
                "error SG012 tags.session session must be a string, not [redacted] (an empty value)",
                'error SG012 tags["app.token"] app.token [redacted] is not valid',
                "error SG012 tags.owner owner must be a string, not the number 987654321",
            ],
        );
    });

    it("names a log after its subject, masked and made file-safe when the masking rules would hide part of it", () => {
        assert.deepEqual(["AKIAIOSFODNN7EXAMPLE", "team-ASIAIOSFODNN7EXAMPLE", "password=hunter2", "globalbank-prod-c001-us-west-2-fraud-sg", "my config"].map(logSubject), [
            "AKIA________________",
            "team-ASIA________________",
            "password__redacted_",
            "globalbank-prod-c001-us-west-2-fraud-sg",
            "my config",
        ]);
    });
});

describe("audit trail", () => {
    it("writes reports/{set}-{action}-{stamp}.log with what was read, decided and written", () => {
        const cwd = workspace();
        const result = run(["validate-config", "config.yaml"], { cwd });
        assert.equal(result.code, 0, result.stderr);
        assert.deepEqual(fs.readdirSync(path.join(cwd, "reports")), [`${SET}-validate-config-20260505_101914_000.log`]);
        assert.equal(
            fs.readFileSync(path.join(cwd, "reports", `${SET}-validate-config-20260505_101914_000.log`), "utf8"),
            [
                "sg-provisioner validate-config",
                "started 2026-05-05T10:19:14.000Z",
                "READ    config config.yaml",
                "READ    scenario three-tier-postgres from the bundled catalog",
                "DECIDED valid: 0 errors, 0 warnings",
                "exit 0",
                "",
            ].join("\n"),
        );
    });

    it("logs an invalid config under the file's name, with every finding, and honours --reports-dir", () => {
        const cwd = workspace();
        fs.writeFileSync(path.join(cwd, "broken.yaml"), "client: [unclosed\n");
        const result = run(["validate-config", "broken.yaml", "--reports-dir", "audit"], { cwd });
        assert.equal(result.code, 1);
        const [log] = fs.readdirSync(path.join(cwd, "audit"));
        assert.equal(log, "broken-validate-config-20260505_101914_000.log");
        const lines = fs.readFileSync(path.join(cwd, "audit", log), "utf8").split("\n");
        assert.deepEqual(lines.slice(0, 4), [
            "sg-provisioner validate-config",
            "started 2026-05-05T10:19:14.000Z",
            "READ    config broken.yaml",
            "DECIDED not valid: 1 error, 0 warnings",
        ]);
        assert.match(lines[4], /^DECIDED error SG002 /);
        assert.equal(lines[5], "exit 1");
    });

    it("masks numbers, booleans and null under credential-like tag keys in the log, and keeps an access key ID in the config's name out of the log's name", async () => {
        const cwd = tempDir("sgp-masking-");
        fs.writeFileSync(
            path.join(cwd, "AKIAIOSFODNN7EXAMPLE.yaml"),
            configYaml("three-tier-postgres", 'tags: {password: 987654321, api_token: true, session: null, owner: "AKIAIOSFODNN7EXAMPLE"}\n'),
        );
        const captured = capturedIo(cwd);
        assert.equal(await main(["validate-config", "AKIAIOSFODNN7EXAMPLE.yaml", "--reports-dir", "audit"], captured.io), 1);
        assert.deepEqual(fs.readdirSync(path.join(cwd, "audit")), ["AKIA________________-validate-config-20261130_120000_000.log"]);
        assert.equal(
            fs.readFileSync(path.join(cwd, "audit", "AKIA________________-validate-config-20261130_120000_000.log"), "utf8"),
            [
                "sg-provisioner validate-config",
                "started 2026-11-30T12:00:00.000Z",
                "READ    config AKIA****************.yaml",
                "DECIDED not valid: 3 errors, 0 warnings",
                "DECIDED error SG012 tags.password password must be a string, not the number [redacted]",
                "DECIDED error SG012 tags.api_token api_token must be a string, not the boolean [redacted]",
                "DECIDED error SG012 tags.session session must be a string, not [redacted] (an empty value)",
                "exit 1",
                "",
            ].join("\n"),
        );
    });

    it("fails, saying how to fix it, when the log cannot be written", () => {
        const cwd = workspace();
        fs.writeFileSync(path.join(cwd, "reports"), "a file where the directory should be");
        const result = run(["validate-config", "config.yaml"], { cwd });
        assert.equal(result.code, 1);
        assert.match(result.stderr, /^sg-provisioner: could not write the audit log in reports\/: .*\nfix: make the directory writable, or pass --reports-dir <dir>\n$/);
    });
});

describe("validate-config --format sarif", () => {
    it("reports findings as SARIF 2.1.0 with rule ids, levels and locations", () => {
        const cwd = workspace();
        fs.writeFileSync(
            path.join(cwd, "open.yaml"),
            configYaml("three-tier-postgres", "overrides:\n  tiers:\n    db:\n      ingress:\n        - protocol: tcp\n          port: 5432\n          source: 0.0.0.0/0\n"),
        );
        const result = run(["validate-config", "open.yaml", "--format", "sarif"], { cwd });
        assert.equal(result.code, 1);
        const sarif = JSON.parse(result.stdout);
        assert.equal(sarif.version, "2.1.0");
        assert.deepEqual(
            sarif.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id),
            ["SG100", "SG114"],
        );
        assert.deepEqual(
            sarif.runs[0].results.map(
                (r: {
                    ruleId: string;
                    level: string;
                    locations: {
                        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
                        logicalLocations: { fullyQualifiedName: string }[];
                    }[];
                }) => [
                    r.ruleId,
                    r.level,
                    r.locations[0].physicalLocation.artifactLocation.uri,
                    r.locations[0].physicalLocation.region.startLine,
                    r.locations[0].physicalLocation.region.startColumn,
                    r.locations[0].logicalLocations[0].fullyQualifiedName,
                ],
            ),
            [
                ["SG114", "error", "open.yaml", 12, 11, "overrides.tiers.db.ingress[0].description"],
                ["SG100", "error", "open.yaml", 14, 19, "overrides.tiers.db.ingress[0].source"],
            ],
        );
        assert.equal(
            sarif.runs[0].results[1].message.text,
            "tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet\nFix: reach the database through a tier reference (source_tier: app) or a private CIDR (such as 10.0.11.0/24), never 0.0.0.0/0\nWhy: databases exposed to the internet are found by scanners within minutes and attacked by credential stuffing and known exploits",
        );
    });

    it("rejects an unknown format with usage help", () => {
        const result = run(["validate-config", "config.yaml", "--format", "xml"], { cwd: workspace() });
        assert.equal(result.code, 2);
        assert.match(result.stderr, /error: option '--format <format>' argument 'xml' is invalid\. Allowed choices are text, json, sarif\./);
    });
});

describe("deployment-report", () => {
    it("writes the real IDs, parameter names and rule counts, at the report's time, from piped outputs", () => {
        const cwd = workspace();
        const result = run(["deployment-report", "config.yaml"], { cwd, input: JSON.stringify(OUTPUTS) });
        assert.equal(result.code, 0, result.stderr);
        assert.equal(
            result.stdout,
            [
                MATCHES,
                VPC_NOT_COMPARED,
                "",
                `  web: sg-0a1b2c3d4e5f60001  /sg/${SET}/web/SecurityGroupId`,
                `  app: sg-0a1b2c3d4e5f60002  /sg/${SET}/app/SecurityGroupId`,
                `  db: sg-0a1b2c3d4e5f60003  /sg/${SET}/db/SecurityGroupId`,
                "",
                `Wrote reports/${SET}-deployment.html`,
                "",
            ].join("\n"),
        );
        const page = fs.readFileSync(path.join(cwd, "reports", `${SET}-deployment.html`), "utf8");
        assert.ok(page.includes('<p class="subtitle">Generated 2026-05-05T10:19:14.000Z from the stack\'s outputs</p>'));
        assert.ok(
            page.includes(
                `<tr><td>db</td><td><code>sg-0a1b2c3d4e5f60003</code></td><td><code>${SET}-db-20260505101914</code></td><td><code>/sg/${SET}/db/SecurityGroupId</code></td><td>1</td><td>0</td></tr>`,
            ),
        );
        assert.ok(
            page.includes(
                `<h1>Deployment report: globalbank-prod-c001-us-west-2-fraud-sg</h1>\n<section class="banner clear" id="verdict" data-testid="verdict-banner" data-matches="true">\n<p class="verdict"><span class="badge valid">matches the config</span> <strong>${MATCHES}</strong></p>\n<p class="muted" data-testid="not-compared">${VPC_NOT_COMPARED}</p>\n</section>\n<p class="subtitle">`,
            ),
            "the verdict comes first, right under the heading",
        );
        assert.equal(page.includes("<ul"), false, "no list of differences");
        assert.ok(!/(src|href)=["']https?:/.test(page), "the page fetches nothing");
        assert.deepEqual(fs.readdirSync(path.join(cwd, "reports")).sort(), [`${SET}-deployment-report-20260505_101914_000.log`, `${SET}-deployment.html`]);
    });

    it("reads --outputs FILE, lists every difference from the config, and escapes what the outputs hold", () => {
        const cwd = workspace();
        const outputs = {
            ...OUTPUTS,
            securityGroupNames: { ...OUTPUTS.securityGroupNames, web: "<img src=x onerror=alert(1)>" },
            ruleCounts: { ...OUTPUTS.ruleCounts, app: { ingress: 3, egress: 1 } },
        };
        fs.writeFileSync(path.join(cwd, "outputs.json"), JSON.stringify(outputs));
        const result = run(["deployment-report", "config.yaml", "--outputs", "outputs.json", "--json"], { cwd });
        assert.equal(result.code, 0, result.stderr);
        assert.deepEqual(JSON.parse(result.stdout).differences, [
            `tier web: the stack's group name is <img src=x onerror=alert(1)>, the config plans ${SET}-web- followed by the suffix AWS adds (no hyphens)`,
            "tier app: the stack has 3 inbound and 1 outbound rules, the config plans 2 and 1",
        ]);
        const page = fs.readFileSync(path.join(cwd, "reports", `${SET}-deployment.html`), "utf8");
        assert.ok(page.includes("&lt;img src=x onerror=alert(1)&gt;"));
        assert.ok(!page.includes("<img"));
        assert.ok(page.includes('3 <span class="badge warning">config plans 2</span>'));
    });

    it("refuses outputs that are not JSON, lack keys, or come from another set, and writes no report", () => {
        const cwd = workspace();
        const cases: [string, string][] = [
            ["not json", "standard input is not JSON (Unexpected token 'o', \"not json\" is not valid JSON)"],
            [
                JSON.stringify({ setName: SET, vpcId: "vpc-1" }),
                "standard input: securityGroupIds is missing\nstandard input: securityGroupNames is missing\nstandard input: parameterNames is missing",
            ],
            [JSON.stringify({ ...OUTPUTS, setName: "other-sg" }), `the outputs are from set other-sg, but config.yaml describes ${SET}`],
        ];
        for (const [input, problem] of cases) {
            const result = run(["deployment-report", "config.yaml"], { cwd, input });
            assert.equal(result.code, 1);
            assert.ok(result.stderr.startsWith(`${problem}\nfix: `), result.stderr);
        }
        assert.ok(!fs.existsSync(path.join(cwd, "reports", `${SET}-deployment.html`)));
    });

    it("is reachable through the seed form", () => {
        const cwd = workspace();
        fs.mkdirSync(path.join(cwd, "configs"));
        fs.copyFileSync(EXAMPLE, path.join(cwd, "configs", "prod.yaml"));
        const result = run(["-con", "prod.yaml", "-act", "deployment-report"], { cwd, input: JSON.stringify(OUTPUTS) });
        assert.equal(result.code, 0, result.stderr);
        assert.ok(fs.existsSync(path.join(cwd, "reports", `${SET}-deployment.html`)));
    });
});

describe("deployment-report --fail-on-difference", () => {
    const DIFFERING = { ...OUTPUTS, ruleCounts: { ...OUTPUTS.ruleCounts, app: { ingress: 3, egress: 1 } } };
    const TIERS = [
        `  web: sg-0a1b2c3d4e5f60001  /sg/${SET}/web/SecurityGroupId`,
        `  app: sg-0a1b2c3d4e5f60002  /sg/${SET}/app/SecurityGroupId`,
        `  db: sg-0a1b2c3d4e5f60003  /sg/${SET}/db/SecurityGroupId`,
    ];
    const DIFFERENCE = "tier app: the stack has 3 inbound and 1 outbound rules, the config plans 2 and 1";
    const DIFFERS = "The stack differs from the config (1 difference); run pulumi preview to see what an update would change:";

    it("exits 3 when the stack differs from the config, after writing the report, and says why on standard error", () => {
        const cwd = workspace();
        const result = run(["deployment-report", "config.yaml", "--fail-on-difference"], { cwd, input: JSON.stringify(DIFFERING) });
        assert.equal(result.code, 3);
        assert.equal(result.stdout, [DIFFERS, `  ${DIFFERENCE}`, VPC_NOT_COMPARED, "", ...TIERS, "", `Wrote reports/${SET}-deployment.html`, ""].join("\n"));
        assert.equal(
            result.stderr,
            [
                "sg-provisioner: the stack differs from config.yaml (1 difference), and --fail-on-difference was given",
                "fix: run pulumi preview to see what deploying config.yaml would change, then deploy it (create-security-groups), or change the config to match the stack",
                "",
            ].join("\n"),
        );
        assert.ok(fs.readFileSync(path.join(cwd, "reports", `${SET}-deployment.html`), "utf8").includes(`<li>${DIFFERENCE}</li>`));
        const log = fs.readFileSync(path.join(cwd, "reports", `${SET}-deployment-report-20260505_101914_000.log`), "utf8");
        assert.ok(log.includes("--fail-on-difference: the stack differs from the config; exit 3"), log);
    });

    it("exits 3 with --json and through the seed form too, counting every difference", () => {
        const cwd = workspace();
        fs.mkdirSync(path.join(cwd, "configs"));
        fs.copyFileSync(EXAMPLE, path.join(cwd, "configs", "prod.yaml"));
        const outputs = { ...DIFFERING, parameterNames: { ...OUTPUTS.parameterNames, cache: "/sg/x/cache/SecurityGroupId" } };
        const result = run(["-con", "prod.yaml", "-act", "deployment-report", "--fail-on-difference", "--json"], { cwd, input: JSON.stringify(outputs) });
        assert.equal(result.code, 3);
        assert.deepEqual(JSON.parse(result.stdout).differences, [DIFFERENCE, "tier cache is in the stack but not in the config"]);
        assert.equal(result.stderr.split("\n")[0], "sg-provisioner: the stack differs from configs/prod.yaml (2 differences), and --fail-on-difference was given");
    });

    it("exits 0 when the stack matches the config, printing exactly what it does without the flag", () => {
        const result = run(["deployment-report", "config.yaml", "--fail-on-difference"], { cwd: workspace(), input: JSON.stringify(OUTPUTS) });
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stdout, [MATCHES, VPC_NOT_COMPARED, "", ...TIERS, "", `Wrote reports/${SET}-deployment.html`, ""].join("\n"));
        assert.equal(result.stderr, "");
    });

    it("without the flag, a stack that differs still exits 0, with nothing on standard error", () => {
        const result = run(["deployment-report", "config.yaml"], { cwd: workspace(), input: JSON.stringify(DIFFERING) });
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stdout, [DIFFERS, `  ${DIFFERENCE}`, VPC_NOT_COMPARED, "", ...TIERS, "", `Wrote reports/${SET}-deployment.html`, ""].join("\n"));
        assert.equal(result.stderr, "");
    });

    it("unusable outputs stay exit 1 with the flag", () => {
        const result = run(["deployment-report", "config.yaml", "--fail-on-difference"], { cwd: workspace(), input: JSON.stringify({ ...DIFFERING, setName: "other-sg" }) });
        assert.equal(result.code, 1);
        assert.ok(result.stderr.startsWith(`the outputs are from set other-sg, but config.yaml describes ${SET}\nfix: `), result.stderr);
    });
});

describe("deployment-report verdict", () => {
    const DIFFERING = {
        ...OUTPUTS,
        ruleCounts: { ...OUTPUTS.ruleCounts, app: { ingress: 3, egress: 1 } },
        parameterNames: { ...OUTPUTS.parameterNames, cache: "/sg/x/cache/SecurityGroupId" },
    };
    const DIFFERENCES = ["tier app: the stack has 3 inbound and 1 outbound rules, the config plans 2 and 1", "tier cache is in the stack but not in the config"];

    it("opens the page of a differing stack with the verdict, every difference right under it", () => {
        const cwd = workspace();
        const result = run(["deployment-report", "config.yaml"], { cwd, input: JSON.stringify(DIFFERING) });
        assert.equal(result.code, 0, result.stderr);
        assert.equal(
            result.stdout.split("\n").slice(0, 4).join("\n"),
            [
                "The stack differs from the config (2 differences); run pulumi preview to see what an update would change:",
                ...DIFFERENCES.map((d) => `  ${d}`),
                VPC_NOT_COMPARED,
            ].join("\n"),
        );
        const page = fs.readFileSync(path.join(cwd, "reports", `${SET}-deployment.html`), "utf8");
        const main = page.slice(page.indexOf("<main>\n") + "<main>\n".length);
        assert.ok(
            main.startsWith(
                [
                    `<h1>Deployment report: ${SET}</h1>`,
                    '<section class="banner blocking" id="verdict" data-testid="verdict-banner" data-matches="false">',
                    '<p class="verdict"><span class="badge error">differs from the config</span> <strong>The stack differs from the config (2 differences); run pulumi preview to see what an update would change:</strong></p>',
                    '<ul data-testid="differences">',
                    ...DIFFERENCES.map((d) => `<li>${d}</li>`),
                    "</ul>",
                    `<p class="muted" data-testid="not-compared">${VPC_NOT_COMPARED}</p>`,
                    "</section>",
                    '<p class="subtitle">Generated 2026-05-05T10:19:14.000Z',
                ].join("\n"),
            ),
            main.slice(0, 800),
        );
        assert.equal((page.match(/<li>/g) ?? []).length, 2, "the differences are listed once, at the top");
    });

    it("leads the JSON with the verdict: matches, or differs with the differences", () => {
        const differing = JSON.parse(run(["deployment-report", "config.yaml", "--json"], { cwd: workspace(), input: JSON.stringify(DIFFERING) }).stdout);
        assert.deepEqual(Object.keys(differing), ["name", "verdict", "matches", "compared", "notCompared", "differences", "file", "time", "tiers"]);
        assert.deepEqual([differing.verdict, differing.matches, differing.differences], ["differs from the config", false, DIFFERENCES]);
        const matching = JSON.parse(run(["deployment-report", "config.yaml", "--json"], { cwd: workspace(), input: JSON.stringify(OUTPUTS) }).stdout);
        assert.deepEqual([matching.verdict, matching.matches, matching.differences], ["matches the config", true, []]);
        assert.deepEqual(
            [matching.compared, matching.notCompared],
            [
                ["tiers", "groupNames", "parameterNames", "ruleCounts"],
                [{ field: "vpcId", why: "the VPC ID, which SSM parameter /vpc/globalbank-prod-c001-us-west-2-vpc/VPCId gives at deploy time" }],
            ],
        );
    });

    it("agrees with --fail-on-difference: exit 3 exactly when the verdict is that the stack differs", () => {
        for (const [outputs, code, matches] of [
            [OUTPUTS, 0, true],
            [DIFFERING, 3, false],
        ] as const) {
            const result = run(["deployment-report", "config.yaml", "--json", "--fail-on-difference"], { cwd: workspace(), input: JSON.stringify(outputs) });
            assert.deepEqual([result.code, JSON.parse(result.stdout).matches], [code, matches]);
        }
    });
});

describe("stack outputs parsing", () => {
    it("accepts the example of docs/deployment-outputs.md, and the example config matches it: no difference, exit 0 with --fail-on-difference", () => {
        const text = documentedOutputs();
        const parsed = parseStackOutputs(text, "docs/deployment-outputs.md");
        assert.deepEqual(parsed, { ok: true, outputs: JSON.parse(text) });
        const result = run(["deployment-report", "config.yaml", "--fail-on-difference", "--json"], { cwd: workspace(), input: text });
        assert.equal(result.code, 0, result.stderr);
        assert.deepEqual(JSON.parse(result.stdout).differences, []);
    });

    it("accepts outputs without ruleCounts, from stacks deployed before they existed", () => {
        const { ruleCounts: _counts, ...older } = OUTPUTS;
        assert.deepEqual(parseStackOutputs(JSON.stringify(older), "x"), { ok: true, outputs: older });
    });

    it("names a wrong type by its path", () => {
        assert.deepEqual(parseStackOutputs(JSON.stringify({ ...OUTPUTS, ruleCounts: { web: { ingress: -1, egress: 0 } } }), "x"), {
            ok: false,
            problems: ["x: ruleCounts.web.ingress must be >= 0"],
        });
    });
});

describe("list-scenarios and describe-scenario", () => {
    it("describes one scenario: tiers, service ports, rules in their stable order, and the flows as text", () => {
        const result = run(["describe-scenario", "two-tier-postgres"], { cwd: workspace() });
        assert.equal(result.code, 0, result.stderr);
        assert.equal(
            result.stdout,
            [
                "two-tier-postgres",
                "Web and PostgreSQL tiers. The internet reaches only the web tier on 80 and 443; the database accepts PostgreSQL only from the web tier.",
                "",
                "web  service port 443",
                "  Public entry point (load balancers or web servers); the only tier the internet reaches",
                '  ingress tcp 80 from 0.0.0.0/0  "HTTP from the internet (IPv4), for redirects to HTTPS"',
                '  ingress tcp 443 from 0.0.0.0/0  "HTTPS from the internet (IPv4)"',
                '  ingress tcp 80 from ::/0  "HTTP from the internet (IPv6), for redirects to HTTPS"',
                '  ingress tcp 443 from ::/0  "HTTPS from the internet (IPv6)"',
                '  egress  tcp 5432 to the db tier  "PostgreSQL connections to the db tier"',
                "",
                "db  service port 5432",
                "  PostgreSQL database, reachable only from the web tier; no egress at all",
                '  ingress tcp 5432 from the web tier  "PostgreSQL connections from the web tier"',
                "",
                "Allowed flows:",
                "  internet --tcp 80,443--> web",
                "  web --tcp 5432--> db",
                "",
            ].join("\n"),
        );
    });

    it("lists the whole catalog as JSON with each scenario's flows", () => {
        const result = run(["list-scenarios", "--json"], { cwd: workspace() });
        assert.equal(result.code, 0, result.stderr);
        const catalog = JSON.parse(result.stdout) as { name: string; tiers: { name: string; servicePort: number }[]; flows: string[] }[];
        assert.deepEqual(
            catalog.map((entry) => `${entry.name}: ${entry.tiers.map((tier) => `${tier.name} ${tier.servicePort}`).join(", ")} | ${entry.flows.join("; ")}`),
            [
                "three-tier-mongodb: web 443, app 8080, db 27017 | internet --tcp 80,443--> web; web --tcp 8080--> app; app --tcp 27017--> db",
                "three-tier-mysql: web 443, app 8080, db 3306 | internet --tcp 80,443--> web; web --tcp 8080--> app; app --tcp 3306--> db",
                "three-tier-oracle: web 443, app 8080, db 1521 | internet --tcp 80,443--> web; web --tcp 8080--> app; app --tcp 1521--> db",
                "three-tier-postgres: web 443, app 8080, db 5432 | internet --tcp 80,443--> web; web --tcp 8080--> app; app --tcp 5432--> db",
                "three-tier-redshift: web 443, app 8080, db 5439 | internet --tcp 80,443--> web; web --tcp 8080--> app; app --tcp 5439--> db",
                "three-tier-sqlserver: web 443, app 8080, db 1433 | internet --tcp 80,443--> web; web --tcp 8080--> app; app --tcp 1433--> db",
                "two-tier-mysql: web 443, db 3306 | internet --tcp 80,443--> web; web --tcp 3306--> db",
                "two-tier-postgres: web 443, db 5432 | internet --tcp 80,443--> web; web --tcp 5432--> db",
                "two-tier-web-app: web 443, app 8080 | internet --tcp 80,443--> web; web --tcp 8080--> app",
            ],
        );
    });

    it("names the scenarios there are when NAME is none of them, and with --reports-dir logs under 'catalog'", () => {
        const cwd = workspace();
        const result = run(["describe-scenario", "../etc/passwd", "--reports-dir", "logs"], { cwd });
        assert.equal(result.code, 1);
        assert.equal(
            result.stderr,
            'scenario "../etc/passwd" does not exist\nfix: use one of: three-tier-mongodb, three-tier-mysql, three-tier-oracle, three-tier-postgres, three-tier-redshift, three-tier-sqlserver, two-tier-mysql, two-tier-postgres, two-tier-web-app\n',
        );
        assert.deepEqual(fs.readdirSync(path.join(cwd, "logs")), ["catalog-describe-scenario-20260505_101914_000.log"]);
    });

    it("writes no audit log without --reports-dir: browsing the catalog leaves no files behind", () => {
        const cwd = workspace();
        for (const args of [["list-scenarios"], ["list-scenarios", "--json"], ["describe-scenario", "two-tier-postgres"], ["describe-scenario", "no-such-scenario"]]) {
            const result = run(args, { cwd });
            assert.equal(result.code, args[1] === "no-such-scenario" ? 1 : 0, `${args.join(" ")}: ${result.stderr}`);
        }
        assert.deepEqual(fs.readdirSync(cwd), ["config.yaml"]);
    });

    it("logs under --reports-dir when it is given, before or after the command name", () => {
        const cwd = workspace();
        assert.equal(run(["list-scenarios", "--reports-dir", "after"], { cwd }).code, 0);
        assert.equal(run(["--reports-dir", "before", "describe-scenario", "two-tier-postgres"], { cwd }).code, 0);
        assert.deepEqual(
            [fs.readdirSync(path.join(cwd, "after")), fs.readdirSync(path.join(cwd, "before"))],
            [["catalog-list-scenarios-20260505_101914_000.log"], ["two-tier-postgres-describe-scenario-20260505_101914_000.log"]],
        );
        assert.match(fs.readFileSync(path.join(cwd, "after", "catalog-list-scenarios-20260505_101914_000.log"), "utf8"), /DECIDED 9 scenarios listed, 0 unreadable\nexit 0\n$/);
    });
});

describe("--help", () => {
    const commands: [string, string, RegExp[]][] = [
        [
            "validate-config",
            "Usage: sg-provisioner validate-config [options] <configs...>",
            [/--format <format>\s+output format \(choices: "text", "json", "sarif",\s+default: "text"\)/],
        ],
        ["plan", "Usage: sg-provisioner plan [options] <configs...>", []],
        [
            "create-review-report",
            "Usage: sg-provisioner create-review-report [options] <config>",
            [/--templates-dir <dir>\s+where the review YAML is written \(default:\s+"templates"\)/],
        ],
        ["create-policy", "Usage: sg-provisioner create-policy [options] <config>", [/--account-id <id>\s+the AWS account the policy is for/]],
        [
            "deployment-report",
            "Usage: sg-provisioner deployment-report [options] <config>",
            [/--outputs <file>\s+the output of 'pulumi stack output --json'/, /--fail-on-difference\s+exit 3 when the stack differs from the config/],
        ],
        ["list-scenarios", "Usage: sg-provisioner list-scenarios [options]", []],
        ["describe-scenario", "Usage: sg-provisioner describe-scenario [options] <name>", []],
    ];
    // The catalog commands change nothing: their --reports-dir has no default, and without it they write no log.
    const catalogReportsDir = /--reports-dir <dir>\s+write the audit log in this directory \(without\s+it,\s+this\s+read-only\s+command\s+writes\s+none\)/;
    for (const [command, usage, own] of commands) {
        it(`${command} --help prints its usage and its options, exit 0`, () => {
            const result = run([command, "--help"], { cwd: workspace() });
            assert.equal(result.code, 0, result.stderr);
            assert.equal(result.stdout.split("\n")[0], usage);
            for (const option of [
                /--json +print machine-readable JSON instead of text/,
                command === "list-scenarios" || command === "describe-scenario"
                    ? catalogReportsDir
                    : /--reports-dir <dir>\s+where audit logs and HTML reports are written\s+\(default:\s+"reports"\)/,
                ...own,
            ]) {
                assert.match(result.stdout, option);
            }
        });
    }
});

describe("failures leave nothing half-done", () => {
    it("deployment-report: an unwritable reports directory is a clear error, not a crash", () => {
        const cwd = workspace();
        fs.writeFileSync(path.join(cwd, "taken"), "a file where the directory should be");
        const result = run(["deployment-report", "config.yaml", "--reports-dir", "taken"], { cwd, input: JSON.stringify(OUTPUTS) });
        assert.equal(result.code, 1);
        assert.match(
            result.stderr,
            new RegExp(
                `^sg-provisioner: could not write taken/${SET}-deployment\\.html: EEXIST: file already exists, mkdir '[^']*taken'\\nfix: make the directory writable, or pass --reports-dir <dir>\\n`,
            ),
        );
        assert.doesNotMatch(result.stderr, /internal error/);
    });

    it("create-review-report: if the page cannot be written, neither is the YAML", () => {
        const cwd = workspace();
        fs.writeFileSync(path.join(cwd, "taken"), "a file where the directory should be");
        const result = run(["create-review-report", "config.yaml", "--reports-dir", "taken"], { cwd });
        assert.equal(result.code, 1);
        assert.match(result.stderr, new RegExp(`^sg-provisioner: could not write taken/${SET}-review\\.html: `));
        assert.deepEqual(fs.readdirSync(path.join(cwd, "templates")), [], "no review YAML, and no temporary file left behind");
    });

    it("a scenarios directory that does not exist is a finding, not a crash", () => {
        const cwd = workspace();
        const list = run(["list-scenarios", "--scenarios-dir", "nowhere"], { cwd });
        assert.deepEqual(
            [list.code, list.stderr],
            [
                1,
                "the scenarios directory nowhere does not exist\nfix: pass --scenarios-dir a directory of scenario YAML files, or leave the option out to use the bundled catalog\n",
            ],
        );
        const json = run(["describe-scenario", "three-tier-postgres", "--scenarios-dir", "nowhere", "--json"], { cwd });
        assert.equal(json.code, 1);
        assert.deepEqual(JSON.parse(json.stdout).problems, ["the scenarios directory nowhere does not exist"]);
        const validate = run(["validate-config", "config.yaml", "--scenarios-dir", "nowhere", "--json"], { cwd });
        assert.deepEqual(
            JSON.parse(validate.stdout).findings.map((f: { code: string; path: string; line: number }) => [f.code, f.path, f.line]),
            [["SG042", "scenario", 11]],
        );
    });

    it("never overwrites an audit log: runs with the same stamp keep both", () => {
        const cwd = workspace();
        run(["validate-config", "config.yaml"], { cwd });
        run(["validate-config", "config.yaml"], { cwd });
        assert.deepEqual(fs.readdirSync(path.join(cwd, "reports")).sort(), [`${SET}-validate-config-20260505_101914_000-2.log`, `${SET}-validate-config-20260505_101914_000.log`]);
    });

    it("deployment-report: an empty pipe gets the hint, as no pipe does", () => {
        const result = run(["deployment-report", "config.yaml"], { cwd: workspace(), input: "\n" });
        assert.equal(result.code, 1);
        assert.ok(
            result.stderr.startsWith("nothing was piped in: run 'pulumi stack output --json | sg-provisioner deployment-report <config>', or pass --outputs <file>\nfix: "),
            result.stderr,
        );
    });

    it("deployment-report --json reports unusable outputs as JSON", () => {
        const result = run(["deployment-report", "config.yaml", "--json"], { cwd: workspace(), input: JSON.stringify({ ...OUTPUTS, setName: "other-sg" }) });
        assert.equal(result.code, 1);
        assert.deepEqual(JSON.parse(result.stdout), {
            name: SET,
            valid: false,
            problems: [`the outputs are from set other-sg, but config.yaml describes ${SET}`],
            fix: "pass the output of 'pulumi stack output --json' for the stack deployed from config.yaml (pulumi stack select)",
        });
    });
});

describe("options before the command name", () => {
    it("count as the command's own: --json, --reports-dir", () => {
        const cwd = workspace();
        const result = run(["--json", "--reports-dir", "elsewhere", "validate-config", "config.yaml"], { cwd });
        assert.equal(result.code, 0, result.stderr);
        assert.equal(JSON.parse(result.stdout).valid, true);
        assert.deepEqual(fs.readdirSync(path.join(cwd, "elsewhere")), [`${SET}-validate-config-20260505_101914_000.log`]);
        assert.equal(fs.existsSync(path.join(cwd, "reports")), false);
    });

    it("give way to the command's own", () => {
        const cwd = workspace();
        run(["--reports-dir", "outer", "validate-config", "config.yaml", "--reports-dir", "inner"], { cwd });
        assert.deepEqual([fs.existsSync(path.join(cwd, "outer")), fs.existsSync(path.join(cwd, "inner"))], [false, true]);
    });
});

describe("deployment differences", () => {
    it("lists tiers the stack has only in some outputs, and a ruleCounts without a tier", () => {
        const cwd = workspace();
        const { db: _db, ...counts } = OUTPUTS.ruleCounts;
        const outputs = { ...OUTPUTS, parameterNames: { ...OUTPUTS.parameterNames, cache: "/sg/x/cache/SecurityGroupId" }, ruleCounts: counts };
        const result = run(["deployment-report", "config.yaml", "--json"], { cwd, input: JSON.stringify(outputs) });
        assert.equal(result.code, 0, result.stderr);
        assert.deepEqual(JSON.parse(result.stdout).differences, ["tier db: the stack's ruleCounts has no entry for it", "tier cache is in the stack but not in the config"]);
    });
});

describe("deployment-report compares what the config predicts", () => {
    const VPC_ID = "vpc-0123456789abcdef0";
    /** The example config, with its VPC given by ID, so that the stack's vpcId can be compared. */
    function byVpcId(): string {
        const cwd = workspace();
        const config = fs.readFileSync(EXAMPLE, "utf8").replace("  name: globalbank-prod-c001-us-west-2-vpc   # resolved from SSM /vpc/{name}/VPCId\n", `  id: ${VPC_ID}\n`);
        assert.ok(config.includes(`  id: ${VPC_ID}\n`));
        fs.writeFileSync(path.join(cwd, "config.yaml"), config);
        return cwd;
    }
    const { ruleCounts: _counts, ...OLDER } = OUTPUTS;
    const RULES_NOT_COMPARED = "Not compared: rule counts, which the outputs lack (a stack deployed before 0.1.0).";

    it("lists a wrong vpcId, group names without the planned prefix and other parameter names, one difference each, and exits 3 with --fail-on-difference", () => {
        const cwd = byVpcId();
        const outputs = {
            ...OLDER,
            vpcId: "vpc-0fffffffffffffff0",
            securityGroupNames: { web: "x", app: "y", db: `${SET}-db` },
            parameterNames: { web: "/other/web", app: "/other/app", db: `/sg/${SET}/db/SecurityGroupId` },
        };
        const result = run(["deployment-report", "config.yaml", "--fail-on-difference", "--json"], { cwd, input: JSON.stringify(outputs) });
        assert.equal(result.code, 3, result.stderr);
        const report = JSON.parse(result.stdout);
        assert.deepEqual([report.verdict, report.matches], ["differs from the config", false]);
        assert.deepEqual(report.differences, [
            `the stack's VPC is vpc-0fffffffffffffff0, the config gives vpc.id ${VPC_ID}`,
            `tier web: the stack's group name is x, the config plans ${SET}-web- followed by the suffix AWS adds (no hyphens)`,
            `tier web: the stack's SSM parameter is /other/web, the config plans /sg/${SET}/web/SecurityGroupId`,
            `tier app: the stack's group name is y, the config plans ${SET}-app- followed by the suffix AWS adds (no hyphens)`,
            `tier app: the stack's SSM parameter is /other/app, the config plans /sg/${SET}/app/SecurityGroupId`,
            `tier db: the stack's group name is ${SET}-db, the config plans ${SET}-db- followed by the suffix AWS adds (no hyphens)`,
        ]);
        assert.deepEqual(
            [report.compared, report.notCompared],
            [["tiers", "vpcId", "groupNames", "parameterNames"], [{ field: "ruleCounts", why: "rule counts, which the outputs lack (a stack deployed before 0.1.0)" }]],
        );
        assert.equal(result.stderr.split("\n")[0], "sg-provisioner: the stack differs from config.yaml (6 differences), and --fail-on-difference was given");
    });

    it("takes a group name only as the planned prefix and AWS's suffix: {set}-web-2-… is another tier's group, not web's", () => {
        const outputs = { ...OUTPUTS, securityGroupNames: { ...OUTPUTS.securityGroupNames, web: `${SET}-web-2-20260505101914` } };
        const result = run(["deployment-report", "config.yaml", "--json"], { cwd: workspace(), input: JSON.stringify(outputs) });
        assert.equal(result.code, 0, result.stderr);
        assert.deepEqual(JSON.parse(result.stdout).differences, [
            `tier web: the stack's group name is ${SET}-web-2-20260505101914, the config plans ${SET}-web- followed by the suffix AWS adds (no hyphens)`,
        ]);
    });

    /** Whether the text holds a C0 control character other than the newline (ESC, BEL, ...). */
    const hasControls = (text: string) => [...text].some((character) => character.charCodeAt(0) < 0x20 && character !== "\n");

    it("prints the outputs' names and parameters terminal-safe, on standard output and in the audit log", () => {
        const cwd = workspace();
        const outputs = {
            ...OUTPUTS,
            securityGroupNames: { ...OUTPUTS.securityGroupNames, web: "\u001b[2J\u001b]0;pwned\u0007x" },
            parameterNames: { ...OUTPUTS.parameterNames, db: "\u001b[31mred\u001b[0m" },
        };
        const result = run(["deployment-report", "config.yaml", "--reports-dir", "audit"], { cwd, input: JSON.stringify(outputs) });
        assert.equal(result.code, 0, result.stderr);
        const web = `tier web: the stack's group name is \\x1b[2J\\x1b]0;pwned\\x07x, the config plans ${SET}-web- followed by the suffix AWS adds (no hyphens)`;
        const db = `tier db: the stack's SSM parameter is \\x1b[31mred\\x1b[0m, the config plans /sg/${SET}/db/SecurityGroupId`;
        const lines = result.stdout.split("\n");
        assert.deepEqual(lines.slice(1, 3), [`  ${web}`, `  ${db}`]);
        assert.equal(lines[7], "  db: sg-0a1b2c3d4e5f60003  \\x1b[31mred\\x1b[0m");
        assert.equal(hasControls(result.stdout), false);
        const [log] = fs.readdirSync(path.join(cwd, "audit")).filter((file) => file.endsWith(".log"));
        const text = fs.readFileSync(path.join(cwd, "audit", log), "utf8");
        assert.equal(hasControls(text), false);
        assert.deepEqual(
            text.split("\n").filter((line) => line.startsWith("DECIDED tier")),
            [`DECIDED ${web}`, `DECIDED ${db}`],
        );
    });

    it("without ruleCounts, says the rule counts were not compared rather than that they match, in the text, the page and the JSON", () => {
        const cwd = byVpcId();
        const result = run(["deployment-report", "config.yaml", "--fail-on-difference"], { cwd, input: JSON.stringify({ ...OLDER, vpcId: VPC_ID }) });
        assert.equal(result.code, 0, result.stderr);
        const summary = "The stack matches the config in what was compared: tiers, VPC ID, group names and SSM parameter names.";
        assert.equal(result.stdout.split("\n").slice(0, 3).join("\n"), [summary, RULES_NOT_COMPARED, ""].join("\n"));
        const page = fs.readFileSync(path.join(cwd, "reports", `${SET}-deployment.html`), "utf8");
        assert.ok(
            page.includes(
                `<p class="verdict"><span class="badge valid">matches the config</span> <strong>${summary}</strong></p>\n<p class="muted" data-testid="not-compared">${RULES_NOT_COMPARED}</p>\n</section>`,
            ),
        );
        const report = JSON.parse(run(["deployment-report", "config.yaml", "--json"], { cwd, input: JSON.stringify({ ...OLDER, vpcId: VPC_ID }) }).stdout);
        assert.deepEqual(
            [report.matches, report.compared, report.notCompared.map((item: { field: string }) => item.field)],
            [true, ["tiers", "vpcId", "groupNames", "parameterNames"], ["ruleCounts"]],
        );
    });

    it("with vpc.id and ruleCounts, compares everything and says so, with no line of what was not compared", () => {
        const cwd = byVpcId();
        const result = run(["deployment-report", "config.yaml"], { cwd, input: JSON.stringify({ ...OUTPUTS, vpcId: VPC_ID }) });
        assert.equal(result.code, 0, result.stderr);
        assert.equal(
            result.stdout.split("\n").slice(0, 3).join("\n"),
            "The stack matches the config in what was compared: tiers, VPC ID, group names, SSM parameter names and rule counts.\n\n  web: sg-0a1b2c3d4e5f60001  /sg/" +
                SET +
                "/web/SecurityGroupId",
        );
        assert.equal(fs.readFileSync(path.join(cwd, "reports", `${SET}-deployment.html`), "utf8").includes("not-compared"), false);
        const report = JSON.parse(run(["deployment-report", "config.yaml", "--json"], { cwd, input: JSON.stringify({ ...OUTPUTS, vpcId: VPC_ID }) }).stdout);
        assert.deepEqual([report.compared, report.notCompared], [["tiers", "vpcId", "groupNames", "parameterNames", "ruleCounts"], []]);
    });

    it("with a VPC named in the config and no ruleCounts, names both things it did not compare", () => {
        const result = run(["deployment-report", "config.yaml"], { cwd: workspace(), input: JSON.stringify(OLDER) });
        assert.equal(result.code, 0, result.stderr);
        assert.deepEqual(result.stdout.split("\n").slice(0, 2), [
            "The stack matches the config in what was compared: tiers, group names and SSM parameter names.",
            "Not compared: the VPC ID, which SSM parameter /vpc/globalbank-prod-c001-us-west-2-vpc/VPCId gives at deploy time; rule counts, which the outputs lack (a stack deployed before 0.1.0).",
        ]);
    });

    it("counts a deployed tier without a group name or SSM parameter in the outputs as a difference, and a tier not in the stack once", () => {
        const { web: _name, ...names } = OUTPUTS.securityGroupNames;
        const { app: _parameter, ...parameters } = OUTPUTS.parameterNames;
        const { db: _id, ...ids } = OUTPUTS.securityGroupIds;
        const { db: _dbName, ...namesWithoutDb } = names;
        const { db: _dbParameter, ...parametersWithoutDb } = parameters;
        const { db: _dbCounts, ...counts } = OUTPUTS.ruleCounts;
        const outputs = { ...OUTPUTS, securityGroupIds: ids, securityGroupNames: namesWithoutDb, parameterNames: parametersWithoutDb, ruleCounts: counts };
        const result = run(["deployment-report", "config.yaml", "--json"], { cwd: workspace(), input: JSON.stringify(outputs) });
        assert.equal(result.code, 0, result.stderr);
        assert.deepEqual(JSON.parse(result.stdout).differences, [
            "tier web: the stack's securityGroupNames has no entry for it",
            "tier app: the stack's parameterNames has no entry for it",
            "tier db is in the config but not in the stack",
            "tier db: the stack's ruleCounts has no entry for it",
        ]);
    });
});

describe("colours", () => {
    function capture(color: boolean) {
        const out: string[] = [];
        const dir = workspace();
        const io = { ...capturedIo(dir).io, out: (text: string) => void out.push(text), err: (text: string) => void out.push(text), color };
        return { io, out, dir };
    }

    it("paints severities and the verdict on a terminal, and nothing otherwise", async () => {
        const open = configYaml(
            "three-tier-postgres",
            "overrides:\n  tiers:\n    db:\n      ingress:\n        - protocol: tcp\n          port: 5432\n          source: 0.0.0.0/0\n          description: Open\n",
        );
        for (const color of [true, false]) {
            const { io, out, dir } = capture(color);
            fs.writeFileSync(path.join(dir, "open.yaml"), open);
            assert.equal(await validateCommand("open.yaml", { reportsDir: "reports" }, io), 1);
            const text = out.join("");
            assert.equal(text.includes("\u001b[31m\u001b[1merror\u001b[22m\u001b[39m"), color, "a red, bold severity");
            assert.equal(text.includes("\u001b[31mopen.yaml is not valid\u001b[39m"), color, "a red verdict");
            assert.equal(text.includes("\u001b["), color);
        }
    });
});
