import { SecurityGroupSet } from "sg-provisioner-core";
import { CommonOptions, audited, printProblems, subjectOf } from "../action";
import { AuditLog } from "../audit";
import { EXIT, Io } from "../io";
import { LifecycleOptions, Prepared, Stop, isPrepared, prepare } from "./prepare";
import { awsPreflight } from "./aws";

type Extra = Parameters<typeof prepare>[4];

/**
 * Runs one lifecycle action: audited (and entitlement-checked), config validated, project found;
 * then `body`, whose {@link Stop}s and Pulumi failures become one clear message and their exit code.
 */
export function lifecycleAction(
    action: string,
    file: string,
    options: LifecycleOptions,
    io: Io,
    body: (prepared: Prepared, audit: AuditLog) => Promise<number>,
    extra?: () => Extra,
): Promise<number> {
    return audited(
        action,
        io,
        options,
        async (audit) => {
            const prepared = prepare(file, options, io, audit, extra?.());
            if (!isPrepared(prepared)) return prepared;
            try {
                return { code: await body(prepared, audit), subject: prepared.subject };
            } catch (error) {
                return { code: stopped(error, io, options, audit, prepared.subject), subject: prepared.subject };
            }
        },
        subjectOf({}, file),
    );
}

/** Logs and prints why an action stopped; returns its exit code. */
function stopped(error: unknown, io: Io, options: CommonOptions, audit: AuditLog, subject: string): number {
    if (error instanceof Stop) {
        audit.decided(`stopped: ${error.message}`);
        printProblems(io, options, subject, [`sg-provisioner: ${error.message}`], error.fix ?? "see the message above");
        return error.code;
    }
    if (error instanceof Error && error.name === "PulumiFailure") {
        audit.decided(`Pulumi failed: ${error.message}`);
        const fix =
            (error as { kind?: string }).kind === "no-cli"
                ? "install the Pulumi CLI and log in to a backend (pulumi login --local for a first run)"
                : "read Pulumi's messages above; run the action again with --verbose to see each step";
        printProblems(io, options, subject, [`sg-provisioner: ${error.message}`], fix);
        return EXIT.failed;
    }
    throw error;
}

/**
 * The preflight every lifecycle action runs before Pulumi: the VPC parameter, and the set's own
 * parameters (absent, or this stack's). A problem stops the action before anything changes;
 * `vpcRequired: false` (delete) reports a VPC problem without stopping, since a VPC already gone
 * must not keep a set from being deleted.
 */
export async function preflightOrStop(set: SecurityGroupSet, ownGroupIds: Record<string, string>, audit: AuditLog, io: Io, vpcRequired = true): Promise<readonly string[]> {
    const outcome = await awsPreflight(set, ownGroupIds, audit);
    const blocking = outcome.problems.filter((problem) => vpcRequired || problem.check !== "vpc");
    for (const problem of outcome.problems.filter((problem) => !blocking.includes(problem))) {
        audit.decided(`warning: ${problem.message} (not needed to delete)`);
        io.err(`warning: ${problem.message}`);
    }
    if (blocking.length === 0) return outcome.checked;
    const failed = blocking.some((problem) => problem.kind === "aws");
    throw new Stop(
        failed ? EXIT.failed : EXIT.refused,
        `preflight failed in ${set.region}: ${blocking.map((problem) => problem.message).join("; ")}`,
        blocking.map((problem) => problem.fix).join("; "),
    );
}
