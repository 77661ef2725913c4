import * as path from "node:path";
import { displayFile, findingsForJson, formatFindings, summarize } from "../../format/findings";
import { ACCOUNT_PLACEHOLDER, IamPolicyDocument, buildIamPolicy, isAccountId, renderIamPolicy } from "../../iam/policy";
import { SecurityGroupSet } from "../../plan/model";
import { validateConfigFile } from "../../plan/validate";
import { CommonOptions, DEFAULT_REPORTS_DIR, audited, subjectOf } from "../action";
import { EXIT, Io } from "../io";
import { writeOutput } from "../write";

export interface PolicyOptions extends CommonOptions {
    /** The 12-digit AWS account the policy is for. Default: the placeholder `<ACCOUNT_ID>`. */
    readonly accountId?: string;
}

/** `{reports}/{set-name}-iam-policy.json`, resolved against the working directory. */
export function policyFile(setName: string, reportsDir: string | undefined, cwd: string): string {
    return path.resolve(cwd, reportsDir ?? DEFAULT_REPORTS_DIR, `${setName}-iam-policy.json`);
}

/**
 * What people read: where the policy went, then each statement with its action count and resources.
 * Why each statement exists is in the README and `iam/statements.ts`; the file itself is the contract.
 */
function summarizePolicy(policy: IamPolicyDocument, set: SecurityGroupSet, account: string, file: string): string {
    const lines = [`Wrote the IAM policy for ${set.setName} (account ${account}, region ${set.region}) to ${file}`];
    for (const statement of policy.Statement) {
        const count = `${statement.Action.length} action${statement.Action.length === 1 ? "" : "s"}`;
        lines.push(`  ${statement.Sid}: ${count} on ${statement.Resource.join(", ")}`);
    }
    const actions = policy.Statement.reduce((total, statement) => total + statement.Action.length, 0);
    lines.push(`${policy.Statement.length} statements, ${actions} actions`);
    return lines.join("\n");
}

/**
 * `create-policy`: the least-privilege IAM policy a pipeline role needs to deploy this config, written
 * to the reports directory. Loads nothing from the Pulumi SDK: main.ts imports every command.
 */
export async function createPolicyCommand(file: string, options: PolicyOptions, io: Io): Promise<number> {
    // A usage error, like a missing argument: refused before anything is read or written.
    if (options.accountId !== undefined && !isAccountId(options.accountId)) {
        io.err(
            `sg-provisioner: --account-id must be a 12-digit AWS account ID, got "${options.accountId}"\n` +
                `fix: pass the account the pipeline deploys to (e.g. --account-id 123456789012), or leave the option out to get the placeholder ${ACCOUNT_PLACEHOLDER}`,
        );
        return EXIT.usage;
    }
    return audited("create-policy", io, options, (audit) => {
        audit.read(`config ${file}`);
        const validation = validateConfigFile(file, { scenariosDir: options.scenariosDir });
        const subject = subjectOf(validation, file);
        if (!validation.set) {
            audit.decided(`not valid (${summarize(validation.findings)}); no policy written`);
            if (options.json) {
                io.out(JSON.stringify({ name: validation.config ? subject : null, valid: false, findings: findingsForJson(validation.findings, io.cwd) }, null, 2));
            } else {
                io.out(`${formatFindings(validation.findings, io.cwd)}\n\n${file} is not valid (${summarize(validation.findings)}); no policy was written`);
            }
            return { code: EXIT.invalid, subject };
        }
        const set = validation.set;
        const account = options.accountId ?? ACCOUNT_PLACEHOLDER;
        const policy = buildIamPolicy(set, { accountId: options.accountId });
        audit.decided(`policy for ${set.setName}: account ${account}, region ${set.region}, VPC ${set.vpc.kind === "id" ? set.vpc.id : `from SSM ${set.vpc.parameter}`}`);
        audit.decided(`statements: ${policy.Statement.map((statement) => statement.Sid).join(", ")}`);
        const target = policyFile(set.setName, options.reportsDir, io.cwd);
        const content = renderIamPolicy(policy);
        try {
            writeOutput(target, content);
        } catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            audit.decided(`could not write ${target}: ${reason}`);
            io.err(`sg-provisioner: could not write ${target}: ${reason}\nfix: make the directory writable, or pass --reports-dir <dir>`);
            return { code: EXIT.invalid, subject };
        }
        audit.wrote(target);
        if (options.accountId === undefined) {
            io.err(`warning: no --account-id given: the policy says ${ACCOUNT_PLACEHOLDER} where the account ID goes; replace it with the 12-digit account ID (or run again with --account-id) before attaching the policy: until then its ARNs match no resource`);
        }
        io.out(options.json ? content : summarizePolicy(policy, set, account, displayFile(target, io.cwd) ?? target));
        return { code: EXIT.ok, subject };
    });
}
