import * as ipaddr from "ipaddr.js";

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

/**
 * The canonical key. Colons are replaced because Pulumi URNs use `::` as their separator, and an
 * IPv6 CIDR such as `::/0` would otherwise break the rule resource's URN.
 */
export function peerKey(peer: Peer): string {
    switch (peer.kind) {
        case "cidr":
            return peer.family === "ipv4" ? `cidr4-${peer.cidr}` : `cidr6-${peer.cidr.replace(/:/g, "-")}`;
        case "tier":
            return `tier-${peer.tier}`;
        case "prefix-list":
            return peer.id;
        case "security-group":
            return peer.id;
        case "self":
            return "self";
    }
}

/** How a person reads the peer in messages and reports. */
export function describePeer(peer: Peer): string {
    switch (peer.kind) {
        case "cidr":
            return peer.cidr;
        case "tier":
            return `the ${peer.tier} tier`;
        case "prefix-list":
            return `prefix list ${peer.id}`;
        case "security-group":
            return `security group ${peer.id}`;
        case "self":
            return "members of the same group";
    }
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
