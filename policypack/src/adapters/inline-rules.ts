import { Direction } from "sg-provisioner-core/rules-engine";
import { UNKNOWN, isUnknown } from "../props";
import { RuleAdapter } from "./adapter";
import { AdaptedRule, PeerAt, adaptEntry, peers } from "./rule-parts";
import { AWS_TYPES } from "./types";

type Props = Record<string, unknown>;

function entryPeers(entry: string, rule: Props): PeerAt[] {
    return [
        ...peers.cidrs(entry, "cidrBlocks", rule.cidrBlocks, "ipv4"),
        ...peers.cidrs(entry, "ipv6CidrBlocks", rule.ipv6CidrBlocks, "ipv6"),
        ...peers.prefixLists(entry, "prefixListIds", rule.prefixListIds),
        ...peers.groups(entry, "securityGroups", rule.securityGroups),
        ...peers.self(entry, rule.self),
    ];
}

function adaptBlock(entry: string, direction: Direction, rule: Props): AdaptedRule[] {
    return adaptEntry(
        { entry, direction, protocol: rule.protocol, fromPort: rule.fromPort, toPort: rule.toPort, description: rule.description, protocolField: "protocol" },
        entryPeers(entry, rule),
    );
}

/** A block (or the whole list) unknown during preview: judged as anything, from anywhere, on either family. */
function unknownBlock(entry: string, direction: Direction): AdaptedRule[] {
    return adaptBlock(entry, direction, { protocol: UNKNOWN, fromPort: UNKNOWN, toPort: UNKNOWN, description: UNKNOWN, cidrBlocks: UNKNOWN, ipv6CidrBlocks: UNKNOWN });
}

function inlineRules(props: Props, direction: Direction): AdaptedRule[] {
    const blocks = props[direction];
    if (isUnknown(blocks)) return unknownBlock(direction, direction);
    if (!Array.isArray(blocks)) return [];
    return blocks.flatMap((block, index) => {
        const entry = `${direction}[${index}]`;
        return isUnknown(block) ? unknownBlock(entry, direction) : adaptBlock(entry, direction, (block ?? {}) as Props);
    });
}

function inlineAdapter(type: string): RuleAdapter {
    return { type, groupProperty: undefined, adapt: (props) => [...inlineRules(props, "ingress"), ...inlineRules(props, "egress")] };
}

/** `ingress` / `egress` blocks of `aws.ec2.SecurityGroup`. */
export const securityGroupAdapter = inlineAdapter(AWS_TYPES.securityGroup);

/** The same blocks on `aws.ec2.DefaultSecurityGroup`, the VPC's default group. */
export const defaultSecurityGroupAdapter = inlineAdapter(AWS_TYPES.defaultSecurityGroup);
