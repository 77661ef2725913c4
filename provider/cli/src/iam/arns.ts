import { SecurityGroupSet, isolationPrefix, owningSetName, peerPlace } from "sg-provisioner-core";
import { ACCOUNT_PLACEHOLDER, IamPolicyOptions, Partition } from "./types";

/**
 * The ARNs the policy grants on, all in the set's region and account. Formats are those of the
 * Service Authorization Reference: `security-group/${SecurityGroupId}`,
 * `security-group-rule/${SecurityGroupRuleId}`, `vpc/${VpcId}`, `prefix-list/${PrefixListId}` for
 * EC2, and `parameter/${ParameterNameWithoutLeadingSlash}` for SSM (a path, for GetParametersByPath).
 */
export interface PolicyArns {
    readonly securityGroups: string;
    readonly securityGroupRules: string;
    /** The VPC itself when the config names its ID; any VPC when the ID is only known at deploy time. */
    readonly vpc: string;
    /** The set's own parameters: `/sg/{set-name}/*`. */
    readonly setParameters: string;
    /** The set's hierarchy itself, `/sg/{set-name}`: GetParametersByPath is authorized against the path it is given, not the parameters it returns. */
    readonly setPath: string;
    /** The parameters of the set's test deployments, `/sg/{set-name}-test-{suffix}/…`, and their paths. */
    readonly testParameters: string;
    /** Where the VPC ID is read from, when the config names the VPC: `/vpc/{vpc-name}/*`. */
    readonly vpcParameters?: string;
    /** Managed prefix lists the set's rules reference, by ID. */
    readonly prefixLists: readonly string[];
}

/**
 * A prefix list belongs to whoever made it: this account, another one that shares it, or AWS for the
 * AWS-managed lists. So its ARN names the exact ID and leaves the owner open.
 */
function prefixListArn(partition: string, region: string, id: string): string {
    return `arn:${partition}:ec2:${region}:*:prefix-list/${id}`;
}

/**
 * The ARN partition of a region: GovCloud, China and the isolated regions are not `aws`, and an
 * ARN in the wrong partition matches nothing.
 */
export function partitionOf(region: string): Partition {
    const prefixes: readonly [string, Partition][] = [
        ["us-gov-", "aws-us-gov"],
        ["cn-", "aws-cn"],
        ["us-isob-", "aws-iso-b"],
        ["us-isof-", "aws-iso-f"],
        ["us-iso-", "aws-iso"],
        ["eu-isoe-", "aws-iso-e"],
    ];
    return prefixes.find(([prefix]) => region.startsWith(prefix))?.[1] ?? "aws";
}

function referencedPrefixLists(set: SecurityGroupSet): string[] {
    // The prefix lists the rules name: the endpoints outside the set that are prefix lists.
    const places = set.tiers.flatMap((tier) => tier.rules.map((rule) => peerPlace(rule.peer, tier.name)));
    const ids = places.flatMap((place) => ("kind" in place && place.kind === "prefix-list" ? [place.name] : []));
    return [...new Set(ids)].sort();
}

export function policyArns(set: SecurityGroupSet, options: IamPolicyOptions = {}): PolicyArns {
    // The real set's name, even for a set validated in isolation: one policy serves both.
    const setName = owningSetName(set);
    const partition = partitionOf(set.region);
    const account = options.accountId ?? ACCOUNT_PLACEHOLDER;
    const ec2 = `arn:${partition}:ec2:${set.region}:${account}`;
    const ssm = `arn:${partition}:ssm:${set.region}:${account}`;
    return {
        securityGroups: `${ec2}:security-group/*`,
        securityGroupRules: `${ec2}:security-group-rule/*`,
        vpc: `${ec2}:vpc/${set.vpc.kind === "id" ? set.vpc.id : "*"}`,
        setParameters: `${ssm}:parameter/sg/${setName}/*`,
        setPath: `${ssm}:parameter/sg/${setName}`,
        testParameters: `${ssm}:parameter/sg/${isolationPrefix(setName)}*`,
        vpcParameters: set.vpc.kind === "ssm" ? `${ssm}:parameter/vpc/${set.vpc.name}/*` : undefined,
        prefixLists: referencedPrefixLists(set).map((id) => prefixListArn(partition, set.region, id)),
    };
}
