"use strict";
// `pulumi stack select|init|rm|ls|output|history|export` and `pulumi whoami`, with the CLI's texts: the
// commands are in pkg/cmd/pulumi/stack/*.go and pkg/cmd/pulumi/whoami/whoami.go; the DIY backend's
// answers (Created stack, already exists, resource counts) in pkg/backend/diy/backend.go.

const os = require("node:os");
const { EXIT, CliError, NotEmulated } = require("./errors");
const { describe } = require("./config-values");
const { printJson, sortKeysDeep } = require("./json");
const { removeStackSettings } = require("./project");
const { isTruthy } = require("./args");
const { exportedDeployment, hasSecretsProvider } = require("./deployment");
const { cliVersion } = require("./version");

/** The salt a DIY stack's settings carry once it has a passphrase secrets provider; a stand-in, not real key material. */
const FAKE_SALT = "fakepulumi:salt";

function newStack(ctx, name) {
    const project = ctx.project();
    return { name, project: project.name, projectDir: project.dir, selected: false, secretsProvider: "passphrase", config: {}, outputs: {}, resources: [], history: [] };
}

/** stack.CreateStack on a DIY backend: the passphrase provider, its salt written to Pulumi.<stack>.yaml, "Created stack". */
function createStack(ctx, name, { select, secretsProvider }) {
    ctx.backendUrl();
    if (secretsProvider && secretsProvider !== "default" && secretsProvider !== "passphrase") throw new NotEmulated(ctx.argv, `the secrets provider ${secretsProvider}`);
    if (ctx.findStack(name)) throw new CliError(`stack 'organization/${ctx.project().name}/${name}' already exists`);
    try {
        ctx.requirePassphrase();
    } catch (error) {
        throw new CliError(`could not create secrets manager for new stack: ${error.message}`, error.exitCode);
    }
    const stack = newStack(ctx, name);
    ctx.state().stacks[name] = stack;
    const settings = ctx.settings(stack);
    if (!settings.encryptionsalt) ctx.saveSettings(stack, { encryptionsalt: FAKE_SALT, ...settings });
    if (select) ctx.select(stack);
    ctx.stdout += `Created stack '${name}'\n`;
    return stack;
}

function stackName(ctx, parsed) {
    const flag = parsed.flags.get("stack");
    const arg = parsed.positionals[0];
    if (flag && arg) throw new CliError("only one of --stack or argument stack name may be specified, not both");
    return flag || arg;
}

const STACK_SELECT = {
    spec: { bools: ["create"], values: ["stack", "secrets-provider"], short: { s: "stack", c: "create" }, positionals: [0, 1] },
    run(ctx, parsed) {
        const name = stackName(ctx, parsed);
        if (!name) throw new CliError("no stack selected; specify a stack name with --stack", EXIT.stackNotFound);
        ctx.backendUrl();
        const found = ctx.findStack(name);
        if (found) ctx.select(found);
        else if (parsed.flags.get("create")) createStack(ctx, name, { select: true, secretsProvider: parsed.flags.get("secrets-provider") });
        else ctx.requireStack(name, false);
    },
};

const STACK_INIT = {
    spec: {
        bools: ["no-select", "yes", "remote-config"],
        values: ["stack", "secrets-provider", "copy-config-from"],
        lists: ["teams"],
        short: { s: "stack", y: "yes" },
        positionals: [0, 1],
    },
    run(ctx, parsed) {
        if (parsed.flags.has("copy-config-from") || parsed.flags.has("teams") || parsed.flags.get("remote-config"))
            throw new NotEmulated(ctx.argv, "--copy-config-from, --teams, --remote-config");
        const name = stackName(ctx, parsed);
        if (!name) throw new CliError("missing stack name");
        createStack(ctx, name, { select: !parsed.flags.get("no-select"), secretsProvider: parsed.flags.get("secrets-provider") });
    },
};

const STACK_RM = {
    spec: { bools: ["yes", "force", "preserve-config", "remove-backups"], values: ["stack"], short: { y: "yes", f: "force", s: "stack" }, positionals: [0, 1] },
    run(ctx, parsed) {
        const stack = ctx.requireStack(stackName(ctx, parsed), false);
        if (!parsed.flags.get("yes") && !isTruthy(ctx.env.PULUMI_SKIP_CONFIRMATIONS)) throw new CliError("non-interactive mode requires --yes flag");
        if (stack.resources.length > 0 && !parsed.flags.get("force")) {
            throw new CliError(
                `'${stack.name}' still has resources; removal rejected. Possible actions:\n` +
                    `- Make sure that '${stack.name}' is the stack that you want to destroy\n` +
                    "- Run `pulumi destroy` to delete the resources, then run `pulumi stack rm`\n" +
                    "- Run `pulumi stack rm --force` to override this error",
            );
        }
        removeStack(ctx, stack, { preserveConfig: parsed.flags.get("preserve-config") });
        ctx.stdout += `Stack '${stack.name}' has been removed!\n`;
    },
};

/** backend.RemoveStack, the settings file with it, and no stack selected afterwards (state.SetCurrentStack(ws, "")). */
function removeStack(ctx, stack, { preserveConfig }) {
    delete ctx.state().stacks[stack.name];
    if (!preserveConfig) removeStackSettings(ctx.project(), stack.name);
    for (const other of Object.values(ctx.state().stacks)) if (other.project === stack.project) other.selected = false;
}

const STACK_LS = {
    spec: { bools: ["json", "all"], values: ["organization", "project", "tag"], short: { j: "json", a: "all", o: "organization", p: "project", t: "tag" } },
    run(ctx, parsed) {
        if (!parsed.flags.get("json")) throw new NotEmulated(ctx.argv, "stack ls without --json");
        if (parsed.flags.has("organization") || parsed.flags.has("tag")) throw new NotEmulated(ctx.argv, "--organization, --tag");
        // runStackLS: the current project names the stacks to list, unless --all or --project.
        let project = parsed.flags.get("project");
        if (!parsed.flags.get("all") && project === undefined) {
            try {
                project = ctx.project().name;
            } catch (error) {
                throw new CliError(`could not detect current project: ${error.message}`, error.exitCode);
            }
        }
        ctx.backendUrl();
        const stacks = Object.values(ctx.state().stacks)
            .filter((stack) => parsed.flags.get("all") || stack.project === project)
            .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        // stackSummaryJSON; a DIY stack has a last update and a resource count once it has a checkpoint.
        const summaries = stacks.map((stack) => ({
            name: stack.name,
            current: stack.selected,
            ...(stack.lastUpdate ? { lastUpdate: stack.lastUpdate, resourceCount: stack.resources.length } : {}),
        }));
        ctx.stdout += printJson(summaries);
    },
};

const STACK_OUTPUT = {
    spec: { bools: ["json", "shell", "show-secrets"], values: ["stack"], short: { j: "json", s: "stack" }, positionals: [0, 1] },
    run(ctx, parsed) {
        if (!parsed.flags.get("json")) throw new NotEmulated(ctx.argv, "stack output without --json");
        const stack = ctx.requireStack(parsed.flags.get("stack"), false);
        const showSecrets = parsed.flags.get("show-secrets") === true;
        // display.MassageSecrets: a secret output reads "[secret]" unless --show-secrets.
        const outputs = sortKeysDeep(Object.fromEntries(Object.entries(stack.outputs).map(([name, output]) => [name, output.secret && !showSecrets ? "[secret]" : output.value])));
        const property = parsed.positionals[0];
        if (property === undefined) ctx.stdout += printJson(outputs);
        else if (property in outputs) ctx.stdout += printJson(outputs[property]);
        else throw new CliError(`current stack does not have output property '${property}'`);
    },
};

const STACK_HISTORY = {
    spec: { bools: ["show-secrets", "json", "full-dates"], values: ["stack", "page-size", "page"], short: { s: "stack", j: "json" } },
    run(ctx, parsed) {
        if (!parsed.flags.get("json")) throw new NotEmulated(ctx.argv, "stack history without --json");
        const stack = ctx.requireStack(parsed.flags.get("stack"), false);
        const showSecrets = parsed.flags.get("show-secrets") === true;
        if (showSecrets) ctx.requireSecretsManager(stack, "decrypting secrets: ");
        const pageSize = Number(parsed.flags.get("page-size") ?? 10);
        const page = Number(parsed.flags.get("page") ?? 1);
        const newestFirst = [...stack.history].reverse();
        const shown = pageSize > 0 ? newestFirst.slice((page - 1) * pageSize, page * pageSize) : newestFirst;
        ctx.stdout += printJson(shown.map((update) => updateInfoJson(update, showSecrets)));
    },
};

/** updateInfoJSON in pkg/cmd/pulumi/stack/stack_history.go, fields in its order. */
function updateInfoJson(update, showSecrets) {
    const config = Object.fromEntries(
        Object.keys(update.config)
            .sort()
            .map((key) => [key, describe(update.config[key], showSecrets)]),
    );
    return {
        version: update.version,
        kind: update.kind,
        startTime: formatTime(update.startTime),
        message: update.message,
        environment: sortKeysDeep(update.environment),
        config,
        result: update.result,
        endTime: formatTime(update.endTime),
        resourceChanges: sortKeysDeep(update.resourceChanges),
    };
}

/** cmd.FormatTime of a Unix time in seconds: RFC 5424 with milliseconds, UTC. */
function formatTime(seconds) {
    return new Date(seconds * 1000).toISOString();
}

const STACK_EXPORT = {
    spec: { bools: ["show-secrets"], values: ["stack", "file", "version"], short: { s: "stack" } },
    run(ctx, parsed) {
        if (parsed.flags.has("file") || parsed.flags.has("version")) throw new NotEmulated(ctx.argv, "--file, --version");
        const stack = ctx.requireStack(parsed.flags.get("stack"), false);
        const showSecrets = parsed.flags.get("show-secrets") === true;
        const salt = ctx.settings(stack).encryptionsalt;
        // --show-secrets reads the deployment back, which builds its secrets manager: the passphrase one needs the passphrase.
        if (showSecrets && hasSecretsProvider(stack, salt)) {
            try {
                ctx.requirePassphrase();
            } catch (error) {
                throw new CliError(
                    `could not deserialize deployment: constructing secrets manager of type "passphrase": constructing secrets manager: ${error.message}`,
                    error.exitCode,
                );
            }
        }
        // json.Encoder with SetIndent("", "    ") and no HTML escaping.
        ctx.stdout += printJson(exportedDeployment(stack, { salt, cliVersion: cliVersion(ctx.env), showSecrets }), 4);
    },
};

const WHOAMI = {
    spec: { bools: ["json", "verbose"], values: ["output"], short: { j: "json", v: "verbose" } },
    run(ctx, parsed) {
        const url = ctx.backendUrl();
        // diyBackend.CurrentUser is the OS user; a DIY backend has no organizations or token.
        const user = os.userInfo().username;
        if (parsed.flags.get("json") || parsed.flags.get("output") === "json") ctx.stdout += printJson({ user, url });
        else if (parsed.flags.get("verbose")) ctx.stdout += `User: ${user}\nOrganizations: \nBackend URL: ${url}\nToken type: personal\n`;
        else ctx.stdout += `${user}\n`;
    },
};

module.exports = {
    commands: {
        "stack select": STACK_SELECT,
        "stack init": STACK_INIT,
        "stack new": STACK_INIT,
        "stack rm": STACK_RM,
        "stack remove": STACK_RM,
        "stack ls": STACK_LS,
        "stack list": STACK_LS,
        "stack output": STACK_OUTPUT,
        "stack history": STACK_HISTORY,
        "stack hist": STACK_HISTORY,
        "stack export": STACK_EXPORT,
        whoami: WHOAMI,
    },
    removeStack,
};
