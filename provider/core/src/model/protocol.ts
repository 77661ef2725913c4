/**
 * IP protocols a rule can name. The config speaks `tcp | udp | icmp | icmpv6 | all`; Pulumi
 * resources may also carry protocol numbers ("6") or upper case ("TCP"), so every shape is parsed
 * here, once, into this union.
 */
export type Protocol = "tcp" | "udp" | "icmp" | "icmpv6" | "all";

const ALIASES: Readonly<Record<string, Protocol>> = {
    tcp: "tcp",
    "6": "tcp",
    udp: "udp",
    "17": "udp",
    icmp: "icmp",
    "1": "icmp",
    icmpv6: "icmpv6",
    "58": "icmpv6",
    all: "all",
    "-1": "all",
};

/** Parses any spelling of a protocol; `undefined` when it is none we know. */
export function parseProtocol(value: string | number): Protocol | undefined {
    return ALIASES[String(value).trim().toLowerCase()];
}

/** Whether the protocol is addressed by ports (TCP and UDP) rather than ICMP types or nothing. */
export function hasPorts(protocol: Protocol): boolean {
    return protocol === "tcp" || protocol === "udp";
}

/** Whether the protocol is ICMP or ICMPv6, addressed by a type and a code. */
export function isIcmp(protocol: Protocol | undefined): protocol is "icmp" | "icmpv6" {
    return protocol === "icmp" || protocol === "icmpv6";
}

/** The `ipProtocol` value the EC2 API and `aws.vpc` rule resources expect. */
export function toIpProtocol(protocol: Protocol): string {
    return protocol === "all" ? "-1" : protocol;
}
