import { ScenarioRuleSpec } from "../config/types";
import { CidrFault, Peer, parseCidr } from "../model/peer";
import { IcmpMatch } from "../model/icmp";
import { PortRange, parsePortRange, singlePort } from "../model/ports";
import { Protocol, hasPorts, isIcmp, parseProtocol } from "../model/protocol";
import { Direction, NormalizedRule, PortSubstitution, RuleField } from "../model/rule";
import { Finding, errorAt } from "../rules/finding";
import { PathSegment, formatPath, quote } from "../util/text";
import { own } from "../util/own";
import { suggestion } from "../util/suggest";
import { CODES } from "../rules/codes";

/**
 * The characters EC2 accepts in a rule description. Checked here, not in the schema, so that a
 * rule with a bad description is still understood: the review report then shows it, escaped,
 * next to the error.
 */
const EC2_DESCRIPTION = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]*$/;

function descriptionFindings(spec: ScenarioRuleSpec, ctx: RuleContext): Finding[] {
    const description = spec.description;
    if (description === undefined || EC2_DESCRIPTION.test(description)) return [];
    const refused = [...new Set([...description].filter((character) => !EC2_DESCRIPTION.test(character)))];
    return [
        problem(
            ctx,
            "description",
            CODES.descriptionCharacters,
            `description ${quote(description)} has characters EC2 refuses: ${refused.map((character) => quote(character)).join(" ")}`,
            "EC2 accepts letters, digits, spaces and . _ - : / ( ) # , @ [ ] + = & ; { } ! $ *; reword the description without the others",
            description,
        ),
    ];
}

/** Service ports by tier: as the scenario declares them, after overrides, and which override changed them. */
export interface PortTable {
    readonly scenario: Readonly<Record<string, number>>;
    readonly effective: Readonly<Record<string, number>>;
    readonly overridePath: Readonly<Record<string, string>>;
}

export interface RuleContext {
    /** The scenario's name, for fixes that list its tiers. */
    readonly scenario: string;
    readonly kind: "scenario" | "override";
    readonly file?: string;
    readonly path: readonly PathSegment[];
    readonly tier: string;
    readonly direction: Direction;
    readonly tiers: readonly string[];
    readonly ports: PortTable;
}

type Part<T> = { value?: T; field?: string; findings: Finding[] };

function problem(ctx: RuleContext, field: string | undefined, code: string, message: string, fix: string, value?: unknown): Finding {
    return errorAt(ctx.file, formatPath(field ? [...ctx.path, field] : ctx.path), code, message, fix, value);
}

const PEER_KEYS: Record<Direction, { cidr: keyof ScenarioRuleSpec; tier: keyof ScenarioRuleSpec; prefixList: keyof ScenarioRuleSpec }> = {
    ingress: { cidr: "source", tier: "source_tier", prefixList: "source_prefix_list" },
    egress: { cidr: "destination", tier: "destination_tier", prefixList: "destination_prefix_list" },
};

const CIDR_FAULT_CODES: Record<CidrFault, string> = {
    invalid: CODES.invalidCidr,
    "non-canonical": CODES.nonCanonicalAddress,
    "embedded-ipv4": CODES.embeddedIpv4,
};

/** How fixes name the tiers a scenario has: "tiers of two-tier-mysql". */
export function tiersNoun(scenario: string): string {
    return `tiers of ${scenario}`;
}

function unknownTier(ctx: RuleContext, field: string, tier: string): Finding {
    return problem(ctx, field, CODES.unknownTier, `tier "${tier}" does not exist in this scenario`, suggestion(tier, ctx.tiers, tiersNoun(ctx.scenario)), tier);
}

function resolvePeer(spec: ScenarioRuleSpec, ctx: RuleContext): Part<Peer> {
    const keys = PEER_KEYS[ctx.direction];
    const present = [keys.cidr, keys.tier, keys.prefixList, "self" as const].filter((key) => spec[key] !== undefined);
    if (present.length !== 1) {
        const all = `${keys.cidr}, ${keys.tier}, ${keys.prefixList} or self: true`;
        return present.length === 0
            ? {
                  findings: [problem(ctx, undefined, CODES.peerCount, `the rule has no ${ctx.direction === "ingress" ? "source" : "destination"}`, `add exactly one of ${all}`)],
              }
            : {
                  findings: [
                      problem(
                          ctx,
                          present[1],
                          CODES.peerCount,
                          `the rule names ${present.length} peers (${present.join(", ")}); a rule has exactly one`,
                          "split it into one rule per peer, each with its own description",
                      ),
                  ],
              };
    }
    const field = present[0];
    if (field === keys.cidr) {
        const parsed = parseCidr(String(spec[field]));
        if (parsed.ok) return { value: parsed.peer, field, findings: [] };
        // A block refused for its form but read one way (an IPv4-mapped one) is still checked as read, as the policy pack checks it.
        return { value: parsed.reading, field, findings: [problem(ctx, field, CIDR_FAULT_CODES[parsed.fault], parsed.problem, parsed.fix, spec[field])] };
    }
    if (field === keys.tier) {
        const tier = String(spec[field]);
        if (!ctx.tiers.includes(tier)) return { field, findings: [unknownTier(ctx, field, tier)] };
        // A tier that names itself means its own group: one identity, whichever way it is written.
        return { value: tier === ctx.tier ? Peer.self() : Peer.tier(tier), field, findings: [] };
    }
    if (field === keys.prefixList) return { value: Peer.prefixList(String(spec[field])), field, findings: [] };
    return { value: Peer.self(), field, findings: [] };
}

/** The echo request type of each ICMP protocol, for examples in fixes. */
const ECHO_REQUEST: Readonly<Record<"icmp" | "icmpv6", number>> = { icmp: 8, icmpv6: 128 };

interface PortsPart extends Part<PortRange> {
    portSource?: PortSubstitution;
}

function resolvePorts(spec: ScenarioRuleSpec, protocol: Protocol, ctx: RuleContext): PortsPart {
    const present = (["port", "port_range", "tier_port"] as const).filter((key) => spec[key] !== undefined);
    if (!hasPorts(protocol)) {
        if (present.length === 0) return { findings: [] };
        const [field] = present;
        const [message, fix] = isIcmp(protocol)
            ? [
                  `${field} is set but ${protocol} has types, not ports`,
                  `remove ${field}; use icmp_type: (such as icmp_type: ${ECHO_REQUEST[protocol]}, echo request) to allow only one ${protocol} type, or protocol tcp or udp to allow only some ports`,
              ]
            : [`${field} is set but protocol all already covers every port`, `remove ${field}, or use protocol tcp or udp to allow only some ports`];
        return { findings: [problem(ctx, field, CODES.portsForProtocol, message, fix, spec[field])] };
    }
    if (present.length === 0) {
        return { findings: [problem(ctx, undefined, CODES.portsForProtocol, `a ${protocol} rule needs a port`, 'add port: 443, or port_range: "8000-8100"')] };
    }
    if (present.length > 1) {
        return { findings: [problem(ctx, present[1], CODES.portsForProtocol, `the rule sets ${present.join(" and ")}; give only one`, `keep one of ${present.join(", ")}`)] };
    }
    const field = present[0];
    if (field === "port") return { value: singlePort(spec.port as number), field, findings: [] };
    if (field === "port_range") {
        const parsed = parsePortRange(String(spec.port_range));
        return parsed.ok
            ? { value: parsed.range, field, findings: [] }
            : { field, findings: [problem(ctx, field, CODES.badPortRange, parsed.problem, parsed.fix, spec.port_range)] };
    }
    const tier = String(spec.tier_port);
    if (!ctx.tiers.includes(tier)) return { field, findings: [unknownTier(ctx, field, tier)] };
    const port = ctx.ports.effective[tier];
    return {
        value: singlePort(port),
        field,
        findings: [],
        portSource: { tier, scenarioPort: ctx.ports.scenario[tier], port, overridePath: own(ctx.ports.overridePath, tier) },
    };
}

/**
 * The one ICMP type (and code) an icmp or icmpv6 rule is limited to; none, every type, when the rule
 * names no icmp_type. The schema has already checked that each is a whole number from 0 to 255.
 */
function resolveIcmp(spec: ScenarioRuleSpec, protocol: Protocol, ctx: RuleContext): Part<IcmpMatch> {
    const present = (["icmp_type", "icmp_code"] as const).filter((key) => spec[key] !== undefined);
    if (present.length === 0) return { findings: [] };
    const [field] = present;
    const named = present.join(" and ");
    const verb = present.length > 1 ? "are" : "is";
    if (!isIcmp(protocol)) {
        const [message, fix] =
            protocol === "all"
                ? [`${named} ${verb} set but protocol all already covers every ICMP type`, `remove ${named}, or use protocol icmp or icmpv6 to allow only one ICMP type`]
                : [
                      `${named} ${verb} set but ${protocol} has ports, not ICMP types`,
                      `remove ${named} and limit the rule with port: or port_range:, or use protocol icmp or icmpv6 to allow one ICMP type`,
                  ];
        return { findings: [problem(ctx, field, CODES.icmpForProtocol, message, fix, spec[field])] };
    }
    if (spec.icmp_type === undefined) {
        return {
            findings: [
                problem(
                    ctx,
                    "icmp_code",
                    CODES.icmpForProtocol,
                    "icmp_code is set without icmp_type, and a code means something only within its type",
                    "add icmp_type: with the type the code belongs to (icmp_type: 3 with icmp_code: 4 is fragmentation needed), or remove icmp_code to allow every type",
                    spec.icmp_code,
                ),
            ],
        };
    }
    return { value: spec.icmp_code === undefined ? { type: spec.icmp_type } : { type: spec.icmp_type, code: spec.icmp_code }, findings: [] };
}

/** Turns one written rule into the normalized rule, or explains every reason it cannot. */
export function normalizeRuleSpec(spec: ScenarioRuleSpec, ctx: RuleContext): { rule?: NormalizedRule; findings: Finding[] } {
    const protocol = parseProtocol(spec.protocol);
    if (!protocol) {
        // The schema admits only known protocols; this guards data that bypassed it.
        return {
            findings: [problem(ctx, "protocol", CODES.notAllowed, `protocol ${quote(spec.protocol)} is not known`, "use tcp, udp, icmp, icmpv6 or all", spec.protocol)],
        };
    }
    const ports = resolvePorts(spec, protocol, ctx);
    const icmp = resolveIcmp(spec, protocol, ctx);
    const peer = resolvePeer(spec, ctx);
    if (ports.findings.length > 0 || icmp.findings.length > 0 || !peer.value) return { findings: [...ports.findings, ...icmp.findings, ...peer.findings] };
    const fields: Partial<Record<RuleField, string>> = { protocol: "protocol", description: "description", peer: peer.field, ports: ports.field };
    const rule: NormalizedRule = {
        direction: ctx.direction,
        protocol,
        ports: ports.value,
        ...(icmp.value ? { icmp: icmp.value } : {}),
        peer: peer.value,
        description: spec.description,
        origin: { kind: ctx.kind, file: ctx.file, path: formatPath(ctx.path), fields },
        portSource: ports.portSource,
    };
    return { rule, findings: [...peer.findings, ...descriptionFindings(spec, ctx)] };
}
