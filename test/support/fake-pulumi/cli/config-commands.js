"use strict";
// `pulumi config [--json]`, `config get|set|set-all|rm|rm-all`, as pkg/cmd/pulumi/config/config.go
// runs them: values land in Pulumi.<stack>.yaml beside the project, listings merge the project's
// config block in, and anything secret needs the stack's passphrase.

const { CliError, NotEmulated } = require("./errors");
const { encrypt, parseKey, setValue, removeValue, getValue, isSecure, describe, withProjectConfig } = require("./config-values");
const { printJson } = require("./json");

const STACK_FLAGS = { values: ["stack", "config-file"], short: { s: "stack" } };

function stackFor(ctx, parsed) {
    if (parsed.flags.has("config-file")) throw new NotEmulated(ctx.argv, "--config-file");
    return ctx.requireStack(parsed.flags.get("stack"), true);
}

/** Reads the stack's settings, lets `change` edit its config map, writes it back with the keys sorted as Go's YAML marshaller does. */
function editConfig(ctx, stack, change) {
    const settings = ctx.settings(stack);
    const config = { ...(settings.config ?? {}) };
    change(config);
    const sorted = Object.fromEntries(
        Object.keys(config)
            .sort()
            .map((key) => [key, config[key]]),
    );
    ctx.saveSettings(stack, { ...settings, config: sorted });
}

/** PrettyKey: the project's own keys without their namespace. */
function prettyKey(ctx, key) {
    const prefix = `${ctx.project().name}:`;
    return key.startsWith(prefix) ? key.slice(prefix.length) : key;
}

const CONFIG = {
    spec: { bools: ["show-secrets", "json", "open"], ...STACK_FLAGS, short: { s: "stack", j: "json" } },
    run(ctx, parsed) {
        if (!parsed.flags.get("json")) throw new NotEmulated(ctx.argv, "config without --json");
        const stack = stackFor(ctx, parsed);
        const showSecrets = parsed.flags.get("show-secrets") === true;
        const config = withProjectConfig(ctx.project(), stack.name, ctx.settings(stack).config ?? {});
        if (showSecrets && Object.values(config).some(isSecure)) ctx.requireSecretsManager(stack, "");
        const listed = Object.fromEntries(
            Object.keys(config)
                .sort()
                .map((key) => [key, describe(config[key], showSecrets)]),
        );
        ctx.stdout += printJson(listed);
    },
};

const CONFIG_GET = {
    spec: { bools: ["path", "json", "open"], ...STACK_FLAGS, short: { s: "stack", j: "json" }, positionals: [1, 1] },
    run(ctx, parsed) {
        const stack = stackFor(ctx, parsed);
        const usePath = parsed.flags.get("path") === true;
        const key = parseKey(ctx.project().name, parsed.positionals[0], usePath);
        const config = withProjectConfig(ctx.project(), stack.name, ctx.settings(stack).config ?? {});
        const raw = getValue(config, key, usePath);
        if (raw === undefined) throw new CliError(`configuration key '${prettyKey(ctx, key)}' not found for stack '${stack.name}'`);
        if (isSecure(raw)) ctx.requireSecretsManager(stack, "");
        const { value, objectValue, secret } = describe(raw, true);
        if (!parsed.flags.get("json")) ctx.stdout += `${value}\n`;
        else ctx.stdout += `${JSON.stringify({ value, ...(objectValue !== undefined ? { objectValue } : {}), secret }, null, 2)}\n`;
    },
};

const CONFIG_SET = {
    spec: { bools: ["path", "plaintext", "secret", "raw"], values: ["type", ...STACK_FLAGS.values], short: STACK_FLAGS.short, positionals: [1, 2] },
    run(ctx, parsed) {
        const stack = stackFor(ctx, parsed);
        if (parsed.positionals.length < 2) throw new NotEmulated(ctx.argv, "a config value read from stdin");
        const usePath = parsed.flags.get("path") === true;
        const key = parseKey(ctx.project().name, parsed.positionals[0], usePath);
        const raw = parsed.flags.get("secret") ? secretValue(ctx, stack, parsed.positionals[1]) : typedValue(parsed.flags.get("type"), parsed.positionals[1]);
        editConfig(ctx, stack, (config) => setValue(config, key, raw, usePath));
    },
};

/** config.NewTypedValue: --type saves the value as a YAML int, float or bool instead of a string. */
function typedValue(type, value) {
    switch (type ?? "string") {
        case "string":
            return value;
        case "int":
        case "float":
            return Number(value);
        case "bool":
            return value === "true";
        default:
            throw new CliError(`invalid type "${type}"; must be one of string, int, bool, or float`);
    }
}

function secretValue(ctx, stack, plaintext) {
    ctx.requireSecretsManager(stack, "");
    return { secure: encrypt(plaintext) };
}

const CONFIG_SET_ALL = {
    spec: { bools: ["path"], values: ["json", ...STACK_FLAGS.values], lists: ["plaintext", "secret"], short: STACK_FLAGS.short },
    run(ctx, parsed) {
        const plaintexts = parsed.flags.get("plaintext") ?? [];
        const secrets = parsed.flags.get("secret") ?? [];
        const usePath = parsed.flags.get("path") === true;
        const json = parsed.flags.get("json");
        if (json !== undefined && (plaintexts.length > 0 || secrets.length > 0 || usePath)) {
            throw new CliError("the --json option cannot be used with the --plaintext, --secret or --path options");
        }
        const stack = stackFor(ctx, parsed);
        const pairs = [...plaintexts.map((pair) => [pair, false]), ...secrets.map((pair) => [pair, true])];
        editConfig(ctx, stack, (config) => {
            for (const [pair, secret] of pairs) {
                const [key, value] = keyValuePair(ctx, pair, usePath);
                setValue(config, key, secret ? secretValue(ctx, stack, value) : value, usePath);
            }
            if (json !== undefined) setFromJson(ctx, stack, config, json);
        });
    },
};

/** parseKeyValuePair: split on the first `=`, or after a quoted key. */
function keyValuePair(ctx, pair, usePath) {
    let split = pair.split(/=(.*)/s);
    const quote = pair[0];
    if (quote === '"' || quote === "'") split = pair.slice(1).split(new RegExp(`${quote}=(.*)`, "s"));
    if (split.length < 2) throw new CliError("config value must be in the form [key]=[value]");
    return [parseKey(ctx.project().name, split[0], usePath), split[1]];
}

/** set-all --json takes `pulumi config --json`'s output back. */
function setFromJson(ctx, stack, config, json) {
    let entries;
    try {
        entries = JSON.parse(json);
    } catch (error) {
        throw new CliError(`could not parse --json argument: ${error.message}`);
    }
    for (const [jsonKey, entry] of Object.entries(entries)) {
        if (entry.value === undefined || entry.value === null) throw new CliError(`value for --json object key "${jsonKey}" is nil`);
        const key = parseKey(ctx.project().name, jsonKey, false);
        const value = entry.objectValue !== undefined ? entry.objectValue : entry.value;
        config[key] = entry.secret ? secretValue(ctx, stack, entry.value) : value;
    }
}

const CONFIG_RM = {
    spec: { bools: ["path"], ...STACK_FLAGS, positionals: [1, 1] },
    run(ctx, parsed) {
        const stack = stackFor(ctx, parsed);
        const usePath = parsed.flags.get("path") === true;
        const key = parseKey(ctx.project().name, parsed.positionals[0], usePath);
        editConfig(ctx, stack, (config) => removeValue(config, key, usePath));
    },
};

const CONFIG_RM_ALL = {
    spec: { bools: ["path"], ...STACK_FLAGS, positionals: [1, Infinity] },
    run(ctx, parsed) {
        const stack = stackFor(ctx, parsed);
        const usePath = parsed.flags.get("path") === true;
        const keys = parsed.positionals.map((key) => parseKey(ctx.project().name, key, usePath));
        editConfig(ctx, stack, (config) => keys.forEach((key) => removeValue(config, key, usePath)));
    },
};

module.exports = {
    commands: {
        config: CONFIG,
        "config get": CONFIG_GET,
        "config set": CONFIG_SET,
        "config set-all": CONFIG_SET_ALL,
        "config rm": CONFIG_RM,
        "config rm-all": CONFIG_RM_ALL,
    },
};
