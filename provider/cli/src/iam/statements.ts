import { MANAGED_BY_TAG, SET_TAG } from "sg-provisioner-core";
import { PolicyArns } from "./arns";
import { IamCondition, IamStatement } from "./types";

/*
 * Where the facts below come from, so that a reviewer can check them:
 *
 * - API calls: terraform-provider-aws, which @pulumi/aws wraps. internal/service/ec2/vpc_security_group.go
 *   (create: CreateSecurityGroup with TagSpecifications, then RevokeSecurityGroupEgress of the default
 *   allow-all rules; read: DescribeSecurityGroups; delete: DescribeNetworkInterfaces for lingering ENIs,
 *   then DeleteSecurityGroup); vpc_security_group_egress_rule.go / ..._ingress_rule.go (create:
 *   Authorize... with TagSpecifications of type security-group-rule; read: DescribeSecurityGroupRules;
 *   update: ModifySecurityGroupRules; delete: Revoke... by rule ID); tags_gen.go (tag changes: CreateTags,
 *   DeleteTags); internal/service/ssm/parameter.go (PutParameter with Tags, GetParameter,
 *   DescribeParameters, DeleteParameter; tags through ListTagsForResource / AddTagsToResource /
 *   RemoveTagsFromResource); parameter_data_source.go (GetParameter only).
 * - Resource types and condition keys: the Service Authorization Reference for Amazon EC2 and AWS Systems
 *   Manager (docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html and
 *   list_awssystemsmanager.html), as in the iann0036/iam-dataset snapshot of it.
 */

/**
 * The tags the EC2 statements turn on, on the resource (`aws:ResourceTag/…`, an existing group or rule)
 * or in the request (`aws:RequestTag/…`, one being created): ManagedBy=sg-provisioner, which every
 * set's resources carry, and sg-provisioner:set={set-name}, which only this set's do. The set tag is
 * what keeps one set's role from another set's groups; it is compared with StringEquals, never a
 * pattern, so that no other set's name can match (test deployments carry the real set's name).
 */
function ownTags(where: "ResourceTag" | "RequestTag", setName: string): Record<string, string> {
    return { [`aws:${where}/${MANAGED_BY_TAG.key}`]: MANAGED_BY_TAG.value, [`aws:${where}/${SET_TAG}`]: setName };
}

function owned(where: "ResourceTag" | "RequestTag", setName: string): IamCondition {
    return { StringEquals: ownTags(where, setName) };
}

/** What a statement needs to know about the set. */
export interface StatementContext {
    readonly region: string;
    /** The name the set tag holds and the conditions compare with: the real set's, for a test deployment too. */
    readonly setName: string;
    readonly arns: PolicyArns;
    /** Whether the role confirms an AWS Marketplace subscription. */
    readonly marketplace: boolean;
}

/** What a deployment does to its own parameters: create, read, update, tag and delete. */
const PARAMETER_ACTIONS: readonly string[] = [
    "ssm:AddTagsToResource",
    "ssm:DeleteParameter",
    "ssm:GetParameter",
    "ssm:ListTagsForResource",
    "ssm:PutParameter",
    "ssm:RemoveTagsFromResource",
];

/** One statement of the policy: its Sid, why it exists, and how it is built (or left out). */
export interface StatementTemplate {
    readonly sid: string;
    /** Why the pipeline needs it, in a sentence a reviewer can check against the call it names. */
    readonly why: string;
    readonly build: (context: StatementContext) => Omit<IamStatement, "Sid" | "Effect"> | undefined;
}

/**
 * Every statement, in the order the policy lists them. Actions are written sorted, so the policy is
 * byte-identical for identical input.
 */
export const STATEMENTS: readonly StatementTemplate[] = [
    {
        sid: "Ec2DescribeForRefresh",
        why: "Reads groups and rules on create, refresh and delete, and finds network interfaces still using a group before deleting it (the provider on destroy, and the CLI's delete-security-groups before it deletes anything). These Describe calls support no resource-level permission (Resource \"*\"); ec2:Region keeps them to the set's region.",
        build: ({ region }) => ({
            Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroupRules", "ec2:DescribeSecurityGroups"],
            Resource: ["*"],
            Condition: { StringEquals: { "ec2:Region": region } },
        }),
    },
    {
        sid: "Ec2CreateGroupInVpc",
        why: "CreateSecurityGroup names the VPC as a second resource. The VPC is not the set's and carries none of its tags, so it is granted by ARN alone: the VPC ID when the config gives it, else any VPC of the account in the region. The new group itself needs Ec2CreateTaggedGroup.",
        build: ({ arns }) => ({ Action: ["ec2:CreateSecurityGroup"], Resource: [arns.vpc] }),
    },
    {
        sid: "Ec2CreateTaggedGroup",
        why: "Creates a tier's group, only when the request tags it ManagedBy=sg-provisioner and sg-provisioner:set={set-name} (the component always does), so every group this role creates can be managed by this set's role afterwards and by no other set's.",
        build: ({ arns, setName }) => ({ Action: ["ec2:CreateSecurityGroup"], Resource: [arns.securityGroups], Condition: owned("RequestTag", setName) }),
    },
    {
        sid: "Ec2TagOnCreate",
        why: "Tagging during CreateSecurityGroup and Authorize... is authorized as ec2:CreateTags. ec2:CreateAction limits it to those calls, so this statement cannot tag an existing resource, and only with ManagedBy=sg-provisioner and sg-provisioner:set={set-name} among the tags.",
        build: ({ arns, setName }) => ({
            Action: ["ec2:CreateTags"],
            Resource: [arns.securityGroups, arns.securityGroupRules],
            Condition: {
                StringEquals: {
                    "ec2:CreateAction": ["AuthorizeSecurityGroupEgress", "AuthorizeSecurityGroupIngress", "CreateSecurityGroup"],
                    ...ownTags("RequestTag", setName),
                },
            },
        }),
    },
    {
        sid: "Ec2ManageTaggedGroups",
        why: "Adds, changes and removes rules and deletes groups tagged ManagedBy=sg-provisioner and sg-provisioner:set={set-name}, and revokes the allow-all egress rule AWS adds to a new group. Another set's groups, and groups without the tags, are out of reach; retagging is Ec2RetagOwnResources.",
        build: ({ arns, setName }) => ({
            Action: [
                "ec2:AuthorizeSecurityGroupEgress",
                "ec2:AuthorizeSecurityGroupIngress",
                "ec2:DeleteSecurityGroup",
                "ec2:ModifySecurityGroupRules",
                "ec2:RevokeSecurityGroupEgress",
                "ec2:RevokeSecurityGroupIngress",
            ],
            Resource: [arns.securityGroups],
            Condition: owned("ResourceTag", setName),
        }),
    },
    {
        sid: "Ec2CreateTaggedRules",
        why: "A new rule is a security-group-rule resource of its own when the request tags it; it is allowed only with ManagedBy=sg-provisioner and sg-provisioner:set={set-name} in the request (its group must carry them too, Ec2ManageTaggedGroups).",
        build: ({ arns, setName }) => ({
            Action: ["ec2:AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress"],
            Resource: [arns.securityGroupRules],
            Condition: owned("RequestTag", setName),
        }),
    },
    {
        sid: "Ec2ManageTaggedRules",
        why: "Updates a rule in place (a new description or port), only for rules tagged ManagedBy=sg-provisioner and sg-provisioner:set={set-name}.",
        build: ({ arns, setName }) => ({
            Action: ["ec2:ModifySecurityGroupRules"],
            Resource: [arns.securityGroupRules],
            Condition: owned("ResourceTag", setName),
        }),
    },
    {
        sid: "Ec2RetagOwnResources",
        why: "Changes the tags of the set's existing groups and rules (a config's tags changed), only those tagged ManagedBy=sg-provisioner and sg-provisioner:set={set-name}, and never the ManagedBy or sg-provisioner:set keys themselves (aws:TagKeys, in any case, which the request must name: DeleteTags without a tag list would delete them all): the role can neither hand its resources to another set nor take another set's. The component never changes those two tags once created.",
        build: ({ arns, setName }) => ({
            Action: ["ec2:CreateTags", "ec2:DeleteTags"],
            Resource: [arns.securityGroups, arns.securityGroupRules],
            Condition: {
                StringEquals: ownTags("ResourceTag", setName),
                "ForAllValues:StringNotEqualsIgnoreCase": { "aws:TagKeys": [MANAGED_BY_TAG.key, SET_TAG] },
                // DeleteTags without a tag list deletes every tag, and then aws:TagKeys is absent, which
                // ForAllValues lets through: the request must name its keys.
                Null: { "aws:TagKeys": "false" },
            },
        }),
    },
    {
        sid: "Ec2RulesReferencePrefixLists",
        why: "ModifySecurityGroupRules also names the prefix list a rule points at. Only the lists the config references, by ID; the list is only referenced, never changed (the group and the rule need the set's tags, Ec2ManageTaggedGroups and Ec2ManageTaggedRules).",
        build: ({ arns }) => (arns.prefixLists.length > 0 ? { Action: ["ec2:ModifySecurityGroupRules"], Resource: [...arns.prefixLists] } : undefined),
    },
    {
        sid: "SsmReadVpcId",
        why: "Reads the VPC ID the VPC provisioner published, /vpc/{vpc-name}/VPCId, on deploy and in the CLI's preflight. Read-only, and only under /vpc/{vpc-name}/; absent when the config gives the VPC ID.",
        build: ({ arns }) => (arns.vpcParameters ? { Action: ["ssm:GetParameter"], Resource: [arns.vpcParameters] } : undefined),
    },
    {
        sid: "SsmManageSetParameters",
        why: "Creates, reads, updates, tags and deletes the set's own parameters, only under /sg/{set-name}/.",
        build: ({ arns }) => ({ Action: [...PARAMETER_ACTIONS], Resource: [arns.setParameters] }),
    },
    {
        sid: "SsmListSetParameters",
        why: "The CLI's preflight lists what the set has published under /sg/{set-name}. GetParametersByPath is authorized against the path in the request, not the parameters it returns, so it is granted on that one path, parameter/sg/{set-name} (asked without a trailing slash); it returns the parameters below it, which are the set's own.",
        build: ({ arns }) => ({ Action: ["ssm:GetParametersByPath"], Resource: [arns.setPath] }),
    },
    {
        sid: "SsmManageTestSetParameters",
        why: "test-deploy deploys the set as {set-name}-test-{suffix} on a stack of its own, then destroys it: the same parameter actions as the set, and the preflight's GetParametersByPath, only under /sg/{set-name}-test-*, never /sg/{set-name}/; no other set's parameters match, since a set name that begins with {set-name}-test- is refused (SG049). Its groups and rules need no statement of their own: the EC2 statements turn on tags, not on names, and a test deployment's groups and rules carry sg-provisioner:set={set-name}, the real set's name (and its own name in sg-provisioner:test-deployment).",
        build: ({ arns }) => ({ Action: [...PARAMETER_ACTIONS, "ssm:GetParametersByPath"].sort(), Resource: [arns.testParameters] }),
    },
    {
        sid: "SsmDescribeParameters",
        why: 'Reads a parameter\'s metadata (description, tier, allowed pattern) after each write and on refresh. DescribeParameters supports no resource-level permission (Resource "*"); it returns metadata, never values.',
        build: () => ({ Action: ["ssm:DescribeParameters"], Resource: ["*"] }),
    },
    {
        sid: "MarketplaceRegisterUsage",
        why: 'With SG_PROVISIONER_PRODUCT_CODE set, the CLI confirms the AWS Marketplace subscription before each action it runs. RegisterUsage supports no resource-level permission and no condition key (Resource "*"). Only in a policy made with the variable set.',
        build: ({ marketplace }) => (marketplace ? { Action: ["aws-marketplace:RegisterUsage"], Resource: ["*"] } : undefined),
    },
];

/** Why a statement exists, by Sid; undefined for a Sid the policy does not have. */
export function statementReason(sid: string): string | undefined {
    return STATEMENTS.find((statement) => statement.sid === sid)?.why;
}
