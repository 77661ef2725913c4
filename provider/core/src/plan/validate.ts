import { checkConfigShape } from "../config/schema-check";
import { ConfigSpec } from "../config/types";
import { ConfigSource, configFileSource } from "../config/source";
import { Locate } from "../config/yaml-source";
import { Finding, MAX_FINDINGS_PER_FILE, capFindings, hasErrors, mapPlaces, sortFindings } from "../rules/finding";
import { loadScenario } from "../scenarios/catalog";
import { bundledScenarios, directoryScenarios } from "../scenarios/directory";
import { ScenarioSource } from "../scenarios/source";
import { parsePath } from "../util/text";
import { isolationSuffixFindings } from "./isolation";
import { SecurityGroupSet } from "./model";
import { resolveSet } from "./resolve";
import { wellFormedPart } from "./well-formed";

export interface ValidationOptions {
    /** Where scenarios are read from; the bundled catalog by default. */
    readonly scenarios?: ScenarioSource;
    /** A directory of scenario files, as the component's `scenariosDir` and the CLI's `--scenarios-dir` give it; `scenarios` wins. */
    readonly scenariosDir?: string;
    /** Where a relative config path is read from, as the fix for a missing file says it. Default: the current directory. */
    readonly relativeTo?: string;
    /**
     * A suffix that validates the set for a test deployment: named `{set}-test-{suffix}`, with every
     * group name, Name tag and SSM path derived from that name, so that nothing meets the real set's.
     * 4 to 16 lowercase letters and digits (else SG047); a set with a tier named `test` or `test-…`
     * is refused isolation (SG048). Default: none, the real set.
     */
    readonly isolation?: string;
    /** Where the suffix was given (a component arg, a stack config key), as SG047 names it. Default: `isolation`. */
    readonly isolationField?: string;
    /** The file that holds the suffix, when one does (a stack's settings file), as SG047 names it. Default: none. */
    readonly isolationFile?: string;
    /**
     * How many findings are shown; the rest are counted by severity in one last finding (SG007).
     * Default: {@link MAX_FINDINGS_PER_FILE}. A run over many configs passes what is left of its total.
     */
    readonly maxFindings?: number;
}

export interface Validation {
    /**
     * Every finding, errors first, each placed at its file, line and column where there is one; past
     * `maxFindings`, one last finding counts the rest.
     */
    readonly findings: readonly Finding[];
    /**
     * Every finding, in the same order, none cut: for what a finding does rather than how it is listed
     * (the review marks each rule by all of its findings). Absent when the list was never cut.
     */
    readonly uncapped?: readonly Finding[];
    /** The set to build; present only when there is no error. */
    readonly set?: SecurityGroupSet;
    /** Whatever set could be understood, even with errors (for reports). */
    readonly partialSet?: SecurityGroupSet;
    /** The config data, once it has passed the schema. */
    readonly config?: ConfigSpec;
}

/** Where a field path of a file sits, when the file can say: its value's position, or its key's with `part: "key"`. */
function positionOf(
    locators: ReadonlyMap<string | undefined, Locate>,
    file: string | undefined,
    fieldPath: string,
    part: "key" | "value" = "value",
): Pick<Finding, "line" | "column"> {
    const position = locators.get(file)?.(parsePath(fieldPath), part);
    return position ? { line: position.line, column: position.column } : {};
}

/** Fills in line and column for findings, and the rules they relate to, that name a file and a field path but no position yet. */
function placeFindings(findings: readonly Finding[], locators: ReadonlyMap<string | undefined, Locate>): Finding[] {
    return findings.map((finding) => {
        const related = finding.related?.map((place) => (place.line !== undefined ? place : { ...place, ...positionOf(locators, place.file, place.path) }));
        const withRelated = related ? { ...finding, related } : finding;
        if (finding.line !== undefined || finding.path === undefined) return withRelated;
        const segments = parsePath(finding.path);
        // A finding whose bad value is the key itself (an unknown tier, a reserved tag) points at the key.
        const part = segments.length > 0 && finding.value === segments[segments.length - 1] ? "key" : "value";
        return { ...withRelated, ...positionOf(locators, finding.file, finding.path, part) };
    });
}

function finish(findings: readonly Finding[], locators: ReadonlyMap<string | undefined, Locate>, rest: Omit<Validation, "findings" | "set"> = {}): Validation {
    const placed = sortFindings(placeFindings(findings, locators));
    return { ...rest, findings: placed, set: hasErrors(placed) ? undefined : rest.partialSet };
}

/** The scenarios validation reads: the given source, a directory, or the bundled catalog. */
export function scenarioSource(options: ValidationOptions): ScenarioSource {
    return options.scenarios ?? (options.scenariosDir !== undefined ? directoryScenarios(options.scenariosDir) : bundledScenarios());
}

/** Adds the findings about the isolation suffix, which no config file holds, to a validation. */
function withIsolationFindings(validation: Validation, options: ValidationOptions): Validation {
    const findings = options.isolation === undefined ? [] : isolationSuffixFindings(options.isolation, { field: options.isolationField, file: options.isolationFile });
    if (findings.length === 0) return validation;
    return { ...validation, findings: sortFindings([...validation.findings, ...findings]), set: undefined };
}

/** The findings cut at `maxFindings`, where every output (text, JSON, SARIF, the audit log) takes them from. */
function capped(validation: Validation, options: ValidationOptions, file: string | undefined): Validation {
    const findings = capFindings(validation.findings, options.maxFindings ?? MAX_FINDINGS_PER_FILE, file);
    return { ...validation, findings, ...(findings === validation.findings ? {} : { uncapped: validation.findings }) };
}

/** Every finding of a validation, including those its list leaves out past the cap. */
export function allFindings(validation: Validation): readonly Finding[] {
    return validation.uncapped ?? validation.findings;
}

/**
 * Validates config data (parsed YAML or a component's args) together with its scenario. `file` and
 * `locate` place findings in the config file when the data came from one.
 */
export function validateConfigData(data: unknown, options: ValidationOptions & { file?: string; locate?: Locate } = {}): Validation {
    return capped(withIsolationFindings(validateData(data, options), options), options, options.file);
}

function validateData(data: unknown, options: ValidationOptions & { file?: string; locate?: Locate }): Validation {
    const locators = new Map<string | undefined, Locate>();
    if (options.locate) locators.set(options.file, options.locate);
    const shape = checkConfigShape(data, options.file, options.locate);
    // Past schema errors, the semantic checks run on the parts they leave sound: one run reports every independent mistake.
    const part = hasErrors(shape) ? wellFormedPart(data, shape, options.file) : { config: data as ConfigSpec, outside: (findings: readonly Finding[]) => [...findings] };
    if (!part) return finish(shape, locators);
    // The config, once it has passed the schema.
    const config = hasErrors(shape) ? undefined : part.config;
    const loaded = loadScenario(part.config.scenario, scenarioSource(options));
    if (loaded.source) locators.set(loaded.file, loaded.source.locate);
    if (!loaded.scenario) {
        const placed = loaded.findings.map((finding) => (finding.file ? finding : { ...finding, file: options.file, path: "scenario" }));
        return finish([...shape, ...placed], locators, { config });
    }
    const resolved = resolveSet(part.config, loaded.scenario, { config: options.file, scenario: loaded.file }, options.isolation);
    return finish([...shape, ...part.outside([...loaded.findings, ...resolved.findings])], locators, config ? { partialSet: resolved.set, config } : {});
}

/**
 * Validates a source's data with the one engine, placing findings in the source. `data` replaces
 * the source's own (component args built from it are validated themselves, not trusted).
 */
export function validateConfigSource(source: ConfigSource, options: ValidationOptions = {}, data: unknown = source.data): Validation {
    return capped(withIsolationFindings(validateSourceData(source, options, data), options), options, source.file);
}

function validateSourceData(source: ConfigSource, options: ValidationOptions, data: unknown): Validation {
    if (data === undefined || hasErrors(source.findings)) return finish(source.findings, new Map());
    const validation = validateData(data, { ...options, file: source.file, locate: source.locate });
    const key = source.key;
    if (!key) return validation;
    const keyedPlace = <T extends { file?: string; path?: string }>(place: T): T => (place.file === source.file ? { ...place, path: joinKey(key, place.path) } : place);
    return { ...validation, findings: validation.findings.map((finding) => mapPlaces(finding, keyedPlace)) };
}

function joinKey(key: string, fieldPath: string | undefined): string {
    if (!fieldPath) return key;
    return fieldPath.startsWith("[") ? `${key}${fieldPath}` : `${key}.${fieldPath}`;
}

/** Reads, parses and validates a config file. Never throws for bad input: every problem is a finding. */
export function validateConfigFile(file: string, options: ValidationOptions = {}): Validation {
    return validateConfigSource(configFileSource(file, file, options.relativeTo), options);
}
