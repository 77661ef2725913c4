import type { EngineMessage } from "../../engine/offline";
import { engineMessageLines, orderResources, planJson, renderPlan } from "../../format/plan";
import { planResources, plural } from "sg-provisioner-core";
import { CommonOptions, invalidOutput, validateLogged } from "../action";
import { ConfigCommand, Tally, runConfigs } from "../batch";
import { EXIT, Io } from "../io";

/**
 * `plan`: validates, then runs the real component under Pulumi's mock engine and prints what
 * `pulumi up` would create, for one config or many. Nothing is built for a config that fails
 * validation.
 */
export function planCommand(configs: string | readonly string[], options: CommonOptions, io: Io): Promise<number> {
    const command: ConfigCommand = {
        action: "plan",
        headed: true,
        one: async (file, audit, maxFindings) => {
            const checked = validateLogged(file, options, audit, { maxFindings });
            const { validation, subject } = checked;
            if (!validation.set) {
                return { code: EXIT.invalid, subject, valid: false, findings: validation.findings, ...invalidOutput(io, file, checked, "nothing was planned", { resources: [] }) };
            }
            const set = validation.set;
            // Loaded here, not at the top: validate-config and --help must not pay for the Pulumi SDK.
            const { runOffline } = await import("../../engine/offline");
            const config = validation.config as NonNullable<typeof validation.config>;
            // What the component logs comes back here, not to the console: its warnings are the
            // findings the plan prints itself; any other message is shown once, on standard error.
            const messages: EngineMessage[] = [];
            const resources = await runOffline(set.setName, { ...config, scenariosDir: options.scenariosDir }, { log: (message) => messages.push(message) });
            for (const line of engineMessageLines(messages, validation.findings)) io.err(line);
            const specs = planResources(set.setName, set);
            const ordered = orderResources(resources, specs);
            audit.decided(`planned ${ordered.length} resources for ${set.setName}`);
            return {
                code: EXIT.ok,
                subject,
                valid: true,
                findings: validation.findings,
                resources: ordered.length,
                json: planJson(set.setName, ordered, specs, validation.findings) as unknown as Record<string, unknown>,
                text: renderPlan(set, ordered, specs, validation.findings),
            };
        },
        summary: (tally: Tally) =>
            `planned ${tally.valid} of ${plural(tally.configs, "config")} (${plural(tally.resources, "resource")}); ${tally.configs - tally.valid} not valid (${tally.findings})`,
    };
    return runConfigs(command, typeof configs === "string" ? [configs] : configs, options, io);
}
