import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { icmpFromPortFields, icmpPortFields } from "../provider/core/src/model/icmp";
import { NormalizedRule, compareRules, describeRule, portsLabel, ruleKey } from "../provider/core/src/model/rule";
import { planResources } from "../provider/core/src/plan/resources";
import { validateConfigFile } from "../provider/core/src/plan/validate";
import { checkRule } from "../provider/core/src/rules/checks";
import { buildReview } from "../provider/cli/src/report/review";
import { topologyOf } from "../provider/cli/src/report/topology";
import { AWS_TYPES, NATIVE_TYPES, rulesOf } from "../policypack/src/adapters";
import { REPO, configYaml, tempFile } from "./support/config";
import { makeRule } from "./support/rules";
import { tempDir } from "./support/temp";
import { PolicyPackProcess, packForSuite } from "./support/policy-pack";
import { attached, group } from "./support/stacks";

const CLI = path.join(REPO, "provider", "cli", "bin", "sg-provisioner.js");

/** A config of two-tier-postgres with these extra ingress rules on the db tier. */
function dbIngress(rules: readonly Record<string, unknown>[]): string {
    return configYaml("two-tier-postgres", stringify({ overrides: { tiers: { db: { ingress: rules } } } }));
}

const PING = { protocol: "icmp", icmp_type: 8, source: "10.0.0.0/24", description: "Ping" };
const PMTU = { protocol: "icmp", icmp_type: 3, icmp_code: 4, source: "10.0.0.0/24", description: "Path MTU discovery" };
const ALL_ICMP = { protocol: "icmp", source: "10.0.0.0/24", description: "All ICMP" };
const PACKET_TOO_BIG = { protocol: "icmpv6", icmp_type: 2, icmp_code: 0, source: "2001:db8::/64", description: "Packet too big" };

const v4 = (cidr: string) => ({ kind: "cidr" as const, family: "ipv4" as const, cidr });

describe("ICMP types and codes: what a config may write", () => {
    it("reads icmp_type and icmp_code into the rule, and a rule without them as every type, as before", () => {
        const validation = validateConfigFile(tempFile(dbIngress([PING, PMTU, ALL_ICMP, PACKET_TOO_BIG])));
        assert.deepEqual(validation.findings, []);
        const db = validation.set!.tiers.find((tier) => tier.name === "db")!;
        assert.deepEqual(
            db.rules.filter((rule) => rule.protocol !== "tcp").map((rule) => [rule.origin.path, rule.protocol, rule.icmp, "icmp" in rule]),
            [
                ["overrides.tiers.db.ingress[2]", "icmp", undefined, false],
                ["overrides.tiers.db.ingress[1]", "icmp", { type: 3, code: 4 }, true],
                ["overrides.tiers.db.ingress[0]", "icmp", { type: 8 }, true],
                ["overrides.tiers.db.ingress[3]", "icmpv6", { type: 2, code: 0 }, true],
            ],
        );
    });

    const refused = (rules: readonly Record<string, unknown>[]) =>
        validateConfigFile(tempFile(dbIngress(rules))).findings.map(({ code, severity, path, line, column, message, fix }) => ({
            code,
            severity,
            path,
            line,
            column,
            message,
            fix,
        }));

    it("refuses icmp_type and icmp_code on tcp, udp and all (SG039), saying to use ports", () => {
        assert.deepEqual(
            refused([
                { protocol: "tcp", port: 443, icmp_type: 8, source: "10.0.0.0/24", description: "x" },
                { protocol: "udp", port: 53, icmp_code: 0, source: "10.0.0.0/24", description: "x" },
                { protocol: "all", icmp_type: 8, icmp_code: 0, source: "10.0.0.0/24", description: "x" },
            ]),
            [
                {
                    code: "SG039",
                    severity: "error",
                    path: "overrides.tiers.db.ingress[0].icmp_type",
                    line: 14,
                    column: 22,
                    message: "icmp_type is set but tcp has ports, not ICMP types",
                    fix: "remove icmp_type and limit the rule with port: or port_range:, or use protocol icmp or icmpv6 to allow one ICMP type",
                },
                {
                    code: "SG039",
                    severity: "error",
                    path: "overrides.tiers.db.ingress[1].icmp_code",
                    line: 19,
                    column: 22,
                    message: "icmp_code is set but udp has ports, not ICMP types",
                    fix: "remove icmp_code and limit the rule with port: or port_range:, or use protocol icmp or icmpv6 to allow one ICMP type",
                },
                {
                    code: "SG039",
                    severity: "error",
                    path: "overrides.tiers.db.ingress[2].icmp_type",
                    line: 23,
                    column: 22,
                    message: "icmp_type and icmp_code are set but protocol all already covers every ICMP type",
                    fix: "remove icmp_type and icmp_code, or use protocol icmp or icmpv6 to allow only one ICMP type",
                },
            ],
        );
    });

    it("refuses icmp_code without icmp_type (SG039): a code means something only within its type", () => {
        assert.deepEqual(refused([{ protocol: "icmp", icmp_code: 4, source: "10.0.0.0/24", description: "x" }]), [
            {
                code: "SG039",
                severity: "error",
                path: "overrides.tiers.db.ingress[0].icmp_code",
                line: 13,
                column: 22,
                message: "icmp_code is set without icmp_type, and a code means something only within its type",
                fix: "add icmp_type: with the type the code belongs to (icmp_type: 3 with icmp_code: 4 is fragmentation needed), or remove icmp_code to allow every type",
            },
        ]);
    });

    it("refuses a type or code that is not a whole number from 0 to 255 (SG012, SG014)", () => {
        const typeHint = "an ICMP type is a whole number from 0 to 255, such as 8 (echo request) for icmp or 128 for icmpv6; leave icmp_type out to allow every type (EC2's -1)";
        const codeHint =
            "an ICMP code is a whole number from 0 to 255, such as 4 (fragmentation needed) with icmp_type: 3; leave icmp_code out to allow every code of the type (EC2's -1)";
        const at = (index: number, field: string, line: number) => ({ severity: "error", path: `overrides.tiers.db.ingress[${index}].${field}`, line, column: 22 });
        assert.deepEqual(
            refused([
                { protocol: "icmp", icmp_type: 256, source: "10.0.0.0/24", description: "x" },
                { protocol: "icmp", icmp_type: -1, source: "10.0.0.0/24", description: "x" },
                { protocol: "icmp", icmp_type: "8", source: "10.0.0.0/24", description: "x" },
                { protocol: "icmpv6", icmp_type: 1, icmp_code: 300, source: "::/0", description: "x" },
                { protocol: "icmp", icmp_type: 3, icmp_code: 1.5, source: "10.0.0.0/24", description: "x" },
            ]),
            [
                { code: "SG014", ...at(0, "icmp_type", 13), message: "icmp_type 256 is above the maximum 255", fix: typeHint },
                { code: "SG014", ...at(1, "icmp_type", 17), message: "icmp_type -1 is below the minimum 0", fix: typeHint },
                { code: "SG012", ...at(2, "icmp_type", 21), message: 'icmp_type must be a whole number, not the string "8"', fix: typeHint },
                { code: "SG014", ...at(3, "icmp_code", 26), message: "icmp_code 300 is above the maximum 255", fix: codeHint },
                { code: "SG012", ...at(4, "icmp_code", 31), message: "icmp_code must be a whole number, not the number 1.5", fix: codeHint },
            ],
        );
    });

    it("still refuses ports on icmp and icmpv6 (SG032), pointing at icmp_type for one type", () => {
        assert.deepEqual(
            refused([
                { protocol: "icmp", port: 8, source: "10.0.0.0/24", description: "x" },
                { protocol: "icmpv6", port_range: "128-129", source: "::/0", description: "x" },
            ]),
            [
                {
                    code: "SG032",
                    severity: "error",
                    path: "overrides.tiers.db.ingress[0].port",
                    line: 13,
                    column: 17,
                    message: "port is set but icmp has types, not ports",
                    fix: "remove port; use icmp_type: (such as icmp_type: 8, echo request) to allow only one icmp type, or protocol tcp or udp to allow only some ports",
                },
                {
                    code: "SG032",
                    severity: "error",
                    path: "overrides.tiers.db.ingress[1].port_range",
                    line: 17,
                    column: 23,
                    message: "port_range is set but icmpv6 has types, not ports",
                    fix: "remove port_range; use icmp_type: (such as icmp_type: 128, echo request) to allow only one icmpv6 type, or protocol tcp or udp to allow only some ports",
                },
            ],
        );
    });

    it("accepts icmp_type in a scenario's own rules, and checks them there", () => {
        const dir = tempDir("sgp-icmp-scenarios-");
        const rule = (extra: Record<string, unknown>) => ({ protocol: "icmp", source: "10.0.0.0/24", description: "Ping", ...extra });
        const scenario = {
            name: "pingable",
            description: "One tier that answers pings",
            tiers: { app: { description: "App", service_port: 8080, ingress: [rule({ icmp_type: 8, icmp_code: 0 }), rule({ icmp_code: 0 })], egress: [] } },
        };
        fs.writeFileSync(path.join(dir, "pingable.yaml"), stringify(scenario));
        const validation = validateConfigFile(tempFile(configYaml("pingable")), { scenariosDir: dir });
        assert.deepEqual(
            validation.findings.map(({ code, file, path: at, message }) => [code, file && path.basename(file), at, message]),
            [["SG039", "pingable.yaml", "tiers.app.ingress[1].icmp_code", "icmp_code is set without icmp_type, and a code means something only within its type"]],
        );
        assert.deepEqual(
            validation.partialSet?.tiers[0].rules.map((planned) => planned.icmp),
            [{ type: 8, code: 0 }],
        );
    });

    it("takes rules that differ only in type or code as distinct, and the same type and code twice as a duplicate (SG034)", () => {
        const validation = validateConfigFile(
            tempFile(
                dbIngress([
                    PING,
                    { ...PING, icmp_type: 0, description: "Echo reply" },
                    { ...PING, icmp_code: 0, description: "Echo request, code 0" },
                    ALL_ICMP,
                    { ...PING, description: "Ping again" },
                ]),
            ),
        );
        assert.deepEqual(
            validation.findings.map(({ code, path, message }) => [code, path, message]),
            [["SG034", "overrides.tiers.db.ingress[4]", "this rule (icmp type 8 (all codes) from 10.0.0.0/24) duplicates overrides.tiers.db.ingress[0]"]],
        );
    });
});

describe("ICMP types and codes: identity, order and EC2's fields", () => {
    const icmp = (extra: Partial<NormalizedRule>) => makeRule({ protocol: "icmp", ports: undefined, peer: v4("10.0.0.0/24"), ...extra });

    it("keeps the key of a rule of every type, and names the type and code in the key of one that has them", () => {
        assert.deepEqual(
            [
                icmp({}),
                icmp({ icmp: { type: 8 } }),
                icmp({ icmp: { type: 3, code: 4 } }),
                icmp({ protocol: "icmpv6", direction: "egress", icmp: { type: 128, code: 0 } }),
                makeRule({ peer: v4("10.0.0.0/24") }),
            ].map(ruleKey),
            [
                "ingress-icmp-from-cidr4-10.0.0.0/24",
                "ingress-icmp-type8-from-cidr4-10.0.0.0/24",
                "ingress-icmp-type3-code4-from-cidr4-10.0.0.0/24",
                "egress-icmpv6-type128-code0-to-cidr4-10.0.0.0/24",
                "ingress-tcp-5432-from-cidr4-10.0.0.0/24",
            ],
        );
    });

    it("orders ICMP rules of one peer every type first, then by type and code, whatever the input order", () => {
        const rules = [icmp({ icmp: { type: 8, code: 0 } }), icmp({ icmp: { type: 8 } }), icmp({ icmp: { type: 3, code: 4 } }), icmp({}), icmp({ icmp: { type: 0 } })];
        const expected = ["all", "type 0 (all codes)", "type 3 code 4", "type 8 (all codes)", "type 8 code 0"];
        assert.deepEqual([...rules].sort(compareRules).map(portsLabel), expected);
        assert.deepEqual([...rules].reverse().sort(compareRules).map(portsLabel), expected);
    });

    it("words ports and ICMP types in one way, for the plan, the reports and the messages", () => {
        assert.deepEqual(
            [
                makeRule(),
                makeRule({ ports: { from: 8000, to: 8100 } }),
                icmp({}),
                icmp({ icmp: { type: 3 } }),
                icmp({ icmp: { type: 3, code: 4 } }),
                makeRule({ protocol: "all", ports: undefined }),
            ].map((rule) => [portsLabel(rule), describeRule(rule)]),
            [
                ["5432", "tcp 5432 from 0.0.0.0/0"],
                ["8000-8100", "tcp 8000-8100 from 0.0.0.0/0"],
                ["all", "icmp from 10.0.0.0/24"],
                ["type 3 (all codes)", "icmp type 3 (all codes) from 10.0.0.0/24"],
                ["type 3 code 4", "icmp type 3 code 4 from 10.0.0.0/24"],
                ["all", "all traffic from 0.0.0.0/0"],
            ],
        );
    });

    it("writes the type in fromPort and the code in toPort, -1 for all, and reads them back the same", () => {
        const validation = validateConfigFile(tempFile(dbIngress([PING, PMTU, ALL_ICMP, PACKET_TOO_BIG])));
        const rules = planResources("sg", validation.set!).flatMap((spec) => (spec.kind === "ingress" && spec.tier === "db" && spec.rule.protocol !== "tcp" ? [spec] : []));
        assert.deepEqual(
            rules.map((spec) => [spec.name, spec.args.ipProtocol, spec.args.fromPort, spec.args.toPort]),
            [
                ["sg-db-ingress-icmp-from-cidr4-10.0.0.0/24", "icmp", -1, -1],
                ["sg-db-ingress-icmp-type3-code4-from-cidr4-10.0.0.0/24", "icmp", 3, 4],
                ["sg-db-ingress-icmp-type8-from-cidr4-10.0.0.0/24", "icmp", 8, -1],
                ["sg-db-ingress-icmpv6-type2-code0-from-cidr6-2001-db8--/64", "icmpv6", 2, 0],
            ],
        );
        // What EC2 holds (DescribeSecurityGroupRules: FromPort 8, ToPort 0) reads back as the config's type and code.
        for (const spec of rules) assert.deepEqual(icmpFromPortFields(spec.args.fromPort, spec.args.toPort), spec.rule.icmp, spec.name);
        assert.deepEqual(
            [
                icmpFromPortFields(8, 0),
                icmpFromPortFields("8", "-1"),
                icmpFromPortFields(" 3 ", "4"),
                icmpFromPortFields(-1, -1),
                icmpFromPortFields(undefined, undefined),
                icmpFromPortFields(8.5, 0),
                icmpFromPortFields("0x8", "0"),
                icmpFromPortFields("1e0", "0"),
                icmpFromPortFields("8", "0x4"),
                icmpFromPortFields("", ""),
                icmpFromPortFields(256, 0),
            ],
            // Only decimal numbers are types and codes; anything else is read as every type (or every code of the type).
            [{ type: 8, code: 0 }, { type: 8 }, { type: 3, code: 4 }, undefined, undefined, undefined, undefined, undefined, { type: 8 }, undefined, undefined],
        );
        assert.deepEqual(
            [icmpPortFields(undefined), icmpPortFields({ type: 8 }), icmpPortFields({ type: 3, code: 4 })],
            [
                { fromPort: -1, toPort: -1 },
                { fromPort: 8, toPort: -1 },
                { fromPort: 3, toPort: 4 },
            ],
        );
    });
});

describe("ICMP types and codes: never read as ports", () => {
    it("finds nothing on ICMP type 22, 8 or 3 from the internet, where tcp on the same number is reported", () => {
        const internet = (extra: Partial<NormalizedRule>) => makeRule({ protocol: "icmp", ports: undefined, description: "ICMP", ...extra });
        for (const type of [22, 8, 3]) {
            for (const code of [undefined, 4]) {
                const icmp = code === undefined ? { type } : { type, code };
                assert.deepEqual(checkRule(internet({ icmp })), [], `icmp type ${type} code ${code}`);
                assert.deepEqual(checkRule(internet({ protocol: "icmpv6", icmp, peer: { kind: "cidr", family: "ipv6", cidr: "::/0" } })), [], `icmpv6 type ${type}`);
            }
        }
        assert.deepEqual(
            checkRule(makeRule({ ports: { from: 22, to: 22 } })).map((finding) => finding.code),
            ["SG110"],
            "the same number as a tcp port is SSH",
        );
    });

    it("validates ICMP type 22 from 0.0.0.0/0 with no finding", () => {
        const validation = validateConfigFile(tempFile(dbIngress([{ protocol: "icmp", icmp_type: 22, icmp_code: 0, source: "0.0.0.0/0", description: "Type 22" }])));
        assert.deepEqual(validation.findings, []);
    });

    it("the policy pack reads fromPort/toPort of an ICMP rule as its type and code in every shape and spelling, never as ports", () => {
        const read = (type: string, props: Record<string, unknown>) => rulesOf(type, props).map((adapted) => [adapted.identity, adapted.rule?.ports, adapted.rule?.icmp]);
        const cidr = { cidrIpv4: "0.0.0.0/0" };
        assert.deepEqual(
            [
                ...read(AWS_TYPES.ingressRule, { ipProtocol: "icmp", fromPort: 22, toPort: -1, ...cidr }),
                ...read(AWS_TYPES.ingressRule, { ipProtocol: "1", fromPort: 8, toPort: 0, ...cidr }),
                ...read(AWS_TYPES.egressRule, { ipProtocol: "58", fromPort: 128, toPort: -1, cidrIpv6: "::/0" }),
                ...read(AWS_TYPES.securityGroupRule, { type: "ingress", protocol: 1, fromPort: 3, toPort: 4, cidrBlocks: ["0.0.0.0/0"] }),
                ...read(AWS_TYPES.securityGroup, { ingress: [{ protocol: "ICMPV6", fromPort: 2, toPort: 0, ipv6CidrBlocks: ["::/0"] }] }),
                ...read(AWS_TYPES.ingressRule, { ipProtocol: "icmp", fromPort: -1, toPort: -1, ...cidr }),
                ...read(NATIVE_TYPES.securityGroupIngress, { groupId: "sg-db", ipProtocol: "1", fromPort: 3, toPort: 4, cidrIp: "0.0.0.0/0" }),
            ],
            [
                ["ingress-icmp-type22-from-cidr4-0.0.0.0/0", undefined, { type: 22 }],
                ["ingress-icmp-type8-code0-from-cidr4-0.0.0.0/0", undefined, { type: 8, code: 0 }],
                ["egress-icmpv6-type128-to-cidr6---/0", undefined, { type: 128 }],
                ["ingress-icmp-type3-code4-from-cidr4-0.0.0.0/0", undefined, { type: 3, code: 4 }],
                ["ingress-icmpv6-type2-code0-from-cidr6---/0", undefined, { type: 2, code: 0 }],
                ["ingress-icmp-from-cidr4-0.0.0.0/0", undefined, undefined],
                ["ingress-icmp-type3-code4-from-cidr4-0.0.0.0/0", undefined, { type: 3, code: 4 }],
            ],
        );
    });
});

describe("ICMP types and codes: the plan and the reports", function () {
    this.timeout(120_000);

    it("shows the type and code in the review's ports column and on the topology's edges", () => {
        const validation = validateConfigFile(tempFile(dbIngress([PING, PMTU, ALL_ICMP, PACKET_TOO_BIG, { ...PING, source: "10.0.1.0/24" }])));
        const review = buildReview(validation)!;
        const db = review.tiers.find((tier) => tier.name === "db")!;
        assert.deepEqual(
            db.rules.map((rule) => [rule.peer, rule.protocol, rule.ports]),
            [
                ["10.0.0.0/24", "icmp", "all"],
                ["10.0.0.0/24", "icmp", "type 3 code 4"],
                ["10.0.0.0/24", "icmp", "type 8 (all codes)"],
                ["10.0.1.0/24", "icmp", "type 8 (all codes)"],
                ["2001:db8::/64", "icmpv6", "type 2 code 0"],
                ["web tier", "tcp", "5432"],
            ],
        );
        const topology = topologyOf(validation.set!.tiers);
        assert.deepEqual(
            topology.edges.filter((edge) => edge.to === "tier:db").map((edge) => [edge.from, edge.label]),
            [
                ["tier:web", "tcp 5432"],
                ["cidr:10.0.0.0/24", "icmp"],
                ["cidr:10.0.1.0/24", "icmp type 8 (all codes)"],
                ["cidr:2001:db8::/64", "icmpv6 type 2 code 0"],
            ],
        );
        const typesOnly = topologyOf([{ name: "db", rules: validation.set!.tiers[1].rules.filter((rule) => rule.icmp && rule.protocol === "icmp") }]);
        assert.deepEqual(
            typesOnly.edges.map((edge) => edge.label),
            ["icmp type 3 code 4, type 8 (all codes)", "icmp type 8 (all codes)"],
        );
    });

    it("plan prints the type and code the component passes to the rule resource", () => {
        const cwd = tempDir("sgp-icmp-plan-");
        fs.writeFileSync(path.join(cwd, "config.yaml"), `${dbIngress([PING, PMTU, ALL_ICMP])}\n`);
        const result = spawnSync(process.execPath, [CLI, "plan", "config.yaml", "--reports-dir", "reports"], { cwd, encoding: "utf8" });
        assert.deepEqual([result.status, result.stderr], [0, ""]);
        const lines = result.stdout.split("\n");
        const icmpLines = lines.flatMap((text, index) => (text.includes("-ingress-icmp") ? [text.trim(), lines[index + 1].trim()] : []));
        assert.deepEqual(icmpLines, [
            "+ aws.vpc.SecurityGroupIngressRule  acme-dev-d01-eu-west-1-sg-db-ingress-icmp-from-cidr4-10.0.0.0/24  (override: overrides.tiers.db.ingress[2])",
            'icmp (all types)  cidrIpv4: 10.0.0.0/24  "All ICMP"',
            "+ aws.vpc.SecurityGroupIngressRule  acme-dev-d01-eu-west-1-sg-db-ingress-icmp-type3-code4-from-cidr4-10.0.0.0/24  (override: overrides.tiers.db.ingress[1])",
            'icmp type 3 code 4  cidrIpv4: 10.0.0.0/24  "Path MTU discovery"',
            "+ aws.vpc.SecurityGroupIngressRule  acme-dev-d01-eu-west-1-sg-db-ingress-icmp-type8-from-cidr4-10.0.0.0/24  (override: overrides.tiers.db.ingress[0])",
            'icmp type 8 (all codes)  cidrIpv4: 10.0.0.0/24  "Ping"',
        ]);
    });
});

describe("ICMP types and codes: the policy pack over the Analyzer protocol", function () {
    this.timeout(120_000);
    let pack: PolicyPackProcess;
    packForSuite((started) => (pack = started));
    const line = (diagnostic: { policyName: string; message: string }) => `${diagnostic.policyName} ${diagnostic.message.split("\n")[1]}`;

    it("reports nothing on ICMP type 22 or 8 from the internet in any shape, where tcp 22 is the admin-port warning", async () => {
        const target = group("web");
        const icmp = (name: string, protocol: unknown, fromPort: number, toPort: number) =>
            attached(AWS_TYPES.ingressRule, name, target, { ipProtocol: protocol, fromPort, toPort, cidrIpv4: "0.0.0.0/0", description: "ICMP" });
        for (const resource of [
            icmp("type-22", "icmp", 22, -1),
            icmp("type-8-code-0", "1", 8, 0),
            attached(AWS_TYPES.securityGroupRule, "rule-22", target, { type: "ingress", protocol: "58", fromPort: 22, toPort: 0, ipv6CidrBlocks: ["::/0"], description: "ICMPv6" }),
            group("inline", { ingress: [{ protocol: "icmp", fromPort: 22, toPort: -1, cidrBlocks: ["0.0.0.0/0"], description: "ICMP" }] }),
        ]) {
            assert.deepEqual(await pack.analyze(resource), [], resource.name);
        }
        // The same shapes with tcp instead of ICMP are the admin-port warning: the pack reads each of them, and it is the protocol that makes ICMP harmless.
        const warnings: string[] = [];
        for (const resource of [
            icmp("ssh", "tcp", 22, 22),
            attached(AWS_TYPES.securityGroupRule, "rule-ssh", target, { type: "ingress", protocol: "6", fromPort: 22, toPort: 22, ipv6CidrBlocks: ["::/0"], description: "SSH" }),
            group("inline-ssh", { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"], description: "SSH" }] }),
        ]) {
            warnings.push(...(await pack.analyze(resource)).map(line));
        }
        assert.deepEqual(warnings, [
            "security-group-internet-admin-ports SG110 cidrIpv4: tcp 22 from 0.0.0.0/0 makes SSH (22) reachable from the internet.",
            "security-group-internet-admin-ports SG110 ipv6CidrBlocks[0]: tcp 22 from ::/0 makes SSH (22) reachable from the internet.",
            "security-group-internet-admin-ports SG110 ingress[0].cidrBlocks[0]: tcp 22 from 0.0.0.0/0 makes SSH (22) reachable from the internet.",
        ]);
    });

    it("counts ICMP rules of one peer that differ only in type as rules of their own against the quota", async () => {
        const target = group("web");
        const types = (count: number) =>
            Array.from({ length: count }, (_, type) =>
                attached(AWS_TYPES.ingressRule, `type-${type}`, target, { ipProtocol: "icmp", fromPort: type, toPort: -1, cidrIpv4: "10.0.0.0/24", description: "ICMP" }),
            );
        assert.deepEqual(await pack.analyzeStack([target, ...types(60)]), []);
        assert.deepEqual((await pack.analyzeStack([target, ...types(61)])).map(line), [
            "security-group-rule-quota security group web: 61 inbound IPv4 rules, over the quota of 60.",
        ]);
    });

    it("takes a refreshed group's echo of an ICMP rule (FromPort 8, ToPort 0) as that rule, and another type as a rule of its own", async () => {
        const echo = (fromPort: number, toPort: number) => ({ protocol: "icmp", fromPort, toPort, cidrBlocks: ["10.0.0.0/24"], description: "Ping" });
        const rule = (target: ReturnType<typeof group>) =>
            attached(AWS_TYPES.ingressRule, "ping", target, { ipProtocol: "icmp", fromPort: 8, toPort: 0, cidrIpv4: "10.0.0.0/24", description: "Ping" });
        const same = group("web", { ingress: [echo(8, 0)] });
        assert.deepEqual(await pack.analyzeStack([same, rule(same)]), []);
        const other = group("web", { ingress: [echo(8, 0), echo(0, -1)] });
        assert.deepEqual((await pack.analyzeStack([other, rule(other)])).map(line), [
            "security-group-mixed-rule-styles security group web: has inline rules (ingress[1]) and separate rule resources (ping).",
        ]);
    });
});
