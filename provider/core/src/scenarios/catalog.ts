import * as fs from "node:fs";
import * as path from "node:path";
import { checkScenarioShape } from "../config/schema-check";
import { ScenarioSpec } from "../config/types";
import { YamlSource, readYamlFile } from "../config/yaml-source";
import { Finding, hasErrors } from "../rules/finding";
import { CODES } from "../rules/codes";


type Catalog = { readonly names: string[] } | { readonly problem: Finding };

/** The scenario names in a directory (every `*.yaml`, sorted), or why the directory cannot be read: one read. */
function readCatalog(dir: string): Catalog {
    try {
        const names = fs
            .readdirSync(dir)
            .filter((file) => file.endsWith(".yaml"))
            .map((file) => file.slice(0, -".yaml".length))
            .sort();
        return { names };
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const message =
            code === "ENOENT"
                ? `the scenarios directory ${dir} does not exist`
                : code === "ENOTDIR"
                  ? `the scenarios directory ${dir} is not a directory`
                  : `the scenarios directory ${dir} cannot be read (${code ?? String(error)})`;
        const fix = "pass --scenarios-dir a directory of scenario YAML files, or leave the option out to use the bundled catalog";
        return { problem: { code: CODES.unreadableCatalog, severity: "error", message, fix, value: dir } };
    }
}

/** Why a scenarios directory cannot be read, or undefined when it can. */
export function catalogProblem(dir: string): Finding | undefined {
    const catalog = readCatalog(dir);
    return "problem" in catalog ? catalog.problem : undefined;
}

const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");

/**
 * The scenarios shipped with the package. A published package carries them in its own
 * `scenarios/` (copied at pack time); a checkout of the repository keeps them at the repository
 * root (two levels up from provider/core), where people add new ones.
 */
export function bundledScenariosDir(): string {
    const packaged = path.join(PACKAGE_ROOT, "scenarios");
    return fs.existsSync(packaged) ? packaged : path.join(PACKAGE_ROOT, "..", "..", "scenarios");
}

/** Scenario names in a directory: every `*.yaml` file, sorted; none when the directory cannot be read. */
export function listScenarios(dir: string = bundledScenariosDir()): string[] {
    const catalog = readCatalog(dir);
    return "names" in catalog ? catalog.names : [];
}

export interface LoadedScenario {
    readonly file?: string;
    readonly scenario?: ScenarioSpec;
    readonly source?: YamlSource;
    readonly findings: readonly Finding[];
}

/** Loads and shape-checks one scenario. An unknown name is a finding without a file: the caller places it. */
export function loadScenario(name: string, dir: string = bundledScenariosDir()): LoadedScenario {
    const catalog = readCatalog(dir);
    if ("problem" in catalog) return { findings: [catalog.problem] };
    const names = catalog.names;
    if (!names.includes(name)) {
        return { findings: [{ code: CODES.unknownScenario, severity: "error", message: `scenario "${name}" does not exist`, fix: `use one of: ${names.join(", ")}`, value: name }] };
    }
    const file = path.join(dir, `${name}.yaml`);
    const parsed = readYamlFile(file);
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
