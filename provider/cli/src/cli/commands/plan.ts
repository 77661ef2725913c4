import { orderResources, planJson, renderPlan } from "../../format/plan";
import { planResources } from "sg-provisioner-core";
import { CommonOptions, audited, printInvalid, validateLogged } from "../action";
import { EXIT, Io } from "../io";

/**
 * `plan`: validates, then runs the real component under Pulumi's mock engine and prints what
 * `pulumi up` would create. Nothing is built when validation fails.
 */
export function planCommand(file: string, options: CommonOptions, io: Io): Promise<number> {
    return audited("plan", io, options, async (audit) => {
        const checked = validateLogged(file, options, audit);
        const { validation, subject } = checked;
        if (!validation.set) {
            printInvalid(io, options, file, checked, "nothing was planned", { resources: [] });
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
