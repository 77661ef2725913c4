/**
 * The lifecycle actions' AWS calls, each timed in the audit log and turned into what the actions
 * decide on. The AWS SDK is loaded only here, when an action needs it.
 */
import { SecurityGroupSet } from "sg-provisioner-core";
import { AuditLog } from "../audit";
import { EXIT } from "../io";
import { Stop } from "./prepare";

/** A preflight problem, as the actions weigh it: `aws` when the call itself failed. */
export interface PreflightIssue {
    readonly check: string;
    readonly kind: "aws" | "refused";
    readonly message: string;
    readonly fix: string;
}

async function clients(region: string) {
    const { awsClients } = await import("../../aws/clients");
    return awsClients(region);
}

/** The preflight checks in the set's region; every check done goes in the audit log. */
export async function awsPreflight(
    set: SecurityGroupSet,
    ownGroupIds: Record<string, string>,
    audit: AuditLog,
): Promise<{ problems: PreflightIssue[]; checked: readonly string[] }> {
    const [{ preflight }, { AWS_ERROR_KINDS }] = await Promise.all([import("../../aws/preflight"), import("../../aws/errors")]);
    const aws = await clients(set.region);
    try {
        const result = await audit.step(`AWS preflight in ${set.region}`, () => preflight(set, { ssm: aws.ssm, ownGroupIds }));
        for (const line of result.checked) audit.read(`preflight: ${line}`);
        const awsKinds: readonly string[] = AWS_ERROR_KINDS;
        return {
            problems: result.problems.map((problem) => ({
                check: problem.check,
                kind: awsKinds.includes(problem.kind) ? "aws" : "refused",
                message: problem.message,
                fix: problem.fix,
            })),
            checked: result.checked,
        };
    } finally {
        aws.destroy();
    }
}

/** The network interfaces using any of the groups, one line each; an AWS failure stops the action. */
export async function awsInterfacesUsing(groupIds: Record<string, string>, region: string, audit: AuditLog): Promise<string[]> {
    const { interfacesUsing } = await import("../../aws/network-interfaces");
    const aws = await clients(region);
    try {
        const result = await audit.step(`EC2 DescribeNetworkInterfaces in ${region}`, () => interfacesUsing(groupIds, aws.ec2));
        if (!result.ok) throw new Stop(EXIT.failed, `could not check which network interfaces use the set's groups: ${result.problem.message}`, result.problem.fix);
        return result.interfaces.map((use) => use.line);
    } finally {
        aws.destroy();
    }
}

/** The SSM parameters still under the set's path, after a destroy; an AWS failure stops the action. */
export async function awsLeftoverParameters(set: SecurityGroupSet, audit: AuditLog): Promise<string[]> {
    const { parametersUnder } = await import("../../aws/preflight");
    const aws = await clients(set.region);
    try {
        const result = await audit.step(`SSM GetParametersByPath /sg/${set.setName} in ${set.region}`, () => parametersUnder(set, aws.ssm));
        if (!result.ok) throw new Stop(EXIT.failed, `destroyed, but could not check that the set's SSM parameters are gone: ${result.problem.message}`, result.problem.fix);
        return result.parameters.map((parameter) => parameter.name);
    } finally {
        aws.destroy();
    }
}
