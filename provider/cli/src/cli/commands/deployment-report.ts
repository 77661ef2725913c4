import * as path from "node:path";
import { displayFile, notRegularFile, plural, ReadProblem, readRegularFile, SecurityGroupSet, printableJson, terminalSafe, terminalSafeLines } from "sg-provisioner-core";
import { Deployment, StackOutputs, buildDeployment, deploymentVerdict, parseStackOutputs, renderDeploymentHtml } from "../../report/deployment";
import { CommonOptions, DEFAULT_REPORTS_DIR, audited, printInvalid, printProblems, validateLogged, writeLogged } from "../action";
import { AuditLog } from "../audit";
import { EXIT, Io } from "../io";

export interface DeploymentOptions extends CommonOptions {
    /** A file with `pulumi stack output --json`; standard input when absent or "-". */
    readonly outputs?: string;
    /** Exit 3 (EXIT.drift) when the stack differs from the config, so that a pipeline can gate on it. */
    readonly failOnDifference?: boolean;
}

const NOTHING_PIPED = "nothing was piped in: run 'pulumi stack output --json | sg-provisioner deployment-report <config>', or pass --outputs <file>";

/** A stack's outputs are a few kilobytes: a group ID and a parameter name per tier. */
const MAX_OUTPUTS_BYTES = 1024 * 1024;

/** Why the --outputs file was not read, in words that name it. */
function outputsProblem(shown: string, absolute: string, problem: ReadProblem): string {
    switch (problem.reason) {
        case "missing":
            return `cannot read ${shown}: no such file: ${absolute}`;
        case "permission":
            return `cannot read ${shown}: permission denied`;
        case "directory":
            return `${shown} is a directory, not a file of stack outputs`;
        case "not-regular":
            return `${shown} ${notRegularFile(problem.kind, "stack outputs")}; write them to a file (pulumi stack output --json > outputs.json), or pipe them in without --outputs`;
        case "too-large":
            return problem.size === undefined
                ? `${shown} holds more than ${problem.limit} bytes, the limit for stack outputs`
                : `${shown} is ${problem.size} bytes, over the ${problem.limit}-byte limit for stack outputs`;
        case "unreadable":
            return `cannot read ${shown} (${problem.code})`;
    }
}

function readOutputs(options: DeploymentOptions, io: Io): { text?: string; source: string; problem?: string } {
    if (options.outputs && options.outputs !== "-") {
        const absolute = path.resolve(io.cwd, options.outputs);
        const read = readRegularFile(absolute, MAX_OUTPUTS_BYTES);
        return read.ok ? { text: read.text, source: options.outputs } : { source: options.outputs, problem: outputsProblem(options.outputs, absolute, read.problem) };
    }
    const read = io.readStdin(MAX_OUTPUTS_BYTES);
    if (read && !read.ok) return { source: "standard input", problem: outputsProblem("standard input", "standard input", read.problem) };
    // An empty pipe is as good as none: `pulumi stack output` failed before printing anything.
    return read === undefined || read.text.trim() === "" ? { source: "standard input", problem: NOTHING_PIPED } : { text: read.text, source: "standard input" };
}

/**
 * `deployment-report`: the deployed stack's real IDs and parameter names, next to the config that
 * produced them, as `reports/{set}-deployment.html`. A stack that differs from the config still
 * exits 0, unless --fail-on-difference asks for exit 3 (docs/deployment-outputs.md).
 */
export function deploymentReportCommand(file: string, options: DeploymentOptions, io: Io): Promise<number> {
    return audited("deployment-report", io, options, (audit) => {
        const checked = validateLogged(file, options, audit);
        const { validation, subject } = checked;
        if (!validation.set) {
            printInvalid(io, options, file, checked, "no report was written");
            return { code: EXIT.invalid, subject };
        }
        const set = validation.set;
        const input = readOutputs(options, io);
        audit.read(`stack outputs from ${input.source}`);
        const parsed = input.text === undefined ? undefined : parseStackOutputs(input.text, input.source);
        const problems: string[] = input.problem ? [input.problem] : parsed && !parsed.ok ? [...parsed.problems] : [];
        if (parsed?.ok && parsed.outputs.setName !== set.setName) problems.push(`the outputs are from set ${parsed.outputs.setName}, but ${file} describes ${set.setName}`);
        if (problems.length > 0 || !parsed?.ok) {
            audit.decided(`outputs not usable: ${problems.join("; ")}; no report written`);
            printProblems(io, options, subject, problems, `pass the output of 'pulumi stack output --json' for the stack deployed from ${file} (pulumi stack select)`);
            return { code: EXIT.invalid, subject };
        }
        const deployment = writeDeploymentReport(set, parsed.outputs, options, io, audit);
        if (!deployment) return { code: EXIT.invalid, subject };
        const count = deployment.differences.length;
        if (options.failOnDifference && count > 0) {
            audit.decided(`--fail-on-difference: the stack differs from the config; exit ${EXIT.drift}`);
            io.err(
                terminalSafeLines(
                    `sg-provisioner: the stack differs from ${file} (${plural(count, "difference")}), and --fail-on-difference was given\n` +
                        `fix: run pulumi preview to see what deploying ${file} would change, then deploy it (create-security-groups), or change the config to match the stack`,
                ),
            );
            return { code: EXIT.drift, subject };
        }
        return { code: EXIT.ok, subject };
    });
}

/**
 * Writes `{reports}/{set}-deployment.html` from a stack's outputs and prints the verdict (whether the
 * stack matches the config, in what was compared) with every difference under it, what was not compared, each tier's group and parameter, and
 * where the report went. The lifecycle actions call it
 * after deploying. Returns the deployment, or undefined when the report could not be written.
 */
export function writeDeploymentReport(set: SecurityGroupSet, outputs: StackOutputs, options: CommonOptions, io: Io, audit: AuditLog): Deployment | undefined {
    const deployment = buildDeployment(set, outputs, io.now());
    audit.decided(`${deployment.tiers.length} tiers, ${deployment.differences.length} differences from the config`);
    for (const difference of deployment.differences) audit.decided(difference);
    const target = path.resolve(io.cwd, options.reportsDir ?? DEFAULT_REPORTS_DIR, `${deployment.setName}-deployment.html`);
    if (!writeLogged(io, audit, [{ file: target, content: renderDeploymentHtml(deployment) }], "make the directory writable, or pass --reports-dir <dir>")) return undefined;
    const shown = displayFile(target, io.cwd) ?? target;
    const verdict = deploymentVerdict(deployment);
    if (options.json) {
        io.out(
            printableJson({
                name: deployment.setName,
                verdict: verdict.verdict,
                matches: verdict.matches,
                compared: deployment.compared,
                notCompared: deployment.notCompared,
                differences: deployment.differences,
                file: shown,
                time: deployment.time,
                tiers: deployment.tiers,
            }),
        );
    } else {
        // The verdict first, the differences that make it right under it, what was not compared, then the tiers and the file.
        // Names, IDs and parameters come from the outputs file, which may hold anything: each line is terminal-safe.
        const differences = deployment.differences.map((difference) => `\n  ${terminalSafe(difference)}`).join("");
        const notCompared = verdict.notCompared ? `\n${terminalSafe(verdict.notCompared)}` : "";
        const lines = deployment.tiers.map((tier) => terminalSafe(`  ${tier.name}: ${[tier.groupId ?? "(not deployed)", tier.parameterName].filter(Boolean).join("  ")}`));
        io.out(`${verdict.summary}${differences}${notCompared}\n\n${lines.join("\n")}\n\nWrote ${shown}`);
    }
    return deployment;
}
