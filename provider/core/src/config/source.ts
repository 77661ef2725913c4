import { Finding } from "../rules/finding";
import { Locate, YamlSource, readYamlFile } from "./yaml-source";

/**
 * Where a set's config came from: its data, and what places findings in it. Problems with the
 * source itself (an unreadable file, invalid YAML, a missing stack setting) are its findings, and
 * then it has no data.
 */
export interface ConfigSource {
    /** Where the set came from, as the first line of an error names it. */
    readonly label: string;
    readonly findings: readonly Finding[];
    readonly data?: unknown;
    readonly file?: string;
    readonly locate?: Locate;
    /** The stack config key whose value the data is; findings' field paths start with it, as `pulumi config set --path` takes them. */
    readonly key?: string;
}

/** A config file as a source; `relativeTo` says, in a missing file's fix, where a relative path is read from. */
export function configFileSource(file: string, label: string = file, relativeTo?: string): ConfigSource {
    const parsed = readYamlFile(file, relativeTo);
    if (!parsed.source) return { label, findings: parsed.findings };
    const source: YamlSource = parsed.source;
    return { label, findings: [], data: source.data, file, locate: source.locate };
}
