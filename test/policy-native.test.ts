import { strict as assert } from "node:assert";
import { stringify } from "yaml";
import { Peer } from "../provider/core/src/model/peer";
import { NormalizedRule } from "../provider/core/src/model/rule";
import { planResources } from "../provider/core/src/plan/resources";
import { validateConfigFile } from "../provider/core/src/plan/validate";
import { AWS_TYPES, NATIVE_TYPES } from "../policypack/src/adapters";
import { DANGEROUS_OVERRIDES } from "./fixtures/dangerous-overrides";
import { configYaml, tempFile } from "./support/config";
import { makeRule } from "./support/rules";
import { Diagnostic, PolicyPackProcess, StackResource, packForSuite } from "./support/policy-pack";
import { inNativeShapes, nativeAttached, nativeGroup } from "./support/native-stacks";
import { attached, group } from "./support/stacks";
import { UNKNOWN } from "./support/engine";

const DATABASE = "security-group-no-internet-database-ports";
const DATABASE_HEADER = "No database port, and no rule opening every port, may be reachable from the internet (IPv4 or IPv6).";
const FIX: Record<"SG100" | "SG101", (cidr: string) => string> = {
    SG100: (cidr) => `allow the database only from its clients' security group (referencedSecurityGroupId, sourceSecurityGroupId) or a private CIDR, never ${cidr}`,
    SG101: (cidr) => `open only the ports the service listens on (fromPort/toPort 443), or take the traffic from a security group or prefix list instead of ${cidr}`,
};
const WHY = {
    SG100: "databases exposed to the internet are found by scanners within minutes and attacked by credential stuffing and known exploits",
    SG101: "any service listening on the hosts, including databases and admin consoles, becomes reachable by anyone",
};
const INGRESS = NATIVE_TYPES.securityGroupIngress;
const EGRESS = NATIVE_TYPES.securityGroupEgress;

function blocked(location: string, message: string, code: "SG100" | "SG101", cidr: string): Diagnostic {
    return {
        policyName: DATABASE,
        enforcementLevel: "mandatory",
        message: `${DATABASE_HEADER}\n${code} ${location}: ${message}.\nFix: ${FIX[code](cidr)}.\nWhy: ${WHY[code]}.`,
        urn: "",
    };
}

/** Policy, level and the diagnostic's own line (the one after the policy's description). */
const line = (diagnostic: Diagnostic) => `${diagnostic.policyName} ${diagnostic.enforcementLevel} ${diagnostic.message.split("\n")[1]}`;

const v4 = (cidr: string): Peer => ({ kind: "cidr", family: "ipv4", cidr });
const v6 = (cidr: string): Peer => ({ kind: "cidr", family: "ipv6", cidr });
const ingress = (overrides: Partial<NormalizedRule>): NormalizedRule => makeRule(overrides);
const postgres = { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, description: "x" };

/** The safe rules of the classic table, plus what only AWS Native spells its own way. */
const SAFE: readonly [string, NormalizedRule][] = [
    ["HTTP from the internet", ingress({ ports: { from: 80, to: 80 } })],
    ["HTTPS from ::/0", ingress({ ports: { from: 443, to: 443 }, peer: v6("::/0") })],
    ["ICMP from the internet", ingress({ protocol: "icmp", ports: undefined })],
    ["ICMPv6 from ::/0", ingress({ protocol: "icmpv6", ports: undefined, peer: v6("::/0") })],
    ["PostgreSQL from a private /24", ingress({ peer: v4("10.0.11.0/24") })],
    ["PostgreSQL from a unique-local IPv6 /64", ingress({ peer: v6("fd00:1:2:3::/64") })],
    ["PostgreSQL egress to the internet", ingress({ direction: "egress" })],
    ["all traffic egress to ::/0", ingress({ direction: "egress", protocol: "all", ports: undefined, peer: v6("::/0") })],
];

/** Each way AWS Native spells the protocol of a dangerous rule, and the rule the engine reads. */
const DANGEROUS_SPELLINGS: readonly { spellings: readonly unknown[]; ports: { fromPort: number; toPort: number }; message: string; code: "SG100" | "SG101" }[] = [
    {
        spellings: ["tcp", "TCP", "6", 6],
        ports: { fromPort: 5432, toPort: 5432 },
        message: "tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet",
        code: "SG100",
    },
    {
        spellings: ["udp", "Udp", "17", 17],
        ports: { fromPort: 1434, toPort: 1434 },
        message: "udp 1434 from 0.0.0.0/0 makes SQL Server Browser (1434) reachable from the internet",
        code: "SG100",
    },
    // -1 opens every port whatever the range says, so its ports are -1, or anything.
    { spellings: ["-1", -1], ports: { fromPort: -1, toPort: -1 }, message: "all traffic from 0.0.0.0/0 opens every port, databases included, to the internet", code: "SG101" },
    { spellings: ["-1", -1], ports: { fromPort: 443, toPort: 443 }, message: "all traffic from 0.0.0.0/0 opens every port, databases included, to the internet", code: "SG101" },
];

/** Protocols that are not the internet's way to a database, in every spelling and with -1 or no ports. */
const SAFE_SPELLINGS: readonly { spelling: unknown; ports: Record<string, number> }[] = [
    ...["icmp", "ICMP", "1", 1].map((spelling) => ({ spelling, ports: { fromPort: -1, toPort: -1 } })),
    { spelling: "icmp", ports: { fromPort: 8, toPort: 0 } },
    ...["icmpv6", "58"].map((spelling) => ({ spelling, ports: { fromPort: -1, toPort: -1 } })),
    { spelling: "icmpv6", ports: {} },
    // Any other protocol number opens that protocol only (GRE, ESP, SCTP): no TCP or UDP port.
    ...["47", "50", "132", 132].map((spelling) => ({ spelling, ports: { fromPort: 5432, toPort: 5432 } })),
];

describe("policy pack over the Analyzer protocol: @pulumi/aws-native shapes", function () {
    this.timeout(120_000);
    let pack: PolicyPackProcess;
    packForSuite((started) => (pack = started));

    describe("blocks every dangerous override the config validator rejects, in both native shapes", () => {
        for (const danger of DANGEROUS_OVERRIDES) {
            it(danger.title, async () => {
                const overrides = stringify({ overrides: { tiers: { [danger.tier]: { ingress: [danger.rule] } } } });
                const validation = validateConfigFile(tempFile(configYaml("three-tier-postgres", overrides)));
                const planned = planResources("sg", validation.partialSet!).find((spec) => spec.kind === "ingress" && spec.rule.origin.kind === "override");
                assert.ok(planned && planned.kind === "ingress");
                const cidr = planned.rule.peer.kind === "cidr" ? planned.rule.peer.cidr : "";
                for (const { shape, location, stack } of inNativeShapes(planned.rule, "danger")) {
                    // A whole preview: each resource's policies, then the stack's, add nothing else.
                    assert.deepEqual(await pack.preview(stack), [blocked(location, danger.message, danger.code, cidr)], shape);
                }
            });
        }
    });

    describe("never blocks what is safe, in both native shapes", () => {
        for (const [title, rule] of SAFE) {
            it(title, async () => {
                for (const { shape, stack } of inNativeShapes(rule, "safe")) {
                    assert.deepEqual(await pack.preview(stack), [], shape);
                }
            });
        }

        it("PostgreSQL from a group (by ID, by name, itself) or a prefix list, and egress to either", async () => {
            const target = nativeGroup("db", {
                securityGroupIngress: [
                    { ...postgres, sourceSecurityGroupId: "sg-app" },
                    { ...postgres, sourceSecurityGroupId: "sg-db" },
                    { ...postgres, sourcePrefixListId: "pl-0123" },
                    { ...postgres, sourceSecurityGroupName: "legacy-app", sourceSecurityGroupOwnerId: "123456789012" },
                ],
                securityGroupEgress: [
                    { ...postgres, destinationSecurityGroupId: "sg-replica" },
                    { ...postgres, destinationPrefixListId: "pl-0123" },
                ],
            });
            const resources = [
                nativeAttached(INGRESS, "from-web", target, { ...postgres, sourceSecurityGroupId: "sg-web" }),
                nativeAttached(INGRESS, "from-vpn", target, { ...postgres, sourcePrefixListId: "pl-0456" }),
                nativeAttached(INGRESS, "from-default", target, { ...postgres, sourceSecurityGroupName: "default" }),
                nativeAttached(EGRESS, "to-replica", target, { ...postgres, destinationSecurityGroupId: "sg-replica2" }),
                nativeAttached(EGRESS, "to-s3", target, { ipProtocol: "tcp", fromPort: 443, toPort: 443, destinationPrefixListId: "pl-63a5400a", description: "x" }),
            ];
            // The separate rules are a different style from the inline ones: that advisory only.
            assert.deepEqual(
                (await pack.preview([target, ...resources])).map((d) => d.policyName),
                ["security-group-mixed-rule-styles"],
            );
            assert.deepEqual(await pack.preview([target]), []);
            assert.deepEqual(await pack.preview([nativeGroup("db"), ...resources]), []);
        });
    });

    describe("reads every protocol spelling and the -1 port convention", () => {
        for (const { spellings, ports, message, code } of DANGEROUS_SPELLINGS) {
            it(`blocks ${message.split(" from")[0]} spelled ${spellings.map((s) => JSON.stringify(s)).join(", ")} with ports ${ports.fromPort}/${ports.toPort}`, async () => {
                for (const spelling of spellings) {
                    const entry = { ipProtocol: spelling, ...ports, cidrIp: "0.0.0.0/0", description: "x" };
                    const separate = nativeAttached(INGRESS, "spelled", nativeGroup("t"), entry);
                    const inline = nativeGroup("spelled", { securityGroupIngress: [entry] });
                    assert.deepEqual(await pack.analyze(separate), [blocked("cidrIp", message, code, "0.0.0.0/0")], String(spelling));
                    assert.deepEqual(await pack.analyze(inline), [blocked("securityGroupIngress[0].cidrIp", message, code, "0.0.0.0/0")], String(spelling));
                }
            });
        }

        it("lets ICMP (-1 types and codes, or one type), ICMPv6 without ports and other protocol numbers through", async () => {
            for (const { spelling, ports } of SAFE_SPELLINGS) {
                for (const peer of [{ cidrIp: "0.0.0.0/0" }, { cidrIpv6: "::/0" }]) {
                    const entry = { ipProtocol: spelling, ...ports, ...peer, description: "x" };
                    assert.deepEqual(await pack.analyze(nativeAttached(INGRESS, "spelled", nativeGroup("t"), entry)), [], JSON.stringify(entry));
                    assert.deepEqual(await pack.analyze(nativeGroup("spelled", { securityGroupIngress: [entry] })), [], JSON.stringify(entry));
                }
            }
        });
    });

    describe("protocol spellings beyond the usual ones: by their integer value, or at their worst", () => {
        /** A rule on 0.0.0.0/0 with the protocol spelled `ipProtocol`, in both native shapes, and where its protocol and peer sit. */
        const spelled = (ipProtocol: unknown, port: number) => {
            const entry = { ipProtocol, fromPort: port, toPort: port, cidrIp: "0.0.0.0/0", description: "x" };
            return [
                { resource: nativeAttached(INGRESS, "spelled", nativeGroup("t"), entry), protocolAt: "ipProtocol", peerAt: "cidrIp" },
                { resource: nativeGroup("spelled", { securityGroupIngress: [entry] }), protocolAt: "securityGroupIngress[0].ipProtocol", peerAt: "securityGroupIngress[0].cidrIp" },
            ];
        };

        it("reads a protocol number written with leading zeros, a sign or a zero fraction by its integer value", async () => {
            const cases: [unknown, number, string, "SG100" | "SG101"][] = [
                ["06", 5432, "tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet", "SG100"],
                ["6.0", 5432, "tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet", "SG100"],
                ["+006.00", 5432, "tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet", "SG100"],
                ["017", 1434, "udp 1434 from 0.0.0.0/0 makes SQL Server Browser (1434) reachable from the internet", "SG100"],
                ["-1.0", 443, "all traffic from 0.0.0.0/0 opens every port, databases included, to the internet", "SG101"],
            ];
            for (const [ipProtocol, port, message, code] of cases) {
                for (const { resource, peerAt } of spelled(ipProtocol, port)) {
                    assert.deepEqual(await pack.analyze(resource), [blocked(peerAt, message, code, "0.0.0.0/0")], `${JSON.stringify(ipProtocol)} ${resource.type}`);
                }
            }
        });

        it("reads a protocol that is neither a name nor a number as all traffic, and says so", async () => {
            const worst = "all traffic from 0.0.0.0/0 opens every port, databases included, to the internet";
            for (const ipProtocol of ["tcpp", "6.5", "0x6", "300", "-2", "gre"]) {
                for (const { resource, protocolAt, peerAt } of spelled(ipProtocol, 5432)) {
                    const assumption = `${protocolAt} ${JSON.stringify(ipProtocol)} is neither a protocol name nor a protocol number from -1 to 255; read as all traffic`;
                    assert.deepEqual(await pack.analyze(resource), [blocked(`${peerAt} (${assumption})`, worst, "SG101", "0.0.0.0/0")], `${ipProtocol} ${resource.type}`);
                }
            }
            for (const { resource, protocolAt, peerAt } of spelled("", 5432)) {
                assert.deepEqual(await pack.analyze(resource), [blocked(`${peerAt} (${protocolAt} is missing; read as all traffic)`, worst, "SG101", "0.0.0.0/0")]);
            }
        });

        it("still lets other protocol numbers through, however written: GRE, ESP, SCTP open no TCP or UDP port", async () => {
            for (const ipProtocol of ["47", "047", "50.0", 132, "+132"]) {
                for (const { resource } of spelled(ipProtocol, 5432)) assert.deepEqual(await pack.analyze(resource), [], `${JSON.stringify(ipProtocol)} ${resource.type}`);
            }
        });
    });

    describe("split-world CIDRs across the entries of one group", () => {
        it("blocks each half of IPv4, each in its own entry", async () => {
            const halves = nativeGroup("halves", { securityGroupIngress: ["0.0.0.0/1", "128.0.0.0/1"].map((cidrIp) => ({ ...postgres, cidrIp })) });
            assert.deepEqual(await pack.preview([halves]), [
                blocked("securityGroupIngress[0].cidrIp", "tcp 5432 from 0.0.0.0/1 makes PostgreSQL (5432) reachable from the internet", "SG100", "0.0.0.0/1"),
                blocked("securityGroupIngress[1].cidrIp", "tcp 5432 from 128.0.0.0/1 makes PostgreSQL (5432) reachable from the internet", "SG100", "128.0.0.0/1"),
            ]);
        });

        it("blocks ::/1 next to 8000::/1", async () => {
            const halves = nativeGroup("v6halves", { securityGroupIngress: ["::/1", "8000::/1"].map((cidrIpv6) => ({ ...postgres, cidrIpv6 })) });
            assert.deepEqual((await pack.preview([halves])).map(line), [
                `${DATABASE} mandatory SG100 securityGroupIngress[0].cidrIpv6: tcp 5432 from ::/1 makes PostgreSQL (5432) reachable from the internet.`,
                "security-group-broad-cidr-database-ports advisory SG113 securityGroupIngress[1].cidrIpv6: 8000::/1 is a broad CIDR block (/16 or wider for IPv4, /56 or wider for IPv6).",
            ]);
        });

        it("blocks entries that add up to the internet though none does alone, and not across protocols or groups", async () => {
            const entries = ["52.0.0.0/9", "52.128.0.0/9"].map((cidrIp) => ({ ...postgres, cidrIp }));
            const sum = nativeGroup("sum", { securityGroupIngress: entries });
            assert.deepEqual(await pack.preview([sum]), [
                {
                    policyName: DATABASE,
                    enforcementLevel: "mandatory",
                    message:
                        `${DATABASE_HEADER}\nSG102 securityGroupIngress[0].cidrIp, securityGroupIngress[1].cidrIp: together, 2 ingress rules (52.0.0.0/9, 52.128.0.0/9) make PostgreSQL (5432) reachable from the internet: their IPv4 blocks cover 0.45% of public IPv4 space.\n` +
                        "Fix: allow the few CIDRs that need access, a prefix list, or a security group, rather than many blocks that add up to the internet.\n" +
                        "Why: address space split into many rules is still the internet; scanners do not care how the rules were written.",
                    urn: "",
                },
                {
                    policyName: "security-group-broad-cidr-database-ports",
                    enforcementLevel: "advisory",
                    message:
                        "A database port should be reachable only from narrow CIDR blocks, security groups or prefix lists.\nSG113 securityGroupIngress[0].cidrIp: 52.0.0.0/9 is a broad CIDR block (/16 or wider for IPv4, /56 or wider for IPv6).\n" +
                        "Fix: reference the clients' security group or a prefix list, or name their subnet's own CIDR, such as 10.0.11.0/24.\n" +
                        "Why: a broad block lets every address in it through, not only the clients that need access.",
                    urn: "",
                },
                {
                    policyName: "security-group-broad-cidr-database-ports",
                    enforcementLevel: "advisory",
                    message:
                        "A database port should be reachable only from narrow CIDR blocks, security groups or prefix lists.\nSG113 securityGroupIngress[1].cidrIp: 52.128.0.0/9 is a broad CIDR block (/16 or wider for IPv4, /56 or wider for IPv6).\n" +
                        "Fix: reference the clients' security group or a prefix list, or name their subnet's own CIDR, such as 10.0.11.0/24.\n" +
                        "Why: a broad block lets every address in it through, not only the clients that need access.",
                    urn: "",
                },
            ]);
            // A protocol number and a name for one protocol are one protocol; TCP and UDP are not.
            const spelled = nativeGroup("spelled", { securityGroupIngress: [entries[0], { ...entries[1], ipProtocol: "6" }] });
            assert.deepEqual((await pack.analyze(spelled)).map((d) => d.policyName)[0], DATABASE);
            const udp = nativeGroup("udp", { securityGroupIngress: [entries[0], { ...entries[1], ipProtocol: "17" }] });
            assert.deepEqual(
                (await pack.analyze(udp)).map((d) => d.policyName),
                ["security-group-broad-cidr-database-ports", "security-group-broad-cidr-database-ports"],
            );
        });

        it("blocks separate rules on one group that add up to the internet (combined-exposure)", async () => {
            const target = nativeGroup("db");
            const halves = ["52.0.0.0/9", "52.128.0.0/9"].map((cidrIp, index) => nativeAttached(INGRESS, `half-${index}`, target, { ...postgres, cidrIp }));
            assert.deepEqual(await pack.analyzeStack([target, ...halves]), [
                {
                    policyName: "security-group-combined-internet-exposure",
                    enforcementLevel: "mandatory",
                    message:
                        "The rules of one security group, taken together, may not make a database port reachable from the internet.\nSG102 " +
                        "security group db (half-0 cidrIp, half-1 cidrIp): together, 2 ingress rules (52.0.0.0/9, 52.128.0.0/9) make PostgreSQL (5432) reachable from the internet: their IPv4 blocks cover 0.45% of public IPv4 space.\n" +
                        "Fix: allow the few CIDRs that need access, a prefix list, or a security group, rather than many blocks that add up to the internet.\n" +
                        "Why: address space split into many rules is still the internet; scanners do not care how the rules were written.",
                    urn: target.urn as string,
                },
            ]);
            const inlineHalf = nativeGroup("db", { securityGroupIngress: [{ ...postgres, cidrIp: "52.0.0.0/9" }] });
            assert.deepEqual(
                (await pack.analyzeStack([inlineHalf, halves[1]])).map((d) => line(d).split(":")[0]),
                [
                    "security-group-combined-internet-exposure mandatory SG102 security group db (db securityGroupIngress[0].cidrIp, half-1 cidrIp)",
                    "security-group-mixed-rule-styles advisory security group db",
                ],
                "an inline entry and a separate rule of one group add up too",
            );
            const other = nativeGroup("other");
            assert.deepEqual(await pack.analyzeStack([target, other, halves[0], nativeAttached(INGRESS, "half-1", other, halves[1].props)]), [], "halves on two groups");
        });
    });

    describe("values unknown during preview, decided as for the classic provider", () => {
        /** The same rule as an `aws.vpc.SecurityGroupIngressRule` and a native `SecurityGroupIngress`. */
        const pair = (fields: Record<string, unknown>) => {
            const { cidrIp, sourceSecurityGroupId, ...rest } = fields;
            const classic = attached(AWS_TYPES.ingressRule, "classic", group("t"), {
                ...rest,
                ...(cidrIp === undefined ? {} : { cidrIpv4: cidrIp }),
                ...(sourceSecurityGroupId === undefined ? {} : { referencedSecurityGroupId: sourceSecurityGroupId }),
            });
            return { classic, native: nativeAttached(INGRESS, "native", nativeGroup("t"), fields) };
        };
        const cases: [string, Record<string, unknown>, number][] = [
            ["an unknown CIDR on a database port", { ...postgres, cidrIp: UNKNOWN }, 1],
            ["unknown ports from the internet", { ...postgres, fromPort: UNKNOWN, toPort: UNKNOWN, cidrIp: "0.0.0.0/0" }, 1],
            ["an unknown protocol from the internet", { ...postgres, ipProtocol: UNKNOWN, cidrIp: "0.0.0.0/0" }, 1],
            ["an unknown CIDR on HTTPS", { ...postgres, fromPort: 443, toPort: 443, cidrIp: UNKNOWN }, 0],
            ["an unknown source group on a database port", { ...postgres, sourceSecurityGroupId: UNKNOWN }, 0],
            ["an unknown description", { ...postgres, description: UNKNOWN, cidrIp: "10.0.0.0/24" }, 0],
        ];
        for (const [title, fields, count] of cases) {
            it(`${title}: ${count ? "an advisory" : "no diagnostic"}, word for word the classic one`, async () => {
                const { classic, native } = pair(fields);
                const expected = (await pack.analyze(classic)).map((d) => ({ ...d, message: d.message.replace(/cidrIpv4/g, "cidrIp") }));
                assert.equal(expected.length, count);
                assert.ok(expected.every((d) => d.policyName === "security-group-undecided-exposure" && d.enforcementLevel === "advisory"));
                assert.deepEqual(await pack.analyze(native), expected);
            });
        }

        it("an unknown CIDR on a database port says what it would be at worst", async () => {
            assert.deepEqual(await pack.analyze(nativeAttached(INGRESS, "unknown", nativeGroup("t"), { ...postgres, cidrIp: UNKNOWN })), [
                {
                    policyName: "security-group-undecided-exposure",
                    enforcementLevel: "advisory",
                    message:
                        "A rule that cannot be judged during preview could, at worst, expose a database port to the internet.\n" +
                        "cidrIp: cannot be decided during preview (cidrIp is not known until the update). At worst, tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet.\n" +
                        "The rule is checked again with the real values when pulumi up registers it.",
                    urn: "",
                },
            ]);
        });

        it("an unknown list, or an unknown entry, is anything from anywhere: advisories, never a block or a crash", async () => {
            const whole = nativeGroup("whole", { groupId: UNKNOWN, securityGroupIngress: UNKNOWN, securityGroupEgress: UNKNOWN, tags: UNKNOWN });
            const entry = nativeGroup("entry", { securityGroupIngress: [{ ...postgres, sourceSecurityGroupId: UNKNOWN }, UNKNOWN] });
            const worst = (where: string, family: "cidrIp" | "cidrIpv6", cidr: string) =>
                `security-group-undecided-exposure advisory ${where}.${family}: cannot be decided during preview (${where}.ipProtocol is not known until the update; ${where}.${family} is not known until the update). At worst, all traffic from ${cidr} opens every port, databases included, to the internet.`;
            assert.deepEqual((await pack.analyze(whole)).map(line), [worst("securityGroupIngress", "cidrIp", "0.0.0.0/0"), worst("securityGroupIngress", "cidrIpv6", "::/0")]);
            assert.deepEqual((await pack.analyze(entry)).map(line), [
                worst("securityGroupIngress[1]", "cidrIp", "0.0.0.0/0"),
                worst("securityGroupIngress[1]", "cidrIpv6", "::/0"),
            ]);
            // The classic group with its whole list unknown draws the same two, at its own field names.
            const classic = (await pack.analyze(group("whole", { ingress: UNKNOWN, egress: UNKNOWN }))).map(line);
            assert.deepEqual(
                classic.map((text) =>
                    text
                        .replace(/ingress\./g, "securityGroupIngress.")
                        .replace(/\.protocol/g, ".ipProtocol")
                        .replace(/ipv6CidrBlocks/g, "cidrIpv6")
                        .replace(/cidrBlocks/g, "cidrIp"),
                ),
                (await pack.analyze(whole)).map(line),
            );
        });
    });

    describe("stack policies on native groups", () => {
        const cidrRule = (target: StackResource, index: number, family: "ipv4" | "ipv6"): StackResource =>
            nativeAttached(INGRESS, `${family}-${index}`, target, {
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                ...(family === "ipv4" ? { cidrIp: `10.${index}.0.0/16` } : { cidrIpv6: `fd00:${index.toString(16)}::/32` }),
                description: "clients",
            });
        const many = (target: StackResource, count: number, family: "ipv4" | "ipv6") => Array.from({ length: count }, (_, index) => cidrRule(target, index, family));
        const entries = (count: number) =>
            Array.from({ length: count }, (_, index) => ({ ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIp: `10.${index}.0.0/16`, description: "clients" }));

        it("allows 60 inbound IPv4 and 60 inbound IPv6 rules on a group, stops the 61st", async () => {
            const target = nativeGroup("web");
            assert.deepEqual(await pack.analyzeStack([target, ...many(target, 60, "ipv4"), ...many(target, 60, "ipv6")]), []);
            assert.deepEqual(
                (await pack.analyzeStack([target, ...many(target, 61, "ipv4")])).map((d) => [line(d), d.urn]),
                [["security-group-rule-quota mandatory security group web: 61 inbound IPv4 rules, over the quota of 60.", target.urn]],
            );
        });

        it("counts inline entries, and a source group once per family", async () => {
            const inline = nativeGroup("web", { securityGroupIngress: entries(61) });
            assert.deepEqual((await pack.analyzeStack([inline])).map(line), [
                "security-group-rule-quota mandatory security group web: 61 inbound IPv4 rules, over the quota of 60.",
            ]);
            const byGroup = nativeGroup("app", { securityGroupIngress: [...entries(60), { ...postgres, sourceSecurityGroupId: "sg-web" }] });
            assert.deepEqual((await pack.analyzeStack([byGroup])).map(line), [
                "security-group-rule-quota mandatory security group app: 61 inbound IPv4 rules, over the quota of 60.",
            ]);
            const egress = nativeGroup("out", { securityGroupEgress: entries(61) });
            assert.deepEqual((await pack.analyzeStack([egress])).map(line), [
                "security-group-rule-quota mandatory security group out: 61 outbound IPv4 rules, over the quota of 60.",
            ]);
        });

        it("reports a group mixing inline entries and separate rules", async () => {
            const target = nativeGroup("web", { securityGroupIngress: [{ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIp: "10.200.0.0/16", description: "ssh" }] });
            assert.deepEqual((await pack.analyzeStack([target, ...many(target, 2, "ipv4")])).map(line), [
                "security-group-mixed-rule-styles advisory security group web: has inline rules (securityGroupIngress[0]) and separate rule resources (ipv4-0, ipv4-1).",
            ]);
        });

        it("after up, links separate rules to their group by groupId (or groupName), with the group's echoes dropped", async () => {
            const target = nativeGroup("web");
            // After the update the rules name the group by its ID; the group's outputs echo them.
            const known = (rule: StackResource): StackResource => ({ ...rule, props: { ...rule.props, groupId: "sg-web" }, propertyDependencies: {} });
            const rules = many(target, 60, "ipv4").map(known);
            const echoed = nativeGroup("web", { securityGroupIngress: entries(60) });
            assert.deepEqual(await pack.analyzeStack([echoed, ...rules]), [], "60 rules and their 60 echoes are 60 rules, not mixed styles");
            const extra = nativeGroup("web", {
                securityGroupIngress: [...entries(60), { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIp: "10.250.0.0/16", description: "ssh" }],
            });
            assert.deepEqual((await pack.analyzeStack([extra, ...rules])).map(line), [
                "security-group-rule-quota mandatory security group web: 61 inbound IPv4 rules, over the quota of 60.",
                "security-group-mixed-rule-styles advisory security group web: has inline rules (securityGroupIngress[60]) and separate rule resources (" +
                    rules.map((rule) => rule.name).join(", ") +
                    ").",
            ]);
            const byName = known(cidrRule(target, 200, "ipv4"));
            const named = { ...byName, props: { ...byName.props, groupId: undefined, groupName: "web-group" } };
            const namedGroup = nativeGroup("web", {
                groupName: "web-group",
                securityGroupIngress: [{ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIp: "10.251.0.0/16", description: "ssh" }],
            });
            assert.deepEqual((await pack.analyzeStack([namedGroup, named])).map(line), [
                "security-group-mixed-rule-styles advisory security group web: has inline rules (securityGroupIngress[0]) and separate rule resources (ipv4-200).",
            ]);
        });

        it("asks for a description, once per entry and on a separate rule", async () => {
            const bare = { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIp: "10.0.0.0/24" };
            assert.deepEqual((await pack.analyze(nativeGroup("bare", { securityGroupIngress: [bare] }))).map(line), [
                "security-group-rule-descriptions advisory SG114 securityGroupIngress[0]: rule tcp 443 from 10.0.0.0/24 has no description.",
            ]);
            assert.deepEqual((await pack.analyze(nativeAttached(INGRESS, "bare", nativeGroup("t"), bare))).map(line), [
                "security-group-rule-descriptions advisory SG114 rule tcp 443 from 10.0.0.0/24 has no description.",
            ]);
        });

        it("warns about SSH from the internet and a port beyond the allowed ones", async () => {
            const admin = nativeGroup("admin", {
                securityGroupIngress: [
                    { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv6: "::/0", description: "ssh" },
                    { ipProtocol: "6", fromPort: 8080, toPort: 8080, cidrIp: "0.0.0.0/0", description: "alt" },
                ],
            });
            assert.deepEqual((await pack.analyze(admin)).map(line), [
                "security-group-internet-admin-ports advisory SG110 securityGroupIngress[0].cidrIpv6: tcp 22 from ::/0 makes SSH (22) reachable from the internet.",
                "security-group-internet-ports-allowlist advisory SG115 securityGroupIngress[1].cidrIp: tcp 8080 from 0.0.0.0/0 opens port 8080 to the internet, beyond the ports meant to face it (80, 443).",
            ]);
        });
    });
});
