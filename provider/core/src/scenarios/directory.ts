import * as fs from "node:fs";
import * as path from "node:path";
import { YamlParse, readYamlFile } from "../config/yaml-source";
import { CODES } from "../rules/codes";
import { Catalog, ScenarioSource } from "./source";

/** The scenarios directory's one read: its `*.yaml` names, sorted, or why it cannot be read. */
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

/** Freezes parsed YAML, so that a parse shared between validations cannot be changed by one of them. */
function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const child of Object.values(value)) deepFreeze(child);
    }
    return value;
}

/** What identifies one version of a file: a rewrite, a replacement or a touch changes it. */
function fileVersion(file: string): string | undefined {
    try {
        const stat = fs.statSync(file, { bigint: true });
        return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
    } catch {
        return undefined;
    }
}

/** Parsed scenario files, by path: a run over many sets reads and parses each scenario once. */
const PARSED = new Map<string, { readonly version: string; readonly parse: YamlParse }>();

/**
 * A scenario file, parsed; the same parse (frozen) while the file is unchanged. A file that cannot
 * be read is read again each time, so its finding is the current one.
 */
function readScenarioFile(file: string): YamlParse {
    const version = fileVersion(file);
    const cached = PARSED.get(file);
    if (version !== undefined && cached?.version === version) return cached.parse;
    const parse = readYamlFile(file, undefined, "scenario");
    if (version !== undefined && parse.source) PARSED.set(file, { version, parse: deepFreeze(parse) });
    return parse;
}

/** Scenarios as `<name>.yaml` files in a directory. The core's only access to scenario files. */
export function directoryScenarios(dir: string): ScenarioSource {
    return {
        label: dir,
        catalog: () => readCatalog(dir),
        read: (name) => {
            const file = path.join(dir, `${name}.yaml`);
            return { file, ...readScenarioFile(file) };
        },
    };
}

const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");

/**
 * The directory of the scenarios shipped with the package. A published package carries them in its
 * own `scenarios/` (copied at pack time); a checkout of the repository keeps them at the repository
 * root (two levels up from provider/core), where people add new ones.
 */
export function bundledScenariosDir(): string {
    const packaged = path.join(PACKAGE_ROOT, "scenarios");
    const inRepository = path.basename(path.dirname(PACKAGE_ROOT)) === "provider";
    // An installed package without its scenarios is broken; pointing at the consumer's folders would hide that.
    return fs.existsSync(packaged) || !inRepository ? packaged : path.join(PACKAGE_ROOT, "..", "..", "scenarios");
}

/** The bundled catalog, as a source. */
export function bundledScenarios(): ScenarioSource {
    return directoryScenarios(bundledScenariosDir());
}
