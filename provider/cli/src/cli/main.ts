import { Command, CommanderError, Option } from "commander";
import { CommonOptions, DEFAULT_REPORTS_DIR, DEFAULT_TEMPLATES_DIR } from "./action";
import type { PolicyOptions } from "./commands/create-policy";
import type { DeploymentOptions } from "./commands/deployment-report";
import type { LifecycleOptions } from "./lifecycle/prepare";
import type { ReviewOptions } from "./commands/review-report";
import { ValidateOptions, validateCommand } from "./commands/validate";
import { EXIT, EXIT_MEANINGS, Io, processIo } from "./io";
import { SEED_ACTIONS, SeedCommand, resolveSeedConfig, seedPulumiHint } from "./seed";
import { packageVersion } from "./version";

/** The reference tool spelled its flags `-con` and `-act`; accept them for muscle memory. */
function normalizeArgv(argv: readonly string[]): string[] {
    return argv.map((arg) => (arg === "-con" ? "--config" : arg === "-act" ? "--action" : arg));
}

/** `--reports-dir` of the commands that always log: where their logs and reports go. */
function reportsDirOption(): Option {
    return new Option("--reports-dir <dir>", "where audit logs and HTML reports are written").default(DEFAULT_REPORTS_DIR);
}

/** `--reports-dir` of the catalog commands, which read and change nothing: without it they write no log. */
function catalogReportsDirOption(): Option {
    return new Option("--reports-dir <dir>", "write the audit log in this directory (without it, this read-only command writes none)");
}

function common(command: Command, reportsDir: Option = reportsDirOption()): Command {
    return command
        .option("--json", "print machine-readable JSON instead of text")
        .option("--verbose", "print each step and how long it took (reading, validating, AWS calls, Pulumi operations) on standard error")
        .addOption(new Option("--scenarios-dir <dir>", "read scenarios from this directory instead of the bundled catalog"))
        .addOption(reportsDir);
}

type AllOptions = ValidateOptions & ReviewOptions & PolicyOptions & DeploymentOptions & LifecycleOptions;

/**
 * Every command that takes a config, by name: what both the subcommands and the seed form run.
 * Each but validate-config is loaded when it runs, so validating pays for no report, layout or
 * policy code.
 */
const CONFIG_COMMANDS: Readonly<Record<SeedCommand, (file: string, options: AllOptions, io: Io) => Promise<number>>> = {
    "validate-config": validateCommand,
    plan: async (file, options, io) => (await import("./commands/plan")).planCommand(file, options, io),
    "create-review-report": async (file, options, io) => (await import("./commands/review-report")).reviewReportCommand(file, options, io),
    "create-policy": async (file, options, io) => (await import("./commands/create-policy")).createPolicyCommand(file, options, io),
    "deployment-report": async (file, options, io) => (await import("./commands/deployment-report")).deploymentReportCommand(file, options, io),
    preflight: async (file, options, io) => (await import("./commands/preflight")).preflightCommand(file, options, io),
    "show-changes": async (file, options, io) => (await import("./commands/show-changes")).showChangesCommand(file, options, io),
    "create-security-groups": async (file, options, io) => (await import("./commands/deploy")).createSecurityGroupsCommand(file, options, io),
    "test-deploy": async (file, options, io) => (await import("./commands/deploy")).testDeployCommand(file, options, io),
    "check-drift": async (file, options, io) => (await import("./commands/check-drift")).checkDriftCommand(file, options, io),
    "delete-security-groups": async (file, options, io) => (await import("./commands/delete-security-groups")).deleteSecurityGroupsCommand(file, options, io),
};

/** What the lifecycle options mean, for the subcommands and the seed form alike. */
const LIFECYCLE_HELP = {
    stack: "the Pulumi stack (default: the set's name)",
    projectDir: "sg-provisioner's Pulumi project (default: the nearest Pulumi.yaml at or above the working directory)",
    policyPack: "the policy pack that preview and up enforce (default: the installed sg-provisioner-policy)",
    force: "change AWS without asking (required when standard input is not a terminal)",
    keep: "leave the test stack deployed",
} as const;

/** What --fail-on-difference means, for the subcommand and the seed form alike. */
const FAIL_ON_DIFFERENCE_HELP = `exit ${EXIT.drift} when the stack differs from the config (still writing the report), so that a pipeline can gate on it`;

/** Options of the commands that run Pulumi: which stack and project, and for some the pack and --force. */
function lifecycle(command: Command, { stack = true, policyPack = false, force = false }: { stack?: boolean; policyPack?: boolean; force?: boolean }): Command {
    if (stack) command.addOption(new Option("--stack <name>", LIFECYCLE_HELP.stack));
    command.addOption(new Option("--project-dir <dir>", LIFECYCLE_HELP.projectDir));
    if (policyPack) command.addOption(new Option("--policy-pack <dir>", LIFECYCLE_HELP.policyPack));
    if (force) command.option("--force", LIFECYCLE_HELP.force);
    return command;
}

async function runSeed(options: { config?: string; action?: string } & AllOptions, io: Io): Promise<number> {
    if (!options.config || !options.action) {
        io.err("usage: sg-provisioner --config NAME --action ACTION, or sg-provisioner <command> (see --help)");
        return EXIT.usage;
    }
    const action = Object.hasOwn(SEED_ACTIONS, options.action) ? SEED_ACTIONS[options.action] : undefined;
    if (!action) {
        io.err(`unknown action "${options.action}"; actions: ${Object.keys(SEED_ACTIONS).join(", ")}`);
        return EXIT.usage;
    }
    const resolved = resolveSeedConfig(options.config, io.cwd);
    if (!resolved.ok) {
        io.err(resolved.message);
        return EXIT.usage;
    }
    const code = await CONFIG_COMMANDS[action](resolved.file, options, io);
    // Stopped before Pulumi could run (no project, no pulumi CLI, no policy pack): how to do it by hand.
    const hint = code === EXIT.usage || code === EXIT.failed ? seedPulumiHint(action, resolved.file) : undefined;
    if (hint !== undefined) io.err(hint);
    return code;
}

/**
 * A command's options, with those given before the command name (`--json validate-config x`),
 * which commander hands to the program: they count unless the command was given its own.
 */
function mergedOptions<T extends object>(command: Command): T {
    const merged: Record<string, unknown> = { ...command.opts() };
    const parent = command.parent;
    for (const [key, value] of Object.entries(parent?.opts() ?? {})) {
        const local = command.getOptionValueSource(key);
        if ((local === undefined || local === "default") && parent?.getOptionValueSource(key) !== "default" && value !== undefined) merged[key] = value;
    }
    return merged as T;
}

function configCommand(program: Command, name: SeedCommand, description: string, setExit: (code: number) => void, io: Io): Command {
    const command = common(program.command(name).argument("<config>", "path to the config YAML").description(description));
    command.action(async (file: string, _options: AllOptions, self: Command) => setExit(await CONFIG_COMMANDS[name](file, mergedOptions<AllOptions>(self), io)));
    return command;
}

/** The commands that take many configs in one run; each is loaded when it runs. */
const MANY_CONFIG_COMMANDS = {
    "validate-config": validateCommand,
    plan: async (configs: readonly string[], options: AllOptions, io: Io) => (await import("./commands/plan")).planCommand(configs, options, io),
} as const;

function manyConfigCommand(program: Command, name: keyof typeof MANY_CONFIG_COMMANDS, description: string, setExit: (code: number) => void, io: Io): Command {
    const command = common(
        program.command(name).argument("<configs...>", "config YAML files, directories of them (every *.yaml and *.yml below), or quoted glob patterns").description(description),
    );
    command.action(async (configs: string[], _options: AllOptions, self: Command) => setExit(await MANY_CONFIG_COMMANDS[name](configs, mergedOptions<AllOptions>(self), io)));
    return command;
}

/** Builds the CLI; every action stores its exit code instead of exiting, so tests can drive it. */
export function buildCli(io: Io, setExit: (code: number) => void): Command {
    const program = new Command("sg-provisioner")
        .description(
            "Tiered AWS security groups for Pulumi: validate a config, review it, plan it offline, and run its whole life on Pulumi: preview, deploy, test-deploy, drift, delete.",
        )
        .version(packageVersion())
        .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) })
        .exitOverride()
        .option("--config <name>", "seed-compatible form (or -con <name>): a config file inside configs/, as NAME, NAME.yaml or NAME.yml")
        .option("--action <action>", `seed-compatible form (or -act <action>): one of ${Object.keys(SEED_ACTIONS).join(", ")}`)
        .addOption(new Option("--account-id <id>", "with --action create-policy: the AWS account the policy is for"))
        .addOption(new Option("--templates-dir <dir>", "with --action create-review-report: where the review YAML is written").default(DEFAULT_TEMPLATES_DIR))
        .addOption(new Option("--outputs <file>", "with --action deployment-report: the stack outputs JSON (default: standard input)"))
        .option("--fail-on-difference", `with --action deployment-report: ${FAIL_ON_DIFFERENCE_HELP}`)
        .addOption(new Option("--stack <name>", `with a lifecycle action: ${LIFECYCLE_HELP.stack}`))
        .addOption(new Option("--project-dir <dir>", `with a lifecycle action: ${LIFECYCLE_HELP.projectDir}`))
        .addOption(new Option("--policy-pack <dir>", `with show-changes, create-security-groups or test-deploy: ${LIFECYCLE_HELP.policyPack}`))
        .option("--force", `with an action that changes AWS: ${LIFECYCLE_HELP.force}`)
        .option("--keep", `with --action test-deploy: ${LIFECYCLE_HELP.keep}`)
        .enablePositionalOptions()
        .showHelpAfterError()
        .addHelpText(
            "after",
            [
                "",
                "Seed-compatible form, as the reference tool took it:",
                "  sg-provisioner -con NAME -act ACTION   (or --config NAME --action ACTION)",
                "",
                "Exit codes:",
                ...Object.entries(EXIT_MEANINGS).map(([code, meaning]) => `  ${code.padEnd(4)}${meaning}`),
            ].join("\n"),
        );
    common(program).action(async (options) => setExit(await runSeed(options, io)));
    manyConfigCommand(program, "validate-config", "validate configs and their scenarios; never loads the Pulumi SDK", setExit, io).addOption(
        new Option("--format <format>", "output format").choices(["text", "json", "sarif"]).default("text"),
    );
    manyConfigCommand(program, "plan", "validate, then show what pulumi up would create, using Pulumi's offline mock engine", setExit, io);
    configCommand(program, "create-review-report", "write the review report: templates/{set}-review.yaml and reports/{set}-review.html", setExit, io).addOption(
        new Option("--templates-dir <dir>", "where the review YAML is written").default(DEFAULT_TEMPLATES_DIR),
    );
    configCommand(program, "create-policy", "write the least-privilege IAM policy a pipeline needs to deploy this config", setExit, io).addOption(
        new Option("--account-id <id>", "the AWS account the policy is for (default: a placeholder to replace)"),
    );
    configCommand(program, "deployment-report", "write reports/{set}-deployment.html from the stack's outputs", setExit, io)
        .addOption(new Option("--outputs <file>", "the output of 'pulumi stack output --json' (default: standard input)"))
        .option("--fail-on-difference", FAIL_ON_DIFFERENCE_HELP);
    const lifecycleCommand = (name: SeedCommand, description: string, options: Parameters<typeof lifecycle>[1]) =>
        lifecycle(configCommand(program, name, description, setExit, io), options);
    lifecycleCommand("preflight", "check AWS before a deploy: the VPC parameter exists and holds a VPC ID, the set's SSM parameters are free or this stack's", {});
    lifecycleCommand("show-changes", "pulumi preview with the policy pack: what deploying the config would create, update, replace or delete", { policyPack: true });
    lifecycleCommand("create-security-groups", "preview, confirm, then pulumi up with the policy pack, and the deployment report", { policyPack: true, force: true });
    lifecycleCommand("test-deploy", "deploy a copy of the set on a stack of its own ({set}-test-{random}), report, then destroy it", {
        stack: false,
        policyPack: true,
        force: true,
    }).option("--keep", LIFECYCLE_HELP.keep);
    lifecycleCommand("check-drift", `pulumi refresh --preview-only: report resources changed outside Pulumi (exit ${EXIT.drift} on drift)`, {});
    lifecycleCommand("delete-security-groups", "pulumi destroy, refused while anything still uses one of the set's groups", { force: true });
    common(program.command("list-scenarios").description("list the scenario catalog: tiers, ports and flows"), catalogReportsDirOption()).action(
        async (_options: CommonOptions, self: Command) => setExit(await (await import("./commands/scenarios")).listScenariosCommand(mergedOptions<CommonOptions>(self), io)),
    );
    common(
        program
            .command("describe-scenario")
            .argument("<name>", "a scenario name, as list-scenarios shows it")
            .description("show one scenario: tiers, ports, flows and its diagram as text"),
        catalogReportsDirOption(),
    ).action(async (name: string, _options: CommonOptions, self: Command) =>
        setExit(await (await import("./commands/scenarios")).describeScenarioCommand(name, mergedOptions<CommonOptions>(self), io)),
    );
    return program;
}

/** Runs the CLI and returns its exit code. Errors become one clean line, never a stack trace. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
    let code: number = EXIT.ok;
    const program = buildCli(io, (value) => (code = value));
    try {
        await program.parseAsync(normalizeArgv(argv), { from: "user" });
        return code;
    } catch (error) {
        if (error instanceof CommanderError) {
            return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
        }
        io.err(`sg-provisioner: internal error: ${error instanceof Error ? error.message : String(error)}\nThis is a bug; please report it with the command you ran.`);
        return EXIT.internal;
    }
}
