import { CidrPeer, describePeer, isCidr } from "../model/peer";
import { PortRange, coversPort, portCount, portKey } from "../model/ports";
import { NormalizedRule, RuleField, describeRule, effectivePorts } from "../model/rule";
import { hasPorts, isIcmp } from "../model/protocol";
import { Severity } from "./finding";
import { INTERNET_SHARE, isInternet } from "../model/internet";
import { ADMIN_PORTS, DATABASE_PORTS } from "./ports-catalog";
import { CODES } from "./codes";

/** What the checks treat as dangerous. Every field has a default; the policy pack makes them configurable. */
export interface ExposurePolicy {
    /** Ports never reachable from the internet (default: {@link DATABASE_PORTS}). */
    readonly databasePorts: readonly number[];
    /** Ports reachable from the internet only with a warning (default: SSH 22 and RDP 3389). */
    readonly adminPorts: readonly number[];
    /** Ports meant to face the internet (default: HTTP 80 and HTTPS 443); any other port opened to it draws a warning. */
    readonly internetPorts: readonly number[];
    /** Share of public address space at which CIDR blocks count as the internet (default 1/256). */
    readonly internetShare: number;
    /** A port range wider than this many ports draws a warning (default 1024). */
    readonly widePortRange: number;
    /** IPv4 CIDRs this wide or wider (default /16) draw a warning, as do IPv6 ones of /56 or wider. */
    readonly broadIpv4Prefix: number;
    readonly broadIpv6Prefix: number;
}

export const DEFAULT_POLICY: ExposurePolicy = Object.freeze({
    databasePorts: Object.keys(DATABASE_PORTS).map(Number),
    adminPorts: Object.keys(ADMIN_PORTS).map(Number),
    internetPorts: [80, 443],
    internetShare: INTERNET_SHARE,
    widePortRange: 1024,
    broadIpv4Prefix: 16,
    broadIpv6Prefix: 56,
});

/**
 * Where a rule of a set sits: its scenario's tiers, so that fixes name only tiers the set has. The
 * policy pack judges rules with no scenario and gets fixes in the words of the resources.
 */
export interface RuleScene {
    /** The scenario's name. */
    readonly scenario: string;
    /** The tier the rule belongs to. */
    readonly tier: string;
    /** The scenario's tiers, in its order. */
    readonly tiers: readonly string[];
    /** The other tiers the scenario lets reach this tier (its clients), in the scenario's order. */
    readonly clients: readonly string[];
}

export interface RuleFinding {
    readonly code: string;
    readonly severity: Severity;
    readonly field: RuleField;
    readonly message: string;
    readonly fix: string;
    readonly why: string;
}

/** The name of a database or admin port ("PostgreSQL"), or undefined for ports with no name. */
function portName(port: number): string | undefined {
    return DATABASE_PORTS[port] ?? ADMIN_PORTS[port];
}

/** "PostgreSQL (5432)", or the bare number for ports with no name. */
export function portLabel(port: number): string {
    const name = portName(port);
    return name ? `${name} (${port})` : String(port);
}

/** Fix advice in the words of where the rule was written: a config's keys or a Pulumi resource's properties. */
function advice(rule: NormalizedRule, config: string, resource: string): string {
    return rule.origin.kind === "resource" ? resource : config;
}

/** The tier a database's clients should reach it from: a client of the rule's tier, else any other tier. */
function clientTier(scene: RuleScene): string | undefined {
    return scene.clients.find((tier) => tier !== scene.tier) ?? scene.tiers.find((tier) => tier !== scene.tier);
}

/** What a config's rule should reach a database through instead of the internet, in the set's own tiers. */
function databaseSourceAdvice(peer: CidrPeer, scene: RuleScene | undefined): string {
    const privateCidr = `a private CIDR (such as ${peer.family === "ipv4" ? "10.0.11.0/24" : "fd00:0:0:11::/64"})`;
    if (!scene) return `reach the database through a tier reference (source_tier naming its clients' tier) or ${privateCidr}, never ${peer.cidr}`;
    const tier = clientTier(scene);
    return tier
        ? `reach the database through a tier reference (source_tier: ${tier}) or ${privateCidr}, never ${peer.cidr}`
        : `reach the database through ${privateCidr}, never ${peer.cidr}; ${scene.scenario} has no other tier to reference`;
}

/** A description for the rule as it stands, such as "SSH on tcp 22 from the web tier": its own protocol, ports and peer. */
function exampleDescription(rule: NormalizedRule): string {
    const ports = rule.ports && hasPorts(rule.protocol) ? rule.ports : undefined;
    const name = ports && ports.from === ports.to ? portName(ports.from) : undefined;
    return name ? `${name} on ${describeRule(rule)}` : describeRule(rule);
}

function coveredPorts(range: PortRange, ports: readonly number[]): number[] {
    return ports.filter((port) => coversPort(range, port)).sort((a, b) => a - b);
}

/** Whether the rule opens every port: protocol `all`, or TCP/UDP over the whole range. */
export function opensAllPorts(rule: Pick<NormalizedRule, "protocol" | "ports">): boolean {
    const range = effectivePorts(rule);
    return range.from <= 1 && range.to >= 65535 && !isIcmp(rule.protocol);
}

/** ICMP carries no ports: opening it to the internet never exposes a service port. */
function reachesServicePorts(rule: NormalizedRule): boolean {
    return !isIcmp(rule.protocol);
}

/** The database ports of the policy a rule opens, whoever the peer: none for ICMP, which has no ports. */
export function databasePortsReached(rule: NormalizedRule, policy: ExposurePolicy = DEFAULT_POLICY): number[] {
    return reachesServicePorts(rule) ? coveredPorts(effectivePorts(rule), policy.databasePorts) : [];
}

function internetPeer(rule: NormalizedRule, policy: ExposurePolicy): CidrPeer | undefined {
    return rule.direction === "ingress" && isCidr(rule.peer) && isInternet(rule.peer.family, [rule.peer.cidr], policy.internetShare) ? rule.peer : undefined;
}

function checkInternetExposure(rule: NormalizedRule, policy: ExposurePolicy, scene: RuleScene | undefined): RuleFinding[] {
    const peer = internetPeer(rule, policy);
    if (!peer || !reachesServicePorts(rule)) {
        return [];
    }
    const range = effectivePorts(rule);
    if (opensAllPorts(rule)) {
        return [
            {
                code: CODES.allPortsFromInternet,
                severity: "error",
                field: "peer",
                message: `${describeRule(rule)} opens every port, databases included, to the internet`,
                fix: advice(
                    rule,
                    `allow only the ports this tier serves, such as "protocol: tcp, port: 443", or use source_tier / source_prefix_list instead of ${peer.cidr}`,
                    `open only the ports the service listens on (fromPort/toPort 443), or take the traffic from a security group or prefix list instead of ${peer.cidr}`,
                ),
                why: "any service listening on the hosts, including databases and admin consoles, becomes reachable by anyone",
            },
        ];
    }
    const findings: RuleFinding[] = [];
    const databases = coveredPorts(range, policy.databasePorts);
    if (databases.length > 0) {
        findings.push({
            code: CODES.databaseFromInternet,
            severity: "error",
            field: rule.ports && rule.ports.from !== rule.ports.to ? "ports" : "peer",
            message: `${describeRule(rule)} makes ${databases.map(portLabel).join(", ")} reachable from the internet`,
            fix: advice(
                rule,
                databaseSourceAdvice(peer, scene),
                `allow the database only from its clients' security group (referencedSecurityGroupId, sourceSecurityGroupId) or a private CIDR, never ${peer.cidr}`,
            ),
            why: "databases exposed to the internet are found by scanners within minutes and attacked by credential stuffing and known exploits",
        });
    }
    const admin = coveredPorts(range, policy.adminPorts);
    if (admin.length > 0) {
        findings.push({
            code: CODES.adminFromInternet,
            severity: "warning",
            field: "peer",
            message: `${describeRule(rule)} makes ${admin.map(portLabel).join(", ")} reachable from the internet`,
            fix: "use AWS Systems Manager Session Manager, a bastion host or a VPN, and allow admin ports only from its CIDR or group",
            why: "remote-administration ports on the internet draw constant brute-force attempts",
        });
    }
    return findings;
}

/**
 * A port the internet may reach that is neither dangerous nor meant to face it (8080 from
 * 0.0.0.0/0). Rules already reported as database or admin exposure are left to those findings.
 */
function checkUnlistedInternetPorts(rule: NormalizedRule, policy: ExposurePolicy): RuleFinding[] {
    const peer = internetPeer(rule, policy);
    if (!peer || !reachesServicePorts(rule) || opensAllPorts(rule)) {
        return [];
    }
    const range = effectivePorts(rule);
    if (coveredPorts(range, [...policy.databasePorts, ...policy.adminPorts]).length > 0) {
        return [];
    }
    if (coveredPorts(range, policy.internetPorts).length === portCount(range)) {
        return [];
    }
    const allowed = [...policy.internetPorts].sort((a, b) => a - b).join(", ");
    return [
        {
            code: CODES.unlistedInternetPort,
            severity: "warning",
            field: rule.ports && rule.ports.from !== rule.ports.to ? "ports" : "peer",
            message: `${describeRule(rule)} opens ${range.from === range.to ? "port" : "ports"} ${portKey(range)} to the internet, beyond the ports meant to face it (${allowed || "none"})`,
            fix: `serve the traffic through the web tier on ${allowed || "a port meant to face the internet"}, or allow only the CIDRs of the clients that need it`,
            why: "every port open to the internet is scanned within minutes; an internal service behind it is rarely hardened for that",
        },
    ];
}

function checkWideRange(rule: NormalizedRule, policy: ExposurePolicy): RuleFinding[] {
    if (!rule.ports || opensAllPorts(rule) || portCount(rule.ports) <= policy.widePortRange) {
        return [];
    }
    return [
        {
            code: CODES.widePortRange,
            severity: "warning",
            field: "ports",
            message: `port range ${portKey(rule.ports)} spans ${portCount(rule.ports)} ports, more than ${policy.widePortRange}`,
            fix: "list only the ports the service listens on, as separate rules or a narrower port_range",
            why: "every extra open port is one more service an attacker can reach if something starts listening on it",
        },
    ];
}

function checkAllTrafficEgress(rule: NormalizedRule): RuleFinding[] {
    if (rule.direction !== "egress" || !opensAllPorts(rule)) {
        return [];
    }
    return [
        {
            code: CODES.allTrafficEgress,
            severity: "warning",
            field: "protocol",
            message: `egress allows ${describeRule(rule)}`,
            fix: "allow only the destinations and ports the tier calls, such as tcp 443 for AWS APIs",
            why: "unrestricted egress lets a compromised host exfiltrate data or reach command-and-control servers on any port",
        },
    ];
}

function isBroad(peer: CidrPeer, policy: ExposurePolicy): boolean {
    const prefix = Number(peer.cidr.split("/")[1]);
    return prefix <= (peer.family === "ipv4" ? policy.broadIpv4Prefix : policy.broadIpv6Prefix);
}

function checkBroadCidr(rule: NormalizedRule, policy: ExposurePolicy): RuleFinding[] {
    const peer = rule.peer;
    if (!isCidr(peer) || isInternet(peer.family, [peer.cidr], policy.internetShare) || !isBroad(peer, policy)) {
        return [];
    }
    return [
        {
            code: CODES.broadCidr,
            severity: "warning",
            field: "peer",
            message: `${describePeer(peer)} is a broad CIDR block (/${policy.broadIpv4Prefix} or wider for IPv4, /${policy.broadIpv6Prefix} or wider for IPv6)`,
            fix: advice(
                rule,
                "reference the tier (source_tier / destination_tier) or name the subnet's own CIDR, such as 10.0.11.0/24",
                "reference the clients' security group or a prefix list, or name their subnet's own CIDR, such as 10.0.11.0/24",
            ),
            why: "a broad block lets every address in it through, not only the clients that need access",
        },
    ];
}

function checkDescription(rule: NormalizedRule): RuleFinding[] {
    if (rule.description !== undefined && rule.description.trim() !== "") {
        return [];
    }
    const example = exampleDescription(rule);
    return [
        {
            code: CODES.missingDescription,
            severity: "error",
            field: "description",
            message: `rule ${describeRule(rule)} has no description`,
            fix: advice(rule, `add description: with why the rule exists, such as "${example}"`, `set description to why the rule exists, such as "${example}"`),
            why: "reviewers approve rules by their purpose; an unexplained rule cannot be audited or safely removed",
        },
    ];
}

/**
 * Every check on one rule. The same function serves the config validator and the policy pack, so
 * the two can never disagree about what is dangerous. `scene`, the rule's place in a set, only
 * shapes the fixes: with it they name the set's own tiers, never one it does not have.
 */
export function checkRule(rule: NormalizedRule, policy: ExposurePolicy = DEFAULT_POLICY, scene?: RuleScene): RuleFinding[] {
    return [
        ...checkInternetExposure(rule, policy, scene),
        ...checkUnlistedInternetPorts(rule, policy),
        ...checkWideRange(rule, policy),
        ...checkAllTrafficEgress(rule),
        ...checkBroadCidr(rule, policy),
        ...checkDescription(rule),
    ];
}
