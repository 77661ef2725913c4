import Ajv from "ajv";
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { Peer } from "../provider/core/src/model/peer";
import { NormalizedRule } from "../provider/core/src/model/rule";
import { planResources } from "../provider/core/src/plan/resources";
import { validateConfigFile } from "../provider/core/src/plan/validate";
import { listScenarios } from "../provider/core/src/scenarios/catalog";
import { AWS_TYPES } from "../policypack/src/adapters";
import { DANGEROUS_OVERRIDES } from "./fixtures/dangerous-overrides";
import { REPO, baseConfig, configYaml, tempFile } from "./support/config";
import { makeRule } from "./support/rules";
import { Diagnostic, PolicyPackProcess, StackResource, configureAsTheCli, urnOf, packForSuite } from "./support/policy-pack";
import { attached, componentStack, group, inEveryShape } from "./support/stacks";
import { UNKNOWN } from "./support/engine";

const DATABASE = "security-group-no-internet-database-ports";
const DATABASE_HEADER = "No database port, and no rule opening every port, may be reachable from the internet (IPv4 or IPv6).";
const RESOURCE_FIX: Record<"SG100" | "SG101", (cidr: string) => string> = {
    SG100: (cidr) => `allow the database only from its clients' security group (referencedSecurityGroupId, sourceSecurityGroupId) or a private CIDR, never ${cidr}`,
    SG101: (cidr) => `open only the ports the service listens on (fromPort/toPort 443), or take the traffic from a security group or prefix list instead of ${cidr}`,
};
const WHY = {
    SG100: "databases exposed to the internet are found by scanners within minutes and attacked by credential stuffing and known exploits",
    SG101: "any service listening on the hosts, including databases and admin consoles, becomes reachable by anyone",
};

const line = (diagnostic: Diagnostic) => `${diagnostic.policyName} ${diagnostic.enforcementLevel} ${diagnostic.message.split("\n")[1]}`;

function broadDiagnostic(location: string, cidr: string): Diagnostic {
    return {
        policyName: "security-group-broad-cidr-database-ports",
        enforcementLevel: "advisory",
        message:
            `A database port should be reachable only from narrow CIDR blocks, security groups or prefix lists.\nSG113 ${location}: ${cidr} is a broad CIDR block (/16 or wider for IPv4, /56 or wider for IPv6).\n` +
            "Fix: reference the clients' security group or a prefix list, or name their subnet's own CIDR, such as 10.0.11.0/24.\n" +
            "Why: a broad block lets every address in it through, not only the clients that need access.",
        urn: "",
    };
}

function databaseDiagnostic(location: string, message: string, code: "SG100" | "SG101", cidr: string): Diagnostic {
    return {
        policyName: DATABASE,
        enforcementLevel: "mandatory",
        message: `${DATABASE_HEADER}\n${code} ${location}: ${message}.\nFix: ${RESOURCE_FIX[code](cidr)}.\nWhy: ${WHY[code]}.`,
        urn: "",
    };
}

/** A rule to write in every shape: by default TCP 5432 from 0.0.0.0/0, described. */
const ingress = (overrides: Partial<NormalizedRule>): NormalizedRule => makeRule(overrides);

const v4 = (cidr: string): Peer => ({ kind: "cidr", family: "ipv4", cidr });
const v6 = (cidr: string): Peer => ({ kind: "cidr", family: "ipv6", cidr });

describe("policy pack over the Analyzer protocol", function () {
    this.timeout(120_000);
    let pack: PolicyPackProcess;
    packForSuite((started) => (pack = started));

    describe("the pack as the CLI sees it", () => {
        it("names itself, its version and every policy with its default enforcement level", async () => {
            const info = await pack.info();
            assert.deepEqual(
                { name: info.name, version: info.version, policies: info.policies.map((policy) => `${policy.name}: ${policy.enforcementLevel}`) },
                {
                    name: "sg-provisioner",
                    version: "0.1.0",
                    policies: [
                        "security-group-no-internet-database-ports: mandatory",
                        "security-group-combined-internet-exposure: mandatory",
                        "security-group-rule-quota: mandatory",
                        "tiered-security-groups-ssm-parameters: mandatory",
                        "security-group-undecided-exposure: advisory",
                        "security-group-broad-cidr-database-ports: advisory",
                        "security-group-internet-admin-ports: advisory",
                        "security-group-internet-ports-allowlist: advisory",
                        "security-group-rule-descriptions: advisory",
                        "security-group-mixed-rule-styles: advisory",
                    ],
                },
            );
        });

        it("publishes each setting's default in its config schema", async () => {
            const schemas = Object.fromEntries((await pack.info()).policies.map((policy) => [policy.name, policy.configSchema]));
            const defaults = (name: string) => Object.fromEntries(Object.entries(schemas[name] ?? {}).map(([key, schema]) => [key, (schema as { default: unknown }).default]));
            assert.deepEqual(defaults(DATABASE), { databasePorts: [1433, 1434, 1521, 3306, 5432, 5439, 6379, 9200, 11211, 27017], internetShare: 1 / 256, exemptions: [] });
            assert.deepEqual(defaults("security-group-internet-admin-ports"), { adminPorts: [22, 3389], exemptions: [] });
            assert.deepEqual(defaults("security-group-internet-ports-allowlist"), {
                allowedPorts: [80, 443],
                databasePorts: [1433, 1434, 1521, 3306, 5432, 5439, 6379, 9200, 11211, 27017],
                adminPorts: [22, 3389],
                exemptions: [],
            });
            assert.deepEqual(defaults("security-group-broad-cidr-database-ports"), defaults(DATABASE));
            assert.deepEqual(defaults("security-group-rule-quota"), { maxIngressRules: 60, maxEgressRules: 60, exemptions: [] });
            assert.deepEqual(defaults("security-group-rule-descriptions"), { exemptions: [] });
        });
    });

    describe("blocks every dangerous override the config validator rejects, in every resource shape", () => {
        for (const danger of DANGEROUS_OVERRIDES) {
            it(danger.title, async () => {
                // The validator's own reading of the override: the rule the component would have built.
                const overrides = stringify({ overrides: { tiers: { [danger.tier]: { ingress: [danger.rule] } } } });
                const validation = validateConfigFile(tempFile(configYaml("three-tier-postgres", overrides)));
                assert.equal(validation.set, undefined);
                const planned = planResources("sg", validation.partialSet!).find((spec) => spec.kind === "ingress" && spec.rule.origin.kind === "override");
                assert.ok(planned && planned.kind === "ingress");
                const cidr = planned.rule.peer.kind === "cidr" ? planned.rule.peer.cidr : "";
                for (const { shape, resource, location } of inEveryShape(planned.rule, "danger")) {
                    assert.deepEqual(await pack.analyze(resource), [databaseDiagnostic(location, danger.message, danger.code, cidr)], shape);
                }
            });
        }
    });

    describe("decides the internet by address space", () => {
        it("blocks each half of IPv4 written in one rule", async () => {
            const [, rule] = inEveryShape(ingress({ peer: v4("0.0.0.0/1") }), "halves");
            rule.resource.props.cidrBlocks = ["0.0.0.0/1", "128.0.0.0/1"];
            assert.deepEqual(await pack.analyze(rule.resource), [
                databaseDiagnostic("cidrBlocks[0]", "tcp 5432 from 0.0.0.0/1 makes PostgreSQL (5432) reachable from the internet", "SG100", "0.0.0.0/1"),
                databaseDiagnostic("cidrBlocks[1]", "tcp 5432 from 128.0.0.0/1 makes PostgreSQL (5432) reachable from the internet", "SG100", "128.0.0.0/1"),
            ]);
        });

        it("blocks ::/1 next to 8000::/1, which holds no global unicast address", async () => {
            const [, rule] = inEveryShape(ingress({ peer: v6("::/1") }), "v6halves");
            rule.resource.props.ipv6CidrBlocks = ["::/1", "8000::/1"];
            assert.deepEqual(await pack.analyze(rule.resource), [
                databaseDiagnostic("ipv6CidrBlocks[0]", "tcp 5432 from ::/1 makes PostgreSQL (5432) reachable from the internet", "SG100", "::/1"),
                broadDiagnostic("ipv6CidrBlocks[1]", "8000::/1"),
            ]);
        });

        it("blocks blocks of one rule that add up to the internet though none does alone", async () => {
            const [, rule] = inEveryShape(ingress({ peer: v4("52.0.0.0/9") }), "sum");
            rule.resource.props.cidrBlocks = ["52.0.0.0/9", "52.128.0.0/9"];
            assert.deepEqual(await pack.analyze(rule.resource), [
                {
                    policyName: DATABASE,
                    enforcementLevel: "mandatory",
                    message:
                        `${DATABASE_HEADER}\nSG102 cidrBlocks[0], cidrBlocks[1]: together, 2 ingress rules (52.0.0.0/9, 52.128.0.0/9) make PostgreSQL (5432) reachable from the internet: their IPv4 blocks cover 0.45% of public IPv4 space.\n` +
                        "Fix: allow the few CIDRs that need access, a prefix list, or a security group, rather than many blocks that add up to the internet.\n" +
                        "Why: address space split into many rules is still the internet; scanners do not care how the rules were written.",
                    urn: "",
                },
                broadDiagnostic("cidrBlocks[0]", "52.0.0.0/9"),
                broadDiagnostic("cidrBlocks[1]", "52.128.0.0/9"),
            ]);
        });

        it("blocks IPv4-mapped ::ffff:0.0.0.0/96, all of IPv4 written as IPv6, and NAT64's 64:ff9b::/96, in every shape", async () => {
            for (const written of ["::ffff:0.0.0.0/96", "64:ff9b::/96"]) {
                const read = written === "64:ff9b::/96" ? written : "::ffff:0:0/96";
                for (const { resource, location } of inEveryShape(ingress({ peer: v6(written) }), "mapped")) {
                    assert.deepEqual(await pack.analyze(resource), [
                        databaseDiagnostic(location, `tcp 5432 from ${read} makes PostgreSQL (5432) reachable from the internet`, "SG100", read),
                    ]);
                }
            }
        });

        it("reads IPv4 not in canonical dotted decimal as the internet, and says so", async () => {
            const rule = attached(AWS_TYPES.securityGroupRule, "octal", group("t"), {
                type: "ingress",
                protocol: "tcp",
                fromPort: 5432,
                toPort: 5432,
                cidrBlocks: ["012.0.0.0/8"],
                description: "x",
            });
            assert.deepEqual((await pack.analyze(rule)).map(line), [
                `${DATABASE} mandatory SG100 cidrBlocks[0] ("012.0.0.0/8" is not an IPv4 CIDR block; read as 0.0.0.0/0): tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet.`,
            ]);
        });

        it("blocks a port range that contains a database port, whatever the protocol's spelling", async () => {
            const rule = ingress({ ports: { from: 5000, to: 6000 }, peer: v6("2000::/3") });
            for (const { resource, location } of inEveryShape(rule, "range")) {
                assert.deepEqual(await pack.analyze(resource), [
                    databaseDiagnostic(location, "tcp 5000-6000 from 2000::/3 makes PostgreSQL (5432), Redshift (5439) reachable from the internet", "SG100", "2000::/3"),
                ]);
            }
        });
    });

    describe("reads what a stack wrote, however it wrote it", () => {
        it("protocol all as a word or a number, ports as strings", async () => {
            const target = group("t");
            const word = attached(AWS_TYPES.securityGroupRule, "word", target, {
                type: "ingress",
                protocol: "ALL",
                fromPort: 0,
                toPort: 0,
                ipv6CidrBlocks: ["::/0"],
                description: "x",
            });
            const strings = attached(AWS_TYPES.ingressRule, "strings", target, { ipProtocol: "Tcp", fromPort: "5400", toPort: "5500", cidrIpv4: "0.0.0.0/0", description: "x" });
            assert.deepEqual((await pack.analyze(word)).map(line), [
                `${DATABASE} mandatory SG101 ipv6CidrBlocks[0]: all traffic from ::/0 opens every port, databases included, to the internet.`,
            ]);
            assert.deepEqual((await pack.analyze(strings)).map(line), [
                `${DATABASE} mandatory SG100 cidrIpv4: tcp 5400-5500 from 0.0.0.0/0 makes PostgreSQL (5432), Redshift (5439) reachable from the internet.`,
            ]);
        });

        it("reads missing ports and unreadable CIDRs at their worst, and says so", async () => {
            const target = group("t");
            const noPorts = attached(AWS_TYPES.ingressRule, "no-ports", target, { ipProtocol: "tcp", fromPort: null, toPort: null, cidrIpv4: "0.0.0.0/0", description: "x" });
            const badCidr = attached(AWS_TYPES.securityGroupRule, "bad-cidr", target, {
                type: "ingress",
                protocol: "tcp",
                fromPort: 5432,
                toPort: 5432,
                cidrBlocks: ["any"],
                description: "x",
            });
            assert.deepEqual((await pack.analyze(noPorts)).map(line), [
                `${DATABASE} mandatory SG101 cidrIpv4 (fromPort is missing or not a port; read as every port; toPort is missing or not a port; read as every port): tcp 0-65535 from 0.0.0.0/0 opens every port, databases included, to the internet.`,
            ]);
            assert.deepEqual((await pack.analyze(badCidr)).map(line), [
                `${DATABASE} mandatory SG100 cidrBlocks[0] ("any" is not an IPv4 CIDR block; read as 0.0.0.0/0): tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet.`,
            ]);
        });

        describe("protocol spellings beyond the usual ones: by their integer value, or at their worst", () => {
            /** A rule on 0.0.0.0/0 with the protocol spelled `protocol`, in each classic shape, and where its protocol and peer sit. */
            const spelled = (protocol: unknown, port: number) => {
                const target = group("t");
                const block = { fromPort: port, toPort: port, cidrBlocks: ["0.0.0.0/0"], description: "x" };
                return [
                    {
                        resource: attached(AWS_TYPES.ingressRule, "vpc", target, { ipProtocol: protocol, fromPort: port, toPort: port, cidrIpv4: "0.0.0.0/0", description: "x" }),
                        protocolAt: "ipProtocol",
                        peerAt: "cidrIpv4",
                    },
                    { resource: attached(AWS_TYPES.securityGroupRule, "rule", target, { type: "ingress", protocol, ...block }), protocolAt: "protocol", peerAt: "cidrBlocks[0]" },
                    { resource: group("inline", { ingress: [{ protocol, ...block }] }), protocolAt: "ingress[0].protocol", peerAt: "ingress[0].cidrBlocks[0]" },
                    {
                        resource: group("default", { ingress: [{ protocol, ...block }] }, AWS_TYPES.defaultSecurityGroup),
                        protocolAt: "ingress[0].protocol",
                        peerAt: "ingress[0].cidrBlocks[0]",
                    },
                ];
            };

            it("reads a protocol number written with leading zeros, a sign or a zero fraction by its integer value", async () => {
                const cases: [unknown, number, string][] = [
                    ["06", 5432, "tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet"],
                    ["6.0", 5432, "tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet"],
                    ["+006.00", 5432, "tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet"],
                    [6.0, 5432, "tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet"],
                    ["017", 1434, "udp 1434 from 0.0.0.0/0 makes SQL Server Browser (1434) reachable from the internet"],
                    ["-1.0", 443, "all traffic from 0.0.0.0/0 opens every port, databases included, to the internet"],
                ];
                for (const [protocol, port, message] of cases) {
                    for (const { resource, peerAt } of spelled(protocol, port)) {
                        assert.deepEqual(
                            (await pack.analyze(resource)).map(line),
                            [`${DATABASE} mandatory ${message.includes("every port") ? "SG101" : "SG100"} ${peerAt}: ${message}.`],
                            `${JSON.stringify(protocol)} ${resource.type}`,
                        );
                    }
                }
            });

            it("reads a protocol that is neither a name nor a number as all traffic, and says so", async () => {
                for (const protocol of ["tcpp", "6.5", "0x6", "300", "-2", "gre", true]) {
                    for (const { resource, protocolAt, peerAt } of spelled(protocol, 5432)) {
                        assert.deepEqual(
                            (await pack.analyze(resource)).map(line),
                            [
                                `${DATABASE} mandatory SG101 ${peerAt} (${protocolAt} ${JSON.stringify(protocol)} is neither a protocol name nor a protocol number from -1 to 255; read as all traffic): all traffic from 0.0.0.0/0 opens every port, databases included, to the internet.`,
                            ],
                            `${JSON.stringify(protocol)} ${resource.type}`,
                        );
                    }
                }
                for (const { resource, protocolAt, peerAt } of spelled("", 5432)) {
                    assert.deepEqual((await pack.analyze(resource)).map(line), [
                        `${DATABASE} mandatory SG101 ${peerAt} (${protocolAt} is missing; read as all traffic): all traffic from 0.0.0.0/0 opens every port, databases included, to the internet.`,
                    ]);
                }
            });

            it("still lets other protocol numbers through, however written: GRE, ESP, SCTP open no TCP or UDP port", async () => {
                for (const protocol of ["47", "047", "50.0", 132, "+132"]) {
                    for (const { resource } of spelled(protocol, 5432)) assert.deepEqual(await pack.analyze(resource), [], `${JSON.stringify(protocol)} ${resource.type}`);
                }
            });
        });

        it("warns about a database port open to a broad block short of the internet: a regional IPv6 /12, a whole VPC", async () => {
            const [regional] = inEveryShape(ingress({ peer: v6("2a00::/12") }), "ripe");
            assert.deepEqual(await pack.analyze(regional.resource), [broadDiagnostic("cidrIpv6", "2a00::/12")]);
            const [vpc] = inEveryShape(ingress({ peer: v4("10.0.0.0/16") }), "vpc");
            assert.deepEqual(await pack.analyze(vpc.resource), [broadDiagnostic("cidrIpv4", "10.0.0.0/16")]);
        });
    });

    describe("never blocks what is safe", () => {
        const safe: [string, NormalizedRule][] = [
            ["HTTP from the internet", ingress({ ports: { from: 80, to: 80 } })],
            ["HTTPS from ::/0", ingress({ ports: { from: 443, to: 443 }, peer: v6("::/0") })],
            ["ICMP from the internet", ingress({ protocol: "icmp", ports: undefined })],
            ["ICMPv6 from ::/0", ingress({ protocol: "icmpv6", ports: undefined, peer: v6("::/0") })],
            ["PostgreSQL from a private /24", ingress({ peer: v4("10.0.11.0/24") })],
            ["PostgreSQL from a unique-local IPv6 /64", ingress({ peer: v6("fd00:1:2:3::/64") })],
            ["PostgreSQL egress to the internet", ingress({ direction: "egress" })],
            ["all traffic egress to ::/0", ingress({ direction: "egress", protocol: "all", ports: undefined, peer: v6("::/0") })],
        ];
        for (const [title, rule] of safe) {
            it(`${title}, in every shape`, async () => {
                for (const { shape, resource } of inEveryShape(rule, "safe")) {
                    assert.deepEqual(await pack.analyze(resource), [], shape);
                }
            });
        }

        it("PostgreSQL from a security group, from self, or from a prefix list", async () => {
            const target = group("db");
            const resources = [
                attached(AWS_TYPES.ingressRule, "from-app", target, { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: "sg-app", description: "app" }),
                attached(AWS_TYPES.ingressRule, "from-vpn", target, { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, prefixListId: "pl-0123", description: "vpn" }),
                attached(AWS_TYPES.securityGroupRule, "replication", target, {
                    type: "ingress",
                    protocol: "tcp",
                    fromPort: 5432,
                    toPort: 5432,
                    self: true,
                    description: "replication",
                }),
                attached(AWS_TYPES.securityGroupRule, "from-web", target, {
                    type: "ingress",
                    protocol: "tcp",
                    fromPort: 5432,
                    toPort: 5432,
                    sourceSecurityGroupId: "sg-web",
                    description: "web",
                }),
                group("inline", {
                    ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: ["sg-app"], prefixListIds: ["pl-0123"], self: true, description: "peers" }],
                }),
            ];
            assert.deepEqual(await pack.preview([target, ...resources]), []);
        });
    });

    describe("advisories", () => {
        it("SSH and RDP from the internet", async () => {
            const [ssh] = inEveryShape(ingress({ ports: { from: 22, to: 22 }, peer: v6("::/0") }), "ssh");
            assert.deepEqual(await pack.analyze(ssh.resource), [
                {
                    policyName: "security-group-internet-admin-ports",
                    enforcementLevel: "advisory",
                    message:
                        "Remote-administration ports (SSH 22, RDP 3389) should not be reachable from the internet.\nSG110 cidrIpv6: tcp 22 from ::/0 makes SSH (22) reachable from the internet.\n" +
                        "Fix: use AWS Systems Manager Session Manager, a bastion host or a VPN, and allow admin ports only from its CIDR or group.\n" +
                        "Why: remote-administration ports on the internet draw constant brute-force attempts.",
                    urn: "",
                },
            ]);
            const [, rdp] = inEveryShape(ingress({ ports: { from: 3389, to: 3389 } }), "rdp");
            assert.deepEqual(
                (await pack.analyze(rdp.resource)).map((d) => [d.policyName, d.enforcementLevel, d.message.split("\n")[1]]),
                [["security-group-internet-admin-ports", "advisory", "SG110 cidrBlocks[0]: tcp 3389 from 0.0.0.0/0 makes RDP (3389) reachable from the internet."]],
            );
        });

        it("a rule without a description, once per rule however many blocks it has", async () => {
            const [, , inline] = inEveryShape(ingress({ ports: { from: 443, to: 443 }, description: undefined, peer: v4("10.0.0.0/24") }), "bare");
            (inline.resource.props.ingress as Record<string, unknown>[])[0].cidrBlocks = ["10.0.0.0/24", "10.0.1.0/24"];
            assert.deepEqual(await pack.analyze(inline.resource), [
                {
                    policyName: "security-group-rule-descriptions",
                    enforcementLevel: "advisory",
                    message:
                        "Every security-group rule should carry a description saying why it exists.\nSG114 ingress[0]: rule tcp 443 from 10.0.0.0/24 has no description.\n" +
                        'Fix: set description to why the rule exists, such as "tcp 443 from 10.0.0.0/24".\n' +
                        "Why: reviewers approve rules by their purpose; an unexplained rule cannot be audited or safely removed.",
                    urn: "",
                },
            ]);
        });

        it("a port beyond the ones meant to face the internet", async () => {
            const [rule] = inEveryShape(ingress({ ports: { from: 8080, to: 8080 } }), "alt");
            assert.deepEqual(await pack.analyze(rule.resource), [
                {
                    policyName: "security-group-internet-ports-allowlist",
                    enforcementLevel: "advisory",
                    message:
                        "Only the ports meant to face the internet (80 and 443 by default) should be reachable from it.\nSG115 cidrIpv4: tcp 8080 from 0.0.0.0/0 opens port 8080 to the internet, beyond the ports meant to face it (80, 443).\n" +
                        "Fix: serve the traffic through the web tier on 80, 443, or allow only the CIDRs of the clients that need it.\n" +
                        "Why: every port open to the internet is scanned within minutes; an internal service behind it is rarely hardened for that.",
                    urn: "",
                },
            ]);
        });
    });

    describe("values unknown during preview", () => {
        it("an unknown CIDR on a database port is an advisory, not a block and not a crash", async () => {
            const [rule] = inEveryShape(ingress({}), "unknown-cidr");
            rule.resource.props.cidrIpv4 = UNKNOWN;
            assert.deepEqual(await pack.analyze(rule.resource), [
                {
                    policyName: "security-group-undecided-exposure",
                    enforcementLevel: "advisory",
                    message:
                        "A rule that cannot be judged during preview could, at worst, expose a database port to the internet.\n" +
                        "cidrIpv4: cannot be decided during preview (cidrIpv4 is not known until the update). At worst, tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet.\n" +
                        "The rule is checked again with the real values when pulumi up registers it.",
                    urn: "",
                },
            ]);
        });

        it("unknown IDs, ports on safe peers and whole unknown rule lists never stop a policy", async () => {
            const target = group("target", { id: UNKNOWN });
            const resources: StackResource[] = [
                target,
                attached(AWS_TYPES.ingressRule, "ref", target, {
                    ipProtocol: "tcp",
                    fromPort: UNKNOWN,
                    toPort: UNKNOWN,
                    referencedSecurityGroupId: UNKNOWN,
                    description: UNKNOWN,
                }),
                attached(AWS_TYPES.securityGroupRule, "list", target, {
                    type: "ingress",
                    protocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrBlocks: UNKNOWN,
                    description: "x",
                }),
                group("whole", { ingress: UNKNOWN, egress: UNKNOWN, tags: UNKNOWN }),
            ];
            const diagnostics = await pack.preview(resources);
            assert.deepEqual(
                diagnostics.map((d) => `${d.policyName} ${d.enforcementLevel} ${d.message.split("\n")[1]}`),
                [
                    "security-group-undecided-exposure advisory ingress.cidrBlocks: cannot be decided during preview (ingress.protocol is not known until the update; ingress.cidrBlocks is not known until the update). At worst, all traffic from 0.0.0.0/0 opens every port, databases included, to the internet.",
                    "security-group-undecided-exposure advisory ingress.ipv6CidrBlocks: cannot be decided during preview (ingress.protocol is not known until the update; ingress.ipv6CidrBlocks is not known until the update). At worst, all traffic from ::/0 opens every port, databases included, to the internet.",
                ],
            );
        });
    });

    describe("configuration", () => {
        it("takes its own database port list", async () => {
            await configureAsTheCli(pack, { [DATABASE]: { enforcementLevel: "mandatory", databasePorts: [8080] } });
            const [postgres] = inEveryShape(ingress({}), "pg");
            const [tomcat] = inEveryShape(ingress({ ports: { from: 8080, to: 8080 } }), "tomcat");
            assert.deepEqual(
                (await pack.analyze(postgres.resource)).filter((d) => d.policyName === DATABASE),
                [],
            );
            assert.deepEqual(
                (await pack.analyze(tomcat.resource)).map((d) => [d.policyName, d.message.split("\n")[1]]),
                [
                    [DATABASE, "SG100 cidrIpv4: tcp 8080 from 0.0.0.0/0 makes 8080 reachable from the internet."],
                    // Each policy keeps its own settings: the allowlist still knows 8080 is not meant to face the internet.
                    [
                        "security-group-internet-ports-allowlist",
                        "SG115 cidrIpv4: tcp 8080 from 0.0.0.0/0 opens port 8080 to the internet, beyond the ports meant to face it (80, 443).",
                    ],
                ],
            );
        });

        it("takes the ports allowed from the internet", async () => {
            await configureAsTheCli(pack, { "security-group-internet-ports-allowlist": { allowedPorts: [80, 443, 8080] } });
            const [tomcat] = inEveryShape(ingress({ ports: { from: 8080, to: 8080 } }), "tomcat");
            assert.deepEqual(await pack.analyze(tomcat.resource), []);
        });

        it("accepts the README's example config, and blocks its added port even split across resources", async () => {
            const readme = fs.readFileSync(path.join(REPO, "policypack", "README.md"), "utf8");
            const example = JSON.parse(/## Running it against your stack[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1] ?? "null") as Record<string, Record<string, unknown>>;
            const schemas = Object.fromEntries((await pack.info()).policies.map((policy) => [policy.name, policy.configSchema ?? {}]));
            const ajv = new Ajv({ strict: false });
            for (const [policy, config] of Object.entries(example)) {
                const { enforcementLevel, ...settings } = config;
                assert.ok(policy in schemas, `${policy} is a policy of the pack`);
                assert.ok(enforcementLevel === undefined || ["advisory", "mandatory", "disabled"].includes(enforcementLevel as string));
                const validate = ajv.compile({ type: "object", properties: schemas[policy], additionalProperties: false });
                assert.ok(validate(settings), `${policy}: ${ajv.errorsText(validate.errors)}`);
            }
            await configureAsTheCli(pack, example);
            const target = group("cassandra");
            const halves = ["52.0.0.0/9", "52.128.0.0/9"].map((cidr, index) =>
                attached(AWS_TYPES.ingressRule, `half-${index}`, target, { ipProtocol: "tcp", fromPort: 9042, toPort: 9042, cidrIpv4: cidr, description: "partner" }),
            );
            assert.deepEqual(
                (await pack.analyzeStack([target, ...halves])).map((d) => line(d).split(":")[0]),
                ["security-group-combined-internet-exposure mandatory SG102 security group cassandra (half-0 cidrIpv4, half-1 cidrIpv4)"],
            );
        });

        it("goes through the CLI's configure step, which stops a config the schemas reject before the pack sees it", async () => {
            await assert.rejects(configureAsTheCli(pack, { [DATABASE]: { databasePorts: ["5432"] }, "security-group-rule-quota": { maxIngressRules: "120" } }), {
                message: [
                    `validating policy config: sg-provisioner 0.1.0  ${DATABASE}: databasePorts.0: must be integer`,
                    "validating policy config: sg-provisioner 0.1.0  security-group-rule-quota: maxIngressRules: must be integer",
                ].join("\n"),
            });
        });

        it("takes enforcement levels: a mandatory policy made advisory, or disabled", async () => {
            const [postgres] = inEveryShape(ingress({}), "pg");
            await configureAsTheCli(pack, { [DATABASE]: { enforcementLevel: "advisory" } });
            assert.deepEqual(
                (await pack.analyze(postgres.resource)).map((d) => [d.policyName, d.enforcementLevel]),
                [[DATABASE, "advisory"]],
            );
            await configureAsTheCli(pack, { [DATABASE]: { enforcementLevel: "disabled" } });
            assert.deepEqual(await pack.analyze(postgres.resource), []);
        });
    });

    describe("stack policies", () => {
        const cidrRule = (target: StackResource, index: number, family: "ipv4" | "ipv6"): StackResource =>
            attached(AWS_TYPES.ingressRule, `${family}-${index}`, target, {
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                ...(family === "ipv4" ? { cidrIpv4: `10.${index}.0.0/16` } : { cidrIpv6: `fd00:${index.toString(16)}::/32` }),
                description: "clients",
            });
        const many = (target: StackResource, count: number, family: "ipv4" | "ipv6") => Array.from({ length: count }, (_, index) => cidrRule(target, index, family));

        it("allows 60 inbound IPv4 and 60 inbound IPv6 rules: the quota is per family", async () => {
            const target = group("web");
            assert.deepEqual(await pack.analyzeStack([target, ...many(target, 60, "ipv4"), ...many(target, 60, "ipv6")]), []);
        });

        it("stops the 61st inbound IPv4 rule, inline and separate rules counted together", async () => {
            const target = group("web", { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.200.0.0/16"], description: "ssh" }] });
            assert.deepEqual(await pack.analyzeStack([target, ...many(target, 60, "ipv4")]), [
                {
                    policyName: "security-group-rule-quota",
                    enforcementLevel: "mandatory",
                    message:
                        "No security group may hold more rules per direction than the account's quota (60 inbound and 60 outbound, counted separately for IPv4 and IPv6).\n" +
                        "security group web: 61 inbound IPv4 rules, over the quota of 60.\n" +
                        "Fix: merge rules into prefix lists or split the tier's traffic across groups; if the account's quota was raised (Service Quotas, \"Inbound or outbound rules per security group\"), set maxIngressRules to it.\n" +
                        "Why: AWS rejects the rule that crosses the quota in the middle of pulumi up, leaving the group half-updated.",
                    urn: target.urn as string,
                },
                {
                    policyName: "security-group-mixed-rule-styles",
                    enforcementLevel: "advisory",
                    message: `A security group should not mix inline ingress/egress rules with separate rule resources.\nsecurity group web: has inline rules (ingress[0]) and separate rule resources (${many(
                        target,
                        60,
                        "ipv4",
                    )
                        .map((r) => r.name)
                        .join(
                            ", ",
                        )}).\nFix: move the inline rules into aws.vpc.SecurityGroupIngressRule / SecurityGroupEgressRule resources and leave ingress and egress unset on the group.\nWhy: the provider treats the inline list as the group's whole rule set, so every update removes the separate rules and the next one adds them back.`,
                    urn: target.urn as string,
                },
            ]);
        });

        it("counts a group reference against both families, and takes a configured quota", async () => {
            const target = group("app");
            const reference = attached(AWS_TYPES.ingressRule, "from-web", target, {
                ipProtocol: "tcp",
                fromPort: 8080,
                toPort: 8080,
                referencedSecurityGroupId: "sg-web",
                description: "web",
            });
            await configureAsTheCli(pack, { "security-group-rule-quota": { enforcementLevel: "mandatory", maxIngressRules: 2 } });
            const diagnostics = await pack.analyzeStack([target, reference, ...many(target, 2, "ipv4"), ...many(target, 1, "ipv6")]);
            assert.deepEqual(
                diagnostics.map((d) => d.message.split("\n")[1]),
                ["security group app: 3 inbound IPv4 rules, over the quota of 2."],
            );
        });

        it("stops the 61st outbound rule too", async () => {
            const target = group("web");
            const egress = Array.from({ length: 61 }, (_, index) =>
                attached(AWS_TYPES.egressRule, `out-${index}`, target, { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: `10.${index}.0.0/16`, description: "apis" }),
            );
            assert.deepEqual((await pack.analyzeStack([target, ...egress])).map(line), [
                "security-group-rule-quota mandatory security group web: 61 outbound IPv4 rules, over the quota of 60.",
            ]);
        });

        it("counts a prefix list in the stack as its maximum entries", async () => {
            const target = group("db");
            const list = { type: AWS_TYPES.managedPrefixList, name: "partners", urn: urnOf(AWS_TYPES.managedPrefixList, "partners"), props: { id: "pl-partners", maxEntries: 59 } };
            const byList = attached(AWS_TYPES.ingressRule, "from-partners", target, {
                ipProtocol: "tcp",
                fromPort: 5432,
                toPort: 5432,
                prefixListId: "pl-partners",
                description: "partners",
            });
            const diagnostics = await pack.analyzeStack([target, list, byList, ...many(target, 2, "ipv4")]);
            assert.deepEqual(diagnostics.map(line), ["security-group-rule-quota mandatory security group db: 61 inbound IPv4 rules, over the quota of 60."]);
        });

        it("finds a rule's group by its ID when no dependency names it, and counts a group outside the stack", async () => {
            const target = group("web");
            const byId = Array.from({ length: 61 }, (_, index) => ({
                ...cidrRule(target, index, "ipv4"),
                propertyDependencies: {},
                dependencies: [],
                props: { ...cidrRule(target, index, "ipv4").props, securityGroupId: "sg-web" },
            }));
            assert.deepEqual(
                (await pack.analyzeStack([target, ...byId])).map((d) => [line(d), d.urn]),
                [["security-group-rule-quota mandatory security group web: 61 inbound IPv4 rules, over the quota of 60.", target.urn]],
            );
            const external = byId.map((rule) => ({ ...rule, props: { ...rule.props, securityGroupId: "sg-0feedfacecafe0000" } }));
            assert.deepEqual(
                (await pack.analyzeStack(external)).map((d) => [line(d), d.urn]),
                [["security-group-rule-quota mandatory security group sg-0feedfacecafe0000: 61 inbound IPv4 rules, over the quota of 60.", external[0].urn]],
            );
        });

        it("does not guess a group for a rule that depends on several", async () => {
            const [first, second] = [group("first"), group("second")];
            const ambiguous = many(first, 61, "ipv4").map((rule) => ({ ...rule, propertyDependencies: { securityGroupId: [first.urn as string, second.urn as string] } }));
            // Taking the first dependency would put 61 rules on "first" and block the stack.
            assert.deepEqual(await pack.analyzeStack([first, second, ...ambiguous]), []);
            const single = ambiguous.map((rule) => ({ ...rule, propertyDependencies: { securityGroupId: [first.urn as string] } }));
            assert.deepEqual((await pack.analyzeStack([first, second, ...single])).map(line), [
                "security-group-rule-quota mandatory security group first: 61 inbound IPv4 rules, over the quota of 60.",
            ]);
        });

        it("reads a refreshed group's inline echo of its separate rules as the same rules", async () => {
            const rules = many(group("web"), 60, "ipv4");
            // After `pulumi refresh`, the group's ingress output lists every rule the separate resources added.
            const echo = rules.map((rule) => ({ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [rule.props.cidrIpv4], description: "clients" }));
            const target = group("web", { ingress: echo });
            assert.deepEqual(await pack.analyzeStack([target, ...many(target, 60, "ipv4")]), []);
        });

        it("reads a reference to the group itself as the echo of self", async () => {
            const target = group("db", { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, self: true, description: "replication" }] });
            const replication = attached(AWS_TYPES.ingressRule, "replication", target, {
                ipProtocol: "tcp",
                fromPort: 5432,
                toPort: 5432,
                referencedSecurityGroupId: "sg-db",
                description: "replication",
                securityGroupId: "sg-db",
            });
            assert.deepEqual(await pack.analyzeStack([target, replication]), []);
        });

        it("blocks rules in several resources that add up to the internet on a database port", async () => {
            const target = group("db");
            const halves = ["52.0.0.0/9", "52.128.0.0/9"].map((cidr, index) =>
                attached(AWS_TYPES.ingressRule, `half-${index}`, target, { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: cidr, description: "partner" }),
            );
            assert.deepEqual((await pack.analyze(halves[0])).map(line), [
                "security-group-broad-cidr-database-ports advisory SG113 cidrIpv4: 52.0.0.0/9 is a broad CIDR block (/16 or wider for IPv4, /56 or wider for IPv6).",
            ]);
            assert.deepEqual(await pack.analyzeStack([target, ...halves]), [
                {
                    policyName: "security-group-combined-internet-exposure",
                    enforcementLevel: "mandatory",
                    message:
                        "The rules of one security group, taken together, may not make a database port reachable from the internet.\nSG102 " +
                        "security group db (half-0 cidrIpv4, half-1 cidrIpv4): together, 2 ingress rules (52.0.0.0/9, 52.128.0.0/9) make PostgreSQL (5432) reachable from the internet: their IPv4 blocks cover 0.45% of public IPv4 space.\n" +
                        "Fix: allow the few CIDRs that need access, a prefix list, or a security group, rather than many blocks that add up to the internet.\n" +
                        "Why: address space split into many rules is still the internet; scanners do not care how the rules were written.",
                    urn: target.urn as string,
                },
            ]);
            const other = group("other");
            const apart = [halves[0], attached(AWS_TYPES.ingressRule, "half-1", other, halves[1].props)];
            assert.deepEqual(await pack.analyzeStack([target, other, ...apart]), []);
            const udp = [halves[0], { ...halves[1], props: { ...halves[1].props, ipProtocol: "udp" } }];
            assert.deepEqual(await pack.analyzeStack([target, ...udp]), [], "TCP from one half and UDP from the other do not add up");
        });
    });

    describe("the component's own stacks", () => {
        for (const scenario of listScenarios()) {
            it(`${scenario}: no diagnostic at preview or after up`, async () => {
                for (const phase of ["preview", "after-up"] as const) {
                    const stack = await componentStack({ ...baseConfig(scenario), vpc: { name: "shared-vpc" } }, phase);
                    assert.deepEqual(await pack.preview(stack), [], phase);
                    // The silence is the pack reading the rules, not missing them: the same stack with
                    // its internet HTTPS rule moved to PostgreSQL's port is blocked.
                    const https = stack.find((resource) => resource.type === AWS_TYPES.ingressRule && resource.props.cidrIpv4 === "0.0.0.0/0" && resource.props.fromPort === 443);
                    assert.ok(https, "the stack has an HTTPS rule from the internet");
                    const moved = { ...https, props: { ...https.props, fromPort: 5432, toPort: 5432 } };
                    assert.deepEqual(
                        (await pack.analyze(moved)).map(line),
                        [`${DATABASE} mandatory SG100 cidrIpv4: tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet.`],
                        phase,
                    );
                }
            });
        }

        it("requires each group's SSM parameter, at the documented path", async () => {
            const stack = await componentStack(baseConfig("two-tier-postgres"), "after-up");
            const withoutWeb = stack.filter((resource) => resource.name !== "sg-web-sg-id");
            const web = stack.find((resource) => resource.name === "sg-web") as StackResource;
            assert.deepEqual(await pack.analyzeStack(withoutWeb), [
                {
                    policyName: "tiered-security-groups-ssm-parameters",
                    enforcementLevel: "mandatory",
                    message:
                        "Every security group built by sg-provisioner's TieredSecurityGroups publishes its ID in SSM at /sg/{set-name}/{tier}/SecurityGroupId.\n" +
                        "security group sg-web: no SSM parameter publishes its ID; downstream stacks look for /sg/acme-dev-d01-eu-west-1-sg/web/SecurityGroupId.\n" +
                        "Fix: restore the component's parameter: remove the transformation, alias or deletion that dropped it.\n" +
                        "Why: downstream stacks find the group only through the parameter, and fail or attach to a stale group without it.",
                    urn: web.urn as string,
                },
            ]);
            const legacy = { type: AWS_TYPES.ssmParameter, name: "legacy", urn: urnOf(AWS_TYPES.ssmParameter, "legacy"), props: { name: "/legacy/db", value: "(id of sg-db)" } };
            assert.deepEqual(await pack.analyzeStack([...stack, legacy]), [], "a second parameter holding the ID is no violation");
            const moved = stack.map((resource) => (resource.name === "sg-db-sg-id" ? { ...resource, props: { ...resource.props, name: "/sg/elsewhere/db" } } : resource));
            assert.deepEqual(
                (await pack.analyzeStack(moved)).map((d) => d.message.split("\n")[1]),
                ['security group sg-db: its ID is published at "/sg/elsewhere/db" (parameter sg-db-sg-id), not at /sg/acme-dev-d01-eu-west-1-sg/db/SecurityGroupId.'],
            );
        });
    });
});
