import {
    catalogProblem,
    describeRule,
    formatFindings,
    hasErrors,
    listScenarios,
    loadScenario,
    ScenarioSource,
    scenarioSource,
    ScenarioTier,
    scenarioTiers,
    terminalSafe,
    printableJson,
} from "sg-provisioner-core";
import { topologyOf } from "../../report/topology";
import { renderTopologyText } from "../../report/topology-text";
import { CommonOptions, audited, printProblems } from "../action";
import { AuditLog } from "../audit";
import { EXIT, Io } from "../io";
import { paint } from "../paint";

interface CatalogEntry {
    readonly name: string;
    readonly description: string;
    readonly tiers: readonly ScenarioTier[];
    readonly flows: readonly string[];
}

type Loaded = { readonly ok: true; readonly entry: CatalogEntry } | { readonly ok: false; readonly message: string };

function load(name: string, source: ScenarioSource): Loaded {
    const loaded = loadScenario(name, source);
    if (!loaded.file) {
        // No such scenario: the finding has no file to point at, only the names there are.
        return { ok: false, message: loaded.findings.map((finding) => `${terminalSafe(finding.message)}\nfix: ${terminalSafe(finding.fix)}`).join("\n") };
    }
    if (!loaded.scenario || hasErrors(loaded.findings)) return { ok: false, message: formatFindings(loaded.findings) };
    const { tiers, findings } = scenarioTiers(loaded.scenario, loaded.file);
    if (hasErrors(findings)) return { ok: false, message: formatFindings(findings) };
    return { ok: true, entry: { name, description: loaded.scenario.description, tiers, flows: renderTopologyText(topologyOf(tiers)) } };
}

function entryJson(entry: CatalogEntry) {
    return {
        name: entry.name,
        description: entry.description,
        tiers: entry.tiers.map((tier) => ({
            name: tier.name,
            description: tier.description,
            servicePort: tier.servicePort,
            rules: tier.rules.map((rule) => ({ direction: rule.direction, rule: describeRule(rule), description: rule.description })),
        })),
        flows: entry.flows,
    };
}

/** A scenarios directory that cannot be read stops the catalog commands with the reason. */
function unreadable(source: ScenarioSource, options: CommonOptions, io: Io, audit: AuditLog): boolean {
    const problem = catalogProblem(source);
    if (!problem) return false;
    audit.decided(problem.message);
    printProblems(io, options, null, [problem.message], problem.fix);
    return true;
}

/**
 * The catalog commands read and change nothing: they write an audit log only when --reports-dir is
 * given (the option has no default for them), so that browsing the catalog leaves no files behind.
 */
function catalogLogging(options: CommonOptions): CommonOptions & { readonly writeLog: boolean } {
    return { ...options, writeLog: options.reportsDir !== undefined };
}

/** `list-scenarios`: every scenario of the catalog with its tiers, service ports and flows; scenario text terminal-safe. */
export function listScenariosCommand(options: CommonOptions, io: Io): Promise<number> {
    return audited("list-scenarios", io, catalogLogging(options), (audit) => {
        const source = scenarioSource(options);
        audit.read(`scenario catalog ${source.label}`);
        if (unreadable(source, options, io, audit)) return { code: EXIT.invalid, subject: "catalog" };
        const loaded = listScenarios(source).map((name) => ({ name, loaded: load(name, source) }));
        const broken = loaded.filter((item) => !item.loaded.ok);
        for (const item of broken) io.err(`scenario ${terminalSafe(item.name)} cannot be read:\n${item.loaded.ok ? "" : item.loaded.message}`);
        const entries = loaded.flatMap((item) => (item.loaded.ok ? [item.loaded.entry] : []));
        audit.decided(`${entries.length} scenarios listed, ${broken.length} unreadable`);
        if (options.json) {
            io.out(printableJson(entries.map(entryJson)));
        } else {
            const colors = paint(io);
            io.out(
                entries
                    .map((entry) =>
                        [
                            colors.bold(terminalSafe(entry.name)),
                            `  ${terminalSafe(entry.description)}`,
                            `  tiers: ${entry.tiers.map((tier) => `${terminalSafe(tier.name)} (${tier.servicePort})`).join(", ")}`,
                            ...entry.flows.map((flow) => `    ${flow}`),
                        ].join("\n"),
                    )
                    .join("\n\n"),
            );
        }
        return { code: broken.length > 0 ? EXIT.invalid : EXIT.ok, subject: "catalog" };
    });
}

/** `describe-scenario NAME`: one scenario's tiers, rules and flows, the diagram as text. */
export function describeScenarioCommand(name: string, options: CommonOptions, io: Io): Promise<number> {
    return audited("describe-scenario", io, catalogLogging(options), (audit) => {
        const source = scenarioSource(options);
        audit.read(`scenario ${name} from ${source.label}`);
        if (unreadable(source, options, io, audit)) return { code: EXIT.invalid, subject: "catalog" };
        const loaded = load(name, source);
        // A name that is no scenario must not name the log after arbitrary input.
        const subject = listScenarios(source).includes(name) ? name : "catalog";
        if (!loaded.ok) {
            audit.decided(`scenario ${name} cannot be described`);
            if (options.json) io.out(printableJson({ name, valid: false, problems: [loaded.message] }));
            else io.err(loaded.message);
            return { code: EXIT.invalid, subject };
        }
        const entry = loaded.entry;
        audit.decided(`described ${entry.tiers.length} tiers, ${entry.flows.length} flows`);
        if (options.json) {
            io.out(printableJson(entryJson(entry)));
        } else {
            const colors = paint(io);
            const tiers = entry.tiers.map((tier) =>
                [
                    `${colors.bold(terminalSafe(tier.name))}  service port ${tier.servicePort}`,
                    `  ${terminalSafe(tier.description)}`,
                    ...tier.rules.map(
                        (rule) => `  ${rule.direction.padEnd(7)} ${terminalSafe(describeRule(rule))}${rule.description ? `  "${terminalSafe(rule.description)}"` : ""}`,
                    ),
                ].join("\n"),
            );
            io.out(
                [
                    colors.bold(terminalSafe(entry.name)),
                    terminalSafe(entry.description),
                    "",
                    ...tiers.flatMap((tier) => [tier, ""]),
                    "Allowed flows:",
                    ...entry.flows.map((flow) => `  ${flow}`),
                ].join("\n"),
            );
        }
        return { code: EXIT.ok, subject };
    });
}
