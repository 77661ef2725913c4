import { strict as assert } from "node:assert";
import { CidrParse, cidrNetwork, describePeer, parseCidr, peerKey, peerLabel, peerPlace, peerReachesInternet, peerRuleFields, Peer } from "../provider/core/src/model/peer";
import { parsePortRange } from "../provider/core/src/model/ports";
import { parseProtocol } from "../provider/core/src/model/protocol";
import { NormalizedRule, compareRules, ruleKey } from "../provider/core/src/model/rule";
import { formatPath, parsePath } from "../provider/core/src/util/text";
import { makeRule } from "./support/rules";

describe("model: parsing at the boundary", () => {
    const cidrs: [string, { ok: true; family: string; cidr: string } | { ok: false; problem: string }][] = [
        ["0.0.0.0/0", { ok: true, family: "ipv4", cidr: "0.0.0.0/0" }],
        ["10.0.11.0/24", { ok: true, family: "ipv4", cidr: "10.0.11.0/24" }],
        [" 10.0.11.0/24 ", { ok: true, family: "ipv4", cidr: "10.0.11.0/24" }],
        ["::/0", { ok: true, family: "ipv6", cidr: "::/0" }],
        ["2001:DB8::/32", { ok: true, family: "ipv6", cidr: "2001:db8::/32" }],
        ["2001:db8:0:0::/64", { ok: true, family: "ipv6", cidr: "2001:db8::/64" }],
        ["10.0.0.1", { ok: false, problem: 'CIDR mask is missing in "10.0.0.1"' }],
        ["10.0.0.1/24", { ok: false, problem: 'CIDR block "10.0.0.1/24" has host bits set' }],
        ["10.0.0.0/33", { ok: false, problem: '"10.0.0.0/33" is not a valid CIDR block' }],
        ["2001:db8::1/32", { ok: false, problem: 'CIDR block "2001:db8::1/32" has host bits set' }],
        ["anywhere", { ok: false, problem: '"anywhere" is not an IP address or CIDR block' }],
    ];
    for (const [text, expected] of cidrs) {
        it(`parseCidr(${JSON.stringify(text)})`, () => {
            const parsed = parseCidr(text);
            if (expected.ok) assert.deepEqual(parsed, { ok: true, peer: { kind: "cidr", family: expected.family, cidr: expected.cidr } });
            else assert.deepEqual(parsed.ok ? "parsed" : parsed.problem, expected.problem);
        });
    }

    it("parsePortRange accepts FROM-TO and explains every failure", () => {
        assert.deepEqual(parsePortRange("8000-8100"), { ok: true, range: { from: 8000, to: 8100 } });
        assert.deepEqual(parsePortRange(" 443 - 443 "), { ok: true, range: { from: 443, to: 443 } });
        const problems = ["8100-8000", "0-10", "1-65536", "80", "a-b"].map((text) => {
            const parsed = parsePortRange(text);
            return parsed.ok ? "parsed" : parsed.problem;
        });
        assert.deepEqual(problems, [
            'port_range "8100-8000" is reversed: 8100 is greater than 8000',
            'port 0 in port_range "0-10" is outside 1-65535',
            'port 65536 in port_range "1-65536" is outside 1-65535',
            'port_range "80" is not of the form FROM-TO',
            'port_range "a-b" is not of the form FROM-TO',
        ]);
    });

    it("parseProtocol reads names, numbers and case alike", () => {
        const inputs = ["tcp", "TCP", "6", 6, "udp", "17", "icmp", "1", "icmpv6", "58", "all", "-1", -1, "sctp", "132"];
        assert.deepEqual(inputs.map(parseProtocol), ["tcp", "tcp", "tcp", "tcp", "udp", "udp", "icmp", "icmp", "icmpv6", "icmpv6", "all", "all", "all", undefined, undefined]);
    });
});

describe("model: one reading for every CIDR block, or a refusal that says why", () => {
    const refused = (fault: string, problem: string, fix: string, reading?: string): CidrParse =>
        JSON.parse(JSON.stringify({ ok: false, fault, problem, fix, reading: reading && { kind: "cidr", family: "ipv6", cidr: reading } }));
    const table: [string, CidrParse][] = [
        [
            "010.0.0.0/8",
            refused(
                "non-canonical",
                '"010.0.0.0/8" is not canonical IPv4 and is refused: leading zeros are read as octal by some tools (8.0.0.0/8) and as decimal by others (10.0.0.0/8)',
                'write the block in dotted decimal without leading zeros, such as "10.0.0.0/8"',
            ),
        ],
        [
            "012.0.0.0/8",
            refused(
                "non-canonical",
                '"012.0.0.0/8" is not canonical IPv4 and is refused: leading zeros are read as octal by some tools (10.0.0.0/8) and as decimal by others (12.0.0.0/8)',
                'write the block in dotted decimal without leading zeros, such as "12.0.0.0/8"',
            ),
        ],
        [
            "0/0",
            refused(
                "non-canonical",
                '"0/0" is not canonical IPv4 and is refused: a shortened address, which some tools read as 0.0.0.0/0 and others refuse',
                'write the block in dotted decimal without leading zeros, such as "0.0.0.0/0"',
            ),
        ],
        [
            "0x0a.0.0.0/8",
            refused(
                "non-canonical",
                '"0x0a.0.0.0/8" is not canonical IPv4 and is refused: hexadecimal octets, which some tools read as 10.0.0.0/8 and others refuse',
                'write the block in dotted decimal without leading zeros, such as "10.0.0.0/8"',
            ),
        ],
        [
            "10/8",
            refused(
                "non-canonical",
                '"10/8" is not canonical IPv4 and is refused: a shortened address, which some tools read as 0.0.0.10/8 (the last part fills the remaining bits) and others as 10.0.0.0/8 (the missing octets are zeros)',
                'write the block in dotted decimal without leading zeros, such as "10.0.0.0/8"',
            ),
        ],
        [
            "10.1/16",
            refused(
                "non-canonical",
                '"10.1/16" is not canonical IPv4 and is refused: a shortened address, which some tools read as 10.0.0.1/16 (the last part fills the remaining bits) and others as 10.1.0.0/16 (the missing octets are zeros)',
                'write the block in dotted decimal without leading zeros, such as "10.1.0.0/16"',
            ),
        ],
        [
            "1.2.3.04/32",
            refused(
                "non-canonical",
                '"1.2.3.04/32" is not canonical IPv4 and is refused: leading zeros are read as octal by some tools and as decimal by others (1.2.3.4/32 either way here)',
                'write the block in dotted decimal without leading zeros, such as "1.2.3.4/32"',
            ),
        ],
        [
            "10.0.0.0/08",
            refused(
                "non-canonical",
                '"10.0.0.0/08" is not canonical IPv4 and is refused: the prefix length "08" has leading zeros, which some tools refuse and others read as octal (read here as /8)',
                'write the block in dotted decimal without leading zeros, such as "10.0.0.0/8"',
            ),
        ],
        [
            "::ffff:0.0.0.0/96",
            refused(
                "embedded-ipv4",
                '"::ffff:0.0.0.0/96" is refused: it is an IPv4-mapped IPv6 block, IPv4 0.0.0.0/0 written as IPv6, which some tools match against IPv4 traffic and others against IPv6 traffic, where no packet carries such an address',
                'write the IPv4 block as IPv4: "0.0.0.0/0"',
                "::ffff:0:0/96",
            ),
        ],
        [
            "::FFFF:a00:0/104",
            refused(
                "embedded-ipv4",
                '"::FFFF:a00:0/104" is refused: it is an IPv4-mapped IPv6 block, IPv4 10.0.0.0/8 written as IPv6, which some tools match against IPv4 traffic and others against IPv6 traffic, where no packet carries such an address',
                'write the IPv4 block as IPv4: "10.0.0.0/8"',
                "::ffff:a00:0/104",
            ),
        ],
        [
            "::0.0.0.0/96",
            refused(
                "embedded-ipv4",
                '"::0.0.0.0/96" is refused: it is an IPv4-compatible IPv6 block, a form deprecated since RFC 4291, which some tools read as ::/96 and others, this one included, as the IPv4-mapped ::ffff:0:0/96, which stands for IPv4 0.0.0.0/0',
                'write an IPv4 block as IPv4 ("0.0.0.0/0"), or an IPv6 block in hexadecimal ("::/96")',
                "::ffff:0:0/96",
            ),
        ],
        [
            "::ffff:01.2.3.4/128",
            refused(
                "non-canonical",
                '"::ffff:01.2.3.4/128" is not canonical and is refused: its IPv4 part "01.2.3.4" is not four decimal octets without leading zeros, which some tools refuse and others read otherwise (read here as ::ffff:102:304/128)',
                'write the IPv4 part in dotted decimal without leading zeros, such as "::ffff:1.2.3.4/128"',
            ),
        ],
        [
            "fe80::%eth0/64",
            refused(
                "invalid",
                '"fe80::%eth0/64" names the zone "eth0", the network interface of one host, which AWS does not accept in a CIDR block',
                'remove "%eth0": "fe80::/64"',
            ),
        ],
        ["::ffff:10.0.0.5/104", refused("invalid", 'CIDR block "::ffff:10.0.0.5/104" has host bits set', 'use the network address: "::ffff:a00:0/104"')],
        ["64:ff9b::1.2.3.4/128", { ok: true, peer: { kind: "cidr", family: "ipv6", cidr: "64:ff9b::102:304/128" } }],
        ["2002::/16", { ok: true, peer: { kind: "cidr", family: "ipv6", cidr: "2002::/16" } }],
        ["2001::/32", { ok: true, peer: { kind: "cidr", family: "ipv6", cidr: "2001::/32" } }],
        ["255.255.255.255/32", { ok: true, peer: { kind: "cidr", family: "ipv4", cidr: "255.255.255.255/32" } }],
        ["100.64.0.0/10", { ok: true, peer: { kind: "cidr", family: "ipv4", cidr: "100.64.0.0/10" } }],
    ];
    for (const [text, expected] of table) {
        it(`parseCidr(${JSON.stringify(text)})`, () => assert.deepEqual(parseCidr(text), expected));
    }

    it("gives the policy pack no block for IPv4 in any other form, to read at its worst, and ipaddr.js's reading of IPv6", () => {
        const readings = ["010.0.0.0/8", "0/0", "0x0a.0.0.0/8", "10/8", "1.2.3.04/32", "10.0.0.0/08", "10.0.0.5/8", "::ffff:0.0.0.0/96", "::0.0.0.0/96", "fe80::%eth0/64"].map(
            (text) => cidrNetwork(text)?.cidr,
        );
        assert.deepEqual(readings, [undefined, undefined, undefined, undefined, undefined, undefined, "10.0.0.0/8", "::ffff:0:0/96", "::ffff:0:0/96", "fe80::/64"]);
    });
});

describe("model: each kind of peer carries its own behaviour", () => {
    const cidr = (text: string) => {
        const parsed = parseCidr(text);
        assert.ok(parsed.ok);
        return parsed.peer;
    };
    const table: [Peer, string, string, string, boolean, unknown, unknown][] = [
        [cidr("0.0.0.0/0"), "cidr4-0.0.0.0/0", "0.0.0.0/0", "0.0.0.0/0", true, { cidrIpv4: "0.0.0.0/0" }, { kind: "cidr", name: "0.0.0.0/0", detail: "IPv4 CIDR" }],
        [cidr("::/0"), "cidr6---/0", "::/0", "::/0", true, { cidrIpv6: "::/0" }, { kind: "cidr", name: "::/0", detail: "IPv6 CIDR" }],
        [cidr("10.0.0.0/8"), "cidr4-10.0.0.0/8", "10.0.0.0/8", "10.0.0.0/8", false, { cidrIpv4: "10.0.0.0/8" }, { kind: "cidr", name: "10.0.0.0/8", detail: "IPv4 CIDR" }],
        [Peer.tier("app"), "tier-app", "the app tier", "app tier", false, { referencedSecurityGroupId: { groupOf: "app" } }, { tier: "app" }],
        [Peer.self(), "self", "members of the same group", "self", false, { referencedSecurityGroupId: { groupOf: "web" } }, { tier: "web" }],
        [
            Peer.prefixList("pl-1a2b"),
            "pl-1a2b",
            "prefix list pl-1a2b",
            "prefix list pl-1a2b",
            false,
            { prefixListId: "pl-1a2b" },
            { kind: "prefix-list", name: "pl-1a2b", detail: "prefix list" },
        ],
    ];
    for (const [peer, key, described, label, internet, fields, place] of table) {
        it(`${key}: key, words, internet, rule fields and place in a diagram (for a rule of the web tier)`, () => {
            assert.deepEqual(
                [peerKey(peer), describePeer(peer), peerLabel(peer), peerReachesInternet(peer), peerRuleFields(peer, "web"), peerPlace(peer, "web")],
                [key, described, label, internet, fields, place],
            );
        });
    }

    it("a foreign security group, which only a stack can name, has no place in a planned rule", () => {
        const peer = Peer.securityGroup("sg-0abc");
        assert.deepEqual(
            [peerKey(peer), peerLabel(peer), peerReachesInternet(peer), peerPlace(peer, "web")],
            ["sg-0abc", "security group sg-0abc", false, { kind: "security-group", name: "sg-0abc", detail: "security group" }],
        );
        assert.throws(() => peerRuleFields(peer, "web"), { message: "a planned rule cannot reference foreign security group sg-0abc" });
    });
});

describe("model: rule identity", () => {
    const rule = (overrides: Partial<NormalizedRule>): NormalizedRule => makeRule({ ports: { from: 443, to: 443 }, ...overrides });

    it("keys a rule by direction, protocol, ports and peer, never by description or position", () => {
        assert.equal(ruleKey(rule({})), "ingress-tcp-443-from-cidr4-0.0.0.0/0");
        assert.equal(ruleKey(rule({ description: "other" })), ruleKey(rule({})));
        assert.equal(ruleKey(rule({ direction: "egress", ports: { from: 8000, to: 8100 }, peer: Peer.tier("app") })), "egress-tcp-8000-8100-to-tier-app");
        assert.equal(ruleKey(rule({ protocol: "all", ports: undefined, peer: Peer.self() })), "ingress-all-from-self");
        assert.equal(ruleKey(rule({ peer: { kind: "cidr", family: "ipv6", cidr: "2001:db8::/32" } })), "ingress-tcp-443-from-cidr6-2001-db8--/32");
        assert.equal(peerKey(Peer.prefixList("pl-0123456789abcdef0")), "pl-0123456789abcdef0");
    });

    it("never puts '::' in a key, which would break the URN", () => {
        for (const cidr of ["::/0", "::/1", "2001:db8::/32", "fd00::/8"]) {
            assert.doesNotMatch(ruleKey(rule({ peer: { kind: "cidr", family: "ipv6", cidr } })), /:/);
        }
    });

    it("orders rules by direction, peer, protocol, ports, description", () => {
        const rules = [
            rule({ direction: "egress", peer: Peer.tier("app") }),
            rule({ ports: { from: 80, to: 80 } }),
            rule({ peer: Peer.tier("web") }),
            rule({ protocol: "udp" }),
            rule({}),
        ];
        assert.deepEqual([...rules].sort(compareRules).map(ruleKey), [
            "ingress-tcp-80-from-cidr4-0.0.0.0/0",
            "ingress-tcp-443-from-cidr4-0.0.0.0/0",
            "ingress-udp-443-from-cidr4-0.0.0.0/0",
            "ingress-tcp-443-from-tier-web",
            "egress-tcp-443-to-tier-app",
        ]);
    });

    it("formats field paths and reads them back, quoting keys that are not plain words", () => {
        const cases: [(string | number)[], string][] = [
            [["overrides", "tiers", "app", "ingress", 1, "port"], "overrides.tiers.app.ingress[1].port"],
            [["tags", "app.kubernetes.io/name"], 'tags["app.kubernetes.io/name"]'],
            [["tags", "aws:owner"], 'tags["aws:owner"]'],
        ];
        for (const [segments, text] of cases) {
            assert.equal(formatPath(segments), text);
            assert.deepEqual(parsePath(text), segments);
        }
    });
});
