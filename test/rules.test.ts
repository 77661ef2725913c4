import { strict as assert } from "node:assert";
import { Peer } from "../provider/src/model/peer";
import { NormalizedRule } from "../provider/src/model/rule";
import { checkRule } from "../provider/src/rules/checks";
import { isInternet, publicShare } from "../provider/src/rules/internet";
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
    ];
    for (const [title, overrides, expected] of table) {
        it(title, () => assert.deepEqual(codes(rule(overrides)), expected));
    }

    it("names every database port a range exposes", () => {
        const [finding] = checkRule(rule({ ports: { from: 1400, to: 1600 } }));
        assert.equal(finding.message, "tcp 1400-1600 from 0.0.0.0/0 makes SQL Server (1433), SQL Server Browser (1434), Oracle (1521) reachable from the internet");
    });
});
