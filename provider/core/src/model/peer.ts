import * as ipaddr from "ipaddr.js";
import { isInternet } from "./internet";

/**
 * The other end of a rule. A config names a CIDR, another tier, a managed prefix list or the
 * group itself; a Pulumi resource may also reference a security group by ID. Each peer has one
 * canonical key, used in rule identity and resource names.
 */
export type Peer =
    | { readonly kind: "cidr"; readonly family: "ipv4" | "ipv6"; readonly cidr: string }
    | { readonly kind: "tier"; readonly tier: string }
    | { readonly kind: "prefix-list"; readonly id: string }
    | { readonly kind: "security-group"; readonly id: string }
    | { readonly kind: "self" };

export type CidrPeer = Extract<Peer, { kind: "cidr" }>;

export const Peer = {
    tier: (tier: string): Peer => ({ kind: "tier", tier }),
    prefixList: (id: string): Peer => ({ kind: "prefix-list", id }),
    securityGroup: (id: string): Peer => ({ kind: "security-group", id }),
    self: (): Peer => ({ kind: "self" }),
};

/** Where a peer stands in a diagram: one of the set's tiers, or an endpoint outside the set. */
export type PeerPlace = { readonly tier: string } | { readonly kind: "cidr" | "prefix-list" | "security-group"; readonly name: string; readonly detail: string };

/**
 * The fields of an `aws.vpc` security-group rule resource that name its peer. A group is named by
 * the tier that owns it; the component resolves that to the group's ID.
 */
export type PeerFields =
    { readonly cidrIpv4: string } | { readonly cidrIpv6: string } | { readonly prefixListId: string } | { readonly referencedSecurityGroupId: { readonly groupOf: string } };

/** What each kind of peer knows about itself (after CDK's `IPeer`): the one place to add a kind. */
interface PeerBehaviour<P extends Peer> {
    /** The canonical key, in rule identity and resource names. */
    key(peer: P): string;
    /** How a person reads the peer in messages. */
    describe(peer: P): string;
    /** The shorter form a table shows (the review report). */
    label(peer: P): string;
    /** Whether traffic from or to it is traffic with the internet (an address-space test, see internet.ts). */
    reachesInternet(peer: P): boolean;
    /** The rule resource's peer fields; `tier` is the tier the rule belongs to. */
    ruleFields(peer: P, tier: string): PeerFields;
    place(peer: P, tier: string): PeerPlace;
}

type Behaviours = { readonly [K in Peer["kind"]]: PeerBehaviour<Extract<Peer, { kind: K }>> };

const BEHAVIOURS: Behaviours = {
    cidr: {
        // Colons are replaced because Pulumi URNs use `::` as their separator, and an IPv6 CIDR such
        // as `::/0` would otherwise break the rule resource's URN.
        key: (peer) => (peer.family === "ipv4" ? `cidr4-${peer.cidr}` : `cidr6-${peer.cidr.replace(/:/g, "-")}`),
        describe: (peer) => peer.cidr,
        label: (peer) => peer.cidr,
        reachesInternet: (peer) => isInternet(peer.family, [peer.cidr]),
        ruleFields: (peer) => (peer.family === "ipv4" ? { cidrIpv4: peer.cidr } : { cidrIpv6: peer.cidr }),
        place: (peer) => ({ kind: "cidr", name: peer.cidr, detail: peer.family === "ipv4" ? "IPv4 CIDR" : "IPv6 CIDR" }),
    },
    tier: {
        key: (peer) => `tier-${peer.tier}`,
        describe: (peer) => `the ${peer.tier} tier`,
        label: (peer) => `${peer.tier} tier`,
        reachesInternet: () => false,
        ruleFields: (peer) => ({ referencedSecurityGroupId: { groupOf: peer.tier } }),
        place: (peer) => ({ tier: peer.tier }),
    },
    "prefix-list": {
        key: (peer) => peer.id,
        describe: (peer) => `prefix list ${peer.id}`,
        label: (peer) => `prefix list ${peer.id}`,
        reachesInternet: () => false,
        ruleFields: (peer) => ({ prefixListId: peer.id }),
        place: (peer) => ({ kind: "prefix-list", name: peer.id, detail: "prefix list" }),
    },
    // Only the policy pack's adapters produce one, from a stack; a config cannot name a foreign group.
    "security-group": {
        key: (peer) => peer.id,
        describe: (peer) => `security group ${peer.id}`,
        label: (peer) => `security group ${peer.id}`,
        reachesInternet: () => false,
        ruleFields: (peer) => {
            throw new Error(`a planned rule cannot reference foreign security group ${peer.id}`);
        },
        place: (peer) => ({ kind: "security-group", name: peer.id, detail: "security group" }),
    },
    self: {
        key: () => "self",
        describe: () => "members of the same group",
        label: () => "self",
        reachesInternet: () => false,
        ruleFields: (_peer, tier) => ({ referencedSecurityGroupId: { groupOf: tier } }),
        place: (_peer, tier) => ({ tier }),
    },
};

function behaviourOf<P extends Peer>(peer: P): PeerBehaviour<P> {
    return BEHAVIOURS[peer.kind] as unknown as PeerBehaviour<P>;
}

/** The canonical key of a peer. */
export function peerKey(peer: Peer): string {
    return behaviourOf(peer).key(peer);
}

/** How a person reads the peer in messages and reports. */
export function describePeer(peer: Peer): string {
    return behaviourOf(peer).describe(peer);
}

/** The peer as a reviewer reads it in a table: shorter than in messages for tiers and `self`. */
export function peerLabel(peer: Peer): string {
    return behaviourOf(peer).label(peer);
}

/** Whether the peer is the internet. */
export function peerReachesInternet(peer: Peer): boolean {
    return behaviourOf(peer).reachesInternet(peer);
}

/** The rule resource's fields naming the peer, for a rule of `tier`. */
export function peerRuleFields(peer: Peer, tier: string): PeerFields {
    return behaviourOf(peer).ruleFields(peer, tier);
}

/** Where the peer of a rule of `tier` stands in a diagram. */
export function peerPlace(peer: Peer, tier: string): PeerPlace {
    return behaviourOf(peer).place(peer, tier);
}

/**
 * Why a block is refused: it is no block AWS takes (`invalid`), an IPv4 address not written in
 * canonical dotted decimal (`non-canonical`), or an IPv6 block that writes IPv4 addresses
 * (`embedded-ipv4`). The last is read one way here, `reading`, so that its exposure is still checked.
 */
export type CidrFault = "invalid" | "non-canonical" | "embedded-ipv4";

export type CidrParse =
    { readonly ok: true; readonly peer: CidrPeer } | { readonly ok: false; readonly fault: CidrFault; readonly problem: string; readonly fix: string; readonly reading?: CidrPeer };

type CidrRefusal = Extract<CidrParse, { ok: false }>;

/** A prefix length every tool reads alike: decimal, without leading zeros. */
const CANONICAL_LENGTH = /^(0|[1-9]\d*)$/;

const HEX_PART = /^0x/i;

/** A block's address and prefix length as written, split at the slash. */
function cidrParts(trimmed: string): { readonly addressText: string; readonly lengthText: string } {
    const slash = trimmed.lastIndexOf("/");
    return { addressText: trimmed.slice(0, slash), lengthText: trimmed.slice(slash + 1) };
}

/** Four decimal octets without leading zeros (ipaddr.js's own test of that form), and a plain prefix length. */
function isCanonicalIpv4(addressText: string, lengthText: string): boolean {
    return ipaddr.IPv4.isValidFourPartDecimal(addressText) && CANONICAL_LENGTH.test(lengthText);
}

/** A part of an IPv4 address read as decimal, leading zeros ignored (hexadecimal stays hexadecimal). */
function decimalPart(part: string): number {
    return HEX_PART.test(part) ? parseInt(part, 16) : parseInt(part, 10);
}

/**
 * IPv4 must be four decimal octets without leading zeros, and a prefix length without them: any
 * other spelling ipaddr.js reads (as inet_aton does) other tools read otherwise or refuse, so
 * `010.0.0.0/8` could open 8.0.0.0/8, a public block, where 10.0.0.0/8 was meant.
 */
function nonCanonicalIpv4(text: string, address: string, lengthText: string, length: number): CidrRefusal | undefined {
    if (isCanonicalIpv4(address, lengthText)) return undefined;
    const read = `${ipaddr.IPv4.parse(address).toString()}/${length}`;
    const parts = address.split(".");
    const decimal = parts.map(decimalPart);
    let how: string;
    let meant = read;
    if (parts.length < 4) {
        const padded = decimal.every((value) => value <= 255) ? `${[...decimal, 0, 0, 0].slice(0, 4).join(".")}/${length}` : undefined;
        how =
            padded === undefined || padded === read
                ? `a shortened address, which some tools read as ${read} and others refuse`
                : `a shortened address, which some tools read as ${read} (the last part fills the remaining bits) and others as ${padded} (the missing octets are zeros)`;
        meant = padded ?? read;
    } else if (parts.some((part) => HEX_PART.test(part))) {
        how = `hexadecimal octets, which some tools read as ${read} and others refuse`;
    } else if (parts.some((part) => /^0\d/.test(part))) {
        meant = `${decimal.join(".")}/${length}`;
        how =
            meant === read
                ? `leading zeros are read as octal by some tools and as decimal by others (${read} either way here)`
                : `leading zeros are read as octal by some tools (${read}) and as decimal by others (${meant})`;
    } else {
        how = `the prefix length "${lengthText}" has leading zeros, which some tools refuse and others read as octal (read here as /${length})`;
    }
    return {
        ok: false,
        fault: "non-canonical",
        problem: `"${text}" is not canonical IPv4 and is refused: ${how}`,
        fix: `write the block in dotted decimal without leading zeros, such as "${(cidrNetwork(meant) as CidrPeer).cidr}"`,
    };
}

/** The IPv6 address `::a.b.c.d` as RFC 4291 reads it (IPv4-compatible), where ipaddr.js reads `::ffff:a.b.c.d`. */
function ipv4Compatible(ipv4: ipaddr.IPv4): ipaddr.IPv6 {
    const [a, b, c, d] = ipv4.toByteArray();
    return new ipaddr.IPv6([0, 0, 0, 0, 0, 0, (a << 8) | b, (c << 8) | d]);
}

/**
 * IPv6 spellings that do not say one thing: a zone ID (`fe80::%eth0`, which names a host's
 * interface and which AWS refuses), an IPv4 part not in canonical dotted decimal, and blocks that
 * write IPv4 addresses: IPv4-mapped (`::ffff:0.0.0.0/96`, which stands for all of IPv4) and
 * IPv4-compatible (`::0.0.0.0/96`, deprecated, read by ipaddr.js as IPv4-mapped). Blocks that
 * hold IPv4 by design (NAT64 64:ff9b::/96, 6to4, Teredo) are IPv6 as written and pass; internet.ts
 * counts the IPv4 addresses inside them.
 */
function ipv6FormRefusal(text: string, trimmed: string, address: ipaddr.IPv6, addressText: string, length: number): CidrRefusal | undefined {
    const network = (cidrNetwork(trimmed) as CidrPeer).cidr;
    if (address.zoneId !== undefined) {
        return {
            ok: false,
            fault: "invalid",
            problem: `"${text}" names the zone "${address.zoneId}", the network interface of one host, which AWS does not accept in a CIDR block`,
            fix: `remove "%${address.zoneId}": "${network}"`,
        };
    }
    const dotted = addressText.slice(addressText.lastIndexOf(":") + 1);
    if (dotted.includes(".") && !ipaddr.IPv4.isValidFourPartDecimal(dotted)) {
        const canonical = `${addressText.slice(0, addressText.length - dotted.length)}${ipaddr.IPv4.parse(dotted).toString()}/${length}`;
        return {
            ok: false,
            fault: "non-canonical",
            problem: `"${text}" is not canonical and is refused: its IPv4 part "${dotted}" is not four decimal octets without leading zeros, which some tools refuse and others read otherwise (read here as ${network})`,
            fix: `write the IPv4 part in dotted decimal without leading zeros, such as "${canonical}"`,
        };
    }
    if (!address.isIPv4MappedAddress() || length < 96) return undefined;
    const ipv4 = `${address.toIPv4Address().toString()}/${length - 96}`;
    const reading = cidrNetwork(trimmed);
    if (/^::[^:]*$/.test(addressText) && dotted.includes(".")) {
        const compatible = `${ipv4Compatible(ipaddr.IPv4.parse(dotted)).toString()}/${length}`;
        return {
            ok: false,
            fault: "embedded-ipv4",
            problem: `"${text}" is refused: it is an IPv4-compatible IPv6 block, a form deprecated since RFC 4291, which some tools read as ${compatible} and others, this one included, as the IPv4-mapped ${network}, which stands for IPv4 ${ipv4}`,
            fix: `write an IPv4 block as IPv4 ("${ipv4}"), or an IPv6 block in hexadecimal ("${compatible}")`,
            reading,
        };
    }
    return {
        ok: false,
        fault: "embedded-ipv4",
        problem: `"${text}" is refused: it is an IPv4-mapped IPv6 block, IPv4 ${ipv4} written as IPv6, which some tools match against IPv4 traffic and others against IPv6 traffic, where no packet carries such an address`,
        fix: `write the IPv4 block as IPv4: "${ipv4}"`,
        reading,
    };
}

/**
 * Parses a CIDR block strictly: the mask is required and host bits must be zero, because EC2
 * stores the network address and a config that says otherwise would show a diff forever. IPv4
 * must be canonical dotted decimal, and IPv6 must say one thing (see {@link ipv6FormRefusal}),
 * so that no block depends on which tool reads it.
 */
export function parseCidr(text: string): CidrParse {
    const trimmed = text.trim();
    if (!trimmed.includes("/")) {
        if (ipaddr.isValid(trimmed)) {
            const full = ipaddr.parse(trimmed).kind() === "ipv4" ? 32 : 128;
            return {
                ok: false,
                fault: "invalid",
                problem: `CIDR mask is missing in "${text}"`,
                fix: `add the prefix length; for this one address write "${trimmed}/${full}"`,
            };
        }
        return { ok: false, fault: "invalid", problem: `"${text}" is not an IP address or CIDR block`, fix: 'write a CIDR block such as "10.0.1.0/24" or "2001:db8::/32"' };
    }
    if (!ipaddr.isValidCIDR(trimmed)) {
        return {
            ok: false,
            fault: "invalid",
            problem: `"${text}" is not a valid CIDR block`,
            fix: 'write an address and a prefix length, such as "10.0.1.0/24" (IPv4, 0-32) or "2001:db8::/32" (IPv6, 0-128)',
        };
    }
    const [address, length] = ipaddr.parseCIDR(trimmed);
    const { addressText, lengthText } = cidrParts(trimmed);
    const form = address.kind() === "ipv4" ? nonCanonicalIpv4(text, addressText, lengthText, length) : ipv6FormRefusal(text, trimmed, address as ipaddr.IPv6, addressText, length);
    // A block refused for its form alone is refused before its host bits are judged; one with a reading, after.
    if (form && form.fault !== "embedded-ipv4") return form;
    const network = cidrNetwork(trimmed) as CidrPeer;
    if (network.cidr.split("/")[0] !== address.toString()) {
        return {
            ok: false,
            fault: "invalid",
            problem: `CIDR block "${text}" has host bits set`,
            fix: `use the network address: "${network.cidr}"`,
        };
    }
    return form ?? { ok: true, peer: network };
}

/**
 * The network a CIDR block lies in, host bits cleared ("10.0.0.5/8" is 10.0.0.0/8), or undefined
 * when the text is no CIDR block. The policy pack judges what a stack wrote, so it takes this
 * lenient reading where the config validator insists on the canonical form; but IPv4 not in
 * canonical dotted decimal is no block (`010.0.0.0/8` is 8.0.0.0/8 to some tools, 10.0.0.0/8 to
 * others), for the pack to read at its worst.
 */
export function cidrNetwork(text: string): CidrPeer | undefined {
    const trimmed = text.trim();
    if (!ipaddr.isValidCIDR(trimmed)) return undefined;
    const [address, length] = ipaddr.parseCIDR(trimmed);
    const family = address.kind();
    if (family === "ipv4") {
        const { addressText, lengthText } = cidrParts(trimmed);
        if (!isCanonicalIpv4(addressText, lengthText)) return undefined;
    }
    const network = family === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(trimmed) : ipaddr.IPv6.networkAddressFromCIDR(trimmed);
    return { kind: "cidr", family, cidr: `${network.toString()}/${length}` };
}

export function isCidr(peer: Peer): peer is CidrPeer {
    return peer.kind === "cidr";
}
