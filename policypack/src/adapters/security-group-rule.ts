import { isUnknown } from "../props";
import { RuleAdapter } from "./adapter";
import { adaptEntry, peers } from "./rule-parts";
import { AWS_TYPES } from "./types";

/**
 * `aws.ec2.SecurityGroupRule`: one resource, one direction (`type`), any number of CIDR blocks,
 * prefix lists, a source group or `self`. Each peer becomes its own rule.
 */
export const securityGroupRuleAdapter: RuleAdapter = {
    type: AWS_TYPES.securityGroupRule,
    groupProperty: "securityGroupId",
    adapt: (props) => {
        // An unknown type is judged as ingress, the direction that can expose the group, until it is known.
        const direction = props.type === "egress" ? "egress" : "ingress";
        const undecided = isUnknown(props.type) ? ["type is not known until the update"] : [];
        return adaptEntry(
            {
                entry: "",
                direction,
                protocol: props.protocol,
                fromPort: props.fromPort,
                toPort: props.toPort,
                description: props.description,
                protocolField: "protocol",
                undecided,
            },
            [
                ...peers.cidrs("", "cidrBlocks", props.cidrBlocks, "ipv4"),
                ...peers.cidrs("", "ipv6CidrBlocks", props.ipv6CidrBlocks, "ipv6"),
                ...peers.prefixLists("", "prefixListIds", props.prefixListIds),
                ...peers.group("", "sourceSecurityGroupId", props.sourceSecurityGroupId),
                ...peers.self("", props.self),
            ],
        );
    },
};
