import { YamlParse } from "../config/yaml-source";
import { Finding } from "../rules/finding";

/** The scenario names a source holds (sorted), or why it cannot list them. */
export type Catalog = { readonly names: string[] } | { readonly problem: Finding };

/**
 * Where scenarios come from. Validation takes one as a parameter, so the core reads no file it is
 * not handed: a directory on disk (`directoryScenarios`), or texts held in memory (`textScenarios`).
 */
export interface ScenarioSource {
    /** Says where the scenarios are, for audit logs and messages. */
    readonly label: string;
    catalog(): Catalog;
    /** One scenario's parsed YAML, labelled with the file name findings should carry. */
    read(name: string): YamlParse & { readonly file: string };
}
