import { strict as assert } from "node:assert";
import { Peer } from "../provider/core/src/model/peer";
import { NormalizedRule } from "../provider/core/src/model/rule";
import { DEFAULT_POLICY, checkRule } from "../provider/core/src/rules/checks";
import { checkCombinedExposure } from "../provider/core/src/rules/combined";
import { isInternet, publicShare } from "../provider/core/src/model/internet";
import { makeRule } from "./support/rules";

describe("rules engine: the address-space rule for 'the internet'", () => {
    const table: [string, "ipv4" | "ipv6", string[], boolean][] = [
        ["all of IPv4", "ipv4", ["0.0.0.0/0"], true],
        ["the lower half of IPv4", "ipv4", ["0.0.0.0/1"], true],
        ["the upper half of IPv4", "ipv4", ["128.0.0.0/1"], true],
        ["a public /8", "ipv4", ["52.0.0.0/8"], true],
        ["a public /9 (just under 1/256)", "ipv4", ["52.0.0.0/9"], false],
        ["two public /9s together", "ipv4", ["52.0.0.0/9", "52.128.0.0/9"], true],
        ["private 10/8", "ipv4", ["10.0.0.0/8"], false],
        ["all private ranges together", "ipv4", ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"], false],
        ["documentation space", "ipv4", ["203.0.113.0/24"], false],
        ["all of IPv6", "ipv6", ["::/0"], true],
        ["the lower half of IPv6 (holds all global unicast)", "ipv6", ["::/1"], true],
        ["the upper half of IPv6 (no global unicast)", "ipv6", ["8000::/1"], false],
        ["::/1 plus 8000::/1", "ipv6", ["::/1", "8000::/1"], true],
        ["global unicast 2000::/3", "ipv6", ["2000::/3"], true],
        ["a /10 of global unicast", "ipv6", ["2400::/10"], true],
        ["unique-local fc00::/7", "ipv6", ["fc00::/7"], false],
        ["a customer /48", "ipv6", ["2001:db8:1::/48"], false],
        ["IPv4-mapped ::ffff:0:0/96 (all of IPv4)", "ipv6", ["::ffff:0:0/96"], true],
        ["IPv4-mapped 10.0.0.0/8", "ipv6", ["::ffff:a00:0/104"], false],
        ["IPv4-mapped public 52.0.0.0/8", "ipv6", ["::ffff:3400:0/104"], true],
        ["two IPv4-mapped public /9s together", "ipv6", ["::ffff:3400:0/105", "::ffff:3480:0/105"], true],
        ["IPv4-translated ::ffff:0:0:0/96 (RFC 6145)", "ipv6", ["::ffff:0:0:0/96"], true],
        ["NAT64 64:ff9b::/96 (all of IPv4 through a NAT64 gateway)", "ipv6", ["64:ff9b::/96"], true],
        ["NAT64 of one public address", "ipv6", ["64:ff9b::102:304/128"], false],
        ["all of 6to4 2002::/16", "ipv6", ["2002::/16"], true],
        ["the 6to4 sites of 10.0.0.0/8", "ipv6", ["2002:a00::/24"], false],
        ["all of Teredo 2001::/32", "ipv6", ["2001::/32"], true],
        ["one Teredo client", "ipv6", ["2001::cbff:ffff/128"], false],
        ["::/8, which holds the IPv4-mapped range", "ipv6", ["::/8"], true],
        ["::/96, IPv4-compatible space, deprecated and read as IPv6", "ipv6", ["::/96"], false],
    ];
    for (const [title, family, cidrs, expected] of table) {
        it(`${expected ? "counts" : "does not count"} ${title}`, () => assert.equal(isInternet(family, cidrs), expected));
    }

    it("measures shares exactly enough to compare", () => {
        assert.equal(publicShare("ipv4", ["0.0.0.0/0"]), 1);
        assert.equal(publicShare("ipv4", ["10.0.0.0/8"]), 0);
        assert.equal(publicShare("ipv6", ["::/0"]), 1);
        assert.equal(isInternet("ipv4", []), false);
    });
});

describe("rules engine: checks on one normalized rule", () => {
    const rule = makeRule;
    const codes = (r: NormalizedRule) => checkRule(r).map((finding) => `${finding.code}:${finding.severity}:${finding.field}`);

    const table: [string, Partial<NormalizedRule>, string[]][] = [
        ["PostgreSQL from the internet", {}, ["SG100:error:peer"]],
        ["a range covering 5432 and 5439", { ports: { from: 5400, to: 5500 } }, ["SG100:error:ports"]],
        ["UDP 1434 from the internet", { protocol: "udp", ports: { from: 1434, to: 1434 } }, ["SG100:error:peer"]],
        ["protocol all from the internet", { protocol: "all", ports: undefined }, ["SG101:error:peer"]],
        ["TCP 1-65535 from the internet", { ports: { from: 1, to: 65535 } }, ["SG101:error:peer"]],
        ["PostgreSQL from a private /24", { peer: { kind: "cidr", family: "ipv4", cidr: "10.0.1.0/24" } }, []],
        ["PostgreSQL from another tier", { peer: Peer.tier("app") }, []],
        ["PostgreSQL from a prefix list", { peer: Peer.prefixList("pl-0123456789abcdef0") }, []],
        ["PostgreSQL from a foreign group", { peer: Peer.securityGroup("sg-0123456789abcdef0") }, []],
        ["PostgreSQL egress to the internet", { direction: "egress" }, []],
        ["HTTPS from the internet", { ports: { from: 443, to: 443 } }, []],
        ["ICMP from the internet", { protocol: "icmp", ports: undefined }, []],
        ["SSH from ::/0", { ports: { from: 22, to: 22 }, peer: { kind: "cidr", family: "ipv6", cidr: "::/0" } }, ["SG110:warning:peer"]],
        ["a range covering SSH and RDP", { ports: { from: 20, to: 3400 } }, ["SG100:error:ports", "SG110:warning:peer", "SG111:warning:ports"]],
        ["a wide range inside the VPC", { ports: { from: 1024, to: 65535 }, peer: Peer.tier("web") }, ["SG111:warning:ports"]],
        ["all traffic out", { direction: "egress", protocol: "all", ports: undefined, peer: Peer.tier("db") }, ["SG112:warning:protocol"]],
        ["a /16 inside the VPC", { peer: { kind: "cidr", family: "ipv4", cidr: "10.0.0.0/16" } }, ["SG113:warning:peer"]],
        ["a /56 of IPv6", { peer: { kind: "cidr", family: "ipv6", cidr: "2001:db8:0:100::/56" } }, ["SG113:warning:peer"]],
        ["no description", { description: undefined, ports: { from: 443, to: 443 } }, ["SG114:error:description"]],
        ["a blank description", { description: "   ", ports: { from: 443, to: 443 } }, ["SG114:error:description"]],
        ["HTTP alt 8080 from the internet", { ports: { from: 8080, to: 8080 } }, ["SG115:warning:peer"]],
        ["a range 8000-8100 from ::/0", { ports: { from: 8000, to: 8100 }, peer: { kind: "cidr", family: "ipv6", cidr: "::/0" } }, ["SG115:warning:ports"]],
        ["80-443 from the internet (more than 80 and 443)", { ports: { from: 80, to: 443 } }, ["SG115:warning:ports"]],
        ["8080 from a private CIDR", { ports: { from: 8080, to: 8080 }, peer: { kind: "cidr", family: "ipv4", cidr: "10.0.1.0/24" } }, []],
        ["ICMP from ::/0", { protocol: "icmpv6", ports: undefined, peer: { kind: "cidr", family: "ipv6", cidr: "::/0" } }, []],
        ["PostgreSQL from IPv4-mapped ::ffff:0:0/96", { peer: { kind: "cidr", family: "ipv6", cidr: "::ffff:0:0/96" } }, ["SG100:error:peer"]],
        ["PostgreSQL from NAT64 64:ff9b::/96", { peer: { kind: "cidr", family: "ipv6", cidr: "64:ff9b::/96" } }, ["SG100:error:peer"]],
        ["PostgreSQL from IPv4-mapped 10.0.0.0/8", { peer: { kind: "cidr", family: "ipv6", cidr: "::ffff:a00:0/104" } }, []],
    ];
    for (const [title, overrides, expected] of table) {
        it(title, () => assert.deepEqual(codes(rule(overrides)), expected));
    }

    it("takes the ports meant to face the internet from the policy", () => {
        const policy = { ...DEFAULT_POLICY, internetPorts: [80, 443, 8443] };
        assert.deepEqual(checkRule(rule({ ports: { from: 8443, to: 8443 } }), policy), []);
        const [finding] = checkRule(rule({ ports: { from: 8080, to: 8080 } }), policy);
        assert.equal(finding.message, "tcp 8080 from 0.0.0.0/0 opens port 8080 to the internet, beyond the ports meant to face it (80, 443, 8443)");
    });

    it("words its fix for where the rule was written: a config or a Pulumi resource", () => {
        const fromConfig = checkRule(rule({ origin: { kind: "override", path: "overrides.tiers.db.ingress[0]" } }))[0];
        const fromResource = checkRule(rule())[0];
        assert.equal(
            fromConfig.fix,
            "reach the database through a tier reference (source_tier naming its clients' tier) or a private CIDR (such as 10.0.11.0/24), never 0.0.0.0/0",
        );
        assert.equal(
            fromResource.fix,
            "allow the database only from its clients' security group (referencedSecurityGroupId, sourceSecurityGroupId) or a private CIDR, never 0.0.0.0/0",
        );
    });

    it("names every database port a range exposes", () => {
        const [finding] = checkRule(rule({ ports: { from: 1400, to: 1600 } }));
        assert.equal(finding.message, "tcp 1400-1600 from 0.0.0.0/0 makes SQL Server (1433), SQL Server Browser (1434), Oracle (1521) reachable from the internet");
    });
});

describe("rules engine: rules that reach the internet only together", () => {
    const cidr = (block: string): Peer => ({ kind: "cidr", family: block.includes(":") ? "ipv6" : "ipv4", cidr: block });
    const summary = (rules: NormalizedRule[]) =>
        checkCombinedExposure(rules).map((finding) => ({ family: finding.family, ports: finding.ports, rules: finding.rules.map((r) => rules.indexOf(r)) }));

    it("adds up two public /9s on PostgreSQL, neither the internet alone", () => {
        const rules = [makeRule({ peer: cidr("52.0.0.0/9") }), makeRule({ peer: cidr("52.128.0.0/9") })];
        assert.deepEqual(summary(rules), [{ family: "ipv4", ports: [5432], rules: [0, 1] }]);
        assert.equal(
            checkCombinedExposure(rules)[0].message,
            "together, 2 ingress rules (52.0.0.0/9, 52.128.0.0/9) make PostgreSQL (5432) reachable from the internet: their IPv4 blocks cover 0.45% of public IPv4 space",
        );
    });

    it("reports every port a set of ranges opens together in one finding, and all ports apart", () => {
        const ranges = [makeRule({ peer: cidr("52.0.0.0/9"), ports: { from: 1400, to: 1600 } }), makeRule({ peer: cidr("52.128.0.0/9"), ports: { from: 1000, to: 2000 } })];
        assert.deepEqual(summary(ranges), [{ family: "ipv4", ports: [1433, 1434, 1521], rules: [0, 1] }]);
        const everything = [makeRule({ peer: cidr("52.0.0.0/9"), protocol: "all", ports: undefined }), makeRule({ peer: cidr("52.128.0.0/9"), protocol: "all", ports: undefined })];
        assert.deepEqual(summary(everything), [{ family: "ipv4", ports: undefined, rules: [0, 1] }]);
    });

    it("keeps the families apart and leaves single-rule exposure to checkRule", () => {
        const rules = [makeRule({ peer: cidr("52.0.0.0/9") }), makeRule({ peer: cidr("2400::/12") }), makeRule({ peer: cidr("0.0.0.0/0") }), makeRule({ peer: cidr("2410::/12") })];
        assert.deepEqual(summary(rules), [{ family: "ipv6", ports: [5432], rules: [1, 3] }]);
    });

    it("counts only blocks with public addresses, and keeps TCP and UDP apart", () => {
        const rules = [makeRule({ peer: cidr("52.0.0.0/9") }), makeRule({ peer: cidr("10.0.0.0/8") }), makeRule({ peer: cidr("52.128.0.0/9"), protocol: "udp" })];
        assert.deepEqual(summary(rules), []);
        const withAll = [...rules, makeRule({ peer: cidr("52.128.0.0/9"), protocol: "all", ports: undefined })];
        assert.deepEqual(summary(withAll), [{ family: "ipv4", ports: [5432], rules: [0, 3] }]);
    });

    it("ignores egress, ICMP, other ports and references", () => {
        const rules = [
            makeRule({ peer: cidr("52.0.0.0/9"), direction: "egress" }),
            makeRule({ peer: cidr("52.128.0.0/9"), direction: "egress" }),
            makeRule({ peer: cidr("53.0.0.0/9"), protocol: "icmp", ports: undefined }),
            makeRule({ peer: cidr("53.128.0.0/9"), protocol: "icmp", ports: undefined }),
            makeRule({ peer: cidr("54.0.0.0/9"), ports: { from: 443, to: 443 } }),
            makeRule({ peer: cidr("54.128.0.0/9"), ports: { from: 443, to: 443 } }),
            makeRule({ peer: Peer.securityGroup("sg-1") }),
        ];
        assert.deepEqual(summary(rules), []);
    });
});
