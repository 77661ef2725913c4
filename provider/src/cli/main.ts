import { Command, CommanderError, Option } from "commander";
import { planCommand } from "./commands/plan";
import { CommonOptions, validateCommand } from "./commands/validate";
import { EXIT, Io, processIo } from "./io";
import { SEED_ACTIONS, resolveSeedConfig } from "./seed";

/** The reference tool spelled its flags `-con` and `-act`; accept them for muscle memory. */
function normalizeArgv(argv: readonly string[]): string[] {
    return argv.map((arg) => (arg === "-con" ? "--config" : arg === "-act" ? "--action" : arg));
}

function common(command: Command): Command {
    return command
        .option("--json", "print machine-readable JSON instead of text")
        .addOption(new Option("--scenarios-dir <dir>", "read scenarios from this directory instead of the bundled catalog"));
}

async function runSeed(options: { config?: string; action?: string } & CommonOptions, io: Io): Promise<number> {
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
    return action.command === "plan" ? planCommand(resolved.file, options, io) : validateCommand(resolved.file, options, io);
}

/** Builds the CLI; every action stores its exit code instead of exiting, so tests can drive it. */
export function buildCli(io: Io, setExit: (code: number) => void): Command {
    const program = new Command("sg-provisioner")
        .description("Tiered AWS security groups for Pulumi: validate a config, plan it offline, deploy with pulumi up.")
        .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) })
        .exitOverride()
        .option("--config <name>", "seed-compatible form: a config file name inside configs/")
        .option("--action <action>", `seed-compatible form: one of ${Object.keys(SEED_ACTIONS).join(", ")}`)
        .enablePositionalOptions()
        .showHelpAfterError();
    common(program).action(async (options) => setExit(await runSeed(options, io)));
    common(program.command("validate-config").argument("<config>", "path to the config YAML").description("validate a config and its scenario; never loads the Pulumi SDK"))
        .action((file: string, options: CommonOptions) => setExit(validateCommand(file, options, io)));
    common(program.command("plan").argument("<config>", "path to the config YAML").description("validate, then show what pulumi up would create, using Pulumi's offline mock engine"))
        .action(async (file: string, options: CommonOptions) => setExit(await planCommand(file, options, io)));
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
