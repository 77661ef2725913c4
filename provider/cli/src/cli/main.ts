import { Command, CommanderError, Option } from "commander";
import { CommonOptions, DEFAULT_REPORTS_DIR, DEFAULT_TEMPLATES_DIR } from "./action";
import type { PolicyOptions } from "./commands/create-policy";
import type { DeploymentOptions } from "./commands/deployment-report";
import type { ReviewOptions } from "./commands/review-report";
import { ValidateOptions, validateCommand } from "./commands/validate";
import { EXIT, Io, processIo } from "./io";
import { SEED_ACTIONS, SeedCommand, resolveSeedConfig } from "./seed";
import { packageVersion } from "./version";

/** The reference tool spelled its flags `-con` and `-act`; accept them for muscle memory. */
function normalizeArgv(argv: readonly string[]): string[] {
    return argv.map((arg) => (arg === "-con" ? "--config" : arg === "-act" ? "--action" : arg));
}

function common(command: Command): Command {
    return command
        .option("--json", "print machine-readable JSON instead of text")
        .addOption(new Option("--scenarios-dir <dir>", "read scenarios from this directory instead of the bundled catalog"))
        .addOption(new Option("--reports-dir <dir>", "where audit logs and HTML reports are written").default(DEFAULT_REPORTS_DIR));
}

type AllOptions = ValidateOptions & ReviewOptions & PolicyOptions & DeploymentOptions;

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
};

async function runSeed(options: { config?: string; action?: string } & AllOptions, io: Io): Promise<number> {
    if (!options.config || !options.action) {
        io.err("usage: sg-provisioner --config NAME --action ACTION, or sg-provisioner <command> (see --help)");
        return EXIT.usage;
    }
    const action = SEED_ACTIONS[options.action];
    if (!action) {
        io.err(`unknown action "${options.action}"; actions: ${Object.keys(SEED_ACTIONS).join(", ")}`);
        return EXIT.usage;
    }
    if (!action.command) {
        io.err(`action ${options.action} is done by Pulumi here: run '${action.instead}' in the project (see README)`);
        return EXIT.usage;
    }
    const resolved = resolveSeedConfig(options.config, io.cwd);
    if (!resolved.ok) {
        io.err(resolved.message);
        return EXIT.usage;
    }
    return CONFIG_COMMANDS[action.command](resolved.file, options, io);
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

/** Builds the CLI; every action stores its exit code instead of exiting, so tests can drive it. */
export function buildCli(io: Io, setExit: (code: number) => void): Command {
    const program = new Command("sg-provisioner")
        .description("Tiered AWS security groups for Pulumi: validate a config, review it, plan it offline, deploy with pulumi up.")
        .version(packageVersion())
        .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) })
        .exitOverride()
        .option("--config <name>", "seed-compatible form: a config file name inside configs/")
        .option("--action <action>", `seed-compatible form: one of ${Object.keys(SEED_ACTIONS).join(", ")}`)
        .addOption(new Option("--account-id <id>", "with --action create-policy: the AWS account the policy is for"))
        .addOption(new Option("--templates-dir <dir>", "with --action create-review-report: where the review YAML is written").default(DEFAULT_TEMPLATES_DIR))
        .addOption(new Option("--outputs <file>", "with --action deployment-report: the stack outputs JSON (default: standard input)"))
        .enablePositionalOptions()
        .showHelpAfterError();
    common(program).action(async (options) => setExit(await runSeed(options, io)));
    configCommand(program, "validate-config", "validate a config and its scenario; never loads the Pulumi SDK", setExit, io).addOption(
        new Option("--format <format>", "output format").choices(["text", "json", "sarif"]).default("text"),
    );
    configCommand(program, "plan", "validate, then show what pulumi up would create, using Pulumi's offline mock engine", setExit, io);
    configCommand(program, "create-review-report", "write the review report: templates/{set}-review.yaml and reports/{set}-review.html", setExit, io).addOption(
        new Option("--templates-dir <dir>", "where the review YAML is written").default(DEFAULT_TEMPLATES_DIR),
    );
    configCommand(program, "create-policy", "write the least-privilege IAM policy a pipeline needs to deploy this config", setExit, io).addOption(
        new Option("--account-id <id>", "the AWS account the policy is for (default: a placeholder to replace)"),
    );
    configCommand(program, "deployment-report", "write reports/{set}-deployment.html from the stack's outputs", setExit, io).addOption(
        new Option("--outputs <file>", "the output of 'pulumi stack output --json' (default: standard input)"),
    );
    common(program.command("list-scenarios").description("list the scenario catalog: tiers, ports and flows")).action(async (_options: CommonOptions, self: Command) =>
        setExit(await (await import("./commands/scenarios")).listScenariosCommand(mergedOptions<CommonOptions>(self), io)),
    );
    common(
        program
            .command("describe-scenario")
            .argument("<name>", "a scenario name, as list-scenarios shows it")
            .description("show one scenario: tiers, ports, flows and its diagram as text"),
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
