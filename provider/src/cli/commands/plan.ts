import { findingsForJson, formatFindings, summarize } from "../../format/findings";
import { orderResources, planJson, renderPlan } from "../../format/plan";
import { planResources } from "../../plan/resources";
import { securityGroupSetName } from "../../plan/names";
import { validateConfigFile } from "../../plan/validate";
import { EXIT, Io } from "../io";
import { CommonOptions } from "./validate";

/**
 * `plan`: validates, then runs the real component under Pulumi's mock engine and prints what
 * `pulumi up` would create. Nothing is built when validation fails.
 */
export async function planCommand(file: string, options: CommonOptions, io: Io): Promise<number> {
    const validation = validateConfigFile(file, { scenariosDir: options.scenariosDir });
    if (!validation.set) {
        if (options.json) {
            io.out(JSON.stringify({ name: validation.config ? securityGroupSetName(validation.config) : null, resources: [], findings: findingsForJson(validation.findings, io.cwd) }, null, 2));
        } else {
            io.out(`${formatFindings(validation.findings, io.cwd)}\n\n${file} is not valid (${summarize(validation.findings)}); nothing was planned`);
        }
        return EXIT.invalid;
    }
    const set = validation.set;
    // Loaded here, not at the top: validate-config and --help must not pay for the Pulumi SDK.
    const { runOffline } = await import("../../engine/offline");
    const config = validation.config as NonNullable<typeof validation.config>;
    const resources = await runOffline(set.setName, { ...config, scenariosDir: options.scenariosDir });
    const specs = planResources(set.setName, set);
    const ordered = orderResources(resources, specs);
    io.out(options.json ? JSON.stringify(planJson(set.setName, ordered, validation.findings), null, 2) : renderPlan(set, ordered, specs, validation.findings));
    return EXIT.ok;
}
