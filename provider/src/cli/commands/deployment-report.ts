import * as fs from "node:fs";
import * as path from "node:path";
import { formatFindings, summarize } from "../../format/findings";
import { validateConfigFile } from "../../plan/validate";
import { buildDeployment, parseStackOutputs, renderDeploymentHtml } from "../../report/deployment";
import { CommonOptions, DEFAULT_REPORTS_DIR, audited, subjectOf } from "../action";
import { EXIT, Io } from "../io";
import { writeOutput } from "../write";

export interface DeploymentOptions extends CommonOptions {
    /** A file with `pulumi stack output --json`; standard input when absent or "-". */
    readonly outputs?: string;
}

function readOutputs(options: DeploymentOptions, io: Io): { text?: string; source: string; problem?: string } {
    if (options.outputs && options.outputs !== "-") {
        const file = path.resolve(io.cwd, options.outputs);
        try {
            return { text: fs.readFileSync(file, "utf8"), source: options.outputs };
        } catch (error) {
            return { source: options.outputs, problem: `cannot read ${options.outputs}: ${error instanceof Error ? error.message : String(error)}` };
        }
    }
    const text = io.readStdin();
    return text === undefined
        ? { source: "standard input", problem: "nothing was piped in: run 'pulumi stack output --json | sg-provisioner deployment-report <config>', or pass --outputs <file>" }
        : { text, source: "standard input" };
}

/**
 * `deployment-report`: the deployed stack's real IDs and parameter names, next to the config that
 * produced them, as `reports/{set}-deployment.html`.
 */
export function deploymentReportCommand(file: string, options: DeploymentOptions, io: Io): Promise<number> {
    return audited("deployment-report", io, options, (audit) => {
        audit.read(`config ${file}`);
        const validation = validateConfigFile(file, { scenariosDir: options.scenariosDir });
        const subject = subjectOf(validation, file);
        if (!validation.set) {
            audit.decided(`config not valid (${summarize(validation.findings)}); no report`);
            io.err(`${formatFindings(validation.findings, io.cwd)}\n\n${file} is not valid (${summarize(validation.findings)}); no report was written`);
            return { code: EXIT.invalid, subject };
        }
        const input = readOutputs(options, io);
        audit.read(`stack outputs from ${input.source}`);
        const parsed = input.text === undefined ? undefined : parseStackOutputs(input.text, input.source);
        const problems = input.problem ? [input.problem] : parsed && !parsed.ok ? parsed.problems : [];
        if (problems.length > 0 || !parsed?.ok) {
            audit.decided(`outputs not usable: ${problems.join("; ")}`);
            io.err(`${problems.join("\n")}\nfix: pass the output of 'pulumi stack output --json' for the stack deployed from ${file}`);
            return { code: EXIT.invalid, subject };
        }
        if (parsed.outputs.setName !== validation.set.setName) {
            const problem = `the outputs are from set ${parsed.outputs.setName}, but ${file} describes ${validation.set.setName}`;
            audit.decided(problem);
            io.err(`${problem}\nfix: run 'pulumi stack output --json' in the stack deployed from ${file} (pulumi stack select)`);
            return { code: EXIT.invalid, subject };
        }
        const deployment = buildDeployment(validation.set, parsed.outputs, io.now());
        const target = path.join(options.reportsDir ?? DEFAULT_REPORTS_DIR, `${deployment.setName}-deployment.html`);
        writeOutput(path.resolve(io.cwd, target), renderDeploymentHtml(deployment));
        audit.decided(`${deployment.tiers.length} tiers, ${deployment.differences.length} differences from the config`);
        for (const difference of deployment.differences) audit.decided(difference);
        audit.wrote(target);
        if (options.json) {
            io.out(JSON.stringify({ name: deployment.setName, file: target, time: deployment.time, tiers: deployment.tiers, differences: deployment.differences }, null, 2));
        } else {
            const lines = deployment.tiers.map((tier) => `  ${tier.name}: ${[tier.groupId ?? "(not deployed)", tier.parameterName].filter(Boolean).join("  ")}`);
            const differences = deployment.differences.length > 0 ? `\n\nDifferences from the config (run pulumi preview):\n${deployment.differences.map((d) => `  ${d}`).join("\n")}` : "";
            io.out(`Wrote ${target}\n\n${lines.join("\n")}${differences}`);
        }
        return { code: EXIT.ok, subject };
    });
}
