import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { EXAMPLE, REPO, configYaml, tempFile } from "./support/config";
import { tempDir } from "./support/temp";

const CLI = path.join(REPO, "provider", "cli", "bin", "sg-provisioner.js");
const EXAMPLE_RELATIVE = "examples/configs/globalbank-prod-c001-us-west-2-sg.yaml";

/** Runs the CLI; its audit logs go to a temporary folder, never the checkout's reports/. */
function run(args: string[], options: { cwd?: string; preload?: string; env?: NodeJS.ProcessEnv } = {}) {
    const withReports = ["--reports-dir", tempDir("sgp-cli-reports-"), ...args];
    const nodeArgs = options.preload ? ["-r", options.preload, CLI, ...withReports] : [CLI, ...withReports];
    const result = spawnSync(process.execPath, nodeArgs, { cwd: options.cwd ?? REPO, encoding: "utf8", env: { ...process.env, ...options.env } });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function loadedModules(args: string[]): string[] {
    const out = path.join(tempDir("sgp-modules-"), "modules.json");
    const result = run(args, { preload: path.join(REPO, "test", "support", "record-modules.js"), env: { SGP_MODULES_OUT: out } });
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(fs.readFileSync(out, "utf8")) as string[];
}

describe("sg-provisioner CLI", () => {
    it("plans the example offline as JSON: every resource pulumi up would create", () => {
        const result = run(["plan", EXAMPLE_RELATIVE, "--json"]);
        assert.equal(result.code, 0, result.stderr);
        const plan = JSON.parse(result.stdout);
        const n = "globalbank-prod-c001-us-west-2-fraud-sg";
        assert.equal(plan.name, n);
        assert.deepEqual(plan.findings, []);
        assert.deepEqual(
            plan.resources.map((r: { type: string; name: string }) => `${r.type.split(":").pop()} ${r.name.slice(n.length)}`),
            [
                "TieredSecurityGroups ",
                "SecurityGroup -web",
                "SecurityGroupIngressRule -web-ingress-tcp-80-from-cidr4-0.0.0.0/0",
                "SecurityGroupIngressRule -web-ingress-tcp-443-from-cidr4-0.0.0.0/0",
                "SecurityGroupIngressRule -web-ingress-tcp-80-from-cidr6---/0",
                "SecurityGroupIngressRule -web-ingress-tcp-443-from-cidr6---/0",
                "SecurityGroupEgressRule -web-egress-tcp-443-to-cidr4-0.0.0.0/0",
                "SecurityGroupEgressRule -web-egress-tcp-8443-to-tier-app",
                "Parameter -web-sg-id",
                "SecurityGroup -app",
                "SecurityGroupIngressRule -app-ingress-tcp-8443-from-tier-web",
                "SecurityGroupIngressRule -app-ingress-tcp-9090-from-tier-web",
                "SecurityGroupEgressRule -app-egress-tcp-5432-to-tier-db",
                "Parameter -app-sg-id",
                "SecurityGroup -db",
                "SecurityGroupIngressRule -db-ingress-tcp-5432-from-tier-app",
                "Parameter -db-sg-id",
            ],
        );
        assert.deepEqual(Object.keys(plan), ["name", "resources", "findings"]);
        assert.deepEqual(Object.keys(plan.resources[1]), ["type", "name", "inputs"]);
    });

    it("prints the plan for people, grouped by tier", () => {
        const result = run(["plan", EXAMPLE_RELATIVE]);
        assert.equal(result.code, 0, result.stderr);
        const lines = result.stdout.trimEnd().split("\n");
        assert.deepEqual(lines.slice(0, 3), [
            "Offline plan for globalbank-prod-c001-us-west-2-fraud-sg: scenario three-tier-postgres, region us-west-2",
            "VPC: SSM parameter /vpc/globalbank-prod-c001-us-west-2-vpc/VPCId",
            "Tags on every resource: ManagedBy=sg-provisioner, sg-provisioner:set=globalbank-prod-c001-us-west-2-fraud-sg, Tier=<tier>, cost_center=Fraud Operations, owner=fraud-team, compliance=pci-dss",
        ]);
        assert.deepEqual(
            lines.filter((line) => / tier \(service port \d+\)$/.test(line)),
            ["web tier (service port 443)", "app tier (service port 8443)", "db tier (service port 5432)"],
        );
        assert.ok(lines.includes('      tcp 9090  referencedSecurityGroupId: (id of globalbank-prod-c001-us-west-2-fraud-sg-web)  "Metrics scrape from the web tier"'));
        assert.equal(
            lines[lines.length - 1],
            "17 resources to create: 1 sg-provisioner.index.TieredSecurityGroups, 3 aws.ec2.SecurityGroup, 7 aws.vpc.SecurityGroupIngressRule, 3 aws.vpc.SecurityGroupEgressRule, 3 aws.ssm.Parameter",
        );
    });

    it("refuses to plan an invalid config, exits 1, and shows located findings without a stack trace", () => {
        const file = tempFile(
            configYaml(
                "three-tier-postgres",
                "overrides:\n  tiers:\n    db:\n      ingress:\n        - protocol: tcp\n          port: 5432\n          source: 0.0.0.0/0\n          description: Open\n",
            ),
        );
        const result = run(["plan", file]);
        assert.equal(result.code, 1);
        assert.match(
            result.stdout,
            new RegExp(
                `^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:14:19  error  SG100  overrides\\.tiers\\.db\\.ingress\\[0\\]\\.source\\n  tcp 5432 from 0\\.0\\.0\\.0/0 makes PostgreSQL \\(5432\\) reachable from the internet\\n  fix: `,
            ),
        );
        assert.match(result.stdout, /is not valid \(1 error, 0 warnings\); nothing was planned\n$/);
        assert.doesNotMatch(result.stdout + result.stderr, /\n\s+at /);
    });

    it("validate-config exits 0 for a valid config and 1 with JSON findings for an invalid one", () => {
        const ok = run(["validate-config", EXAMPLE_RELATIVE]);
        assert.deepEqual([ok.code, ok.stdout], [0, `${EXAMPLE_RELATIVE} is valid: security group set globalbank-prod-c001-us-west-2-fraud-sg (0 errors, 0 warnings)\n`]);
        const bad = run(["validate-config", tempFile("client: acme\n"), "--json"]);
        assert.equal(bad.code, 1);
        const report = JSON.parse(bad.stdout);
        assert.deepEqual([report.name, report.valid, report.findings.map((f: { code: string }) => f.code)], [null, false, ["SG011", "SG011", "SG011", "SG011", "SG011"]]);
    });

    it("validate-config never loads the Pulumi SDK; plan does", () => {
        const validateModules = loadedModules(["validate-config", EXAMPLE]);
        assert.deepEqual(
            validateModules.filter((file) => file.includes(`${path.sep}@pulumi${path.sep}`)),
            [],
        );
        assert.ok(
            validateModules.some((file) => file.includes(`${path.sep}ajv${path.sep}`)),
            "the control: module recording works",
        );
        const planModules = loadedModules(["plan", EXAMPLE, "--json"]);
        assert.ok(planModules.some((file) => file.includes(`${path.sep}@pulumi${path.sep}pulumi${path.sep}`)));
    });

    it("validate-config loads YAML from the core's one-file build (dist/vendor/yaml.js), none of the yaml package's own files, and no glob library for a single file", () => {
        const modules = loadedModules(["validate-config", EXAMPLE]).map((file) => path.relative(REPO, file).split(path.sep).join("/"));
        assert.deepEqual(
            modules.filter((file) => /yaml/.test(file)),
            ["provider/core/dist/config/yaml-source.js", "provider/core/dist/config/yaml-library.js", "provider/core/dist/vendor/yaml.js"],
        );
        assert.deepEqual(
            modules.filter((file) => file.includes("tinyglobby")),
            [],
        );
    });

    it("the core's one-file yaml is built from the yaml version the core depends on, with its licence", () => {
        const built = fs.readFileSync(path.join(REPO, "provider", "core", "dist", "vendor", "yaml.js"), "utf8");
        const declared = (JSON.parse(fs.readFileSync(path.join(REPO, "provider", "core", "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies.yaml;
        const installed = (JSON.parse(fs.readFileSync(path.join(REPO, "node_modules", "yaml", "package.json"), "utf8")) as { version: string }).version;
        assert.equal(installed, declared);
        assert.ok(built.startsWith(`/*! yaml ${declared} (ISC), bundled into one file by scripts/bundle-yaml.js.\nCopyright Eemeli Aro <eemeli@gmail.com>\n`), built.slice(0, 200));
    });

    it("exits 2 with usage help for a missing argument or an unknown command", () => {
        const missing = run(["plan"]);
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /error: missing required argument 'configs'/);
        assert.equal(run(["deploy", "x.yaml"]).code, 2);
    });

    describe("seed-compatible --config NAME --action ACTION", () => {
        let cwd: string;
        before(() => {
            cwd = tempDir("sgp-seed-");
            fs.mkdirSync(path.join(cwd, "configs"));
            fs.copyFileSync(EXAMPLE, path.join(cwd, "configs", "globalbank-prod-c001-us-west-2-sg.yaml"));
        });

        it("resolves NAME inside configs/ (also as -con and -act)", () => {
            const result = run(["-con", "globalbank-prod-c001-us-west-2-sg.yaml", "-act", "validate-config"], { cwd });
            assert.deepEqual(
                [result.code, result.stdout],
                [0, "configs/globalbank-prod-c001-us-west-2-sg.yaml is valid: security group set globalbank-prod-c001-us-west-2-fraud-sg (0 errors, 0 warnings)\n"],
            );
            const plan = run(["--config", "globalbank-prod-c001-us-west-2-sg.yaml", "--action", "create-prov-template", "--json"], { cwd });
            assert.equal(plan.code, 0, plan.stderr);
            assert.equal(JSON.parse(plan.stdout).resources.length, 17);
        });

        for (const name of ["../globalbank-prod-c001-us-west-2-sg.yaml", "sub/x.yaml", "..\\x.yaml", "..", "/etc/passwd"]) {
            it(`rejects the path ${JSON.stringify(name)}`, () => {
                const result = run(["--config", name, "--action", "validate-config"], { cwd });
                assert.equal(result.code, 2);
                assert.equal(
                    result.stderr,
                    `--config takes a file name inside configs/, not a path: "${name}". Move the file into configs/ and pass its name, or use 'sg-provisioner validate-config <path>'.\n`,
                );
            });
        }

        it("names the configs it has when NAME is not there", () => {
            const result = run(["--config", "nope.yaml", "--action", "validate-config"], { cwd });
            assert.deepEqual([result.code, result.stderr], [2, 'no config named "nope.yaml" in configs/ (configs there: globalbank-prod-c001-us-west-2-sg.yaml)\n']);
        });

        it("knows every action of the reference tool, the deployment ones included, and lists them for an unknown one", () => {
            const result = run(["--config", "x.yaml", "--action", "deploy"], { cwd });
            assert.deepEqual(
                [result.code, result.stderr],
                [
                    2,
                    'unknown action "deploy"; actions: validate-config, create-prov-template, validate-prov-template, create-review-report, create-policy, deployment-report, preflight, show-changes, create-security-groups, test-deploy, check-drift, delete-security-groups\n',
                ],
            );
        });
    });
});
