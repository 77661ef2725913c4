import { strict as assert } from "node:assert";
import { Peer, cidrNetwork, describePeer, parseCidr } from "../provider/core/src/model/peer";
import { ALL_PORTS, coversPort, isValidPort, parsePortRange, portCount, portKey, singlePort } from "../provider/core/src/model/ports";
import { hasPorts, parseProtocol, toIpProtocol } from "../provider/core/src/model/protocol";
import { NormalizedRule, compareRules, countRules, describeRule, effectivePorts, overrideOf } from "../provider/core/src/model/rule";
import { isInternet, publicShare } from "../provider/core/src/model/internet";
import { DEFAULT_POLICY, checkRule, databasePortsReached, opensAllPorts, portLabel } from "../provider/core/src/rules/checks";
import { checkCombinedExposure } from "../provider/core/src/rules/combined";
import { Finding, capFindings, errorAt, hasErrors, sortFindings } from "../provider/core/src/rules/finding";
import { makeRule } from "./support/rules";

// Edge cases of the rule model and the rules engine that mutation testing showed no other test
// pinned down (npm run mutation, docs/mutation-testing.md): boundaries, anchors, order and messages.

const cidr = (block: string): Peer => ({ kind: "cidr", family: block.includes(":") ? "ipv6" : "ipv4", cidr: block });
const codes = (rule: NormalizedRule) => checkRule(rule).map((finding) => `${finding.code}:${finding.severity}:${finding.field}`);

describe("model edges: port ranges", () => {
    it("parsePortRange is anchored at both ends: nothing before FROM or after TO", () => {
        for (const text of ["x8000-8100", "8000-8100x", "8000-8100-9000", "-8000-8100", "8000--8100", "8000 8100", ""]) {
            assert.deepEqual(
                parsePortRange(text),
                { ok: false, problem: `port_range "${text}" is not of the form FROM-TO`, fix: 'write it as two port numbers joined by a hyphen, such as "8000-8100"' },
                text,
            );
        }
    });

    it("parsePortRange accepts the extreme ports and a range of one, and names the port out of range", () => {
        assert.deepEqual(parsePortRange("1-65535"), { ok: true, range: { from: 1, to: 65535 } });
        assert.deepEqual(parsePortRange("80-80"), { ok: true, range: { from: 80, to: 80 } });
        assert.deepEqual(parsePortRange("\t22-23\n"), { ok: true, range: { from: 22, to: 23 } });
        assert.deepEqual(parsePortRange("10-70000"), { ok: false, problem: 'port 70000 in port_range "10-70000" is outside 1-65535', fix: "use ports between 1 and 65535" });
        assert.deepEqual(parsePortRange("0-10"), { ok: false, problem: 'port 0 in port_range "0-10" is outside 1-65535', fix: "use ports between 1 and 65535" });
        assert.deepEqual(parsePortRange("81-80"), { ok: false, problem: 'port_range "81-80" is reversed: 81 is greater than 80', fix: 'write the lower port first: "80-81"' });
    });

    it("isValidPort takes whole numbers from 1 to 65535 only", () => {
        assert.deepEqual(
            [0, 1, 2, 65534, 65535, 65536, 1.5, -1, NaN].map((port) => isValidPort(port)),
            [false, true, true, true, true, false, false, false, false],
        );
    });

    it("keys, counts and bounds a range", () => {
        assert.deepEqual(singlePort(443), { from: 443, to: 443 });
        assert.equal(portKey(singlePort(443)), "443");
        assert.equal(portKey({ from: 8000, to: 8100 }), "8000-8100");
        assert.equal(portCount({ from: 8000, to: 8100 }), 101);
        assert.equal(portCount(singlePort(22)), 1);
        assert.deepEqual(
            [7999, 8000, 8050, 8100, 8101].map((port) => coversPort({ from: 8000, to: 8100 }, port)),
            [false, true, true, true, false],
        );
        assert.deepEqual(ALL_PORTS, { from: 0, to: 65535 });
        assert.ok(Object.isFrozen(ALL_PORTS));
    });
});

describe("model edges: CIDR blocks", () => {
    const refusal = (text: string) => {
        const parsed = parseCidr(text);
        return parsed.ok ? "parsed" : { problem: parsed.problem, fix: parsed.fix };
    };

    it("a lone address is missing its mask, and the fix gives the mask of its family", () => {
        assert.deepEqual(refusal("10.0.0.5"), { problem: 'CIDR mask is missing in "10.0.0.5"', fix: 'add the prefix length; for this one address write "10.0.0.5/32"' });
        assert.deepEqual(refusal(" 2001:db8::1 "), {
            problem: 'CIDR mask is missing in " 2001:db8::1 "',
            fix: 'add the prefix length; for this one address write "2001:db8::1/128"',
        });
    });

    it("text that is no address at all says what to write", () => {
        assert.deepEqual(refusal("anywhere"), { problem: '"anywhere" is not an IP address or CIDR block', fix: 'write a CIDR block such as "10.0.1.0/24" or "2001:db8::/32"' });
    });

    it("cidrNetwork reads a block leniently, trimmed, host bits cleared; no block is undefined", () => {
        assert.deepEqual(cidrNetwork(" 10.0.0.5/8 "), { kind: "cidr", family: "ipv4", cidr: "10.0.0.0/8" });
        assert.deepEqual(cidrNetwork("2001:db8::1/32"), { kind: "cidr", family: "ipv6", cidr: "2001:db8::/32" });
        assert.equal(cidrNetwork("10.0.0.5"), undefined);
        assert.equal(cidrNetwork("anywhere/8"), undefined);
    });

    it("a foreign security group reads as one", () => {
        assert.equal(describePeer(Peer.securityGroup("sg-0123456789abcdef0")), "security group sg-0123456789abcdef0");
    });
});

describe("model edges: protocols and rules", () => {
    it("toIpProtocol gives EC2's ipProtocol: -1 for all, the name otherwise", () => {
        assert.deepEqual(
            (["tcp", "udp", "icmp", "icmpv6", "all"] as const).map((protocol) => toIpProtocol(protocol)),
            ["tcp", "udp", "icmp", "icmpv6", "-1"],
        );
    });

    it("parseProtocol reads every alias, trimmed and in any case, and nothing else", () => {
        assert.deepEqual(
            ["tcp", "6", "udp", "17", "icmp", "1", "icmpv6", "58", "all", "-1", " TCP ", 6, -1, "ip", "", "0", "toString"].map((value) => parseProtocol(value) ?? null),
            ["tcp", "tcp", "udp", "udp", "icmp", "icmp", "icmpv6", "icmpv6", "all", "all", "tcp", "tcp", "all", null, null, null, null],
        );
    });

    it("only TCP and UDP have ports; the others open every port", () => {
        assert.deepEqual(
            (["tcp", "udp", "icmp", "icmpv6", "all"] as const).map((protocol) => hasPorts(protocol)),
            [true, true, false, false, false],
        );
        assert.deepEqual(effectivePorts({ protocol: "tcp", ports: { from: 5432, to: 5432 } }), { from: 5432, to: 5432 });
        assert.deepEqual(effectivePorts({ protocol: "tcp", ports: undefined }), ALL_PORTS);
        assert.deepEqual(effectivePorts({ protocol: "icmp", ports: { from: 5432, to: 5432 } }), ALL_PORTS);
    });

    it("overrideOf: the override rule itself, the port override behind a scenario rule, or none", () => {
        assert.deepEqual(overrideOf({ origin: { kind: "override", path: "overrides.tiers.db.ingress[0]" } }), { path: "overrides.tiers.db.ingress[0]" });
        assert.deepEqual(
            overrideOf({
                origin: { kind: "override", path: "overrides.tiers.db.ingress[1]" },
                portSource: { tier: "db", scenarioPort: 5432, port: 6432, overridePath: "overrides.ports.db" },
            }),
            { path: "overrides.tiers.db.ingress[1]" },
        );
        assert.deepEqual(
            overrideOf({
                origin: { kind: "scenario", path: "tiers.db.ingress[0]" },
                portSource: { tier: "db", scenarioPort: 5432, port: 6432, overridePath: "overrides.ports.db" },
            }),
            { path: "overrides.ports.db", replacedPort: 5432 },
        );
        assert.equal(overrideOf({ origin: { kind: "scenario", path: "tiers.db.ingress[0]" }, portSource: { tier: "db", scenarioPort: 5432, port: 5432 } }), undefined);
        assert.equal(overrideOf({ origin: { kind: "scenario", path: "tiers.db.ingress[0]" } }), undefined);
        assert.equal(overrideOf({ origin: { kind: "resource", path: "" } }), undefined);
    });

    it("compareRules orders by ports (a rule without ports first), then description (none first)", () => {
        const rule = (overrides: Partial<NormalizedRule>) => makeRule({ peer: Peer.tier("app"), description: undefined, ...overrides });
        const sign = (a: Partial<NormalizedRule>, b: Partial<NormalizedRule>) => Math.sign(compareRules(rule(a), rule(b)));
        assert.deepEqual(
            [
                sign({ ports: { from: 443, to: 443 } }, { ports: { from: 8000, to: 8000 } }),
                sign({ ports: { from: 8000, to: 8000 } }, { ports: { from: 443, to: 443 } }),
                sign({ ports: { from: 443, to: 500 } }, { ports: { from: 443, to: 400 } }),
                sign({ ports: { from: 443, to: 400 } }, { ports: { from: 443, to: 500 } }),
                sign({ ports: undefined }, { ports: { from: 0, to: 0 } }),
                sign({ ports: { from: 0, to: 0 } }, { ports: undefined }),
                sign({ ports: undefined }, { ports: undefined }),
                sign({ protocol: "icmp", ports: undefined, description: "B" }, { protocol: "icmp", ports: undefined, description: "A" }),
                sign({ protocol: "icmp", ports: undefined, description: "A" }, { protocol: "icmp", ports: undefined, description: "B" }),
                sign({ description: undefined }, { description: "Metrics" }),
                sign({ description: "Metrics" }, { description: undefined }),
            ],
            [-1, 1, 1, -1, -1, 1, 0, 1, -1, -1, 1],
        );
    });

    it("countRules counts by direction", () => {
        assert.deepEqual(countRules([]), { ingress: 0, egress: 0 });
        assert.deepEqual(countRules([{ direction: "ingress" }, { direction: "egress" }, { direction: "ingress" }, { direction: "ingress" }]), { ingress: 3, egress: 1 });
    });

    it("describeRule words ports, protocols without ports, all traffic and the direction", () => {
        assert.equal(describeRule(makeRule()), "tcp 5432 from 0.0.0.0/0");
        assert.equal(describeRule(makeRule({ ports: { from: 8000, to: 8100 }, direction: "egress", peer: Peer.tier("db") })), "tcp 8000-8100 to the db tier");
        assert.equal(describeRule(makeRule({ protocol: "icmp", ports: undefined, peer: Peer.self() })), "icmp from members of the same group");
        assert.equal(describeRule(makeRule({ protocol: "all", ports: undefined, peer: Peer.prefixList("pl-1") })), "all traffic from prefix list pl-1");
    });
});

describe("model edges: public address space", () => {
    it("measures only the public part of a block that straddles a special-purpose range", () => {
        // 100.0.0.0/8 holds carrier-grade NAT (100.64.0.0/10): its public part is the other three /10s.
        assert.equal(publicShare("ipv4", ["100.0.0.0/8"]), publicShare("ipv4", ["100.0.0.0/10", "100.128.0.0/9"]));
        assert.ok(publicShare("ipv4", ["100.0.0.0/8"]) > publicShare("ipv4", ["100.0.0.0/9"]));
        assert.equal(publicShare("ipv4", ["100.64.0.0/10"]), 0);
        // 10.0.0.0/7 is private 10/8 and public 11/8.
        assert.equal(publicShare("ipv4", ["10.0.0.0/7"]), publicShare("ipv4", ["11.0.0.0/8"]));
        assert.ok(publicShare("ipv4", ["11.0.0.0/8"]) > 0);
        // 192.0.0.0/8 holds several special ranges inside it; what is left still counts.
        assert.ok(publicShare("ipv4", ["192.0.0.0/8"]) > 0);
        assert.ok(publicShare("ipv4", ["192.0.0.0/8"]) < publicShare("ipv4", ["193.0.0.0/8"]));
    });

    it("merges overlapping and adjacent blocks before measuring", () => {
        const half = publicShare("ipv4", ["52.0.0.0/9"]);
        assert.equal(publicShare("ipv4", ["52.0.0.0/9", "52.0.0.0/9"]), half);
        assert.equal(publicShare("ipv4", ["52.0.0.0/8", "52.0.0.0/9"]), publicShare("ipv4", ["52.0.0.0/8"]));
        assert.equal(publicShare("ipv4", ["52.128.0.0/9", "52.0.0.0/9"]), publicShare("ipv4", ["52.0.0.0/8"]));
        assert.equal(publicShare("ipv4", ["52.0.0.0/9", "52.0.0.0/8"]), publicShare("ipv4", ["52.0.0.0/8"]));
        assert.equal(publicShare("ipv4", ["52.0.0.0/8", "52.64.0.0/10"]), publicShare("ipv4", ["52.0.0.0/8"]));
    });

    it("counts every address of many small blocks once: 2048 separate addresses are as much as one /21", () => {
        const every2nd = Array.from({ length: 2048 }, (_, i) => `52.0.${Math.floor((2 * i) / 256)}.${(2 * i) % 256}/32`);
        assert.equal(publicShare("ipv4", every2nd), publicShare("ipv4", ["52.0.0.0/21"]));
        assert.ok(publicShare("ipv4", every2nd) > 0);
    });

    it("an IPv6 block reaches the IPv4 addresses it holds: mapped, translated, NAT64, 6to4 and Teredo (inverted)", () => {
        // Each holds 10.0.0.0/7: private 10/8 and public 11/8, enough to be the internet; read
        // inverted (or, for Teredo, not inverted) it would be 244.0.0.0/7, reserved space.
        for (const block of ["::ffff:a00:0/103", "::ffff:0:a00:0/103", "64:ff9b::a00:0/103", "2002:a00::/23", "2001::f500:0/103"]) {
            assert.equal(publicShare("ipv6", [block]), 0, block);
            assert.equal(isInternet("ipv6", [block]), true, block);
        }
        for (const block of ["::ffff:f400:0/103", "2001::a00:0/103"]) assert.equal(isInternet("ipv6", [block]), false, block);
    });

    it("counts IPv6 global unicast only, and the threshold is inclusive", () => {
        assert.equal(publicShare("ipv6", ["8000::/1"]), 0);
        assert.equal(publicShare("ipv6", ["2000::/3"]), 1);
        assert.equal(isInternet("ipv4", ["52.0.0.0/9"], publicShare("ipv4", ["52.0.0.0/9"])), true);
        assert.equal(isInternet("ipv4", ["52.0.0.0/10"], publicShare("ipv4", ["52.0.0.0/9"])), false);
        assert.equal(isInternet("ipv4", ["10.0.0.0/8"], 0), true);
        assert.equal(isInternet("ipv4", [], 0), false);
        // The IPv4 addresses an IPv6 block holds count too: IPv4-mapped ::ffff:0:0/96 is all of IPv4.
        assert.equal(publicShare("ipv6", ["::ffff:0:0/96"]), 0);
        assert.equal(isInternet("ipv6", ["::ffff:0:0/96"], 1), true);
    });
});

describe("rules edges: what is and is not every port from the internet (SG101)", () => {
    const table: [string, Partial<NormalizedRule>, string[]][] = [
        ["TCP 1-1024 from the internet: SSH, not every port, and exactly 1024 ports is not wide", { ports: { from: 1, to: 1024 } }, ["SG110:warning:peer"]],
        ["TCP 1-1025: one port more than 1024 is wide", { ports: { from: 1, to: 1025 }, peer: Peer.tier("web") }, ["SG111:warning:ports"]],
        ["TCP 2-1025: 1024 ports, not wide", { ports: { from: 2, to: 1025 }, peer: Peer.tier("web") }, []],
        [
            "TCP 2-65535 from the internet: every database and admin port but not port 1",
            { ports: { from: 2, to: 65535 } },
            ["SG100:error:ports", "SG110:warning:peer", "SG111:warning:ports"],
        ],
        ["TCP 1-65534 from the internet", { ports: { from: 1, to: 65534 } }, ["SG100:error:ports", "SG110:warning:peer", "SG111:warning:ports"]],
        ["UDP 1-65535 from ::/0", { protocol: "udp", ports: { from: 1, to: 65535 }, peer: cidr("::/0") }, ["SG101:error:peer"]],
        ["ICMP from 0.0.0.0/0", { protocol: "icmp", ports: undefined }, []],
        ["ICMPv6 from ::/0", { protocol: "icmpv6", ports: undefined, peer: cidr("::/0") }, []],
        ["ICMP out to the internet: not all traffic", { direction: "egress", protocol: "icmp", ports: undefined }, []],
        ["ICMPv6 out to ::/0: not all traffic", { direction: "egress", protocol: "icmpv6", ports: undefined, peer: cidr("::/0") }, []],
        ["all traffic out to the internet", { direction: "egress", protocol: "all", ports: undefined }, ["SG112:warning:protocol"]],
        ["TCP 1-65535 out to a tier", { direction: "egress", ports: { from: 1, to: 65535 }, peer: Peer.tier("db") }, ["SG112:warning:protocol"]],
        ["all traffic out, the self peer", { direction: "egress", protocol: "all", ports: undefined, peer: Peer.self() }, ["SG112:warning:protocol"]],
        ["PostgreSQL egress to the internet", { direction: "egress" }, []],
        ["a public /9, not the internet: PostgreSQL is only a broad block", { peer: cidr("52.0.0.0/9") }, ["SG113:warning:peer"]],
        ["a /17 inside the VPC is not broad", { peer: cidr("10.0.0.0/17") }, []],
        ["an IPv6 /57 is not broad", { peer: cidr("2001:db8:0:100::/57") }, []],
        ["PostgreSQL 5432-5432 written as a range points at the peer", { ports: { from: 5432, to: 5432 } }, ["SG100:error:peer"]],
        ["8080-8080 from the internet points at the peer", { ports: { from: 8080, to: 8080 } }, ["SG115:warning:peer"]],
        ["80-81 from the internet: 81 is beyond the allowlist", { ports: { from: 80, to: 81 } }, ["SG115:warning:ports"]],
        ["443 from ::/0 is allowed", { ports: { from: 443, to: 443 }, peer: cidr("::/0") }, []],
    ];
    for (const [title, overrides, expected] of table) {
        it(title, () => assert.deepEqual(codes(makeRule(overrides)), expected));
    }

    it("opensAllPorts: all, or TCP/UDP over 1-65535, never ICMP", () => {
        assert.deepEqual(
            [
                { protocol: "all" as const },
                { protocol: "tcp" as const, ports: { from: 1, to: 65535 } },
                { protocol: "udp" as const, ports: { from: 1, to: 65535 } },
                { protocol: "tcp" as const, ports: { from: 2, to: 65535 } },
                { protocol: "tcp" as const, ports: { from: 1, to: 65534 } },
                { protocol: "icmp" as const },
                { protocol: "icmpv6" as const },
            ].map((rule) => opensAllPorts(rule)),
            [true, true, true, false, false, false, false],
        );
    });
});

describe("rules edges: exact findings", () => {
    it("SG101 for a config's rule and for a stack's resource", () => {
        const [config] = checkRule(makeRule({ protocol: "all", ports: undefined, origin: { kind: "override", path: "overrides.tiers.web.ingress[0]" } }));
        assert.deepEqual(config, {
            code: "SG101",
            severity: "error",
            field: "peer",
            message: "all traffic from 0.0.0.0/0 opens every port, databases included, to the internet",
            fix: 'allow only the ports this tier serves, such as "protocol: tcp, port: 443", or use source_tier / source_prefix_list instead of 0.0.0.0/0',
            why: "any service listening on the hosts, including databases and admin consoles, becomes reachable by anyone",
        });
        const [resource] = checkRule(makeRule({ ports: { from: 1, to: 65535 }, peer: cidr("::/0") }));
        assert.equal(resource.message, "tcp 1-65535 from ::/0 opens every port, databases included, to the internet");
        assert.equal(resource.fix, "open only the ports the service listens on (fromPort/toPort 443), or take the traffic from a security group or prefix list instead of ::/0");
    });

    it("SG100 and SG110 for a range from the internet, with SG111", () => {
        assert.deepEqual(checkRule(makeRule({ ports: { from: 20, to: 1500 } })), [
            {
                code: "SG100",
                severity: "error",
                field: "ports",
                message: "tcp 20-1500 from 0.0.0.0/0 makes SQL Server (1433), SQL Server Browser (1434) reachable from the internet",
                fix: "allow the database only from its clients' security group (referencedSecurityGroupId, sourceSecurityGroupId) or a private CIDR, never 0.0.0.0/0",
                why: "databases exposed to the internet are found by scanners within minutes and attacked by credential stuffing and known exploits",
            },
            {
                code: "SG110",
                severity: "warning",
                field: "peer",
                message: "tcp 20-1500 from 0.0.0.0/0 makes SSH (22) reachable from the internet",
                fix: "use AWS Systems Manager Session Manager, a bastion host or a VPN, and allow admin ports only from its CIDR or group",
                why: "remote-administration ports on the internet draw constant brute-force attempts",
            },
            {
                code: "SG111",
                severity: "warning",
                field: "ports",
                message: "port range 20-1500 spans 1481 ports, more than 1024",
                fix: "list only the ports the service listens on, as separate rules or a narrower port_range",
                why: "every extra open port is one more service an attacker can reach if something starts listening on it",
            },
        ]);
    });

    it("SG110 names both admin ports in order", () => {
        const [finding] = checkRule(makeRule({ ports: { from: 3389, to: 3389 } }));
        assert.equal(finding.message, "tcp 3389 from 0.0.0.0/0 makes RDP (3389) reachable from the internet");
        const policy = { ...DEFAULT_POLICY, adminPorts: [3389, 22] };
        const [, admin] = checkRule(makeRule({ ports: { from: 20, to: 1400 } }), { ...policy, databasePorts: [1399] });
        assert.equal(admin.message, "tcp 20-1400 from 0.0.0.0/0 makes SSH (22) reachable from the internet");
        const [both] = checkRule(makeRule({ ports: { from: 20, to: 4000 } }), { ...policy, databasePorts: [] });
        assert.equal(both.message, "tcp 20-4000 from 0.0.0.0/0 makes SSH (22), RDP (3389) reachable from the internet");
    });

    it("SG112, SG113 and SG114 word what they found", () => {
        assert.deepEqual(checkRule(makeRule({ direction: "egress", protocol: "all", ports: undefined, peer: Peer.tier("db") })), [
            {
                code: "SG112",
                severity: "warning",
                field: "protocol",
                message: "egress allows all traffic to the db tier",
                fix: "allow only the destinations and ports the tier calls, such as tcp 443 for AWS APIs",
                why: "unrestricted egress lets a compromised host exfiltrate data or reach command-and-control servers on any port",
            },
        ]);
        const broad = checkRule(makeRule({ peer: cidr("10.0.0.0/16"), origin: { kind: "override", path: "overrides.tiers.db.ingress[0]" } }));
        assert.deepEqual(broad, [
            {
                code: "SG113",
                severity: "warning",
                field: "peer",
                message: "10.0.0.0/16 is a broad CIDR block (/16 or wider for IPv4, /56 or wider for IPv6)",
                fix: "reference the tier (source_tier / destination_tier) or name the subnet's own CIDR, such as 10.0.11.0/24",
                why: "a broad block lets every address in it through, not only the clients that need access",
            },
        ]);
        assert.equal(
            checkRule(makeRule({ peer: cidr("10.0.0.0/8") }))[0].fix,
            "reference the clients' security group or a prefix list, or name their subnet's own CIDR, such as 10.0.11.0/24",
        );
        const missing = checkRule(makeRule({ description: "", peer: Peer.tier("app"), origin: { kind: "scenario", path: "tiers.db.ingress[0]" } }));
        assert.deepEqual(missing, [
            {
                code: "SG114",
                severity: "error",
                field: "description",
                message: "rule tcp 5432 from the app tier has no description",
                fix: 'add description: with why the rule exists, such as "PostgreSQL on tcp 5432 from the app tier"',
                why: "reviewers approve rules by their purpose; an unexplained rule cannot be audited or safely removed",
            },
        ]);
        assert.equal(
            checkRule(makeRule({ description: undefined, peer: Peer.tier("app") }))[0].fix,
            'set description to why the rule exists, such as "PostgreSQL on tcp 5432 from the app tier"',
        );
        assert.deepEqual(codes(makeRule({ description: " x ", peer: Peer.tier("app") })), []);
    });

    it("SG115 with no ports meant to face the internet", () => {
        const [finding] = checkRule(makeRule({ ports: { from: 443, to: 443 } }), { ...DEFAULT_POLICY, internetPorts: [] });
        assert.deepEqual(finding, {
            code: "SG115",
            severity: "warning",
            field: "peer",
            message: "tcp 443 from 0.0.0.0/0 opens port 443 to the internet, beyond the ports meant to face it (none)",
            fix: "serve the traffic through the web tier on a port meant to face the internet, or allow only the CIDRs of the clients that need it",
            why: "every port open to the internet is scanned within minutes; an internal service behind it is rarely hardened for that",
        });
        const [range] = checkRule(makeRule({ ports: { from: 8000, to: 8100 } }), { ...DEFAULT_POLICY, internetPorts: [443, 80] });
        assert.equal(range.message, "tcp 8000-8100 from 0.0.0.0/0 opens ports 8000-8100 to the internet, beyond the ports meant to face it (80, 443)");
        assert.equal(range.fix, "serve the traffic through the web tier on 80, 443, or allow only the CIDRs of the clients that need it");
    });

    it("the policy's thresholds move every boundary", () => {
        const policy = { ...DEFAULT_POLICY, widePortRange: 10, broadIpv4Prefix: 24, broadIpv6Prefix: 64, internetShare: 1 };
        assert.deepEqual(
            checkRule(makeRule({ ports: { from: 8000, to: 8010 }, peer: cidr("10.0.1.0/24") }), policy).map((finding) => finding.code),
            ["SG111", "SG113"],
        );
        assert.deepEqual(
            checkRule(makeRule({ ports: { from: 8000, to: 8009 }, peer: cidr("10.0.1.0/25") }), policy).map((finding) => finding.code),
            [],
        );
        assert.deepEqual(
            checkRule(makeRule({ peer: cidr("2001:db8::/64") }), policy).map((finding) => finding.code),
            ["SG113"],
        );
        // With the whole public space as the threshold, 0.0.0.0/1 is no longer the internet, only broad.
        assert.deepEqual(
            checkRule(makeRule({ peer: cidr("0.0.0.0/1") }), policy).map((finding) => finding.code),
            ["SG113"],
        );
    });

    it("portLabel names database and admin ports", () => {
        assert.deepEqual([1433, 1434, 1521, 3306, 5432, 5439, 6379, 9200, 11211, 27017, 22, 3389, 8080].map(portLabel), [
            "SQL Server (1433)",
            "SQL Server Browser (1434)",
            "Oracle (1521)",
            "MySQL (3306)",
            "PostgreSQL (5432)",
            "Redshift (5439)",
            "Redis (6379)",
            "Elasticsearch (9200)",
            "Memcached (11211)",
            "MongoDB (27017)",
            "SSH (22)",
            "RDP (3389)",
            "8080",
        ]);
    });

    it("databasePortsReached: the database ports a rule opens, whoever the peer, none for ICMP", () => {
        assert.deepEqual(databasePortsReached(makeRule({ ports: { from: 5400, to: 5500 }, peer: Peer.tier("app") })), [5432, 5439]);
        assert.deepEqual(databasePortsReached(makeRule({ protocol: "all", ports: undefined })), [1433, 1434, 1521, 3306, 5432, 5439, 6379, 9200, 11211, 27017]);
        assert.deepEqual(databasePortsReached(makeRule({ protocol: "icmp", ports: undefined })), []);
        assert.deepEqual(databasePortsReached(makeRule({ protocol: "icmpv6", ports: undefined })), []);
        assert.deepEqual(databasePortsReached(makeRule({ ports: { from: 443, to: 443 } })), []);
        assert.deepEqual(databasePortsReached(makeRule({ ports: { from: 1, to: 9000 } }), { ...DEFAULT_POLICY, databasePorts: [8000, 80, 9001] }), [80, 8000]);
    });
});

describe("rules edges: combined exposure (SG102)", () => {
    const summary = (rules: NormalizedRule[]) =>
        checkCombinedExposure(rules).map((finding) => ({ family: finding.family, ports: finding.ports, rules: finding.rules.map((r) => rules.indexOf(r)) }));

    it("reports rules of protocol all once, though TCP and UDP both find them", () => {
        const rules = [makeRule({ peer: cidr("52.0.0.0/9"), protocol: "all", ports: undefined }), makeRule({ peer: cidr("52.128.0.0/9"), protocol: "all", ports: undefined })];
        const found = checkCombinedExposure(rules);
        assert.equal(found.length, 1);
        assert.deepEqual(found[0], {
            code: "SG102",
            severity: "error",
            family: "ipv4",
            ports: undefined,
            rules,
            message: "together, 2 ingress rules (52.0.0.0/9, 52.128.0.0/9) make every port reachable from the internet: their IPv4 blocks cover 0.45% of public IPv4 space",
            fix: "allow the few CIDRs that need access, a prefix list, or a security group, rather than many blocks that add up to the internet",
            why: "address space split into many rules is still the internet; scanners do not care how the rules were written",
        });
    });

    it("the same database port found through TCP and through UDP by different rules is two findings", () => {
        const rules = [
            makeRule({ peer: cidr("52.0.0.0/9") }),
            makeRule({ peer: cidr("52.128.0.0/9") }),
            makeRule({ peer: cidr("53.0.0.0/9"), protocol: "udp" }),
            makeRule({ peer: cidr("53.128.0.0/9"), protocol: "udp" }),
        ];
        assert.deepEqual(summary(rules), [
            { family: "ipv4", ports: [5432], rules: [0, 1] },
            { family: "ipv4", ports: [5432], rules: [2, 3] },
        ]);
    });

    it("rules that open every port together are reported as such, not again per database port", () => {
        const rules = [
            makeRule({ peer: cidr("52.0.0.0/9"), protocol: "all", ports: undefined }),
            makeRule({ peer: cidr("52.128.0.0/9"), protocol: "all", ports: undefined }),
            makeRule({ peer: cidr("53.0.0.0/9") }),
            makeRule({ peer: cidr("53.128.0.0/9") }),
        ];
        assert.deepEqual(summary(rules), [{ family: "ipv4", ports: undefined, rules: [0, 1] }]);
    });

    it("groups database ports by the rules that expose them, in port order, per family", () => {
        const rules = [
            makeRule({ peer: cidr("52.0.0.0/9"), ports: { from: 3306, to: 3306 } }),
            makeRule({ peer: cidr("2400::/12"), ports: { from: 1433, to: 1434 } }),
            makeRule({ peer: cidr("52.128.0.0/9"), ports: { from: 3306, to: 5432 } }),
            makeRule({ peer: cidr("52.0.0.0/9"), ports: { from: 5432, to: 5432 } }),
            makeRule({ peer: cidr("2410::/12"), ports: { from: 1433, to: 1433 } }),
        ];
        assert.deepEqual(summary(rules), [
            { family: "ipv4", ports: [3306], rules: [0, 2] },
            { family: "ipv4", ports: [5432], rules: [2, 3] },
            { family: "ipv6", ports: [1433], rules: [1, 4] },
        ]);
        assert.equal(
            checkCombinedExposure(rules)[2].message,
            "together, 2 ingress rules (2400::/12, 2410::/12) make SQL Server (1433) reachable from the internet: their IPv6 blocks cover 0.39% of public IPv6 space",
        );
    });

    it("lists four blocks, each once, and counts the rest", () => {
        const blocks = ["52.0.0.0/10", "52.64.0.0/10", "52.128.0.0/10", "52.192.0.0/10", "53.0.0.0/10", "53.64.0.0/10"];
        const rules = [...blocks.map((block) => makeRule({ peer: cidr(block) })), makeRule({ peer: cidr("52.0.0.0/10"), ports: { from: 5400, to: 5500 } })];
        const [finding] = checkCombinedExposure(rules);
        assert.equal(
            finding.message,
            "together, 7 ingress rules (52.0.0.0/10, 52.64.0.0/10, 52.128.0.0/10, 52.192.0.0/10 and 2 more) make PostgreSQL (5432) reachable from the internet: their IPv4 blocks cover 0.68% of public IPv4 space",
        );
        const four = checkCombinedExposure(rules.slice(0, 4))[0];
        assert.equal(
            four.message,
            "together, 4 ingress rules (52.0.0.0/10, 52.64.0.0/10, 52.128.0.0/10, 52.192.0.0/10) make PostgreSQL (5432) reachable from the internet: their IPv4 blocks cover 0.45% of public IPv4 space",
        );
    });

    it("reports the database ports in port order, whatever the policy's order", () => {
        const rules = [makeRule({ peer: cidr("52.0.0.0/9"), ports: { from: 1000, to: 6000 } }), makeRule({ peer: cidr("52.128.0.0/9"), ports: { from: 1000, to: 6000 } })];
        const [finding] = checkCombinedExposure(rules, { ...DEFAULT_POLICY, databasePorts: [5432, 3306, 1433] });
        assert.deepEqual(finding.ports, [1433, 3306, 5432]);
        assert.equal(
            finding.message,
            "together, 2 ingress rules (52.0.0.0/9, 52.128.0.0/9) make SQL Server (1433), MySQL (3306), PostgreSQL (5432) reachable from the internet: their IPv4 blocks cover 0.45% of public IPv4 space",
        );
    });

    it("an IPv6 block never counts towards IPv4 space", () => {
        // ::100:0/105 is 1.0.0.0/9 read as a number: counted as IPv4, it would complete 52.0.0.0/9.
        assert.deepEqual(summary([makeRule({ peer: cidr("52.0.0.0/9") }), makeRule({ peer: cidr("::100:0/105") })]), []);
    });

    it("tells apart sets of rules whose positions would run together without a separator", () => {
        // Positions 1 and 23 against 1, 2 and 3: "1,23" and "1,2,3", never both "123".
        const filler = (i: number) => makeRule({ peer: cidr(`60.${i}.0.0/16`), ports: { from: 443, to: 443 } });
        const ports = (rule: NormalizedRule, from: number, to: number) => ({ ...rule, ports: { from, to } });
        const sameTransport = Array.from({ length: 24 }, (_, i) => filler(i));
        sameTransport[1] = ports(makeRule({ peer: cidr("52.0.0.0/9") }), 3306, 5432);
        sameTransport[2] = ports(makeRule({ peer: cidr("52.128.0.0/10") }), 3306, 3306);
        sameTransport[3] = ports(makeRule({ peer: cidr("52.192.0.0/10") }), 3306, 3306);
        sameTransport[23] = ports(makeRule({ peer: cidr("52.128.0.0/9") }), 5432, 5432);
        assert.deepEqual(summary(sameTransport), [
            { family: "ipv4", ports: [3306], rules: [1, 2, 3] },
            { family: "ipv4", ports: [5432], rules: [1, 23] },
        ]);
        const twoTransports = Array.from({ length: 24 }, (_, i) => makeRule({ peer: Peer.tier(`t${i}`) }));
        twoTransports[1] = makeRule({ peer: cidr("52.0.0.0/9"), protocol: "all", ports: undefined });
        twoTransports[2] = makeRule({ peer: cidr("52.128.0.0/10"), protocol: "udp" });
        twoTransports[3] = makeRule({ peer: cidr("52.192.0.0/10"), protocol: "udp" });
        twoTransports[23] = makeRule({ peer: cidr("52.128.0.0/9") });
        assert.deepEqual(summary(twoTransports), [
            { family: "ipv4", ports: [5432], rules: [1, 23] },
            { family: "ipv4", ports: [5432], rules: [1, 2, 3] },
        ]);
    });

    it("leaves out private blocks, the internet alone and rules of another family", () => {
        const rules = [
            makeRule({ peer: cidr("52.0.0.0/9") }),
            makeRule({ peer: cidr("10.0.0.0/8") }),
            makeRule({ peer: cidr("52.128.0.0/9") }),
            makeRule({ peer: cidr("0.0.0.0/1") }),
            makeRule({ peer: cidr("2400::/12") }),
        ];
        assert.deepEqual(summary(rules), [{ family: "ipv4", ports: [5432], rules: [0, 2] }]);
        assert.deepEqual(summary(rules.slice(2)), []);
    });

    it("takes the threshold and the database ports from the policy", () => {
        const rules = [makeRule({ peer: cidr("52.0.0.0/9"), ports: { from: 8000, to: 8000 } }), makeRule({ peer: cidr("52.128.0.0/10"), ports: { from: 8000, to: 8000 } })];
        assert.deepEqual(checkCombinedExposure(rules), []);
        const found = checkCombinedExposure(rules, { ...DEFAULT_POLICY, databasePorts: [8000], internetShare: 0.003 });
        assert.deepEqual(
            found.map((finding) => ({ ports: finding.ports, rules: finding.rules.length })),
            [{ ports: [8000], rules: 2 }],
        );
    });
});

describe("rules edges: findings in the order the README promises (errors first)", () => {
    const finding = (severity: "error" | "warning", code: string, file?: string, line?: number, column?: number, path?: string): Finding => ({
        code,
        severity,
        message: code,
        fix: "",
        file,
        line,
        column,
        path,
    });

    it("errors first, then file, line, column, code and field path", () => {
        const findings = [
            finding("warning", "SG110", "a.yaml", 1, 1),
            finding("error", "SG114", "b.yaml", 3, 5),
            finding("error", "SG114", "b.yaml", 3, 2),
            finding("error", "SG100", "b.yaml", 2, 9),
            finding("error", "SG100", "a.yaml", 9, 9),
            finding("error", "SG031", "b.yaml", 3, 2),
            finding("error", "SG031", "b.yaml", 3, 2, "tiers.b"),
            finding("error", "SG031", "b.yaml", 3, 2, "tiers.a"),
            finding("error", "SG005"),
            finding("warning", "SG111"),
        ];
        const sorted = sortFindings(findings);
        assert.deepEqual(
            sorted.map((each) => `${each.severity} ${each.file ?? "-"}:${each.line ?? "-"}:${each.column ?? "-"} ${each.code} ${each.path ?? "-"}`),
            [
                "error -:-:- SG005 -",
                "error a.yaml:9:9 SG100 -",
                "error b.yaml:2:9 SG100 -",
                "error b.yaml:3:2 SG031 -",
                "error b.yaml:3:2 SG031 tiers.a",
                "error b.yaml:3:2 SG031 tiers.b",
                "error b.yaml:3:2 SG114 -",
                "error b.yaml:3:5 SG114 -",
                "warning -:-:- SG111 -",
                "warning a.yaml:1:1 SG110 -",
            ],
        );
        assert.notEqual(sorted, findings);
        assert.equal(findings[0].code, "SG110", "the input is left as it was");
    });

    it("a finding without a file, or without a field path, comes before one with any", () => {
        const sorted = sortFindings([
            finding("error", "SG010", "A.yaml", 1, 1),
            finding("error", "SG010", undefined, 1, 1),
            finding("error", "SG012", "A.yaml", 2, 1, "Bad"),
            finding("error", "SG012", "A.yaml", 2, 1),
        ]);
        assert.deepEqual(
            sorted.map((each) => `${each.file ?? "-"} ${each.path ?? "-"}`),
            ["- -", "A.yaml -", "A.yaml -", "A.yaml Bad"],
        );
    });

    it("hasErrors and errorAt", () => {
        assert.equal(hasErrors([]), false);
        assert.equal(hasErrors([finding("warning", "SG110")]), false);
        assert.equal(hasErrors([finding("warning", "SG110"), finding("error", "SG100")]), true);
        assert.deepEqual(errorAt("c.yaml", "tiers.a", "SG031", "bad", "fix it", "x"), {
            code: "SG031",
            severity: "error",
            file: "c.yaml",
            path: "tiers.a",
            message: "bad",
            fix: "fix it",
            value: "x",
        });
    });
});

describe("rules edges: a list of findings cut at its cap", () => {
    const finding = (severity: "error" | "warning", code: string): Finding => ({ code, severity, message: code, fix: "", file: "a.yaml" });
    const rest = (error: number, warning: number): Finding => ({ ...finding(error > 0 ? "error" : "warning", "SG007"), omitted: { error, warning } });
    const cut = (findings: Finding[], limit: number) =>
        capFindings(findings, limit).map((each) => (each.omitted ? `${each.code}:${each.severity}:${each.omitted.error}/${each.omitted.warning}` : each.code));

    it("counts what is left out by severity, errors and warnings alike", () => {
        const findings = [finding("error", "SG100"), finding("error", "SG101"), finding("warning", "SG110")];
        assert.deepEqual(cut(findings, 1), ["SG100", "SG007:error:1/1"]);
        assert.equal(capFindings(findings, 1)[1].message, "and 2 more findings (1 error, 1 warning) not shown");
        assert.deepEqual(cut([finding("error", "SG100"), finding("warning", "SG110"), finding("warning", "SG111")], 2), ["SG100", "SG110", "SG007:warning:0/1"]);
        assert.deepEqual(cut(findings, 3), ["SG100", "SG101", "SG110"]);
    });

    it("cuts a list cut before again wherever its count stands, folding the count in", () => {
        assert.deepEqual(cut([rest(2, 0), finding("error", "SG100")], 1), ["SG100", "SG007:error:2/0"]);
        assert.deepEqual(cut([rest(2, 0), finding("error", "SG100")], 5), ["SG100", "SG007:error:2/0"]);
        assert.deepEqual(cut([finding("error", "SG100"), rest(0, 0)], 5), ["SG100"]);
    });
});
