import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { REPO } from "./config";
import { EngineOptions, TestEngine } from "./engine";
import { sortKeys } from "./sorted-json";
import { tempDir } from "./temp";

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
    /** Variables added to the environment the program inherits. */
    readonly env?: NodeJS.ProcessEnv;
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

type Declaration = { type?: string; default?: unknown } | string | number | boolean;

/** The CLI's type check of a declared key's value (pkg/workspace ValidateConfigValue). */
function hasDeclaredType(type: string | undefined, value: unknown): boolean {
    switch (type) {
        case "string":
            return typeof value === "string";
        case "integer":
            return Number.isInteger(typeof value === "string" ? Number(value) : value);
        case "boolean":
            return typeof value === "boolean" || value === "true" || value === "false";
        case "object":
            return value !== null && typeof value === "object" && !Array.isArray(value);
        case "array":
            return Array.isArray(value);
        default:
            return true;
    }
}

/**
 * The stack's config as the CLI hands it to the program: the settings file's `config`, then the
 * project's declared defaults for keys the stack lacks. A declared key with no default that the
 * stack lacks, or a value of another type than declared, stops the CLI before the program runs.
 */
export function stackConfig(root: string, project: ProjectFile, stack: string, overrides: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const settingsFile = path.join(root, `Pulumi.${stack}.yaml`);
    const settings = fs.existsSync(settingsFile) ? ((parse(fs.readFileSync(settingsFile, "utf8")) as { config?: Record<string, unknown> } | null)?.config ?? {}) : {};
    const config: Record<string, unknown> = { ...settings, ...overrides };
    const missing: string[] = [];
    for (const [declared, declaration] of Object.entries(project.config ?? {}) as [string, Declaration][]) {
        const key = declared.includes(":") ? declared : `${project.name}:${declared}`;
        const type = typeof declaration === "object" ? declaration.type : undefined;
        if (key in config) {
            if (!hasDeclaredType(type, config[key])) throw new Error(`Stack '${stack}' with configuration key '${declared}' must be of type '${type}'`);
            continue;
        }
        // A declaration that is a plain value is its default.
        const hasDefault = typeof declaration !== "object" || declaration.default !== undefined;
        if (hasDefault) config[key] = typeof declaration === "object" ? declaration.default : declaration;
        else if (key.startsWith(`${project.name}:`)) missing.push(key.slice(project.name.length + 1));
    }
    if (missing.length > 0) throw new Error(`Stack '${stack}' is missing configuration value '${missing.join("', '")}'`);
    return config;
}

/** PULUMI_CONFIG as the language host writes it: keys `namespace:config:name`, values as strings, structured ones as JSON with sorted keys. */
export function configEnvironment(config: Readonly<Record<string, unknown>>): string {
    const entries = Object.entries(config).map(([key, value]) => {
        const split = key.indexOf(":");
        return [`${key.slice(0, split)}:config:${key.slice(split + 1)}`, typeof value === "string" ? value : JSON.stringify(sortKeys(value))];
    });
    return JSON.stringify(Object.fromEntries(entries));
}

/**
 * A project root in a temporary folder, as a checkout with a stack would be: the repository's
 * Pulumi.yaml, links to the folders the program needs, and the stack's settings file when given.
 * Tests never read or write stack files in the checkout, where a developer may keep real ones.
 */
export function tempProject(options: { settings?: Record<string, unknown>; stack?: string; links?: readonly string[] } = {}): string {
    const root = tempDir("sgp-project-");
    fs.copyFileSync(path.join(REPO, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
    for (const link of options.links ?? ["program", "examples"]) fs.symlinkSync(path.join(REPO, link), path.join(root, link));
    if (options.settings) fs.writeFileSync(path.join(root, `Pulumi.${options.stack ?? "dev"}.yaml`), stringify({ config: options.settings }));
    return root;
}

/**
 * Runs a Pulumi program as `pulumi-language-nodejs` does: `node <@pulumi/pulumi/cmd/run>` resolved
 * from the program directory, with the CLI's arguments (`--monitor --engine --organization --project
 * --root-directory --stack --pwd [--dry-run] --parallel <entry>`), the environment plus
 * PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS and the runtime options' variables, against an in-test
 * engine. One argument is left out: `--sync <dir>`, the named pipes that serve only the SDK's
 * deprecated synchronous invokes, which neither the program nor @pulumi/aws 7 makes.
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
        ...process.env,
        ...options.env,
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
