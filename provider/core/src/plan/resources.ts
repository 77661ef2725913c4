import { icmpPortFields } from "../model/icmp";
import { peerRuleFields } from "../model/peer";
import { NormalizedRule, ruleKey } from "../model/rule";
import { isIcmp, toIpProtocol } from "../model/protocol";
import { SecurityGroupSet, VpcSource } from "./model";
import { owningSetName } from "./isolation";
import { MANAGED_BY_TAG, NAME_TAG, SET_TAG, TEST_DEPLOYMENT_TAG, TIER_TAG, groupName, groupNamePrefix } from "./names";

/** A reference to a tier's security group ID, resolved by the Pulumi layer. */
export interface GroupRef {
    readonly groupOf: string;
}

export interface GroupSpec {
    readonly kind: "group";
    readonly tier: string;
    readonly name: string;
    readonly args: {
        readonly namePrefix: string;
        readonly description: string;
        readonly vpc: VpcSource;
        readonly region: string;
        readonly tags: Record<string, string>;
    };
}

export interface RuleArgs {
    readonly securityGroupId: GroupRef;
    readonly ipProtocol: string;
    readonly fromPort?: number;
    readonly toPort?: number;
    readonly cidrIpv4?: string;
    readonly cidrIpv6?: string;
    readonly prefixListId?: string;
    readonly referencedSecurityGroupId?: GroupRef;
    readonly description?: string;
    readonly region: string;
    readonly tags: Record<string, string>;
}

export interface RuleResourceSpec {
    readonly kind: "ingress" | "egress";
    readonly tier: string;
    readonly name: string;
    readonly rule: NormalizedRule;
    readonly args: RuleArgs;
}

export interface ParameterSpec {
    readonly kind: "parameter";
    readonly tier: string;
    readonly name: string;
    readonly args: {
        readonly name: string;
        readonly type: "String";
        /** `insecureValue`, not `value`: a group ID is no secret, and `value` would hide it in diffs and outputs. */
        readonly insecureValue: GroupRef;
        readonly description: string;
        readonly region: string;
        readonly tags: Record<string, string>;
    };
}

export type ResourceSpec = GroupSpec | RuleResourceSpec | ParameterSpec;

/**
 * EC2 carries an ICMP rule's type in fromPort and its code in toPort, -1 meaning all (-1/-1 for every
 * type, 8/-1 for every code of type 8), and wants no ports at all for protocol -1.
 */
function portArgs(rule: NormalizedRule): Pick<RuleArgs, "fromPort" | "toPort"> {
    if (rule.ports) return { fromPort: rule.ports.from, toPort: rule.ports.to };
    return isIcmp(rule.protocol) ? icmpPortFields(rule.icmp) : {};
}

/**
 * The tags that say whose a resource is, on every resource of the set: ManagedBy, the owning set (the
 * real set's name, on a test deployment's resources too: create-policy's conditions compare it) and,
 * on a test deployment's resources only, the test deployment's own set name.
 */
export function ownershipTags(set: Pick<SecurityGroupSet, "setName" | "isolation">): Record<string, string> {
    return {
        [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value,
        [SET_TAG]: owningSetName(set),
        ...(set.isolation ? { [TEST_DEPLOYMENT_TAG]: set.setName } : {}),
    };
}

/** The tags on every resource of a tier: the config's, then the component's own, which a config may not set (the reserved-tag finding). */
function resourceTags(set: SecurityGroupSet, tier: string): Record<string, string> {
    return { ...set.tags, ...ownershipTags(set), [TIER_TAG]: tier };
}

/**
 * Every resource the component creates, in a stable order, as plain data. Names are derived from
 * the component name, the tier and (for rules) the rule's key, never from list positions: adding,
 * removing or reordering one rule changes exactly one resource.
 */
export function planResources(name: string, set: SecurityGroupSet): ResourceSpec[] {
    return set.tiers.flatMap((tier): ResourceSpec[] => {
        const tags = resourceTags(set, tier.name);
        const awsName = groupName(set.setName, tier.name);
        const group: GroupSpec = {
            kind: "group",
            tier: tier.name,
            name: `${name}-${tier.name}`,
            args: {
                // A prefix, not a fixed name: a replacement group is created before the old one is
                // deleted, and two groups of one name cannot exist in a VPC at the same time.
                namePrefix: groupNamePrefix(set.setName, tier.name),
                // Changing a group's description forces its replacement, so it holds only stable facts.
                description: `${tier.name} tier of ${set.setName}, managed by sg-provisioner`,
                vpc: set.vpc,
                region: set.region,
                tags: { ...tags, [NAME_TAG]: awsName },
            },
        };
        const rules = tier.rules.map((rule): RuleResourceSpec => ({
            kind: rule.direction,
            tier: tier.name,
            name: `${name}-${tier.name}-${ruleKey(rule)}`,
            rule,
            args: {
                securityGroupId: { groupOf: tier.name },
                ipProtocol: toIpProtocol(rule.protocol),
                ...portArgs(rule),
                ...peerRuleFields(rule.peer, tier.name),
                description: rule.description,
                region: set.region,
                tags,
            },
        }));
        const parameter: ParameterSpec = {
            kind: "parameter",
            tier: tier.name,
            name: `${name}-${tier.name}-sg-id`,
            args: {
                name: tier.parameterName,
                type: "String",
                insecureValue: { groupOf: tier.name },
                description: `Security group ID of the ${tier.name} tier of ${set.setName}`,
                region: set.region,
                tags,
            },
        };
        return [group, ...rules, parameter];
    });
}
