import * as path from "node:path";
// Types only from the package: its code is loaded from the one-file build (yaml-library.ts).
import { Document, LineCounter, Node } from "yaml";
import { yaml } from "./yaml-library";
import { Finding } from "../rules/finding";
import { EXCERPT_LENGTH, PathSegment, excerpt, quote } from "../util/text";
import { ReadProblem, notRegularFile, readRegularFile } from "../util/read-file";
import { CODES } from "../rules/codes";

export interface Position {
    readonly line: number;
    readonly column: number;
}

/** Where a field path sits in a file: the value's position (or its key's), or the nearest existing ancestor's. */
export type Locate = (path: readonly PathSegment[], part?: "key" | "value") => Position | undefined;

/** A parsed YAML file that can say where any field path sits in it. */
export interface YamlSource {
    readonly file: string;
    readonly data: unknown;
    /** Position of the value at `path` (or of its key, with `part: "key"`); the nearest existing ancestor when the path is absent. */
    readonly locate: Locate;
}

export type YamlParse = { readonly source: YamlSource; readonly findings: readonly Finding[] } | { readonly source?: undefined; readonly findings: readonly Finding[] };

/** Configs and scenarios are a few kilobytes; anything near this is a mistake or an attack, not a config. */
export const MAX_YAML_BYTES = 1024 * 1024;
/** Anchors are fine for sharing a rule or two; thousands of expansions are an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

/**
 * A parser's message without its position or code frame, which quote the file: its own words plus,
 * in some messages, a piece of the file (an unresolved tag or alias, a bad escape), cut to an
 * excerpt and terminal-safe.
 */
function stripLocation(message: string): string {
    return excerpt(message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""), 2 * EXCERPT_LENGTH);
}

function fixFor(code: string): string {
    switch (code) {
        case "DUPLICATE_KEY":
            return "keep one of the two keys; YAML keeps only the last, silently, which is how a rule goes missing";
        case "TAB_AS_INDENT":
            return "indent with spaces, not tabs";
        case "MULTIPLE_DOCS":
            return "keep one document per file: remove the extra '---' separator and what follows it, or move it to its own file";
        default:
            return "correct the YAML syntax at this position (check indentation, quotes and brackets)";
    }
}

function makeLocator(doc: Document, lineCounter: LineCounter) {
    return (path: readonly PathSegment[], part: "key" | "value" = "value"): Position | undefined => {
        let node: unknown = doc.contents;
        let range = (doc.contents as Node | null)?.range;
        for (const [index, segment] of path.entries()) {
            if (yaml.isAlias(node)) node = node.resolve(doc);
            let next: unknown;
            if (yaml.isMap(node)) {
                const pair = node.items.find((item) => yaml.isScalar(item.key) && String(item.key.value) === String(segment));
                if (!pair) break;
                if (index === path.length - 1 && part === "key" && yaml.isScalar(pair.key)) {
                    range = pair.key.range ?? range;
                    break;
                }
                next = pair.value;
            } else if (yaml.isSeq(node) && typeof segment === "number") {
                next = node.items[segment];
            }
            if (!next || !(next as Node).range) break;
            node = next;
            range = (next as Node).range;
        }
        if (!range) return undefined;
        const { line, col } = lineCounter.linePos(range[0]);
        return { line, column: col };
    };
}

/** Parses YAML text, turning every syntax problem into a located finding. */
export function parseYaml(text: string, file: string): YamlParse {
    const lineCounter = new yaml.LineCounter();
    const doc = yaml.parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
    const located = (code: string, message: string, fix: string, offset: number | undefined): Finding => {
        const pos = offset === undefined ? undefined : lineCounter.linePos(offset);
        return { code, severity: "error", file, line: pos?.line, column: pos?.col, message, fix };
    };
    if (doc.errors.length > 0) {
        return {
            findings: doc.errors.map((error) =>
                located(error.code === "DUPLICATE_KEY" ? CODES.duplicateKey : CODES.syntax, `invalid YAML: ${stripLocation(error.message)}`, fixFor(error.code), error.pos[0]),
            ),
        };
    }
    if (doc.contents === null) {
        return {
            findings: [located(CODES.empty, "the file is empty (or holds only comments)", "write the config's keys; see examples/configs/ for a complete one", undefined)],
        };
    }
    let data: unknown;
    try {
        data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const bomb = /alias count/i.test(message);
        return {
            findings: [
                located(
                    CODES.aliasBomb,
                    bomb ? `YAML aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT})` : `invalid YAML: ${stripLocation(message)}`,
                    bomb ? "write the values out, or use far fewer anchors and aliases" : "define each anchor (&name) before the alias (*name) that uses it",
                    (doc.contents as Node).range?.[0],
                ),
            ],
        };
    }
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
        return {
            findings: [
                located(
                    CODES.notMapping,
                    `the file must hold a mapping of keys to values, not ${Array.isArray(data) ? "a list" : `the value ${quote(data)}`}`,
                    "start the file with keys such as 'client:', as in examples/configs/",
                    (doc.contents as Node).range?.[0],
                ),
            ],
        };
    }
    return { source: { file, data, locate: makeLocator(doc, lineCounter) }, findings: [] };
}

/** What a YAML file is read as: the noun its messages use. */
export type YamlRole = "config" | "scenario";

/** Why a YAML file was not read, as a finding's message and fix. */
function unreadable(problem: ReadProblem, file: string, relativeTo: string, role: YamlRole): { message: string; fix: string } {
    switch (problem.reason) {
        case "missing":
            return { message: `no such file: ${path.resolve(file)}`, fix: `check the path; a relative path is read from ${relativeTo}` };
        case "permission":
            return { message: "permission denied", fix: "check the file's permissions" };
        case "directory":
            return { message: "is a directory, not a YAML file", fix: "pass the path of a .yaml file" };
        case "not-regular":
            return { message: notRegularFile(problem.kind, `${role}s`), fix: `write the ${role} to a file, and pass that file's path` };
        case "too-large":
            return {
                message:
                    problem.size === undefined
                        ? `the file holds more than ${problem.limit} bytes, the limit for a ${role}`
                        : `the file is ${problem.size} bytes, over the ${problem.limit}-byte limit for a ${role}`,
                fix: `check that this is the ${role} you meant; a ${role} is a few kilobytes`,
            };
        case "unreadable":
            return { message: `cannot be read (${problem.code})`, fix: "check the file's permissions" };
    }
}

/**
 * Reads and parses a YAML file; a missing, unreadable, oversized or not regular file (a FIFO, a
 * device) is a finding, not an exception, and never a wait: see {@link readRegularFile}.
 */
export function readYamlFile(file: string, relativeTo = "the current directory", role: YamlRole = "config"): YamlParse {
    const read = readRegularFile(file, MAX_YAML_BYTES);
    if (!read.ok) return { findings: [{ code: CODES.unreadable, severity: "error", file, ...unreadable(read.problem, file, relativeTo, role) }] };
    return parseYaml(read.text, file);
}
