import * as fs from "node:fs";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { Finding, errorAt } from "../rules/finding";
import { Validation, ValidationOptions, validateConfigData, validateConfigFile } from "../plan/validate";
import { readYamlFile } from "./yaml-source";

export const PROGRAM_CONFIG_CODES = {
    noSource: "SG043",
    twoSources: "SG044",
} as const;

/** What the Pulumi program is handed: its stack config and where the project lives. */
export interface ProgramConfigInput extends ValidationOptions {
    /** The Pulumi project's name: the namespace of its config keys. */
    readonly project: string;
    /** The stack's name, which names its settings file `Pulumi.<stack>.yaml`. */
    readonly stack: string;
    /** The directory holding Pulumi.yaml, which relative paths are read from. */
    readonly rootDirectory: string;
    /** `<project>:configFile`: the path of a config YAML file. */
    readonly configFile?: string;
    /** `<project>:set` as the engine passes it: structured config, JSON-encoded. */
    readonly set?: string;
}

/** The two config keys the program reads, as a user types them. */
export function programConfigKeys(project: string): { configFile: string; set: string } {
    return { configFile: `${project}:configFile`, set: `${project}:set` };
}

/**
 * Decides where the program's set comes from and validates it with the one engine: a config file
 * (`configFile`, relative to the project root whatever directory `pulumi` runs in, because the
 * language host runs the program from its `main` directory), or the set inline in the stack's
 * settings (`set`). Exactly one of the two.
 */
export function validateProgramConfig(input: ProgramConfigInput): Validation {
    const keys = programConfigKeys(input.project);
    // Stack settings are named after the stack's short name, also when it is given as org/project/stack.
    const settingsFile = path.join(input.rootDirectory, `Pulumi.${input.stack.split("/").pop()}.yaml`);
    const options: ValidationOptions = { scenariosDir: input.scenariosDir };
    // Pulumi.yaml declares both keys with an empty default (a declared key without a default is
    // required by the CLI), so empty means not given.
    const configFile = input.configFile || undefined;
    const set = input.set === undefined ? undefined : parseStructured(input.set);
    const setGiven = set !== undefined && set !== "" && !isDeepStrictEqual(set, {});
    if ((configFile !== undefined) === setGiven) {
        return { findings: [setGiven ? twoSources(settingsFile, keys) : noSource(settingsFile, keys)] };
    }
    if (configFile !== undefined) {
        const relativeTo = `the project root, ${input.rootDirectory}, whatever directory pulumi runs in`;
        return validateConfigFile(path.resolve(input.rootDirectory, configFile), { ...options, relativeTo });
    }
    return validateInlineSet(set, settingsFile, keys.set, options);
}

/** Structured config arrives JSON-encoded; a plain string (`pulumi config set <key> text`) stays a string, for the schema to refuse. */
function parseStructured(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/**
 * Validates the inline set. When the stack's settings file holds this very value under the key,
 * findings carry its line and column; otherwise (config from an environment or the Automation
 * API) they name the key path alone. Either way their field path starts with the key, as
 * `pulumi config set --path` takes it.
 */
function validateInlineSet(data: unknown, settingsFile: string, key: string, options: ValidationOptions): Validation {
    const settings = fs.existsSync(settingsFile) ? readYamlFile(settingsFile).source : undefined;
    const written = (settings?.data as { config?: Record<string, unknown> } | undefined)?.config?.[key];
    const located = settings !== undefined && isDeepStrictEqual(written, data);
    const validation = validateConfigData(data, {
        ...options,
        file: located ? settingsFile : undefined,
        locate: located ? (segments, part) => settings.locate(["config", key, ...segments], part) : undefined,
    });
    const owned = (finding: Finding) => finding.file === (located ? settingsFile : undefined);
    const keyed = (finding: Finding): Finding => (owned(finding) ? { ...finding, path: joinKey(key, finding.path) } : finding);
    return { ...validation, findings: validation.findings.map(keyed) };
}

function joinKey(key: string, fieldPath: string | undefined): string {
    if (!fieldPath) return key;
    return fieldPath.startsWith("[") ? `${key}${fieldPath}` : `${key}.${fieldPath}`;
}

function noSource(settingsFile: string, keys: { configFile: string; set: string }): Finding {
    return errorAt(
        settingsFile,
        "config",
        PROGRAM_CONFIG_CODES.noSource,
        `the stack has no sg-provisioner config: neither ${keys.configFile} nor ${keys.set} is set`,
        `run \`pulumi config set ${keys.configFile} examples/configs/globalbank-prod-c001-us-west-2-sg.yaml\` (a path relative to the project root), or write the set under ${keys.set} in ${path.basename(settingsFile)}`,
    );
}

function twoSources(settingsFile: string, keys: { configFile: string; set: string }): Finding {
    return errorAt(
        settingsFile,
        "config",
        PROGRAM_CONFIG_CODES.twoSources,
        `both ${keys.configFile} and ${keys.set} are set; the program reads exactly one`,
        `remove the one you do not mean: \`pulumi config rm ${keys.configFile}\` or \`pulumi config rm ${keys.set}\``,
    );
}
