/**
 * Code-unit order, not `localeCompare`: sorted output must be identical on every machine.
 */
export function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * `["overrides", "tiers", "app", "ingress", 1, "port"]` as `overrides.tiers.app.ingress[1].port`.
 * Keys that are not plain words (a tag key such as `app.kubernetes.io/name`) are quoted:
 * `tags["app.kubernetes.io/name"]`, so that {@link parsePath} can always reverse it.
 */
export function formatPath(segments: readonly PathSegment[]): string {
    return segments
        .map((segment, index) => {
            if (typeof segment === "number") return `[${segment}]`;
            if (!PLAIN_KEY.test(segment)) return `[${JSON.stringify(segment)}]`;
            return index === 0 ? segment : `.${segment}`;
        })
        .join("");
}

const TOKEN = /\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

/** The inverse of {@link formatPath}. */
export function parsePath(path: string): PathSegment[] {
    const segments: PathSegment[] = [];
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < path.length) {
        const match = TOKEN.exec(path);
        if (!match) throw new Error(`not a field path: ${path}`);
        segments.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : (JSON.parse(match[3]) as string)));
    }
    return segments;
}

/** `1 rule`, `3 rules`: English plurals of the regular kind, which are all this tool prints. */
export function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** `a, b, c and 2 more`: the first `max` items joined with commas, the rest counted, so a message stays short however many there are. */
export function listSome(items: readonly string[], max: number): string {
    const listed = items.slice(0, max).join(", ");
    return items.length > max ? `${listed} and ${items.length - max} more` : listed;
}

/**
 * What must never reach a terminal as it is: control characters (C0 with tab, newline and carriage
 * return, DEL, C1: ESC starts the sequences that recolour, retitle or clear a terminal), format
 * characters (bidirectional overrides, isolates and marks such as U+202E, zero-width ones such as
 * U+200B and U+FEFF), line and paragraph separators, and lone surrogates.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function hex(codePoint: number, digits: number): string {
    return codePoint.toString(16).padStart(digits, "0");
}

function escapeCharacter(character: string): string {
    const named = NAMED[character];
    if (named) return named;
    const codePoint = character.codePointAt(0) as number;
    if (codePoint < 0x100) return `\\x${hex(codePoint, 2)}`;
    return codePoint <= 0xffff ? `\\u${hex(codePoint, 4)}` : `\\u{${hex(codePoint, 5)}}`;
}

/**
 * Text from input (a config, a scenario, AWS, the command line) as it may be printed: every
 * character of {@link UNSAFE} shown escaped (`\x1b`, `\n`, `\u202e`), so a reviewer sees it and
 * the terminal does not act on it; everything else unchanged. The text is taken as one line:
 * callers print their own newlines around it. Escaping escaped text changes nothing.
 */
export function terminalSafe(text: string): string {
    return text.replace(UNSAFE, escapeCharacter);
}

/** Text of several lines, each {@link terminalSafe}: for messages whose newlines are the caller's own. */
export function terminalSafeLines(text: string): string {
    return text.split("\n").map(terminalSafe).join("\n");
}

/**
 * Serialized JSON that stays the same data and is safe on a terminal: what `JSON.stringify` leaves
 * as it is of {@link UNSAFE} (DEL, C1, format characters, separators) written as `\u` escapes,
 * which any JSON parser decodes back. The formatting newlines of pretty-printed JSON stay, and JSON
 * has no other raw control characters.
 */
export function terminalSafeJson(json: string): string {
    return json.replace(UNSAFE, (character) =>
        character === "\n" ? character : [...Array(character.length).keys()].map((index) => `\\u${hex(character.charCodeAt(index), 4)}`).join(""),
    );
}

/** One character as a message names it: quoted and escaped, with its code point, such as `"\x1b" (U+001B)`. */
export function describeCharacter(character: string): string {
    const codePoint = character.codePointAt(0) as number;
    return `${quote(character)} (U+${codePoint.toString(16).toUpperCase().padStart(4, "0")})`;
}

/** A value as pretty-printed JSON for standard output: {@link terminalSafeJson}. */
export function printableJson(value: unknown): string {
    return terminalSafeJson(JSON.stringify(value, null, 2));
}

/** How much of an input value a message quotes: enough to recognise it, never a file's content. */
export const EXCERPT_LENGTH = 60;

function shorten(text: string, max: number, escape: (character: string) => string): string {
    let shown = "";
    let fits = "";
    for (const character of text) {
        shown += escape(character);
        if (shown.length > max) return `${fits}…`;
        if (shown.length < max) fits = shown;
    }
    return shown;
}

/**
 * At most `max` characters of input text, {@link terminalSafe}, ending in `…` where it was cut;
 * only the characters shown are looked at, however long the text.
 */
export function excerpt(text: string, max = EXCERPT_LENGTH): string {
    return shorten(text, max, terminalSafe);
}

/**
 * A value as a message quotes it: a string in double quotes, as an {@link excerpt} (with `"` and
 * `\` escaped as in JSON), anything else as its JSON, cut the same way.
 */
export function quote(value: unknown, max = EXCERPT_LENGTH): string {
    if (typeof value !== "string") return excerpt(JSON.stringify(value) ?? String(value), max);
    return `"${shorten(value, max, (character) => (character === '"' || character === "\\" ? `\\${character}` : terminalSafe(character)))}"`;
}
