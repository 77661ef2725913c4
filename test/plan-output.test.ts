import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineMessage } from "../provider/cli/src/engine/offline";
import { engineMessageLines } from "../provider/cli/src/format/plan";
import { Finding } from "../provider/core/src/rules/finding";
import { REPO, baseConfig, configYaml } from "./support/config";
import { tempDir } from "./support/temp";

const CLI = path.join(REPO, "provider", "cli", "bin", "sg-provisioner.js");

/** A port override (the web tier's 443 becomes 8443) and an override rule (SSH from the internet): three warnings. */
const OVERRIDES = [
    "overrides:",
    "  ports:",
    "    web: 8443",
    "  tiers:",
    "    db:",
    "      ingress:",
    "        - protocol: tcp",
    "          port: 22",
    "          source: 0.0.0.0/0",
    "          description: SSH",
].join("\n");

/** Runs the CLI as people do, in a workspace holding config.yaml; its audit logs go to the workspace. */
function plan(...args: string[]) {
    const cwd = tempDir("sgp-plan-output-");
    fs.writeFileSync(path.join(cwd, "config.yaml"), `${configYaml("two-tier-postgres", OVERRIDES)}\n`);
    const result = spawnSync(process.execPath, [CLI, "plan", "config.yaml", "--reports-dir", "reports", ...args], { cwd, encoding: "utf8" });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("plan: each finding once, override rules marked", function () {
    this.timeout(120000);

    it("prints each warning once, among the plan's findings, with rules from overrides marked; nothing on standard error", () => {
        const result = plan();
        assert.deepEqual([result.code, result.stderr], [0, ""]);
        assert.deepEqual(result.stdout.split("\n"), [
            "Offline plan for acme-dev-d01-eu-west-1-sg: scenario two-tier-postgres, region eu-west-1",
            "VPC: VPC ID vpc-0123456789abcdef0",
            "Tags on every resource: ManagedBy=sg-provisioner, sg-provisioner:set=acme-dev-d01-eu-west-1-sg, Tier=<tier>",
            "",
            "  + sg-provisioner.index.TieredSecurityGroups  acme-dev-d01-eu-west-1-sg",
            "",
            "web tier (service port 8443)",
            "  + aws.ec2.SecurityGroup  acme-dev-d01-eu-west-1-sg-web",
            "      namePrefix: acme-dev-d01-eu-west-1-sg-web-  vpcId: vpc-0123456789abcdef0",
            "  + aws.vpc.SecurityGroupIngressRule  acme-dev-d01-eu-west-1-sg-web-ingress-tcp-80-from-cidr4-0.0.0.0/0",
            '      tcp 80  cidrIpv4: 0.0.0.0/0  "HTTP from the internet (IPv4), for redirects to HTTPS"',
            "  + aws.vpc.SecurityGroupIngressRule  acme-dev-d01-eu-west-1-sg-web-ingress-tcp-8443-from-cidr4-0.0.0.0/0  (override: overrides.ports.web, replaces port 443)",
            '      tcp 8443  cidrIpv4: 0.0.0.0/0  "HTTPS from the internet (IPv4)"',
            "  + aws.vpc.SecurityGroupIngressRule  acme-dev-d01-eu-west-1-sg-web-ingress-tcp-80-from-cidr6---/0",
            '      tcp 80  cidrIpv6: ::/0  "HTTP from the internet (IPv6), for redirects to HTTPS"',
            "  + aws.vpc.SecurityGroupIngressRule  acme-dev-d01-eu-west-1-sg-web-ingress-tcp-8443-from-cidr6---/0  (override: overrides.ports.web, replaces port 443)",
            '      tcp 8443  cidrIpv6: ::/0  "HTTPS from the internet (IPv6)"',
            "  + aws.vpc.SecurityGroupEgressRule  acme-dev-d01-eu-west-1-sg-web-egress-tcp-5432-to-tier-db",
            '      tcp 5432  referencedSecurityGroupId: (id of acme-dev-d01-eu-west-1-sg-db)  "PostgreSQL connections to the db tier"',
            "  + aws.ssm.Parameter  acme-dev-d01-eu-west-1-sg-web-sg-id",
            "      /sg/acme-dev-d01-eu-west-1-sg/web/SecurityGroupId = (id of acme-dev-d01-eu-west-1-sg-web)",
            "",
            "db tier (service port 5432)",
            "  + aws.ec2.SecurityGroup  acme-dev-d01-eu-west-1-sg-db",
            "      namePrefix: acme-dev-d01-eu-west-1-sg-db-  vpcId: vpc-0123456789abcdef0",
            "  + aws.vpc.SecurityGroupIngressRule  acme-dev-d01-eu-west-1-sg-db-ingress-tcp-22-from-cidr4-0.0.0.0/0  (override: overrides.tiers.db.ingress[0])",
            '      tcp 22  cidrIpv4: 0.0.0.0/0  "SSH"',
            "  + aws.vpc.SecurityGroupIngressRule  acme-dev-d01-eu-west-1-sg-db-ingress-tcp-5432-from-tier-web",
            '      tcp 5432  referencedSecurityGroupId: (id of acme-dev-d01-eu-west-1-sg-web)  "PostgreSQL connections from the web tier"',
            "  + aws.ssm.Parameter  acme-dev-d01-eu-west-1-sg-db-sg-id",
            "      /sg/acme-dev-d01-eu-west-1-sg/db/SecurityGroupId = (id of acme-dev-d01-eu-west-1-sg-db)",
            "",
            "Findings (0 errors, 3 warnings):",
            "",
            "config.yaml:10:10  warning  SG115  overrides.ports.web",
            "  tcp 8443 from 0.0.0.0/0 opens port 8443 to the internet, beyond the ports meant to face it (80, 443), after the port override overrides.ports.web: 8443 (the scenario's rule at tiers.web.ingress[2] uses it)",
            "  fix: serve the traffic through the web tier on 80, 443, or allow only the CIDRs of the clients that need it",
            "  why: every port open to the internet is scanned within minutes; an internal service behind it is rarely hardened for that",
            "",
            "config.yaml:10:10  warning  SG115  overrides.ports.web",
            "  tcp 8443 from ::/0 opens port 8443 to the internet, beyond the ports meant to face it (80, 443), after the port override overrides.ports.web: 8443 (the scenario's rule at tiers.web.ingress[3] uses it)",
            "  fix: serve the traffic through the web tier on 80, 443, or allow only the CIDRs of the clients that need it",
            "  why: every port open to the internet is scanned within minutes; an internal service behind it is rarely hardened for that",
            "",
            "config.yaml:16:19  warning  SG110  overrides.tiers.db.ingress[0].source",
            "  tcp 22 from 0.0.0.0/0 makes SSH (22) reachable from the internet",
            "  fix: use AWS Systems Manager Session Manager, a bastion host or a VPN, and allow admin ports only from its CIDR or group",
            "  why: remote-administration ports on the internet draw constant brute-force attempts",
            "",
            "12 resources to create: 1 sg-provisioner.index.TieredSecurityGroups, 2 aws.ec2.SecurityGroup, 6 aws.vpc.SecurityGroupIngressRule, 1 aws.vpc.SecurityGroupEgressRule, 2 aws.ssm.Parameter",
            "",
        ]);
    });

    it("with --json, prints JSON alone and nothing on standard error; each rule resource says where its rule comes from", () => {
        const result = plan("--json");
        assert.deepEqual([result.code, result.stderr], [0, ""]);
        const json = JSON.parse(result.stdout) as { resources: { name: string; source?: string; override?: unknown }[]; findings: { code: string }[] };
        assert.deepEqual(
            json.findings.map((finding) => finding.code),
            ["SG115", "SG115", "SG110"],
        );
        const n = "acme-dev-d01-eu-west-1-sg";
        assert.deepEqual(
            json.resources.filter((resource) => resource.source !== undefined).map((resource) => [resource.name.slice(n.length), resource.source, resource.override]),
            [
                ["-web-ingress-tcp-80-from-cidr4-0.0.0.0/0", "scenario", undefined],
                ["-web-ingress-tcp-8443-from-cidr4-0.0.0.0/0", "override", { path: "overrides.ports.web", replacedPort: 443 }],
                ["-web-ingress-tcp-80-from-cidr6---/0", "scenario", undefined],
                ["-web-ingress-tcp-8443-from-cidr6---/0", "override", { path: "overrides.ports.web", replacedPort: 443 }],
                ["-web-egress-tcp-5432-to-tier-db", "scenario", undefined],
                ["-db-ingress-tcp-22-from-cidr4-0.0.0.0/0", "override", { path: "overrides.tiers.db.ingress[0]" }],
                ["-db-ingress-tcp-5432-from-tier-web", "scenario", undefined],
            ],
        );
        assert.deepEqual(
            json.resources.filter((resource) => resource.source === undefined).map((resource) => resource.name.slice(n.length)),
            ["", "-web", "-web-sg-id", "-db", "-db-sg-id"],
        );
    });

    it("the offline engine hands what the component logs to the caller, not to the console, and puts the SDK's logging back after", async () => {
        const { runOffline } = await import("../provider/cli/src/engine/offline");
        const log = (await import("@pulumi/pulumi/log")) as unknown as Record<"info" | "warn" | "error", unknown>;
        const before = { info: log.info, warn: log.warn, error: log.error };
        const printed: string[] = [];
        const saved = { warn: console.warn, log: console.log, error: console.error };
        const capture = (...args: unknown[]) => void printed.push(args.map(String).join(" "));
        Object.assign(console, { warn: capture, log: capture, error: capture });
        const messages: EngineMessage[] = [];
        try {
            const args = {
                ...baseConfig("two-tier-postgres"),
                overrides: { tiers: { db: { ingress: [{ protocol: "tcp", port: 22, source: "0.0.0.0/0", description: "SSH" }] } } },
            };
            await runOffline("acme-dev-d01-eu-west-1-sg", args, { log: (message) => messages.push(message) });
        } finally {
            Object.assign(console, saved);
        }
        assert.deepEqual(printed, []);
        assert.deepEqual(messages, [
            {
                severity: "warning",
                message: [
                    "(component args)  warning  SG110  overrides.tiers.db.ingress[0].source",
                    "  tcp 22 from 0.0.0.0/0 makes SSH (22) reachable from the internet",
                    "  fix: use AWS Systems Manager Session Manager, a bastion host or a VPN, and allow admin ports only from its CIDR or group",
                    "  why: remote-administration ports on the internet draw constant brute-force attempts",
                ].join("\n"),
                onComponent: true,
            },
        ]);
        assert.deepEqual({ info: log.info, warn: log.warn, error: log.error }, before);
    });

    describe("engineMessageLines", () => {
        const warning = (code: string): Finding => ({ code, severity: "warning", message: "m", fix: "f", file: "config.yaml", path: "p" });
        const onComponent = (message: string): EngineMessage => ({ severity: "warning", message, onComponent: true });

        it("leaves out the component's warnings, one per warning finding the plan prints, and keeps every other message once, terminal-safe", () => {
            const messages: EngineMessage[] = [
                onComponent("SG110 as the component words it"),
                { severity: "info", message: "from the SDK\u001b[2J\nsecond line\u202e", onComponent: false },
                { severity: "warning", message: "a deprecation, on no resource", onComponent: false },
                onComponent("SG113 as the component words it"),
                onComponent("one more than the findings hold"),
                { severity: "error", message: "on the component", onComponent: true },
            ];
            assert.deepEqual(engineMessageLines(messages, [warning("SG110"), warning("SG113")]), [
                "info: from the SDK\\x1b[2J\nsecond line\\u202e",
                "warning: a deprecation, on no resource",
                "warning: one more than the findings hold",
                "error: on the component",
            ]);
        });

        it("counts the warnings a cap left out as shown: the plan counts them in its last finding", () => {
            const capped: Finding = { ...warning("SG007"), omitted: { error: 0, warning: 2 } };
            assert.deepEqual(engineMessageLines([onComponent("a"), onComponent("b"), onComponent("c"), onComponent("d")], [warning("SG110"), capped]), ["warning: d"]);
            assert.deepEqual(engineMessageLines([onComponent("a")], []), ["warning: a"]);
        });
    });
});
