import {
    CidrPeer,
    Direction,
    IcmpMatch,
    NormalizedRule,
    Peer,
    PortRange,
    Protocol,
    cidrNetwork,
    hasPorts,
    icmpFromPortFields,
    isIcmp,
    parseProtocol,
    peerKey,
    ruleKey,
} from "sg-provisioner-core/rules-engine";
import { isUnknown } from "../props";

export type Family = CidrPeer["family"];

/** One rule as a stack wrote it, turned into the core's shape. */
export interface AdaptedRule {
    /** Where the rule's entry sits in the resource ("ingress[1]"), or "" for a resource that is one rule. */
    readonly entry: string;
    /** Where its peer sits ("ingress[1].cidrBlocks[0]", "cidrIpv4"): the place a diagnostic points at. */
    readonly location: string;
    readonly direction: Direction;
    /**
     * The rule in the core's shape, at its worst where a value is not known yet: an unknown CIDR
     * counts as the internet, unknown ports as all of them, an unknown protocol as all traffic.
     * Absent for protocols that carry no ports (GRE, ESP...): no port check applies to them.
     */
    readonly rule?: NormalizedRule;
    /** Values unknown during preview, so the rule is decided only at `pulumi up`. Empty when decided. */
    readonly undecided: readonly string[];
    /** Values present but unreadable (a CIDR that does not parse, a missing port), read at their worst. */
    readonly assumptions: readonly string[];
    /** The identity two declarations of one rule share: the core's rule key when there is a rule. */
    readonly identity: string;
    /** The address families whose per-group rule quota this rule counts against. */
    readonly families: readonly Family[];
}

/** The fields of one rule entry, whatever the resource shape calls them. */
export interface RuleFields {
    readonly entry: string;
    readonly direction: Direction;
    readonly protocol: unknown;
    readonly fromPort: unknown;
    readonly toPort: unknown;
    readonly description: unknown;
    /** Property name of the protocol and the ports, for `origin.fields`. */
    readonly protocolField: string;
    /** What else about the entry is unknown during preview (the direction of a SecurityGroupRule). */
    readonly undecided?: readonly string[];
}

/** A peer and where it was written. */
export interface PeerAt {
    readonly peer: Peer;
    readonly location: string;
    readonly undecided: readonly string[];
    readonly assumptions: readonly string[];
}

const ANYWHERE: Record<Family, string> = { ipv4: "0.0.0.0/0", ipv6: "::/0" };

function anywhere(family: Family): Peer {
    return { kind: "cidr", family, cidr: ANYWHERE[family] };
}

function joinPath(entry: string, field: string): string {
    return entry ? `${entry}.${field}` : field;
}

function cidrPeer(value: unknown, location: string, family: Family): PeerAt {
    if (isUnknown(value)) return { peer: anywhere(family), location, undecided: [`${location} is not known until the update`], assumptions: [] };
    const peer = typeof value === "string" ? cidrNetwork(value) : undefined;
    if (!peer || peer.family !== family) {
        const assumption = `${JSON.stringify(value)} is not an ${family === "ipv4" ? "IPv4" : "IPv6"} CIDR block; read as ${ANYWHERE[family]}`;
        return { peer: anywhere(family), location, undecided: [], assumptions: [assumption] };
    }
    return { peer, location, undecided: [], assumptions: [] };
}

/** Peers from a list property (`cidrBlocks`, `securityGroups`...); a list unknown as a whole is one worst-case peer. */
function listPeers(entry: string, field: string, values: unknown, one: (value: unknown, location: string) => PeerAt): PeerAt[] {
    const location = joinPath(entry, field);
    if (isUnknown(values)) return [one(values, location)];
    if (!Array.isArray(values)) return [];
    return values.map((value, index) => one(value, `${location}[${index}]`));
}

function referencePeer(kind: "security-group" | "prefix-list", value: unknown, location: string): PeerAt {
    // An ID unknown during preview still names a group or list, never an address range: it cannot be the internet.
    const id = isUnknown(value) ? `(${location}, known after the update)` : String(value);
    return { peer: kind === "security-group" ? Peer.securityGroup(id) : Peer.prefixList(id), location, undecided: [], assumptions: [] };
}

export const peers = {
    cidrs: (entry: string, field: string, values: unknown, family: Family): PeerAt[] => listPeers(entry, field, values, (value, location) => cidrPeer(value, location, family)),
    cidr: (entry: string, field: string, value: unknown, family: Family): PeerAt[] =>
        value === undefined || value === null ? [] : [cidrPeer(value, joinPath(entry, field), family)],
    groups: (entry: string, field: string, values: unknown): PeerAt[] => listPeers(entry, field, values, (value, location) => referencePeer("security-group", value, location)),
    group: (entry: string, field: string, value: unknown): PeerAt[] =>
        value === undefined || value === null || value === "" ? [] : [referencePeer("security-group", value, joinPath(entry, field))],
    prefixLists: (entry: string, field: string, values: unknown): PeerAt[] => listPeers(entry, field, values, (value, location) => referencePeer("prefix-list", value, location)),
    prefixList: (entry: string, field: string, value: unknown): PeerAt[] =>
        value === undefined || value === null || value === "" ? [] : [referencePeer("prefix-list", value, joinPath(entry, field))],
    /** `self: true`; an unknown flag may only add the group itself, so it counts as set. */
    self: (entry: string, value: unknown): PeerAt[] =>
        value === true || isUnknown(value) ? [{ peer: Peer.self(), location: joinPath(entry, "self"), undecided: [], assumptions: [] }] : [],
};

interface Read {
    readonly undecided: string[];
    readonly assumptions: string[];
}

type ProtocolRead = (Read & { readonly protocol: Protocol }) | { readonly unsupported: string };

function isMissing(value: unknown): boolean {
    return value === undefined || value === null || value === "";
}

/**
 * A protocol number as text: decimal digits, a sign, and a fraction of zeros only ("06", "+6",
 * "6.0"). Other numeric text ("6.5", "0x6", "6e0") is no spelling the pack trusts AWS to read as a
 * number, so it is read as an unrecognised protocol.
 */
const PROTOCOL_NUMBER = /^[+-]?\d+(\.0+)?$/;

/** IP protocol numbers are 0-255; -1 is AWS's "all protocols". */
const LAST_PROTOCOL_NUMBER = 255;

/** The integer a protocol value spells, or undefined when it is not a protocol number. */
function protocolNumber(value: unknown): number | undefined {
    const text = typeof value === "number" || typeof value === "string" ? String(value).trim() : "";
    if (!PROTOCOL_NUMBER.test(text)) return undefined;
    const number = Math.trunc(Number(text)) || 0;
    return number === -1 || (number >= 0 && number <= LAST_PROTOCOL_NUMBER) ? number : undefined;
}

/**
 * The protocol, by name ("tcp", "TCP") or by number ("6", 6, "06", "6.0"). A number the core
 * knows is that protocol; any other protocol number (GRE 47, ESP 50) is kept as unsupported, a
 * rule with no ports to check. Anything else ("tcpp", "300", "6.5") is read at its worst, all
 * traffic, as a missing protocol is, and says so: a spelling the pack cannot read must never let
 * a database port through unchecked.
 */
function readProtocol(fields: RuleFields): ProtocolRead {
    const location = joinPath(fields.entry, fields.protocolField);
    if (isUnknown(fields.protocol)) return { protocol: "all", undecided: [`${location} is not known until the update`], assumptions: [] };
    if (isMissing(fields.protocol)) return { protocol: "all", undecided: [], assumptions: [`${location} is missing; read as all traffic`] };
    const byName = typeof fields.protocol === "string" ? parseProtocol(fields.protocol) : undefined;
    const number = protocolNumber(fields.protocol);
    const protocol = byName ?? (number === undefined ? undefined : parseProtocol(number));
    if (protocol) return { protocol, undecided: [], assumptions: [] };
    if (number !== undefined) return { unsupported: String(number) };
    const assumption = `${location} ${JSON.stringify(fields.protocol)} is neither a protocol name nor a protocol number from -1 to 255; read as all traffic`;
    return { protocol: "all", undecided: [], assumptions: [assumption] };
}

const FULL_RANGE: PortRange = { from: 0, to: 65535 };

function clampPort(port: number): number {
    return Math.min(65535, Math.max(0, port));
}

/**
 * TCP and UDP ports. A range that is unknown, missing or malformed counts as every port: the pack
 * never reads a rule narrower than it might be. Reversed bounds are read as the range between them.
 */
function readPorts(fields: RuleFields, protocol: Protocol): Read & { ports?: PortRange } {
    if (!hasPorts(protocol)) return { undecided: [], assumptions: [] };
    const bounds = ["fromPort", "toPort"] as const;
    const unknown = bounds.filter((field) => isUnknown(fields[field]));
    if (unknown.length > 0) return { ports: FULL_RANGE, undecided: unknown.map((field) => `${joinPath(fields.entry, field)} is not known until the update`), assumptions: [] };
    const unreadable = bounds.filter((field) => isMissing(fields[field]) || !Number.isInteger(Number(fields[field])));
    if (unreadable.length > 0) {
        return { ports: FULL_RANGE, undecided: [], assumptions: unreadable.map((field) => `${joinPath(fields.entry, field)} is missing or not a port; read as every port`) };
    }
    const from = Number(fields.fromPort);
    const to = Number(fields.toPort);
    return { ports: { from: clampPort(Math.min(from, to)), to: clampPort(Math.max(from, to)) }, undecided: [], assumptions: [] };
}

/**
 * An ICMP rule's type and code, which EC2 keeps in fromPort and toPort: never a port range, so no
 * port check ever reads them. -1, or a value unknown or unreadable, is every type (or every code);
 * they only tell two ICMP rules of one peer apart.
 */
function readIcmp(fields: RuleFields, protocol: Protocol): IcmpMatch | undefined {
    return isIcmp(protocol) ? icmpFromPortFields(fields.fromPort, fields.toPort) : undefined;
}

function readDescription(value: unknown): string | undefined {
    // An unknown description will hold some text; only a known empty one is missing.
    if (isUnknown(value)) return "(known after the update)";
    return typeof value === "string" ? value : undefined;
}

/** One adapted rule per peer of the entry: a rule with three CIDR blocks is three rules, as AWS counts them. */
export function adaptEntry(fields: RuleFields, peerList: readonly PeerAt[]): AdaptedRule[] {
    const protocol = readProtocol(fields);
    return peerList.map((at) => {
        const families: Family[] = at.peer.kind === "cidr" ? [at.peer.family] : ["ipv4", "ipv6"];
        if ("unsupported" in protocol) {
            // Named by what it allows, not where it is written: its echo in a group's outputs is the same rule.
            const identity = `${fields.direction}-protocol-${protocol.unsupported}-${peerKey(at.peer)}`;
            return { entry: fields.entry, location: at.location, direction: fields.direction, undecided: at.undecided, assumptions: at.assumptions, identity, families };
        }
        const ports = readPorts(fields, protocol.protocol);
        const icmp = readIcmp(fields, protocol.protocol);
        const undecided = [...(fields.undecided ?? []), ...protocol.undecided, ...ports.undecided, ...at.undecided];
        const assumptions = [...protocol.assumptions, ...ports.assumptions, ...at.assumptions];
        const peerField = at.location.slice(fields.entry ? fields.entry.length + 1 : 0);
        const rule: NormalizedRule = {
            direction: fields.direction,
            protocol: protocol.protocol,
            ports: ports.ports,
            ...(icmp ? { icmp } : {}),
            peer: at.peer,
            description: readDescription(fields.description),
            origin: { kind: "resource", path: fields.entry, fields: { peer: peerField, ports: "fromPort", protocol: fields.protocolField, description: "description" } },
        };
        return {
            entry: fields.entry,
            location: at.location,
            direction: fields.direction,
            rule,
            undecided,
            assumptions,
            // Rules read at their worst are told apart by place: two unknown CIDRs are not one rule.
            identity: undecided.length > 0 || assumptions.length > 0 ? `${ruleKey(rule)}@${at.location}` : ruleKey(rule),
            families,
        };
    });
}
