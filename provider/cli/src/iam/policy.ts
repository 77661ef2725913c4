import { SecurityGroupSet, owningSetName } from "sg-provisioner-core";
import { policyArns } from "./arns";
import { STATEMENTS } from "./statements";
import { IamPolicyDocument, IamPolicyOptions, IamStatement, POLICY_VERSION } from "./types";

export { ACCOUNT_PLACEHOLDER } from "./types";
export type { IamPolicyDocument, IamPolicyOptions, IamStatement } from "./types";

/** An AWS account ID is exactly twelve digits, leading zeros included. */
export function isAccountId(value: string): boolean {
    return /^\d{12}$/.test(value);
}

/**
 * The least-privilege policy a pipeline role needs to run `pulumi up`, `refresh` and `destroy` for one
 * set, and the CLI's preflight, delete-security-groups and test-deploy: EC2 only in the set's region
 * and account and, where EC2 allows it, only on resources tagged ManagedBy=sg-provisioner and
 * sg-provisioner:set={set-name} (a test deployment's resources carry the real set's name), never
 * changing those two tags; SSM
 * read-only under /vpc/{vpc-name}/, read-write under /sg/{set-name}/ and, for test deployments,
 * /sg/{set-name}-test-*; with `marketplace`, aws-marketplace:RegisterUsage. Pure: the same set and
 * options give the same document, statement for statement.
 */
export function buildIamPolicy(set: SecurityGroupSet, options: IamPolicyOptions = {}): IamPolicyDocument {
    if (options.accountId !== undefined && !isAccountId(options.accountId)) {
        throw new Error(`account ID must be 12 digits, got "${options.accountId}"`);
    }
    const context = { region: set.region, setName: owningSetName(set), arns: policyArns(set, options), marketplace: options.marketplace ?? false };
    const statements = STATEMENTS.flatMap((template): IamStatement[] => {
        const body = template.build(context);
        return body ? [{ Sid: template.sid, Effect: "Allow", ...body }] : [];
    });
    return { Version: POLICY_VERSION, Statement: statements };
}

/** The policy as written to disk and printed: two-space JSON with a trailing newline. */
export function renderIamPolicy(policy: IamPolicyDocument): string {
    return `${JSON.stringify(policy, null, 2)}\n`;
}
