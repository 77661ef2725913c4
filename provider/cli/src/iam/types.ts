/** The IAM policy language version every current policy uses; the older 2008-10-17 lacks policy variables. */
export const POLICY_VERSION = "2012-10-17";

/**
 * What the policy says instead of an account ID when none was given. No account ID looks like it, so
 * until someone replaces it the ARNs match no resource at all, rather than one in a wrong account.
 */
export const ACCOUNT_PLACEHOLDER = "<ACCOUNT_ID>";

/** ARN partitions: commercial, GovCloud, China and the isolated regions. */
export type Partition = "aws" | "aws-us-gov" | "aws-cn" | "aws-iso" | "aws-iso-b" | "aws-iso-e" | "aws-iso-f";

/** `{"StringEquals": {"aws:ResourceTag/sg-provisioner:set": "acme-…-sg"}}`: operator, then key, then value(s). */
export type IamCondition = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/**
 * One statement. Every statement allows (the policy has no Deny), and lists its resources as an array,
 * even a lone `"*"`, so tests and readers never branch on the shape.
 */
export interface IamStatement {
    readonly Sid: string;
    readonly Effect: "Allow";
    readonly Action: readonly string[];
    readonly Resource: readonly string[];
    readonly Condition?: IamCondition;
}

export interface IamPolicyDocument {
    readonly Version: typeof POLICY_VERSION;
    readonly Statement: readonly IamStatement[];
}

export interface IamPolicyOptions {
    /** The 12-digit account the policy is for. Default: {@link ACCOUNT_PLACEHOLDER}. */
    readonly accountId?: string;
    /**
     * Whether the role confirms an AWS Marketplace subscription (`aws-marketplace:RegisterUsage`), as
     * the CLI does when SG_PROVISIONER_PRODUCT_CODE is set. Default: false, no Marketplace statement.
     */
    readonly marketplace?: boolean;
}
