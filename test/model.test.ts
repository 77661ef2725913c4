import { strict as assert } from "node:assert";
import { describePeer, parseCidr, peerKey, peerLabel, peerPlace, peerReachesInternet, peerRuleFields, Peer } from "../provider/core/src/model/peer";
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
