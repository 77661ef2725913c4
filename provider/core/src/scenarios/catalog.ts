import { checkScenarioShape } from "../config/schema-check";
import { ScenarioSpec } from "../config/types";
import { YamlSource, parseYaml } from "../config/yaml-source";
import { Finding, hasErrors } from "../rules/finding";
import { CODES } from "../rules/codes";
import { bundledScenarios } from "./directory";
import { ScenarioSource } from "./source";

/** Why a source cannot list its scenarios, or undefined when it can. */
export function catalogProblem(source: ScenarioSource): Finding | undefined {
    const catalog = source.catalog();
    return "problem" in catalog ? catalog.problem : undefined;
}

/** Scenario names: every scenario of the source, sorted; none when it cannot be listed. */
export function listScenarios(source: ScenarioSource = bundledScenarios()): string[] {
    const catalog = source.catalog();
    return "names" in catalog ? catalog.names : [];
}

/** Scenarios from YAML texts by name (scenarios shipped in code, or tests), labelled as files under `label`. */
export function textScenarios(texts: Readonly<Record<string, string>>, label = "(scenarios in memory)"): ScenarioSource {
    return {
        label,
        catalog: () => ({ names: Object.keys(texts).sort() }),
        read: (name) => {
            const file = `${label}/${name}.yaml`;
            return { file, ...parseYaml(texts[name] ?? "", file) };
        },
    };
}

export interface LoadedScenario {
    readonly file?: string;
    readonly scenario?: ScenarioSpec;
    readonly source?: YamlSource;
    readonly findings: readonly Finding[];
}

/** Loads and shape-checks one scenario. An unknown name is a finding without a file: the caller places it. */
export function loadScenario(name: string, from: ScenarioSource = bundledScenarios()): LoadedScenario {
    const catalog = from.catalog();
    if ("problem" in catalog) return { findings: [catalog.problem] };
    const names = catalog.names;
    if (!names.includes(name)) {
        return { findings: [{ code: CODES.unknownScenario, severity: "error", message: `scenario "${name}" does not exist`, fix: `use one of: ${names.join(", ")}`, value: name }] };
    }
    const parsed = from.read(name);
    const file = parsed.file;
    if (!parsed.source) return { file, findings: parsed.findings };
    const source = parsed.source;
    const findings = checkScenarioShape(source.data, file, source.locate);
    if (hasErrors(findings)) return { file, source, findings };
    const scenario = source.data as ScenarioSpec;
    if (scenario.name !== name) {
        const at = source.locate(["name"]);
        findings.push({ code: CODES.nameMismatch, severity: "error", file, path: "name", line: at?.line, column: at?.column, message: `name "${scenario.name}" differs from the file name ${name}.yaml`, fix: `set name: ${name}, or rename the file to ${scenario.name}.yaml`, value: scenario.name });
        return { file, source, findings };
    }
    return { file, source, scenario, findings };
}
