import * as path from "node:path";
import { displayFile, plural, SecurityGroupSet, terminalSafeJson } from "sg-provisioner-core";
import { ACCOUNT_PLACEHOLDER, IamPolicyDocument, buildIamPolicy, isAccountId, renderIamPolicy } from "../../iam/policy";
import { statementReason } from "../../iam/statements";
import { describeVpcSource } from "../../report/vpc-source";
import { CommonOptions, DEFAULT_REPORTS_DIR, audited, printInvalid, printProblems, subjectOf, validateLogged, writeLogged } from "../action";
import { PRODUCT_CODE_VARIABLE, productCode } from "../entitlement";
import { EXIT, Io } from "../io";

export interface PolicyOptions extends CommonOptions {
    /** The 12-digit AWS account the policy is for. Default: the placeholder `<ACCOUNT_ID>`. */
    readonly accountId?: string;
}

/** `{reports}/{set-name}-iam-policy.json`, resolved against the working directory. */
export function policyFile(setName: string, reportsDir: string | undefined, cwd: string): string {
    return path.resolve(cwd, reportsDir ?? DEFAULT_REPORTS_DIR, `${setName}-iam-policy.json`);
}

/**
 * Whether the pipeline's CLI will check a Marketplace subscription, and so needs RegisterUsage:
 * SG_PROVISIONER_PRODUCT_CODE is set and not blank where create-policy runs, as the entitlement
 * check reads it.
 */
export function marketplaceEnabled(env: NodeJS.ProcessEnv): boolean {
    return productCode(env) !== undefined;
}

/**
 * What people read: where the policy went, then each statement with its action count, resources and
 * why it exists, and whether the Marketplace statement is in. The file itself is the contract.
 */
export function summarizePolicy(policy: IamPolicyDocument, set: SecurityGroupSet, account: string, file: string, marketplace: boolean): string {
    const lines = [`Wrote the IAM policy for ${set.setName} (account ${account}, region ${set.region}) to ${file}`];
    for (const statement of policy.Statement) {
        const count = plural(statement.Action.length, "action");
        lines.push(`  ${statement.Sid}: ${count} on ${statement.Resource.join(", ")}`, `      ${statementReason(statement.Sid)}`);
    }
    lines.push(
        marketplace
            ? `${PRODUCT_CODE_VARIABLE} is set: the policy lets the role confirm the AWS Marketplace subscription (aws-marketplace:RegisterUsage)`
            : `${PRODUCT_CODE_VARIABLE} is not set: no AWS Marketplace statement; set it and run again if the pipeline runs the CLI with it`,
    );
    const actions = policy.Statement.reduce((total, statement) => total + statement.Action.length, 0);
    lines.push(`${policy.Statement.length} statements, ${actions} actions`);
    return lines.join("\n");
}

/**
 * `create-policy`: the least-privilege IAM policy a pipeline role needs to deploy this config, written
 * to the reports directory. Loads nothing from the Pulumi SDK: main.ts imports every command.
 */
export function createPolicyCommand(file: string, options: PolicyOptions, io: Io): Promise<number> {
    return audited("create-policy", io, options, (audit) => {
        // A usage error, like a missing argument: refused before the config is read, but logged.
        if (options.accountId !== undefined && !isAccountId(options.accountId)) {
            const problem = `--account-id must be a 12-digit AWS account ID, got "${options.accountId}"`;
            audit.decided(`${problem}; no policy written`);
            printProblems(
                io,
                options,
                null,
                [`sg-provisioner: ${problem}`],
                `pass the account the pipeline deploys to (e.g. --account-id 123456789012), or leave the option out to get the placeholder ${ACCOUNT_PLACEHOLDER}`,
            );
            return { code: EXIT.usage, subject: subjectOf({}, file) };
        }
        const checked = validateLogged(file, options, audit);
        const { validation, subject } = checked;
        if (!validation.set) {
            printInvalid(io, options, file, checked, "no policy was written");
            return { code: EXIT.invalid, subject };
        }
        const set = validation.set;
        const account = options.accountId ?? ACCOUNT_PLACEHOLDER;
        const marketplace = marketplaceEnabled(io.env);
        const policy = buildIamPolicy(set, { accountId: options.accountId, marketplace });
        audit.decided(`policy for ${set.setName}: account ${account}, region ${set.region}, VPC ${describeVpcSource(set.vpc)}`);
        audit.decided(`AWS Marketplace statement: ${marketplace ? `included, ${PRODUCT_CODE_VARIABLE} is set` : `left out, ${PRODUCT_CODE_VARIABLE} is not set`}`);
        audit.decided(`statements: ${policy.Statement.map((statement) => statement.Sid).join(", ")}`);
        const target = policyFile(set.setName, options.reportsDir, io.cwd);
        const content = renderIamPolicy(policy);
        if (!writeLogged(io, audit, [{ file: target, content }], "make the directory writable, or pass --reports-dir <dir>")) {
            return { code: EXIT.invalid, subject };
        }
        if (options.accountId === undefined) {
            io.err(
                `warning: no --account-id given: the policy says ${ACCOUNT_PLACEHOLDER} where the account ID goes; replace it with the 12-digit account ID (or run again with --account-id) before attaching the policy: until then its ARNs match no resource`,
            );
        }
        io.out(options.json ? terminalSafeJson(content) : summarizePolicy(policy, set, account, displayFile(target, io.cwd) ?? target, marketplace));
        return { code: EXIT.ok, subject };
    });
}
