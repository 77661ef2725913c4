import { IcmpMatch, compareIcmp, icmpKey, icmpLabel } from "./icmp";
import { Peer, describePeer, peerKey } from "./peer";
import { ALL_PORTS, PortRange, portKey } from "./ports";
import { Protocol, hasPorts, isIcmp } from "./protocol";
import { compareText } from "../util/text";

export type Direction = "ingress" | "egress";

/**
 * Where a rule came from, so that every finding and report can point back at the line a person
 * wrote. `path` is the field path inside `file` (`overrides.tiers.app.ingress[0]`).
 */
/** The parts of a rule a finding can be about. */
export type RuleField = "peer" | "ports" | "protocol" | "description";

export interface RuleOrigin {
    readonly kind: "scenario" | "override" | "resource";
    readonly file?: string;
    readonly path: string;
    /** The key each part was written under (`peer: "source_tier"`), for pointing at the exact field. */
    readonly fields?: Partial<Record<RuleField, string>>;
}

/** A port taken from a tier's service port, and the override that replaced it, if any. */
export interface PortSubstitution {
    readonly tier: string;
    readonly scenarioPort: number;
    readonly port: number;
    /** Field path of the override (`overrides.ports.app`), when the port was overridden. */
    readonly overridePath?: string;
}

/**
 * The one rule shape every check works on: the config validator, the reports and the policy pack's
 * adapters all produce it. `ports` is absent for protocols that have none (ICMP, all); `icmp`,
 * only on an ICMP or ICMPv6 rule, limits it to one type (and code), and is absent for every type.
 */
export interface NormalizedRule {
    readonly direction: Direction;
    readonly protocol: Protocol;
    readonly ports?: PortRange;
    readonly icmp?: IcmpMatch;
    readonly peer: Peer;
    readonly description?: string;
    readonly origin: RuleOrigin;
    readonly portSource?: PortSubstitution;
}

/** Ports the rule opens, for exposure checks: protocols without ports open all of them. */
export function effectivePorts(rule: Pick<NormalizedRule, "protocol" | "ports">): PortRange {
    return hasPorts(rule.protocol) && rule.ports ? rule.ports : ALL_PORTS;
}

type RuleMatch = Pick<NormalizedRule, "protocol" | "ports" | "icmp">;

/**
 * The rule's identity: direction, peer, protocol, ports, and the ICMP type and code when it has
 * them (`ingress-icmp-type3-code4-from-...`; a rule of every ICMP type keeps the key it always had).
 * The description is deliberately left out, so that rewording a description updates a rule in place
 * instead of replacing it.
 */
export function ruleKey(rule: Pick<NormalizedRule, "direction" | "protocol" | "ports" | "icmp" | "peer">): string {
    const ports = rule.ports ? `-${portKey(rule.ports)}` : "";
    const icmp = rule.icmp ? `-${icmpKey(rule.icmp)}` : "";
    const preposition = rule.direction === "ingress" ? "from" : "to";
    return `${rule.direction}-${rule.protocol}${ports}${icmp}-${preposition}-${peerKey(rule.peer)}`;
}

/**
 * What a rule allows within its protocol, for people: its ports (`443`, `8000-8100`), its ICMP type
 * and code (`type 8 (all codes)`, `type 3 code 4`), or `all`. The one wording of the plan, the
 * reports and the messages.
 */
export function portsLabel(rule: RuleMatch): string {
    if (hasPorts(rule.protocol) && rule.ports) return portKey(rule.ports);
    if (isIcmp(rule.protocol)) return icmpLabel(rule.icmp);
    return "all";
}

/** "tcp 5432 from the app tier", "icmp type 8 (all codes) from 0.0.0.0/0", for messages. */
export function describeRule(rule: Pick<NormalizedRule, "direction" | "protocol" | "ports" | "icmp" | "peer">): string {
    const what = rule.protocol === "all" ? "all traffic" : rule.ports || rule.icmp ? `${rule.protocol} ${portsLabel(rule)}` : rule.protocol;
    const preposition = rule.direction === "ingress" ? "from" : "to";
    return `${what} ${preposition} ${describePeer(rule.peer)}`;
}

const DIRECTION_ORDER: Record<Direction, number> = { ingress: 0, egress: 1 };

/**
 * The stable order used wherever rules are listed: direction, peer, protocol, ports, ICMP type and
 * code, description.
 * Plain code-unit comparison, not `localeCompare`, so the order never depends on the machine.
 */
export function compareRules(a: NormalizedRule, b: NormalizedRule): number {
    return (
        DIRECTION_ORDER[a.direction] - DIRECTION_ORDER[b.direction] ||
        compareText(peerKey(a.peer), peerKey(b.peer)) ||
        compareRuleMatch(a, b) ||
        compareText(a.description ?? "", b.description ?? "")
    );
}

/** What a rule lets through, in order: protocol, ports, then ICMP type and code (the middle of {@link compareRules}). */
export function compareRuleMatch(a: RuleMatch, b: RuleMatch): number {
    return compareText(a.protocol, b.protocol) || (a.ports?.from ?? -1) - (b.ports?.from ?? -1) || (a.ports?.to ?? -1) - (b.ports?.to ?? -1) || compareIcmp(a.icmp, b.icmp);
}

/** The override a rule owes its existence or its port to; absent for a scenario rule as written. */
export interface RuleOverride {
    /** Field path of the override in the config (`overrides.tiers.db.ingress[0]`, `overrides.ports.app`). */
    readonly path: string;
    /** For a port override: the scenario's port that it replaced. */
    readonly replacedPort?: number;
}

/** The override behind a rule: the rule itself, or the port override that changed its port. */
export function overrideOf(rule: Pick<NormalizedRule, "origin" | "portSource">): RuleOverride | undefined {
    if (rule.origin.kind === "override") return { path: rule.origin.path };
    const source = rule.portSource;
    return source?.overridePath ? { path: source.overridePath, replacedPort: source.scenarioPort } : undefined;
}

/** How many rules a tier has, by direction. */
export interface RuleCount {
    ingress: number;
    egress: number;
}

/** Rules by direction: what the component reports as `ruleCounts` and the deployment report compares. */
export function countRules(rules: readonly Pick<NormalizedRule, "direction">[]): RuleCount {
    return { ingress: rules.filter((rule) => rule.direction === "ingress").length, egress: rules.filter((rule) => rule.direction === "egress").length };
}
