import { strict as assert } from "node:assert";
import { PolicyResource, unknownCheckingProxy } from "@pulumi/policy";
import {
    AWS_TYPES,
    AdaptedRule,
    NATIVE_TYPES,
    awsAddedEntriesOf,
    groupHandlesOf,
    groupLinkOf,
    indexGroups,
    prefixListIdOf,
    ruleGroupKey,
    rulesOf,
} from "../policypack/src/adapters";
import { UNKNOWN, snapshot } from "../policypack/src/props";
import { UNKNOWN as UNKNOWN_VALUE } from "./support/engine";

/** What a test compares: where, which direction, the core's rule key, and what is still open. */
function view(adapted: AdaptedRule) {
    return {
        location: adapted.location,
        key: adapted.rule ? adapted.identity : undefined,
        description: adapted.rule?.description,
        undecided: adapted.undecided,
        assumptions: adapted.assumptions,
        families: adapted.families.join("+"),
    };
}

const adapt = (type: string, props: Record<string, unknown>) => rulesOf(type, props).map(view);

describe("policy pack adapters: one per resource shape, into the core's rule", () => {
    it("aws.vpc.SecurityGroupIngressRule: one rule, the peer from whichever field is set", () => {
        assert.deepEqual(adapt(AWS_TYPES.ingressRule, { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "0.0.0.0/0", description: "db", securityGroupId: "sg-1" }), [
            { location: "cidrIpv4", key: "ingress-tcp-5432-from-cidr4-0.0.0.0/0", description: "db", undecided: [], assumptions: [], families: "ipv4" },
        ]);
        assert.deepEqual(
            adapt(AWS_TYPES.ingressRule, { ipProtocol: "-1", referencedSecurityGroupId: "sg-2" }).map((rule) => [rule.key, rule.families]),
            [["ingress-all-from-sg-2", "ipv4+ipv6"]],
        );
        assert.deepEqual(
            adapt(AWS_TYPES.ingressRule, { ipProtocol: "udp", fromPort: 1434, toPort: 1434, prefixListId: "pl-1" }).map((rule) => rule.key),
            ["ingress-udp-1434-from-pl-1"],
        );
    });

    it("aws.vpc.SecurityGroupEgressRule: the same fields, egress", () => {
        assert.deepEqual(
            adapt(AWS_TYPES.egressRule, { ipProtocol: "TCP", fromPort: 443, toPort: 443, cidrIpv6: "::/0" }).map((rule) => rule.key),
            ["egress-tcp-443-to-cidr6---/0"],
        );
    });

    it("aws.ec2.SecurityGroupRule: one rule per CIDR block, prefix list, source group or self", () => {
        const props = {
            type: "ingress",
            protocol: "6",
            fromPort: 3306,
            toPort: 3306,
            cidrBlocks: ["10.0.1.0/24", "0.0.0.0/1"],
            ipv6CidrBlocks: ["2001:db8::/32"],
            prefixListIds: ["pl-1"],
            self: true,
            securityGroupId: "sg-1",
        };
        assert.deepEqual(
            adapt(AWS_TYPES.securityGroupRule, props).map((rule) => [rule.location, rule.key]),
            [
                ["cidrBlocks[0]", "ingress-tcp-3306-from-cidr4-10.0.1.0/24"],
                ["cidrBlocks[1]", "ingress-tcp-3306-from-cidr4-0.0.0.0/1"],
                ["ipv6CidrBlocks[0]", "ingress-tcp-3306-from-cidr6-2001-db8--/32"],
                ["prefixListIds[0]", "ingress-tcp-3306-from-pl-1"],
                ["self", "ingress-tcp-3306-from-self"],
            ],
        );
        assert.deepEqual(
            adapt(AWS_TYPES.securityGroupRule, { type: "egress", protocol: "all", fromPort: 0, toPort: 0, sourceSecurityGroupId: "sg-9" }).map((rule) => rule.key),
            ["egress-all-to-sg-9"],
        );
    });

    it("aws.ec2.SecurityGroup and DefaultSecurityGroup: every inline block, ingress then egress", () => {
        const props = {
            ingress: [
                { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"], description: "HTTPS" },
                { protocol: "icmp", fromPort: -1, toPort: -1, securityGroups: ["sg-3"] },
            ],
            egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
        };
        const expected = [
            ["ingress[0].cidrBlocks[0]", "ingress-tcp-443-from-cidr4-0.0.0.0/0", "HTTPS"],
            ["ingress[0].ipv6CidrBlocks[0]", "ingress-tcp-443-from-cidr6---/0", "HTTPS"],
            ["ingress[1].securityGroups[0]", "ingress-icmp-from-sg-3", undefined],
            ["egress[0].cidrBlocks[0]", "egress-all-to-cidr4-0.0.0.0/0", undefined],
        ];
        for (const type of [AWS_TYPES.securityGroup, AWS_TYPES.defaultSecurityGroup]) {
            assert.deepEqual(
                adapt(type, props).map((rule) => [rule.location, rule.key, rule.description]),
                expected,
            );
        }
    });

    it("reads ports conservatively: reversed bounds as the range between them, out-of-range and missing as every port", () => {
        const keys = (fromPort: unknown, toPort: unknown) => adapt(AWS_TYPES.ingressRule, { ipProtocol: "tcp", fromPort, toPort, cidrIpv4: "10.0.0.0/8" }).map((rule) => rule.key);
        assert.deepEqual(keys(5500, 5400), ["ingress-tcp-5400-5500-from-cidr4-10.0.0.0/8"]);
        assert.deepEqual(keys(-1, 70000), ["ingress-tcp-0-65535-from-cidr4-10.0.0.0/8"]);
        assert.deepEqual(keys("5432", "5432"), ["ingress-tcp-5432-from-cidr4-10.0.0.0/8"]);
        for (const missing of [undefined, null, "", "any"]) {
            const [rule] = rulesOf(AWS_TYPES.ingressRule, { ipProtocol: "tcp", fromPort: missing, toPort: 5432, cidrIpv4: "10.0.0.0/8" });
            assert.deepEqual(
                [rule.identity, rule.assumptions],
                ["ingress-tcp-0-65535-from-cidr4-10.0.0.0/8@cidrIpv4", ["fromPort is missing or not a port; read as every port"]],
                String(missing),
            );
        }
    });

    it("reads a missing protocol as all traffic, and an unknown direction as ingress until known", () => {
        const [missing] = rulesOf(AWS_TYPES.ingressRule, { cidrIpv4: "10.0.0.0/8" });
        assert.deepEqual([missing.identity, missing.assumptions], ["ingress-all-from-cidr4-10.0.0.0/8@cidrIpv4", ["ipProtocol is missing; read as all traffic"]]);
        const [direction] = rulesOf(
            AWS_TYPES.securityGroupRule,
            unknownCheckingProxy({ type: UNKNOWN_VALUE, protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/8"] }),
        );
        assert.deepEqual([direction.direction, direction.undecided], ["ingress", ["type is not known until the update"]]);
    });

    it("clears host bits as EC2 does, and reads text that is no CIDR of the field's family as the internet", () => {
        assert.deepEqual(
            adapt(AWS_TYPES.ingressRule, { ipProtocol: "tcp", fromPort: 1, toPort: 1, cidrIpv4: "10.0.0.5/8" }).map((rule) => rule.key),
            ["ingress-tcp-1-from-cidr4-10.0.0.0/8"],
        );
        assert.deepEqual(adapt(AWS_TYPES.securityGroupRule, { type: "ingress", protocol: "tcp", fromPort: 1, toPort: 1, cidrBlocks: ["::/0", "anywhere"] }), [
            {
                location: "cidrBlocks[0]",
                key: "ingress-tcp-1-from-cidr4-0.0.0.0/0@cidrBlocks[0]",
                description: undefined,
                undecided: [],
                assumptions: ['"::/0" is not an IPv4 CIDR block; read as 0.0.0.0/0'],
                families: "ipv4",
            },
            {
                location: "cidrBlocks[1]",
                key: "ingress-tcp-1-from-cidr4-0.0.0.0/0@cidrBlocks[1]",
                description: undefined,
                undecided: [],
                assumptions: ['"anywhere" is not an IPv4 CIDR block; read as 0.0.0.0/0'],
                families: "ipv4",
            },
        ]);
    });

    it("reads IPv4 in any form but canonical dotted decimal at its worst, and an IPv4-mapped block as ipaddr.js reads it", () => {
        const cidrBlocks = ["010.0.0.0/8", "0/0", "0x0a.0.0.0/8", "10.0.0.0/08"];
        assert.deepEqual(
            adapt(AWS_TYPES.securityGroupRule, { type: "ingress", protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks }).map((rule) => [rule.key, rule.assumptions]),
            cidrBlocks.map((block, index) => [
                `ingress-tcp-5432-from-cidr4-0.0.0.0/0@cidrBlocks[${index}]`,
                [`${JSON.stringify(block)} is not an IPv4 CIDR block; read as 0.0.0.0/0`],
            ]),
        );
        assert.deepEqual(
            adapt(AWS_TYPES.securityGroupRule, { type: "ingress", protocol: "tcp", fromPort: 5432, toPort: 5432, ipv6CidrBlocks: ["::ffff:0.0.0.0/96", "::0.0.0.0/96"] }).map(
                (rule) => [rule.key, rule.assumptions],
            ),
            [
                ["ingress-tcp-5432-from-cidr6---ffff-0-0/96", []],
                ["ingress-tcp-5432-from-cidr6---ffff-0-0/96", []],
            ],
        );
    });

    it("keeps a protocol without ports (GRE) for counting, with no rule to check", () => {
        assert.deepEqual(adapt(AWS_TYPES.ingressRule, { ipProtocol: "47", cidrIpv4: "0.0.0.0/0" }), [
            { location: "cidrIpv4", key: undefined, description: undefined, undecided: [], assumptions: [], families: "ipv4" },
        ]);
    });

    it("names such a rule by what it allows, so its echo in a group's outputs after refresh is the same rule", () => {
        const separate = rulesOf(AWS_TYPES.ingressRule, { ipProtocol: "50", cidrIpv4: "10.0.0.0/16", securityGroupId: "sg-1" });
        const echo = rulesOf(AWS_TYPES.securityGroup, { ingress: [{ protocol: "50", fromPort: 0, toPort: 0, cidrBlocks: ["10.1.0.0/16", "10.0.0.0/16"] }] });
        assert.equal(separate[0].identity, echo[1].identity);
        assert.notEqual(echo[0].identity, echo[1].identity);
        assert.equal(separate[0].identity, "ingress-protocol-50-cidr4-10.0.0.0/16");
    });

    it("reads no rules from resources that hold none", () => {
        assert.deepEqual(rulesOf(AWS_TYPES.ssmParameter, { name: "/sg/x", insecureValue: "sg-1" }), []);
        assert.deepEqual(rulesOf(AWS_TYPES.securityGroup, { name: "web" }), []);
    });
});

describe("policy pack adapters: values unknown during preview", () => {
    // The policy SDK hands policies a proxy that throws on unknown values; snapshot() reads through it.
    const preview = (props: Record<string, unknown>) => unknownCheckingProxy(props) as Record<string, unknown>;

    it("snapshot turns each unknown into a marker instead of throwing", () => {
        const props = preview({ a: UNKNOWN_VALUE, b: [1, UNKNOWN_VALUE], c: { d: UNKNOWN_VALUE, e: "x" } });
        assert.throws(() => props.a, { name: "Error", message: "string value at .a can't be known during preview" });
        assert.deepEqual(snapshot(props), { a: UNKNOWN, b: [1, UNKNOWN], c: { d: UNKNOWN, e: "x" } });
    });

    it("an unknown group reference is still a reference: decided, never the internet", () => {
        assert.deepEqual(
            adapt(AWS_TYPES.ingressRule, preview({ ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: UNKNOWN_VALUE, securityGroupId: UNKNOWN_VALUE })),
            [
                {
                    location: "referencedSecurityGroupId",
                    key: "ingress-tcp-5432-from-(referencedSecurityGroupId, known after the update)",
                    description: undefined,
                    undecided: [],
                    assumptions: [],
                    families: "ipv4+ipv6",
                },
            ],
        );
    });

    it("an unknown CIDR, port or protocol is read at its worst and marked undecided", () => {
        assert.deepEqual(adapt(AWS_TYPES.ingressRule, preview({ ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: UNKNOWN_VALUE })), [
            {
                location: "cidrIpv4",
                key: "ingress-tcp-5432-from-cidr4-0.0.0.0/0@cidrIpv4",
                description: undefined,
                undecided: ["cidrIpv4 is not known until the update"],
                assumptions: [],
                families: "ipv4",
            },
        ]);
        assert.deepEqual(adapt(AWS_TYPES.ingressRule, preview({ ipProtocol: UNKNOWN_VALUE, fromPort: UNKNOWN_VALUE, toPort: 10, cidrIpv6: "2001:db8::/32" })), [
            {
                location: "cidrIpv6",
                key: "ingress-all-from-cidr6-2001-db8--/32@cidrIpv6",
                description: undefined,
                undecided: ["ipProtocol is not known until the update"],
                assumptions: [],
                families: "ipv6",
            },
        ]);
        assert.deepEqual(adapt(AWS_TYPES.ingressRule, preview({ ipProtocol: "udp", fromPort: UNKNOWN_VALUE, toPort: 10, cidrIpv6: "2001:db8::/32", description: UNKNOWN_VALUE })), [
            {
                location: "cidrIpv6",
                key: "ingress-udp-0-65535-from-cidr6-2001-db8--/32@cidrIpv6",
                description: "(known after the update)",
                undecided: ["fromPort is not known until the update"],
                assumptions: [],
                families: "ipv6",
            },
        ]);
    });

    it("an unknown list of inline blocks is read as anything from anywhere, on both families", () => {
        assert.deepEqual(adapt(AWS_TYPES.securityGroup, preview({ ingress: UNKNOWN_VALUE, egress: [] })), [
            {
                location: "ingress.cidrBlocks",
                key: "ingress-all-from-cidr4-0.0.0.0/0@ingress.cidrBlocks",
                description: "(known after the update)",
                undecided: ["ingress.protocol is not known until the update", "ingress.cidrBlocks is not known until the update"],
                assumptions: [],
                families: "ipv4",
            },
            {
                location: "ingress.ipv6CidrBlocks",
                key: "ingress-all-from-cidr6---/0@ingress.ipv6CidrBlocks",
                description: "(known after the update)",
                undecided: ["ingress.protocol is not known until the update", "ingress.ipv6CidrBlocks is not known until the update"],
                assumptions: [],
                families: "ipv6",
            },
        ]);
    });
});

describe("policy pack adapters: @pulumi/aws-native shapes", () => {
    const preview = (props: Record<string, unknown>) => unknownCheckingProxy(props) as Record<string, unknown>;
    const keys = (type: string, props: Record<string, unknown>) => adapt(type, props).map((rule) => [rule.location, rule.key, rule.families]);

    it("aws-native:ec2:SecurityGroup: every entry of securityGroupIngress then securityGroupEgress, one rule per peer", () => {
        const props = {
            groupId: "sg-db",
            securityGroupIngress: [
                { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIp: "10.0.1.0/24", cidrIpv6: "fd00::/64", description: "app" },
                { ipProtocol: "6", fromPort: 5432, toPort: 5432, sourceSecurityGroupId: "sg-app" },
                { ipProtocol: "-1", fromPort: -1, toPort: -1, sourceSecurityGroupId: "sg-db" },
                { ipProtocol: "TCP", fromPort: 5432, toPort: 5432, sourcePrefixListId: "pl-1" },
                { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, sourceSecurityGroupName: "legacy", sourceSecurityGroupOwnerId: "123456789012" },
                { ipProtocol: "icmp", fromPort: -1, toPort: -1, cidrIp: "0.0.0.0/0" },
            ],
            securityGroupEgress: [
                { ipProtocol: "-1", cidrIp: "0.0.0.0/0" },
                { ipProtocol: "17", fromPort: 53, toPort: 53, destinationSecurityGroupId: "sg-dns" },
                { ipProtocol: "tcp", fromPort: 443, toPort: 443, destinationPrefixListId: "pl-s3" },
            ],
        };
        assert.deepEqual(keys(NATIVE_TYPES.securityGroup, props), [
            ["securityGroupIngress[0].cidrIp", "ingress-tcp-5432-from-cidr4-10.0.1.0/24", "ipv4"],
            ["securityGroupIngress[0].cidrIpv6", "ingress-tcp-5432-from-cidr6-fd00--/64", "ipv6"],
            ["securityGroupIngress[1].sourceSecurityGroupId", "ingress-tcp-5432-from-sg-app", "ipv4+ipv6"],
            // AWS Native has no `self`: the group naming its own ID is the same rule.
            ["securityGroupIngress[2].sourceSecurityGroupId", "ingress-all-from-self", "ipv4+ipv6"],
            ["securityGroupIngress[3].sourcePrefixListId", "ingress-tcp-5432-from-pl-1", "ipv4+ipv6"],
            ["securityGroupIngress[4].sourceSecurityGroupName", "ingress-tcp-5432-from-legacy", "ipv4+ipv6"],
            ["securityGroupIngress[5].cidrIp", "ingress-icmp-from-cidr4-0.0.0.0/0", "ipv4"],
            ["securityGroupEgress[0].cidrIp", "egress-all-to-cidr4-0.0.0.0/0", "ipv4"],
            ["securityGroupEgress[1].destinationSecurityGroupId", "egress-udp-53-to-sg-dns", "ipv4+ipv6"],
            ["securityGroupEgress[2].destinationPrefixListId", "egress-tcp-443-to-pl-s3", "ipv4+ipv6"],
        ]);
        assert.deepEqual(adapt(NATIVE_TYPES.securityGroup, props)[0].description, "app");
        assert.deepEqual(rulesOf(NATIVE_TYPES.securityGroup, { groupId: "sg-db", groupDescription: "no rules" }), []);
    });

    it("aws-native:ec2:SecurityGroupIngress / SecurityGroupEgress: one rule per resource, by direction's field names", () => {
        assert.deepEqual(keys(NATIVE_TYPES.securityGroupIngress, { groupId: "sg-db", ipProtocol: "tcp", fromPort: 1500, toPort: 1600, cidrIpv6: "::/0" }), [
            ["cidrIpv6", "ingress-tcp-1500-1600-from-cidr6---/0", "ipv6"],
        ]);
        assert.deepEqual(keys(NATIVE_TYPES.securityGroupIngress, { groupId: "sg-db", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, sourceSecurityGroupId: "sg-db" }), [
            ["sourceSecurityGroupId", "ingress-tcp-5432-from-self", "ipv4+ipv6"],
        ]);
        // A group named by ID and by name is one group.
        assert.deepEqual(
            keys(NATIVE_TYPES.securityGroupIngress, {
                groupName: "db",
                ipProtocol: "tcp",
                fromPort: 22,
                toPort: 22,
                sourceSecurityGroupId: "sg-1",
                sourceSecurityGroupName: "one",
            }),
            [["sourceSecurityGroupId", "ingress-tcp-22-from-sg-1", "ipv4+ipv6"]],
        );
        assert.deepEqual(keys(NATIVE_TYPES.securityGroupEgress, { groupId: "sg-db", ipProtocol: "-1", cidrIp: "0.0.0.0/0" }), [
            ["cidrIp", "egress-all-to-cidr4-0.0.0.0/0", "ipv4"],
        ]);
        // Egress has no source fields: a stray one names no peer.
        assert.deepEqual(keys(NATIVE_TYPES.securityGroupEgress, { groupId: "sg-db", ipProtocol: "tcp", fromPort: 1, toPort: 1, sourceSecurityGroupId: "sg-x" }), []);
    });

    it("reads every protocol spelling as the classic adapters do, and -1 ports as no ports for ICMP and all", () => {
        const key = (ipProtocol: unknown, fromPort: unknown = 5432, toPort: unknown = 5432) =>
            adapt(NATIVE_TYPES.securityGroupIngress, { ipProtocol, fromPort, toPort, cidrIp: "0.0.0.0/0" })[0].key;
        assert.deepEqual(
            ["tcp", "TCP", "6", 6, "udp", "17", "icmp", "1", "icmpv6", "58", "-1", -1].map((spelling) => key(spelling)),
            [
                ...Array(4).fill("ingress-tcp-5432-from-cidr4-0.0.0.0/0"),
                ...Array(2).fill("ingress-udp-5432-from-cidr4-0.0.0.0/0"),
                ...Array(2).fill("ingress-icmp-from-cidr4-0.0.0.0/0"),
                ...Array(2).fill("ingress-icmpv6-from-cidr4-0.0.0.0/0"),
                ...Array(2).fill("ingress-all-from-cidr4-0.0.0.0/0"),
            ],
        );
        assert.deepEqual(
            [key("icmp", -1, -1), key("-1", -1, -1), key("icmpv6", undefined, undefined)],
            ["ingress-icmp-from-cidr4-0.0.0.0/0", "ingress-all-from-cidr4-0.0.0.0/0", "ingress-icmpv6-from-cidr4-0.0.0.0/0"],
        );
        // Another protocol number (GRE, SCTP) opens no TCP or UDP port: counted, not checked.
        for (const other of ["47", "132"])
            assert.deepEqual(keys(NATIVE_TYPES.securityGroupIngress, { ipProtocol: other, fromPort: 5432, toPort: 5432, cidrIp: "0.0.0.0/0" }), [["cidrIp", undefined, "ipv4"]]);
    });

    it("reads a protocol number by its integer value, and any other spelling as all traffic, saying so", () => {
        const read = (ipProtocol: unknown) => {
            const [rule] = rulesOf(NATIVE_TYPES.securityGroupIngress, { ipProtocol, fromPort: 5432, toPort: 5432, cidrIp: "10.0.0.0/8" });
            return [rule.identity, ...rule.assumptions];
        };
        const table: [unknown, string[]][] = [
            ["06", ["ingress-tcp-5432-from-cidr4-10.0.0.0/8"]],
            [" 6 ", ["ingress-tcp-5432-from-cidr4-10.0.0.0/8"]],
            ["+6", ["ingress-tcp-5432-from-cidr4-10.0.0.0/8"]],
            ["6.0", ["ingress-tcp-5432-from-cidr4-10.0.0.0/8"]],
            [6, ["ingress-tcp-5432-from-cidr4-10.0.0.0/8"]],
            ["0017.00", ["ingress-udp-5432-from-cidr4-10.0.0.0/8"]],
            ["-01", ["ingress-all-from-cidr4-10.0.0.0/8"]],
            // Another protocol number, however written, is the same rule: no ports, named by its number.
            ["047", ["ingress-protocol-47-cidr4-10.0.0.0/8"]],
            ["47.0", ["ingress-protocol-47-cidr4-10.0.0.0/8"]],
            ["0", ["ingress-protocol-0-cidr4-10.0.0.0/8"]],
            ["255", ["ingress-protocol-255-cidr4-10.0.0.0/8"]],
            ...["tcpp", "6.5", "0x6", "6e0", "256", "-2", "gre", "1 7"].map((spelling): [unknown, string[]] => [
                spelling,
                [
                    "ingress-all-from-cidr4-10.0.0.0/8@cidrIp",
                    `ipProtocol ${JSON.stringify(spelling)} is neither a protocol name nor a protocol number from -1 to 255; read as all traffic`,
                ],
            ]),
            [6.5, ["ingress-all-from-cidr4-10.0.0.0/8@cidrIp", "ipProtocol 6.5 is neither a protocol name nor a protocol number from -1 to 255; read as all traffic"]],
            ["", ["ingress-all-from-cidr4-10.0.0.0/8@cidrIp", "ipProtocol is missing; read as all traffic"]],
        ];
        assert.deepEqual(
            table.map(([spelling]) => [spelling, read(spelling)]),
            table.map(([spelling, expected]) => [spelling, expected]),
        );
        // The classic adapters read the same way: one function behind every shape.
        const [classic] = rulesOf(AWS_TYPES.securityGroup, { ingress: [{ protocol: "tcpp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/8"] }] });
        assert.deepEqual(classic.assumptions, ['ingress[0].protocol "tcpp" is neither a protocol name nor a protocol number from -1 to 255; read as all traffic']);
    });

    it("marks only AWS's exact default egress, and only on a group read back (its groupId known), as added by AWS", () => {
        const DEFAULT = { ipProtocol: "-1", cidrIp: "0.0.0.0/0" };
        const added = (entry: unknown, groupId: unknown = "sg-web") => awsAddedEntriesOf(NATIVE_TYPES.securityGroup, { groupId, securityGroupEgress: [entry] });
        const table: [string, unknown, string[]][] = [
            ["the default as CloudControl reads it", DEFAULT, ["securityGroupEgress[0]"]],
            ["-1 as a number", { ...DEFAULT, ipProtocol: -1 }, ["securityGroupEgress[0]"]],
            ["an empty description", { ...DEFAULT, description: "" }, ["securityGroupEgress[0]"]],
            ["ports of -1, which mean nothing for -1", { ...DEFAULT, fromPort: -1, toPort: -1 }, ["securityGroupEgress[0]"]],
            ["a description", { ...DEFAULT, description: "Allow all outbound traffic by default" }, []],
            ["ports of 0", { ...DEFAULT, fromPort: 0, toPort: 0 }, []],
            ["all as a word", { ...DEFAULT, ipProtocol: "all" }, []],
            ["IPv6", { ipProtocol: "-1", cidrIpv6: "::/0" }, []],
            ["IPv4 and IPv6 in one entry", { ...DEFAULT, cidrIpv6: "::/0" }, []],
            ["a narrower block", { ...DEFAULT, cidrIp: "10.0.0.0/8" }, []],
            ["TCP", { ...DEFAULT, ipProtocol: "tcp", fromPort: 0, toPort: 65535 }, []],
            ["a destination group too", { ...DEFAULT, destinationSecurityGroupId: "sg-1" }, []],
            ["no peer", { ipProtocol: "-1" }, []],
        ];
        assert.deepEqual(
            table.map(([title, entry]) => [title, added(entry)]),
            table.map(([title, , expected]) => [title, expected]),
        );
        assert.deepEqual(added(DEFAULT, UNKNOWN), [], "in the first preview the list is the program's own");
        assert.deepEqual(awsAddedEntriesOf(NATIVE_TYPES.securityGroup, { groupId: "sg-web", securityGroupIngress: [DEFAULT] }), [], "ingress");
        assert.deepEqual(
            awsAddedEntriesOf(AWS_TYPES.securityGroup, { id: "sg-web", egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }),
            [],
            "classic",
        );
        assert.deepEqual(awsAddedEntriesOf(NATIVE_TYPES.securityGroup, { groupId: "sg-web", securityGroupEgress: [{ ...DEFAULT, cidrIp: "10.0.0.0/8" }, DEFAULT] }), [
            "securityGroupEgress[1]",
        ]);
    });

    it("values unknown during preview are read as the classic adapters read them", () => {
        const same = (native: Record<string, unknown>, classic: Record<string, unknown>, rename: (text: string) => string) =>
            assert.deepEqual(
                adapt(NATIVE_TYPES.securityGroupIngress, preview(native)),
                adapt(AWS_TYPES.ingressRule, preview(classic)).map((rule) => ({
                    ...rule,
                    location: rename(rule.location),
                    key: rule.key && rename(rule.key),
                    undecided: rule.undecided.map(rename),
                })),
            );
        const toNative = (text: string) => text.replace(/cidrIpv4/g, "cidrIp").replace(/referencedSecurityGroupId/g, "sourceSecurityGroupId");
        same({ ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIp: UNKNOWN_VALUE }, { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: UNKNOWN_VALUE }, toNative);
        same(
            { ipProtocol: UNKNOWN_VALUE, fromPort: UNKNOWN_VALUE, toPort: 1, cidrIpv6: "::/0" },
            { ipProtocol: UNKNOWN_VALUE, fromPort: UNKNOWN_VALUE, toPort: 1, cidrIpv6: "::/0" },
            toNative,
        );
        same(
            { ipProtocol: "udp", fromPort: UNKNOWN_VALUE, toPort: 10, cidrIp: "1.2.3.0/24", description: UNKNOWN_VALUE },
            { ipProtocol: "udp", fromPort: UNKNOWN_VALUE, toPort: 10, cidrIpv4: "1.2.3.0/24", description: UNKNOWN_VALUE },
            toNative,
        );
        same(
            { ipProtocol: "tcp", fromPort: 1, toPort: 1, groupId: UNKNOWN_VALUE, sourceSecurityGroupId: UNKNOWN_VALUE },
            { ipProtocol: "tcp", fromPort: 1, toPort: 1, referencedSecurityGroupId: UNKNOWN_VALUE },
            toNative,
        );
        assert.deepEqual(
            adapt(NATIVE_TYPES.securityGroup, preview({ groupId: UNKNOWN_VALUE, securityGroupIngress: [UNKNOWN_VALUE], securityGroupEgress: UNKNOWN_VALUE })).map((rule) => [
                rule.location,
                rule.key,
                rule.undecided,
            ]),
            [
                [
                    "securityGroupIngress[0].cidrIp",
                    "ingress-all-from-cidr4-0.0.0.0/0@securityGroupIngress[0].cidrIp",
                    ["securityGroupIngress[0].ipProtocol is not known until the update", "securityGroupIngress[0].cidrIp is not known until the update"],
                ],
                [
                    "securityGroupIngress[0].cidrIpv6",
                    "ingress-all-from-cidr6---/0@securityGroupIngress[0].cidrIpv6",
                    ["securityGroupIngress[0].ipProtocol is not known until the update", "securityGroupIngress[0].cidrIpv6 is not known until the update"],
                ],
                [
                    "securityGroupEgress.cidrIp",
                    "egress-all-to-cidr4-0.0.0.0/0@securityGroupEgress.cidrIp",
                    ["securityGroupEgress.ipProtocol is not known until the update", "securityGroupEgress.cidrIp is not known until the update"],
                ],
                [
                    "securityGroupEgress.cidrIpv6",
                    "egress-all-to-cidr6---/0@securityGroupEgress.cidrIpv6",
                    ["securityGroupEgress.ipProtocol is not known until the update", "securityGroupEgress.cidrIpv6 is not known until the update"],
                ],
            ],
        );
    });
});

describe("policy pack adapters: how rules and groups find each other, in either provider", () => {
    const resource = (type: string, name: string, props: Record<string, unknown>, propertyDependencies: Record<string, PolicyResource[]> = {}): PolicyResource =>
        ({ type, name, urn: `urn:${name}`, props, propertyDependencies, dependencies: [], isComponent: false }) as unknown as PolicyResource;

    it("names a rule's group by the property its provider uses", () => {
        assert.deepEqual(groupLinkOf(AWS_TYPES.ingressRule, { securityGroupId: "sg-1" }), { property: "securityGroupId", by: "id", value: "sg-1" });
        assert.deepEqual(groupLinkOf(NATIVE_TYPES.securityGroupEgress, { groupId: "sg-1" }), { property: "groupId", by: "id", value: "sg-1" });
        assert.deepEqual(groupLinkOf(NATIVE_TYPES.securityGroupIngress, { groupName: "web" }), { property: "groupName", by: "name", value: "web" });
        assert.deepEqual(groupLinkOf(NATIVE_TYPES.securityGroupIngress, { groupId: UNKNOWN, groupName: "web" }), { property: "groupId", by: "id", value: UNKNOWN });
        assert.equal(groupLinkOf(NATIVE_TYPES.securityGroup, { groupId: "sg-1" }), undefined);
        assert.deepEqual(groupHandlesOf(NATIVE_TYPES.securityGroup, { groupId: "sg-1", groupName: "web", awsId: "sg-1" }), { ids: ["sg-1"], names: ["web"] });
        assert.deepEqual(groupHandlesOf(AWS_TYPES.securityGroup, { id: "sg-2", name: "db" }), { ids: ["sg-2"], names: ["db"] });
        assert.deepEqual(groupHandlesOf(NATIVE_TYPES.securityGroup, { groupId: UNKNOWN }), { ids: [], names: [] });
        assert.deepEqual([prefixListIdOf(NATIVE_TYPES.prefixList, { prefixListId: "pl-1" }), prefixListIdOf(AWS_TYPES.managedPrefixList, { id: "pl-2" })], ["pl-1", "pl-2"]);
    });

    it("finds the group by ID or name once known, by its one dependency during preview, and never guesses", () => {
        const web = resource(NATIVE_TYPES.securityGroup, "web", { groupId: "sg-web", groupName: "web" });
        const db = resource(AWS_TYPES.securityGroup, "db", { id: "sg-db", name: "shared" });
        const other = resource(NATIVE_TYPES.securityGroup, "other", { groupId: "sg-other", groupName: "shared" });
        const index = indexGroups([web, db, other]);
        const key = (props: Record<string, unknown>, dependencies: Record<string, PolicyResource[]> = {}) =>
            ruleGroupKey(resource(NATIVE_TYPES.securityGroupIngress, "rule", props, dependencies), index);
        assert.equal(key({ groupId: "sg-web" }), "urn:web");
        assert.equal(key({ groupId: "sg-db" }), "urn:db", "a native rule on a classic group");
        assert.equal(key({ groupName: "web" }), "urn:web");
        assert.equal(key({ groupName: "shared" }), "shared", "a name two groups share finds neither");
        assert.equal(key({ groupId: "sg-elsewhere" }), "sg-elsewhere");
        assert.equal(key({ groupId: UNKNOWN }, { groupId: [web] }), "urn:web");
        assert.equal(key({ groupId: UNKNOWN }, { groupId: [web, other] }), "(group of urn:rule, known after the update)");
        assert.equal(ruleGroupKey(resource(AWS_TYPES.ingressRule, "classic", { securityGroupId: "sg-web" }), index), "urn:web", "a classic rule on a native group");
        assert.equal(ruleGroupKey(web, index), undefined);
    });
});
