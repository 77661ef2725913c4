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

export type CidrParse = { readonly ok: true; readonly peer: CidrPeer } | { readonly ok: false; readonly problem: string; readonly fix: string };

/**
 * Parses a CIDR block strictly: the mask is required and host bits must be zero, because EC2
 * stores the network address and a config that says otherwise would show a diff forever.
 */
export function parseCidr(text: string): CidrParse {
    const trimmed = text.trim();
    if (!trimmed.includes("/")) {
        if (ipaddr.isValid(trimmed)) {
            const full = ipaddr.parse(trimmed).kind() === "ipv4" ? 32 : 128;
            return {
                ok: false,
                problem: `CIDR mask is missing in "${text}"`,
                fix: `add the prefix length; for this one address write "${trimmed}/${full}"`,
            };
        }
        return { ok: false, problem: `"${text}" is not an IP address or CIDR block`, fix: 'write a CIDR block such as "10.0.1.0/24" or "2001:db8::/32"' };
    }
    if (!ipaddr.isValidCIDR(trimmed)) {
        return {
            ok: false,
            problem: `"${text}" is not a valid CIDR block`,
            fix: 'write an address and a prefix length, such as "10.0.1.0/24" (IPv4, 0-32) or "2001:db8::/32" (IPv6, 0-128)',
        };
    }
    const network = cidrNetwork(trimmed) as CidrPeer;
    if (network.cidr.split("/")[0] !== ipaddr.parseCIDR(trimmed)[0].toString()) {
        return {
            ok: false,
            problem: `CIDR block "${text}" has host bits set`,
            fix: `use the network address: "${network.cidr}"`,
        };
    }
    return { ok: true, peer: network };
}

/**
 * The network a CIDR block lies in, host bits cleared ("10.0.0.5/8" is 10.0.0.0/8), or undefined
 * when the text is no CIDR block. The policy pack judges what a stack wrote, so it takes this
 * lenient reading where the config validator insists on the canonical form.
 */
export function cidrNetwork(text: string): CidrPeer | undefined {
    const trimmed = text.trim();
    if (!ipaddr.isValidCIDR(trimmed)) return undefined;
    const [address, length] = ipaddr.parseCIDR(trimmed);
    const family = address.kind();
    const network = family === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(trimmed) : ipaddr.IPv6.networkAddressFromCIDR(trimmed);
    return { kind: "cidr", family, cidr: `${network.toString()}/${length}` };
}

export function isCidr(peer: Peer): peer is CidrPeer {
    return peer.kind === "cidr";
}
