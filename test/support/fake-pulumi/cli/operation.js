"use strict";
// `pulumi preview|up|refresh|destroy`, scripted by the test. Checks as pkg/cmd/pulumi/operations/*.go
// does (confirmation flags, the stack, its secrets manager, the project's config), then streams the
// script's events framed as the engine frames them: a policyLoadEvent per --policy-pack (update and
// preview only), the prelude with the stack's config, the scripted events, the summary counted from
// them, and the cancelEvent every operation ends with. Non-preview runs record history and state.

const os = require("node:os");
const path = require("node:path");
const { CliError, NotEmulated, noConfirmation, noChangesExpected } = require("./errors");
const { blinded, withProjectConfig } = require("./config-values");
const { resourceChanges, hasChanges, applySteps } = require("./changes");
const { deliver } = require("./event-log");
const { readScript } = require("./store");
const { removeStack } = require("./stack-commands");
const { isTruthy } = require("./args");
const { cliVersion } = require("./version");

const SPEC = {
    bools: [
        "yes",
        "skip-preview",
        "preview-only",
        "expect-no-changes",
        "refresh",
        "diff",
        "exclude-dependents",
        "target-dependents",
        "continue-on-error",
        "attach-debugger",
        "suppress-outputs",
        "suppress-progress",
        "show-secrets",
        "json",
        "debug",
        "remove",
        "clear-pending-creates",
        "exclude-protected",
        "run-program",
        "show-sames",
        "show-reads",
        "show-replacement-steps",
    ],
    values: ["stack", "message", "parallel", "exec-kind", "exec-agent", "event-log", "client", "plan", "save-plan", "import-file", "config-file"],
    lists: ["replace", "exclude", "target", "target-replace", "policy-pack", "policy-pack-config", "config"],
    short: { s: "stack", y: "yes", m: "message", p: "parallel", f: "skip-preview", j: "json", c: "config", d: "debug", r: "refresh", t: "target" },
};

/** Per command: the script key, the DIY header (pkg/backend/apply.go), the history kind, and the --expect-no-changes name. */
function describeOperation(command, previewOnly) {
    switch (command) {
        case "preview":
            return { key: "preview", label: "Previewing update", isPreview: true, policies: true, offerNew: true, expect: "preview" };
        case "up":
            return { key: "up", label: "Updating", kind: "update", isPreview: false, policies: true, offerNew: true, expect: "update" };
        case "refresh":
            return previewOnly
                ? { key: "refresh-preview", label: "Previewing refresh", isPreview: true, expect: "refresh" }
                : { key: "refresh", label: "Refreshing", kind: "refresh", isPreview: false, expect: "refresh" };
        default:
            return previewOnly
                ? { key: "destroy-preview", label: "Previewing destroy", isPreview: true }
                : { key: "destroy", label: "Destroying", kind: "destroy", isPreview: false };
    }
}

async function runOperation(command, ctx, parsed) {
    const flags = parsed.flags;
    for (const unsupported of ["client", "config", "config-file", "json", "plan", "import-file"]) {
        if (flags.has(unsupported)) throw new NotEmulated(ctx.argv, `--${unsupported}`);
    }
    const op = describeOperation(command, flags.get("preview-only") === true);
    const confirmed = flags.get("yes") || flags.get("skip-preview") || flags.get("preview-only") || isTruthy(ctx.env.PULUMI_SKIP_CONFIRMATIONS);
    if (command !== "preview" && !confirmed) throw noConfirmation();
    const stack = ctx.requireStack(flags.get("stack"), op.offerNew === true);
    ctx.requireSecretsManager(stack, "getting stack configuration: get stack secrets manager: ");
    const config = configFor(ctx, stack);
    const script = scriptFor(ctx, op.key);
    const exitCode = script.exitCode ?? 0;
    const started = Math.floor(Date.now() / 1000);

    const scripted = script.events ?? [];
    const changes = resourceChanges(scripted);
    const events = frame(op, flags, config, scripted, changes, script, exitCode);
    const eventLog = flags.get("event-log");
    if (eventLog) await deliver(eventLog, stamp(events, started));

    ctx.stdout += script.stdout ?? `${op.label} (${stack.name}):\n`;
    ctx.stderr += script.stderr ?? "";
    if (!op.isPreview) record(ctx, stack, { op, flags, config, scripted, changes, script, exitCode, started });
    if (exitCode !== 0) return exitCode;
    if (flags.get("expect-no-changes") && op.expect && hasChanges(changes)) throw noChangesExpected(op.expect);
    if (op.kind === "destroy") destroyed(ctx, stack, flags.get("remove") === true, script.stdout === undefined);
    return 0;
}

/** After a destroy (pkg/cmd/pulumi/operations/destroy.go): --remove removes the stack and its settings; either way the CLI says what is left. */
function destroyed(ctx, stack, remove, say) {
    if (remove) removeStack(ctx, stack, { preserveConfig: false });
    if (!say) return;
    ctx.stdout += remove
        ? "The resources in the stack have been deleted, and the history and configuration removed.\n"
        : "The resources in the stack have been deleted, but the history and configuration associated with the stack are still maintained. \n" +
          `If you want to remove the stack completely, run \`pulumi stack rm ${stack.name}\`.\n`;
}

/** The config the engine sees: the settings file's, with the project's values and defaults merged in. */
function configFor(ctx, stack) {
    try {
        return withProjectConfig(ctx.project(), stack.name, ctx.settings(stack).config ?? {});
    } catch (error) {
        throw new CliError(`validating stack config: ${error.message}`, error.exitCode);
    }
}

/** The script's entry for this operation; a list scripts successive runs, its last entry repeating. */
function scriptFor(ctx, key) {
    const entry = readScript()[key];
    const runs = ctx.state().operationRuns;
    const run = runs[key] ?? 0;
    runs[key] = run + 1;
    if (!Array.isArray(entry)) return entry ?? {};
    return entry[Math.min(run, entry.length - 1)] ?? {};
}

function frame(op, flags, config, scripted, changes, script, exitCode) {
    const has = (kind) => scripted.some((event) => event[kind] !== undefined);
    const packs = op.policies ? (flags.get("policy-pack") ?? []) : [];
    const framed = [];
    if (!has("policyLoadEvent")) packs.forEach(() => framed.push({ policyLoadEvent: {} }));
    if (!has("preludeEvent")) framed.push({ preludeEvent: { config: blinded(config) } });
    framed.push(...scripted);
    if (!has("summaryEvent")) {
        framed.push({
            summaryEvent: {
                maybeCorrupt: false,
                durationSeconds: 1,
                resourceChanges: changes,
                PolicyPacks: policyPacks(packs, script.policyPacks ?? []),
                isPreview: op.isPreview,
                result: exitCode === 0 ? "succeeded" : "failed",
                ...(script.summary ?? {}),
            },
        });
    }
    if (!has("cancelEvent")) framed.push({ cancelEvent: {} });
    return framed;
}

/** LocalPolicyPack.NameForEvents → version. The fake runs no pack, so the name is the script's, else the directory's name. */
function policyPacks(paths, named) {
    const entries = paths.map((packPath, i) => {
        const name = named[i]?.name ?? path.basename(packPath);
        return [`${name}|local|${abbreviate(packPath)}`, named[i]?.version ?? ""];
    });
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** abbreviateFilePath in pkg/engine/update.go. */
function abbreviate(filePath) {
    const clean = path.normalize(filePath).replace(/(.)\/$/, "$1");
    if (clean.length <= 75) return clean;
    const dirs = clean.split("/");
    return dirs.length > 4 ? [...dirs.slice(0, 2), "...", ...dirs.slice(-2)].join("/") : clean;
}

/** display.stampEvents: sequence numbers from 0, Unix seconds. */
function stamp(events, timestamp) {
    return events.map((event, sequence) => ({ sequence, timestamp, ...event }));
}

/** The backend's side of a non-preview run: a history entry, the resources and outputs it leaves. */
function record(ctx, stack, { op, flags, config, scripted, changes, script, exitCode, started }) {
    const succeeded = exitCode === 0;
    stack.history.push({
        version: stack.history.length === 0 ? 1 : stack.history[stack.history.length - 1].version + 1,
        kind: op.kind,
        startTime: started,
        endTime: Math.max(started, Math.floor(Date.now() / 1000)),
        message: flags.get("message") ?? "",
        environment: updateEnvironment(ctx, flags),
        config,
        result: succeeded ? "succeeded" : "failed",
        resourceChanges: changes,
    });
    stack.lastUpdate = new Date().toISOString();
    if (!succeeded) {
        // The steps that succeeded before the failure are in the state; the outputs are not re-exported.
        stack.resources = applySteps(stack.resources, scripted);
        return;
    }
    if (op.kind === "destroy") {
        stack.resources = script.resources ?? [];
        stack.outputs = script.outputs ?? {};
        return;
    }
    stack.resources = script.resources ?? applySteps(stack.resources, scripted);
    if (op.kind === "update" && script.outputs) stack.outputs = script.outputs;
}

const BOOL_ENV =
    /^PULUMI_(EXPERIMENTAL|SKIP_UPDATE_CHECK|DEV|SKIP_CHECKPOINTS|DEBUG_COMMANDS|SKIP_CONFIRMATIONS|AUTOMATION_API_SKIP_VERSION_CHECK|CONTINUE_ON_ERROR|DIY_BACKEND_\w+)$/;
const GO_ARCH = { x64: "amd64", arm64: "arm64", ia32: "386" };

/** metadata.GetUpdateMetadata without VCS and CI detection: PULUMI_ variables by set-ness, the CLI, its flags, the execution kind. */
function updateEnvironment(ctx, flags) {
    const environment = {};
    for (const [name, value] of Object.entries(ctx.env)) {
        if (name.startsWith("PULUMI_")) environment[`pulumi.env.${name}`] = BOOL_ENV.test(name) ? String(isTruthy(value)) : "set";
    }
    environment["pulumi.version"] = cliVersion(ctx.env);
    environment["pulumi.os"] = os.platform();
    environment["pulumi.arch"] = GO_ARCH[os.arch()] ?? os.arch();
    for (const [name, value] of flags) environment[`pulumi.flag.${name}`] = typeof value === "boolean" ? String(value) : "set";
    const kind = flags.get("exec-kind");
    environment["exec.kind"] = kind === "auto.local" || kind === "auto.inline" ? kind : "cli";
    if (flags.get("exec-agent")) environment["exec.agent"] = flags.get("exec-agent");
    environment.updatePlan = "false";
    environment["stack.environments"] = "[]";
    return environment;
}

function operation(command) {
    return { spec: SPEC, run: (ctx, parsed) => runOperation(command, ctx, parsed) };
}

module.exports = {
    commands: {
        preview: operation("preview"),
        up: operation("up"),
        update: operation("up"),
        refresh: operation("refresh"),
        destroy: operation("destroy"),
    },
};
