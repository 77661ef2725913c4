import { ErrorObject } from "ajv";
import configSchema from "../schemas/config.schema.json";
import ruleSchema from "../schemas/rule.schema.json";
import scenarioSchema from "../schemas/scenario.schema.json";
import { SchemaValidator, schemaValidators } from "./schema-validators";
import { Finding } from "../rules/finding";
import { PathSegment, excerpt, formatPath, quote } from "../util/text";
import { didYouMean, suggestion } from "../util/suggest";
import { CODES } from "../rules/codes";

type Schema = { hint?: string; properties?: Record<string, Schema>; $ref?: string; $defs?: Record<string, Schema>; [key: string]: unknown };

const SCHEMAS_BY_ID: Record<string, Schema> = {
    [ruleSchema.$id]: ruleSchema as Schema,
    [configSchema.$id]: configSchema as Schema,
    [scenarioSchema.$id]: scenarioSchema as Schema,
};

/** Resolves a `$ref` between our own schemas, for listing the keys a rule allows. */
function resolveRef(ref: string, base: string): Schema | undefined {
    const url = new URL(ref, base);
    const root = SCHEMAS_BY_ID[`${url.origin}${url.pathname}`];
    const pointer = url.hash.replace(/^#\/?/, "");
    return pointer ? pointer.split("/").reduce<Schema | undefined>((node, key) => node?.[key] as Schema | undefined, root) : root;
}

function allowedKeys(schema: Schema, base: string): string[] {
    const own = Object.keys(schema.properties ?? {});
    const referenced = schema.$ref ? allowedKeys(resolveRef(schema.$ref, base) ?? {}, base) : [];
    return [...new Set([...referenced, ...own])];
}

function toSegments(instancePath: string, data: unknown): PathSegment[] {
    const segments: PathSegment[] = [];
    let node: unknown = data;
    for (const raw of instancePath.split("/").slice(1)) {
        const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
        const segment = Array.isArray(node) ? Number(key) : key;
        segments.push(segment);
        node = (node as Record<string, unknown> | undefined)?.[key];
    }
    return segments;
}

function describeValue(value: unknown): string {
    if (value === null) return "null (an empty value)";
    if (Array.isArray(value)) return "a list";
    if (typeof value === "object") return "a mapping";
    return `${typeof value === "string" ? "the string" : `the ${typeof value}`} ${quote(value)}`;
}

const TYPE_NAMES: Record<string, string> = {
    integer: "a whole number",
    number: "a number",
    string: "a string",
    object: "a mapping of keys to values",
    array: "a list",
    boolean: "true or false",
};

/** A location-free finding for one ajv error; `segments` is the field path, `key` whether it points at a key. */
interface SchemaProblem {
    readonly segments: PathSegment[];
    readonly key: boolean;
    readonly code: string;
    readonly message: string;
    readonly fix: string;
    readonly value?: unknown;
    /** For an unknown key: the allowed key it most likely meant, if any. */
    readonly meant?: string;
    /** For a missing required key: that key. */
    readonly missing?: string;
}

function describeError(error: ErrorObject, data: unknown, base: string): SchemaProblem | undefined {
    const segments = toSegments(error.instancePath, data);
    const parent = (error.parentSchema ?? {}) as Schema;
    const hint = parent.hint;
    // The field is named by its key, which may be any text of the file (a tag key): an excerpt.
    const field = segments.length > 0 ? excerpt(String(segments[segments.length - 1])) : "the file";
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
        case "additionalProperties":
        case "unevaluatedProperties": {
            const key = String(params.additionalProperty ?? params.unevaluatedProperty);
            const keys = allowedKeys(parent, base);
            return {
                segments: [...segments, key],
                key: true,
                code: CODES.unknownKey,
                message: `unknown key ${quote(key)}`,
                fix: keys.length > 0 ? suggestion(key, keys, "keys allowed here") : "remove it",
                meant: didYouMean(key, keys),
            };
        }
        case "required": {
            const missing = String(params.missingProperty);
            const child = parent.properties?.[missing] as Schema | undefined;
            const childHint = child?.hint ?? resolvedHint(child, base);
            return {
                segments,
                key: segments.length > 0,
                code: CODES.missingKey,
                message: `missing required key "${missing}"${segments.length > 0 ? ` in ${field}` : ""}`,
                fix: childHint ? `add ${missing}: (${childHint})` : `add ${missing}:`,
                missing,
            };
        }
        case "type":
            return {
                segments,
                key: false,
                code: CODES.wrongType,
                message: `${field} must be ${TYPE_NAMES[String(params.type)] ?? params.type}, not ${describeValue(error.data)}`,
                fix: hint ?? `write ${field} as ${TYPE_NAMES[String(params.type)] ?? params.type}`,
                value: error.data,
            };
        case "enum": {
            const allowed = (params.allowedValues as unknown[]).map(String);
            return {
                segments,
                key: false,
                code: CODES.notAllowed,
                message: `${field} ${quote(error.data)} is not allowed`,
                fix: suggestion(String(error.data), allowed, "allowed values"),
                value: error.data,
            };
        }
        case "const":
            return {
                segments,
                key: false,
                code: CODES.notAllowed,
                message: `${field} must be ${JSON.stringify(params.allowedValue)}, not ${describeValue(error.data)}`,
                fix: hint ?? `write ${JSON.stringify(params.allowedValue)}`,
                value: error.data,
            };
        case "minimum":
        case "maximum":
            return {
                segments,
                key: false,
                code: CODES.outOfRange,
                message: `${field} ${quote(error.data)} is ${error.keyword === "minimum" ? "below" : "above"} the ${error.keyword} ${params.limit}`,
                fix: hint ?? `use a value within range`,
                value: error.data,
            };
        case "pattern":
            return {
                segments,
                key: false,
                code: CODES.badFormat,
                message: `${field} ${quote(error.data)} is not valid`,
                fix: hint ?? `match the pattern ${params.pattern}`,
                value: error.data,
            };
        case "maxLength":
            return {
                segments,
                key: false,
                code: CODES.outOfRange,
                message: `${field} is ${String(error.data).length} characters long, over the limit of ${params.limit}`,
                fix: hint ?? `shorten it to ${params.limit} characters or fewer`,
                value: error.data,
            };
        case "minLength":
            return { segments, key: false, code: CODES.outOfRange, message: `${field} must not be empty`, fix: hint ?? `write a value for ${field}`, value: error.data };
        case "minProperties":
            return { segments, key: false, code: CODES.outOfRange, message: `${field} must have at least ${params.limit} entry`, fix: hint ?? `add an entry to ${field}` };
        case "propertyNames": {
            const name = String(params.propertyName);
            return {
                segments: [...segments, name],
                key: true,
                code: CODES.badFormat,
                message: `key ${quote(name)} is not valid in ${field}`,
                fix: (parent.propertyNames as Schema | undefined)?.hint ?? resolvedHint(parent.propertyNames as Schema | undefined, base) ?? "rename the key",
            };
        }
        default:
            return {
                segments,
                key: false,
                code: CODES.badFormat,
                message: `${field} ${error.message ?? "is invalid"}`,
                fix: hint ?? "see the JSON schemas in sg-provisioner-core (src/schemas/config.schema.json and scenario.schema.json)",
            };
    }
}

function resolvedHint(schema: Schema | undefined, base: string): string | undefined {
    return schema?.$ref ? resolveRef(schema.$ref, base)?.hint : undefined;
}

/** Field problems plus a finder that places them in a file. */
export interface LocatedSchemaProblem extends SchemaProblem {
    readonly path: string;
}

/** `id` is the `$id` of the validator's schema, the base its `$ref`s resolve against. */
function problems(validate: SchemaValidator, id: string, data: unknown): LocatedSchemaProblem[] {
    if (validate(data)) return [];
    const seen = new Set<string>();
    const result: LocatedSchemaProblem[] = [];
    for (const error of validate.errors ?? []) {
        // A bad key reports once through propertyNames; skip the inner error ajv also emits for it.
        if ((error as { propertyName?: string }).propertyName !== undefined && error.keyword !== "propertyNames") continue;
        const problem = describeError(error, data, id);
        if (!problem) continue;
        const path = formatPath(problem.segments);
        const identity = `${path}|${problem.code}|${problem.message}`;
        if (seen.has(identity)) continue;
        seen.add(identity);
        result.push({ ...problem, path });
    }
    return explainMissingByTypos(result);
}

/**
 * One mistake, one finding: an unknown key whose likely meaning is a required key missing beside it
 * (`scenaro` for `scenario`) is the one finding, and says so; the missing key's own finding is left out.
 */
function explainMissingByTypos(list: LocatedSchemaProblem[]): LocatedSchemaProblem[] {
    const missingKeys = new Set(list.filter((problem) => problem.missing !== undefined).map((problem) => `${problem.path}|${problem.missing}`));
    const explained = new Set<string>();
    const typo = (problem: LocatedSchemaProblem): string | undefined => {
        if (problem.code !== CODES.unknownKey || problem.meant === undefined) return undefined;
        const missing = `${formatPath(problem.segments.slice(0, -1))}|${problem.meant}`;
        return missingKeys.has(missing) ? missing : undefined;
    };
    const renamed = list.map((problem) => {
        const missing = typo(problem);
        if (missing === undefined) return problem;
        explained.add(missing);
        return { ...problem, message: `${problem.message}, and the required key ${quote(problem.meant)} is missing` };
    });
    return renamed.filter((problem) => problem.missing === undefined || !explained.has(`${problem.path}|${problem.missing}`));
}

export type Locate = (path: readonly PathSegment[], part?: "key" | "value") => { line: number; column: number } | undefined;

function toFindings(list: LocatedSchemaProblem[], file: string | undefined, locate: Locate | undefined): Finding[] {
    return list.map((problem) => {
        const position = locate?.(problem.segments, problem.key ? "key" : "value");
        return {
            code: problem.code,
            severity: "error",
            file,
            path: problem.path || undefined,
            line: position?.line,
            column: position?.column,
            message: problem.message,
            fix: problem.fix,
            value: problem.value,
        };
    });
}

export function checkConfigShape(data: unknown, file?: string, locate?: Locate): Finding[] {
    return toFindings(problems(schemaValidators().config, configSchema.$id, data), file, locate);
}

export function checkScenarioShape(data: unknown, file?: string, locate?: Locate): Finding[] {
    return toFindings(problems(schemaValidators().scenario, scenarioSchema.$id, data), file, locate);
}

/**
 * The schema errors of `pulumi stack output --json` data, raw: the deployment report words them,
 * since outputs have no file positions to point at. Empty when the data fits.
 */
export function stackOutputsErrors(data: unknown): ErrorObject[] {
    const validate = schemaValidators().stackOutputs;
    return validate(data) ? [] : [...(validate.errors ?? [])];
}
