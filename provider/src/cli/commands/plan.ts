import { findingsForJson, formatFindings, summarize } from "../../format/findings";
import { orderResources, planJson, renderPlan } from "../../format/plan";
import { planResources } from "../../plan/resources";
import { validateConfigFile } from "../../plan/validate";
import { CommonOptions, audited, subjectOf } from "../action";
import { EXIT, Io } from "../io";

/**
 * `plan`: validates, then runs the real component under Pulumi's mock engine and prints what
 * `pulumi up` would create. Nothing is built when validation fails.
 */
export function planCommand(file: string, options: CommonOptions, io: Io): Promise<number> {
    return audited("plan", io, options, async (audit) => {
        audit.read(`config ${file}`);
        const validation = validateConfigFile(file, { scenariosDir: options.scenariosDir });
        const subject = subjectOf(validation, file);
        if (!validation.set) {
            audit.decided(`not valid (${summarize(validation.findings)}); nothing planned`);
            if (options.json) {
                io.out(JSON.stringify({ name: validation.config ? subject : null, resources: [], findings: findingsForJson(validation.findings, io.cwd) }, null, 2));
            } else {
                io.out(`${formatFindings(validation.findings, io.cwd)}\n\n${file} is not valid (${summarize(validation.findings)}); nothing was planned`);
            }
            return { code: EXIT.invalid, subject };
        }
        const set = validation.set;
        // Loaded here, not at the top: validate-config and --help must not pay for the Pulumi SDK.
        const { runOffline } = await import("../../engine/offline");
        const config = validation.config as NonNullable<typeof validation.config>;
        const resources = await runOffline(set.setName, { ...config, scenariosDir: options.scenariosDir });
        const specs = planResources(set.setName, set);
        const ordered = orderResources(resources, specs);
        audit.decided(`planned ${ordered.length} resources for ${set.setName}`);
        io.out(options.json ? JSON.stringify(planJson(set.setName, ordered, validation.findings), null, 2) : renderPlan(set, ordered, specs, validation.findings));
        return { code: EXIT.ok, subject };
    });
}
