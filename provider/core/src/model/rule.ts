import { Peer, describePeer, peerKey } from "./peer";
import { ALL_PORTS, PortRange, portKey } from "./ports";
import { Protocol, hasPorts } from "./protocol";
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
 * adapters all produce it. `ports` is absent for protocols that have none (ICMP, all).
 */
export interface NormalizedRule {
    readonly direction: Direction;
    readonly protocol: Protocol;
    readonly ports?: PortRange;
    readonly peer: Peer;
    readonly description?: string;
    readonly origin: RuleOrigin;
    readonly portSource?: PortSubstitution;
}

/** Ports the rule opens, for exposure checks: protocols without ports open all of them. */
export function effectivePorts(rule: Pick<NormalizedRule, "protocol" | "ports">): PortRange {
    return hasPorts(rule.protocol) && rule.ports ? rule.ports : ALL_PORTS;
}

/**
 * The rule's identity: direction, peer, protocol and ports. The description is deliberately left
 * out, so that rewording a description updates a rule in place instead of replacing it.
 */
export function ruleKey(rule: Pick<NormalizedRule, "direction" | "protocol" | "ports" | "peer">): string {
    const ports = rule.ports ? `-${portKey(rule.ports)}` : "";
    const preposition = rule.direction === "ingress" ? "from" : "to";
    return `${rule.direction}-${rule.protocol}${ports}-${preposition}-${peerKey(rule.peer)}`;
}

/** "tcp 5432 from the app tier", for messages. */
export function describeRule(rule: Pick<NormalizedRule, "direction" | "protocol" | "ports" | "peer">): string {
    const what = rule.protocol === "all" ? "all traffic" : rule.ports ? `${rule.protocol} ${portKey(rule.ports)}` : rule.protocol;
    const preposition = rule.direction === "ingress" ? "from" : "to";
    return `${what} ${preposition} ${describePeer(rule.peer)}`;
}

const DIRECTION_ORDER: Record<Direction, number> = { ingress: 0, egress: 1 };

/**
 * The stable order used wherever rules are listed: direction, peer, protocol, ports, description.
 * Plain code-unit comparison, not `localeCompare`, so the order never depends on the machine.
 */
export function compareRules(a: NormalizedRule, b: NormalizedRule): number {
    return (
        DIRECTION_ORDER[a.direction] - DIRECTION_ORDER[b.direction] ||
        compareText(peerKey(a.peer), peerKey(b.peer)) ||
        compareText(a.protocol, b.protocol) ||
        (a.ports?.from ?? -1) - (b.ports?.from ?? -1) ||
        (a.ports?.to ?? -1) - (b.ports?.to ?? -1) ||
        compareText(a.description ?? "", b.description ?? "")
    );
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
