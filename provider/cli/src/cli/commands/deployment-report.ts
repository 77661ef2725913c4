import * as fs from "node:fs";
import * as path from "node:path";
import { displayFile, SecurityGroupSet, printableJson } from "sg-provisioner-core";
import { StackOutputs, buildDeployment, parseStackOutputs, renderDeploymentHtml } from "../../report/deployment";
import { CommonOptions, DEFAULT_REPORTS_DIR, audited, printInvalid, printProblems, validateLogged, writeLogged } from "../action";
import { AuditLog } from "../audit";
import { EXIT, Io } from "../io";

export interface DeploymentOptions extends CommonOptions {
    /** A file with `pulumi stack output --json`; standard input when absent or "-". */
    readonly outputs?: string;
}

const NOTHING_PIPED = "nothing was piped in: run 'pulumi stack output --json | sg-provisioner deployment-report <config>', or pass --outputs <file>";

function readOutputs(options: DeploymentOptions, io: Io): { text?: string; source: string; problem?: string } {
    if (options.outputs && options.outputs !== "-") {
        try {
            return { text: fs.readFileSync(path.resolve(io.cwd, options.outputs), "utf8"), source: options.outputs };
        } catch (error) {
            return { source: options.outputs, problem: `cannot read ${options.outputs}: ${error instanceof Error ? error.message : String(error)}` };
        }
    }
    const text = io.readStdin();
    // An empty pipe is as good as none: `pulumi stack output` failed before printing anything.
    return text === undefined || text.trim() === "" ? { source: "standard input", problem: NOTHING_PIPED } : { text, source: "standard input" };
}

/**
 * `deployment-report`: the deployed stack's real IDs and parameter names, next to the config that
 * produced them, as `reports/{set}-deployment.html`.
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
        return { code: writeDeploymentReport(set, parsed.outputs, options, io, audit) ? EXIT.ok : EXIT.invalid, subject };
    });
}

/**
 * Writes `{reports}/{set}-deployment.html` from a stack's outputs and prints where it went, each
 * tier's group and parameter, and every difference from the config. The lifecycle actions call it
 * after deploying. Returns whether the report was written.
 */
export function writeDeploymentReport(set: SecurityGroupSet, outputs: StackOutputs, options: CommonOptions, io: Io, audit: AuditLog): boolean {
    const deployment = buildDeployment(set, outputs, io.now());
    audit.decided(`${deployment.tiers.length} tiers, ${deployment.differences.length} differences from the config`);
    for (const difference of deployment.differences) audit.decided(difference);
    const target = path.resolve(io.cwd, options.reportsDir ?? DEFAULT_REPORTS_DIR, `${deployment.setName}-deployment.html`);
    if (!writeLogged(io, audit, [{ file: target, content: renderDeploymentHtml(deployment) }], "make the directory writable, or pass --reports-dir <dir>")) return false;
    const shown = displayFile(target, io.cwd) ?? target;
    if (options.json) {
        io.out(printableJson({ name: deployment.setName, file: shown, time: deployment.time, tiers: deployment.tiers, differences: deployment.differences }));
    } else {
        const lines = deployment.tiers.map((tier) => `  ${tier.name}: ${[tier.groupId ?? "(not deployed)", tier.parameterName].filter(Boolean).join("  ")}`);
        const differences =
            deployment.differences.length > 0 ? `\n\nDifferences from the config (run pulumi preview):\n${deployment.differences.map((d) => `  ${d}`).join("\n")}` : "";
        io.out(`Wrote ${shown}\n\n${lines.join("\n")}${differences}`);
    }
    return true;
}
