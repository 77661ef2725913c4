"use strict";
// Stack config as the CLI keeps it in Pulumi.<stack>.yaml: keys `<namespace>:<name>` (a bare name takes
// the project's namespace, pkg/cmd/pulumi/config/io.go ParseConfigKey), plain values as strings,
// secrets as `{ secure: <ciphertext> }`, --path values as nested maps and lists. The project's own
// `config:` block supplies defaults and required keys (sdk/go/common/workspace/config.go mergeConfig).
//
// Secrets are not really encrypted: the ciphertext is "fakepulumi:" + base64, readable only by the fake.

const { CliError } = require("./errors");
const { sortKeysDeep } = require("./json");

const CIPHER_PREFIX = "fakepulumi:";

function encrypt(plaintext) {
    return `${CIPHER_PREFIX}${Buffer.from(plaintext, "utf8").toString("base64")}`;
}

function decrypt(ciphertext) {
    if (!ciphertext.startsWith(CIPHER_PREFIX)) throw new CliError(`could not decrypt configuration value: fake pulumi can only read secrets it wrote, not '${ciphertext}'`);
    return Buffer.from(ciphertext.slice(CIPHER_PREFIX.length), "base64").toString("utf8");
}

/** ParseConfigKey: `name` → `<project>:name`, `ns:config:name` → `ns:name`; with --path only the first segment is a key. */
function parseKey(projectName, key, usePath) {
    if (usePath) {
        const split = key.search(/[[.]/);
        if (split > 0) return `${parseKey(projectName, key.slice(0, split), false)}${key.slice(split)}`;
    }
    if (!key.includes(":")) return `${projectName}:${key}`;
    const parts = key.split(":");
    if (parts.length === 2) return key;
    if (parts.length === 3 && parts[1] === "config") return `${parts[0]}:${parts[2]}`;
    throw new CliError(`invalid configuration key: could not parse ${key} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`);
}

/** `ns:top.a[0]["b.c"]` → ["ns:top", "a", 0, "b.c"]. */
function pathSegments(key) {
    const split = key.search(/[[.]/);
    if (split < 0) return [key];
    const segments = [key.slice(0, split)];
    const pattern = /\.([^.[\]]+)|\[(\d+)\]|\["([^"]*)"\]/g;
    let match;
    let consumed = split;
    while ((match = pattern.exec(key)) !== null && match.index === consumed) {
        segments.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : match[3]));
        consumed = pattern.lastIndex;
    }
    if (consumed !== key.length) throw new CliError(`invalid configuration key: could not parse ${key} as a property path`);
    return segments;
}

/** Sets `raw` (a string or `{ secure }`) at `key` in the config map, creating maps and lists along a --path. */
function setValue(config, key, raw, usePath) {
    if (!usePath) {
        config[key] = raw;
        return;
    }
    const segments = pathSegments(key);
    let container = config;
    segments.slice(0, -1).forEach((segment, i) => {
        const next = segments[i + 1];
        if (typeof container[segment] !== "object" || container[segment] === null || "secure" in container[segment]) {
            container[segment] = typeof next === "number" ? [] : {};
        }
        container = container[segment];
    });
    container[segments[segments.length - 1]] = raw;
}

function removeValue(config, key, usePath) {
    const segments = usePath ? pathSegments(key) : [key];
    let container = config;
    for (const segment of segments.slice(0, -1)) {
        container = container?.[segment];
        if (typeof container !== "object" || container === null) return;
    }
    const last = segments[segments.length - 1];
    if (Array.isArray(container) && typeof last === "number") container.splice(last, 1);
    else delete container[last];
}

function getValue(config, key, usePath) {
    const segments = usePath ? pathSegments(key) : [key];
    let value = config;
    for (const segment of segments) {
        if (typeof value !== "object" || value === null || "secure" in value) return undefined;
        value = value[segment];
    }
    return value;
}

function isSecure(raw) {
    return typeof raw === "object" && raw !== null && !Array.isArray(raw) && typeof raw.secure === "string" && Object.keys(raw).length === 1;
}

/** The plain value, secrets decrypted when `showSecrets`, else blinded as "[secret]" (config.NewBlindingDecrypter). */
function reveal(raw, showSecrets) {
    if (isSecure(raw)) return showSecrets ? decrypt(raw.secure) : "[secret]";
    if (Array.isArray(raw)) return raw.map((item) => reveal(item, showSecrets));
    if (typeof raw === "object" && raw !== null) return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, reveal(v, showSecrets)]));
    return raw;
}

/** configValueJSON: `{ value, objectValue?, secret }`, a secret's value left out unless `showSecrets`. */
function describe(raw, showSecrets) {
    const secret = isSecure(raw);
    if (secret && !showSecrets) return { secret };
    const revealed = reveal(raw, showSecrets);
    if (typeof revealed === "object" && revealed !== null) {
        const objectValue = sortKeysDeep(revealed);
        return { value: JSON.stringify(objectValue), objectValue, secret };
    }
    return { value: String(revealed), secret };
}

/** Each key as the engine's prelude shows it: a string, secrets "[secret]", objects as JSON. */
function blinded(config) {
    return Object.fromEntries(
        Object.keys(config)
            .sort()
            .map((key) => {
                const revealed = reveal(config[key], false);
                return [key, typeof revealed === "object" && revealed !== null ? JSON.stringify(sortKeysDeep(revealed)) : String(revealed)];
            }),
    );
}

/** The stack's config with the project's values and defaults merged in; a required project key missing fails as the CLI does. */
function withProjectConfig(project, stackName, stackConfig) {
    const merged = { ...stackConfig };
    const missing = [];
    for (const projectKey of Object.keys(project.config).sort()) {
        const key = projectKey.includes(":") ? parseKey(project.name, projectKey, false) : `${project.name}:${projectKey}`;
        const spec = projectConfigSpec(project.name, key, project.config[projectKey]);
        if (key in merged) continue;
        const provided = spec.value !== undefined ? spec.value : spec.default;
        if (provided === undefined) {
            if (key.startsWith(`${project.name}:`)) missing.push(projectKey);
            continue;
        }
        merged[key] = typeof provided === "object" && provided !== null ? provided : String(provided);
    }
    if (missing.length > 0) {
        const quoted =
            missing.length === 1
                ? `'${missing[0]}'`
                : `${missing
                      .slice(0, -1)
                      .map((k) => `'${k}'`)
                      .join(", ")} and '${missing[missing.length - 1]}'`;
        throw new CliError(`Stack '${stackName}' is missing configuration ${missing.length === 1 ? "value" : "values"} ${quoted}`);
    }
    return merged;
}

/** RewriteShorthandConfigValues: a bare value is the project's default, or another namespace's value. */
function projectConfigSpec(projectName, key, entry) {
    if (typeof entry === "object" && entry !== null && !Array.isArray(entry)) return entry;
    return key.startsWith(`${projectName}:`) ? { default: entry } : { value: entry };
}

module.exports = { encrypt, parseKey, setValue, removeValue, getValue, isSecure, describe, blinded, withProjectConfig };
