"use strict";
// pflag's grammar, for the flags the fake knows: `--name value`, `--name=value`, `-s value`, bare
// booleans or `--name=true|false`, repeatable list flags, and `--` ending the flags. A flag the
// command does not declare is refused by name, so a test notices a call the fake was not built for.

const { NotEmulated } = require("./errors");

/** The root command's persistent flags, accepted everywhere. */
const GLOBAL = {
    bools: ["non-interactive", "disable-integrity-checking", "emoji", "fully-qualify-stack-names", "logflow", "logtostderr"],
    values: ["color", "cwd", "memprofilerate", "profiling", "tracing", "tracing-header", "verbose"],
    short: { C: "cwd", v: "verbose" },
};

/**
 * @typedef {{ bools?: string[], values?: string[], lists?: string[], short?: Record<string, string>, positionals?: [number, number] }} FlagSpec
 * @typedef {{ positionals: string[], flags: Map<string, string | boolean | string[]> }} Parsed
 */

/** @param {string[]} argv the words after the command's own words @param {FlagSpec} spec @param {string[]} fullArgv */
function parseFlags(argv, spec, fullArgv) {
    const bools = new Set([...(spec.bools ?? []), ...GLOBAL.bools]);
    const values = new Set([...(spec.values ?? []), ...GLOBAL.values]);
    const lists = new Set(spec.lists ?? []);
    const short = { ...GLOBAL.short, ...(spec.short ?? {}) };
    /** @type {Parsed} */
    const parsed = { positionals: [], flags: new Map() };
    for (let i = 0; i < argv.length; i++) {
        const word = argv[i];
        if (word === "--") {
            parsed.positionals.push(...argv.slice(i + 1));
            break;
        }
        if (!word.startsWith("-") || word === "-") {
            parsed.positionals.push(word);
            continue;
        }
        const [rawName, inline] = splitInline(word);
        const name = rawName.startsWith("--") ? rawName.slice(2) : short[rawName.slice(1)];
        if (name !== undefined && bools.has(name)) {
            parsed.flags.set(name, inline === undefined ? true : inline === "true");
        } else if (name !== undefined && (values.has(name) || lists.has(name))) {
            const value = inline ?? argv[++i];
            if (value === undefined) throw new NotEmulated(fullArgv, `flag needs an argument: ${word}`);
            if (lists.has(name)) parsed.flags.set(name, [.../** @type {string[]} */ (parsed.flags.get(name) ?? []), value]);
            else parsed.flags.set(name, value);
        } else {
            throw new NotEmulated(fullArgv, `unknown flag ${word}`);
        }
    }
    const [min, max] = spec.positionals ?? [0, 0];
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
        throw new NotEmulated(fullArgv, `expected ${min === max ? min : `${min} to ${max}`} argument(s), got ${JSON.stringify(parsed.positionals)}`);
    }
    return parsed;
}

function splitInline(word) {
    const eq = word.indexOf("=");
    return eq < 0 ? [word, undefined] : [word.slice(0, eq), word.slice(eq + 1)];
}

/** The longest run of leading words naming a command in `commands`, and the rest of argv. */
function resolveCommand(argv, commands) {
    let words = 0;
    for (let n = 1; n <= argv.length && !argv[n - 1].startsWith("-"); n++) {
        if (commands[argv.slice(0, n).join(" ")]) words = n;
    }
    if (words === 0) return undefined;
    return { name: argv.slice(0, words).join(" "), rest: argv.slice(words) };
}

/** cmdutil.IsTruthy, for boolean environment variables such as PULUMI_SKIP_CONFIRMATIONS. */
function isTruthy(value) {
    return value === "1" || value?.toLowerCase() === "true";
}

module.exports = { parseFlags, resolveCommand, isTruthy };
