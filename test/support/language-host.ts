import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { EngineOptions, TestEngine } from "./engine";

/** The parts of a Pulumi.yaml that decide how the Node.js language host launches the program. */
interface ProjectFile {
    name: string;
    main?: string;
    runtime: string | { name: string; options?: { typescript?: boolean; tsconfig?: string; nodeargs?: string } };
    config?: Record<string, { type?: string; default?: unknown } | string | number | boolean>;
}

export interface ProgramRun {
    readonly engine: TestEngine;
    readonly exitCode: number | null;
    readonly stdout: string;
    readonly stderr: string;
    readonly seconds: number;
}

export interface RunOptions {
    /** The directory holding Pulumi.yaml. */
    readonly root: string;
    readonly stack?: string;
    readonly organization?: string;
    readonly preview?: boolean;
    /**
     * Stack config by key (`project:key`, `aws:region`), over what `Pulumi.<stack>.yaml` in the root
     * holds, as `pulumi config set` would leave it. Objects are passed as JSON, as the CLI does.
     */
    readonly config?: Readonly<Record<string, unknown>>;
    readonly secretKeys?: readonly string[];
    /** The directory `pulumi` is run from; the language host ignores it, and so must the program. */
    readonly cwd?: string;
    readonly parameters?: EngineOptions["parameters"];
    readonly parallel?: number;
}

/**
 * The engine's getPwdMain: a `main` directory becomes the working directory and the entry point is
 * `.`; a `main` file runs from its own directory; no `main` runs the root.
 */
export function pwdAndMain(root: string, main: string | undefined): { pwd: string; entry: string } {
    if (!main) return { pwd: root, entry: "." };
    const resolved = path.resolve(root, main);
    return fs.statSync(resolved).isDirectory() ? { pwd: resolved, entry: "." } : { pwd: path.dirname(resolved), entry: path.basename(resolved) };
}

/**
 * The stack's config as the CLI hands it to the program: the settings file's `config`, then the
 * project's declared defaults for keys the stack lacks. A declared key with no default that the
 * stack lacks stops the CLI before the program runs ("Stack 'dev' is missing configuration value").
 */
export function stackConfig(root: string, project: ProjectFile, stack: string, overrides: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const settingsFile = path.join(root, `Pulumi.${stack}.yaml`);
    const settings = fs.existsSync(settingsFile) ? ((parse(fs.readFileSync(settingsFile, "utf8")) as { config?: Record<string, unknown> } | null)?.config ?? {}) : {};
    const config: Record<string, unknown> = { ...settings, ...overrides };
    const missing: string[] = [];
    for (const [declared, declaration] of Object.entries(project.config ?? {})) {
        const key = declared.includes(":") ? declared : `${project.name}:${declared}`;
        if (key in config) continue;
        // A declaration that is a plain value is its default.
        const hasDefault = typeof declaration !== "object" || declaration.default !== undefined;
        if (!hasDefault && key.startsWith(`${project.name}:`)) missing.push(key.slice(project.name.length + 1));
        else if (hasDefault) config[key] = typeof declaration === "object" ? declaration.default : declaration;
    }
    if (missing.length > 0) throw new Error(`Stack '${stack}' is missing configuration value '${missing.join("', '")}'`);
    return config;
}

/** PULUMI_CONFIG as the language host writes it: keys `namespace:config:name`, values as strings. */
export function configEnvironment(config: Readonly<Record<string, unknown>>): string {
    const entries = Object.entries(config).map(([key, value]) => {
        const split = key.indexOf(":");
        return [`${key.slice(0, split)}:config:${key.slice(split + 1)}`, typeof value === "string" ? value : JSON.stringify(value)];
    });
    return JSON.stringify(Object.fromEntries(entries));
}

/**
 * Runs a Pulumi program exactly as `pulumi-language-nodejs` does: `node <@pulumi/pulumi/cmd/run>`
 * resolved from the program directory, with the CLI's arguments (`--monitor --engine --organization
 * --project --root-directory --stack --pwd [--dry-run] --parallel <entry>`), PULUMI_CONFIG,
 * PULUMI_CONFIG_SECRET_KEYS and the runtime options' environment, against an in-test engine.
 */
export async function runProgram(options: RunOptions): Promise<ProgramRun> {
    const project = parse(fs.readFileSync(path.join(options.root, "Pulumi.yaml"), "utf8")) as ProjectFile;
    const runtimeOptions = typeof project.runtime === "string" ? {} : (project.runtime.options ?? {});
    const stack = options.stack ?? "dev";
    const config = stackConfig(options.root, project, stack, options.config ?? {});
    const engine = await TestEngine.start({ project: project.name, stack, dryRun: options.preview ?? false, parameters: options.parameters });
    const { pwd, entry } = pwdAndMain(options.root, project.main);
    // The language host resolves it from the program directory, as a process started there sees it.
    const runner = require.resolve("@pulumi/pulumi/cmd/run", { paths: [fs.realpathSync(pwd)] });
    const args = [
        runner,
        ...["--monitor", engine.monitorAddress, "--engine", engine.engineAddress],
        ...["--organization", options.organization ?? "organization", "--project", project.name, "--root-directory", options.root, "--stack", stack],
        ...["--pwd", pwd],
        ...(options.preview ? ["--dry-run"] : []),
        ...["--parallel", String(options.parallel ?? 16)],
        entry,
    ];
    const env: NodeJS.ProcessEnv = {
        ...withoutPulumiVariables(process.env),
        PULUMI_CONFIG: configEnvironment(config),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(options.secretKeys ?? []),
    };
    // The language host's default for `typescript` is true.
    if (runtimeOptions.typescript ?? true) env.PULUMI_NODEJS_TYPESCRIPT = "true";
    if (runtimeOptions.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = runtimeOptions.tsconfig;
    if (runtimeOptions.nodeargs) throw new Error("runtime option nodeargs is not supported by this harness");
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: options.cwd ?? options.root, env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: string[] = [];
    const stderr: string[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
    await engine.stop();
    return { engine, exitCode, stdout: stdout.join(""), stderr: stderr.join(""), seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** The test runner's own PULUMI_* settings (from setMocks in other tests) must not leak into the child. */
function withoutPulumiVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith("PULUMI_")));
}
