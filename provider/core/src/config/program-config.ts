import * as fs from "node:fs";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { ConfigSource, configFileSource } from "./source";
import { Finding, errorAt } from "../rules/finding";
import { Locate, readYamlFile } from "./yaml-source";
import { CODES } from "../rules/codes";

/** What the Pulumi program is handed: its stack config and where the project lives. */
export interface ProgramConfigInput {
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
    /** Keys the stack holds as secrets (`PULUMI_CONFIG_SECRET_KEYS`), as `<project>:<key>`. */
    readonly secretKeys?: readonly string[];
}

/** The two config keys the program reads, as a user types them. */
export function programConfigKeys(project: string): { configFile: string; set: string } {
    return { configFile: `${project}:configFile`, set: `${project}:set` };
}

/**
 * Decides where the program's set comes from: a config file (`configFile`, relative to the
 * project root whatever directory `pulumi` runs in, because the language host runs the program
 * from its `main` directory), or the set inline in the stack's settings (`set`). Exactly one.
 * Pulumi.yaml declares both keys with an empty default (a declared key without one is required by
 * the CLI), so empty means not given.
 */
export function readProgramConfig(input: ProgramConfigInput): ConfigSource {
    const keys = programConfigKeys(input.project);
    const settingsFile = path.join(input.rootDirectory, `Pulumi.${input.stack}.yaml`);
    const settings = fs.existsSync(settingsFile) ? readYamlFile(settingsFile).source : undefined;
    const written = (settings?.data as { config?: Record<string, unknown> } | null | undefined)?.config ?? {};
    // A key is placed in the settings file only when the file holds it: config can also come from
    // an environment, or be set with --skip-config-validation.
    const locateKey = (key: string): Locate | undefined => (settings && key in written ? (segments, part) => settings.locate(["config", key, ...segments], part) : undefined);
    const set = input.set === undefined ? undefined : parseStructured(input.set);
    const given = { configFile: Boolean(input.configFile), set: set !== undefined && set !== "" && !isDeepStrictEqual(set, {}) };
    const problem = (finding: Finding, locate?: Locate): ConfigSource => ({ label: "the stack's sg-provisioner config", findings: [place(finding, locate)] });
    if (given.configFile === given.set) {
        return given.set ? problem(twoSources(settingsFile, keys), locateKey(keys.set)) : problem(noSource(settingsFile, keys));
    }
    const key = given.set ? keys.set : keys.configFile;
    if (input.secretKeys?.includes(key)) return problem(secret(settingsFile, key), locateKey(key));
    if (given.set) {
        // Lines only when the file holds this very value, not one merged with other config.
        const locate = isDeepStrictEqual(written[key], set) ? locateKey(key) : undefined;
        return { label: `${key} in ${path.basename(settingsFile)}`, findings: [], data: set, file: settingsFile, locate, key };
    }
    const file = path.resolve(input.rootDirectory, input.configFile as string);
    return configFileSource(file, `${input.configFile} (${keys.configFile})`, `the project root, ${input.rootDirectory}, whatever directory pulumi runs in`);
}

/** Structured config arrives JSON-encoded; a plain string (config that skipped the CLI's type check) stays a string, for the schema to refuse. */
function parseStructured(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

function place(finding: Finding, locate: Locate | undefined): Finding {
    const position = locate?.([], "key");
    return position ? { ...finding, line: position.line, column: position.column } : finding;
}

function noSource(settingsFile: string, keys: { configFile: string; set: string }): Finding {
    return errorAt(
        settingsFile,
        "config",
        CODES.noSource,
        `the stack has no sg-provisioner config: neither ${keys.configFile} nor ${keys.set} is set`,
        `run \`pulumi config set ${keys.configFile} examples/configs/globalbank-prod-c001-us-west-2-sg.yaml\` (a path relative to the project root), or write the set under ${keys.set} in ${path.basename(settingsFile)}`,
    );
}

function twoSources(settingsFile: string, keys: { configFile: string; set: string }): Finding {
    return errorAt(
        settingsFile,
        keys.set,
        CODES.twoSources,
        `both ${keys.configFile} and ${keys.set} are set; the program reads exactly one`,
        `remove the one you do not mean: \`pulumi config rm ${keys.configFile}\` or \`pulumi config rm ${keys.set}\``,
    );
}

function secret(settingsFile: string, key: string): Finding {
    return errorAt(
        settingsFile,
        key,
        CODES.secret,
        `${key} is a secret, or holds one; the set's fields name its resources and show in the stack's state and every diff in plain text, so the program does not read secrets`,
        `store it as plain config: \`pulumi config set ${key} <value>\` (with --path for one field of the set), without --secret`,
    );
}
