import { Direction } from "sg-provisioner-core/rules-engine";
import { RuleAdapter } from "./adapter";
import { adaptEntry, peers } from "./rule-parts";
import { AWS_TYPES } from "./types";

/** `aws.vpc.SecurityGroupIngressRule` / `SecurityGroupEgressRule`: one rule, one peer, per resource. */
function vpcRuleAdapter(type: string, direction: Direction): RuleAdapter {
    return {
        type,
        groupProperty: "securityGroupId",
        adapt: (props) =>
            adaptEntry(
                { entry: "", direction, protocol: props.ipProtocol, fromPort: props.fromPort, toPort: props.toPort, description: props.description, protocolField: "ipProtocol" },
                [
                    ...peers.cidr("", "cidrIpv4", props.cidrIpv4, "ipv4"),
                    ...peers.cidr("", "cidrIpv6", props.cidrIpv6, "ipv6"),
                    ...peers.prefixList("", "prefixListId", props.prefixListId),
                    ...peers.group("", "referencedSecurityGroupId", props.referencedSecurityGroupId),
                ],
            ),
    };
}

export const ingressRuleAdapter = vpcRuleAdapter(AWS_TYPES.ingressRule, "ingress");
export const egressRuleAdapter = vpcRuleAdapter(AWS_TYPES.egressRule, "egress");
