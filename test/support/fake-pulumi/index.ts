// A stand-in Pulumi CLI for tests that drive the Automation API: `fakePulumi()` gives a fresh state
// directory and the environment that puts ./pulumi first on PATH, so `PulumiCommand.get()` finds it.
// The test scripts what preview/up/refresh/destroy do (engine events, output, exit code, the stack's
// outputs and resources afterwards) and reads back every call the CLI received and the state it left.
import * as fs from "node:fs";
import * as path from "node:path";
import type { OutputMap } from "@pulumi/pulumi/automation";
import { tempDir } from "../temp";
import type { FakeSummaryEvent, ScriptedEvent } from "./events";

export * from "./events";

/** The fake's executable: a Node script, `pulumi` in this directory. */
export const FAKE_PULUMI_BIN = path.join(__dirname, "pulumi");

/** What a script can describe: preview, up, refresh (--yes), refresh --preview-only, destroy (--yes), destroy --preview-only. */
export type OperationName = "preview" | "up" | "refresh" | "refresh-preview" | "destroy" | "destroy-preview";

/** A resource in a stack's state; `pulumi stack export` writes each as a ResourceV3. */
export interface FakeResource {
    urn: string;
    type: string;
    /** "" for a component or the stack. */
    id: string;
    /** Managed by a provider; default: it has an id (components and the stack have none). */
    custom?: boolean;
    parent?: string;
    /** The provider reference, `<provider urn>::<provider id>`. */
    provider?: string;
    /** As the state holds them; the fake encrypts nothing, so `stack export` writes them as given, with or without --show-secrets. */
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
}

export interface ScriptedOperation {
    /** The engine events between the prelude and the summary, in order (the fake adds those two, the cancelEvent, and a policyLoadEvent per --policy-pack, unless given here). */
    events?: ScriptedEvent[];
    /** The whole of stdout; default the CLI's header line, e.g. "Updating (dev):". */
    stdout?: string;
    /** Default empty. */
    stderr?: string;
    /** Default 0. A failed update exits 1 in 3.248.0 (ExitCodeError); the summary then says "failed". */
    exitCode?: number;
    /** The stack's outputs after a successful up (default unchanged) or destroy (default none). */
    outputs?: OutputMap;
    /** The stack's resources after a successful up, refresh or destroy; default: the successful steps in `events` applied, each resource as its step's final state has it (custom, parent, provider, inputs, outputs). */
    resources?: FakeResource[];
    /** Summary fields to override; the rest is counted from `events`. */
    summary?: Partial<FakeSummaryEvent>;
    /** Name and version of each --policy-pack, in order, for the summary: the fake runs no pack, so it cannot read them. Default: the directory's name, "". */
    policyPacks?: { name: string; version: string }[];
}

/** Per operation, one run's script, or successive runs' in a list (its last entry repeating). An operation not scripted streams no steps and succeeds. */
export type Script = Partial<Record<OperationName, ScriptedOperation | ScriptedOperation[]>>;

/** One invocation of the fake. `env` holds the values of PULUMI_BACKEND_URL, PULUMI_HOME, AWS_REGION and the like, and "[set]" for any other PULUMI_ or AWS_ variable (PULUMI_CONFIG_PASSPHRASE, credentials): present or not, never the value. */
export interface Call {
    argv: string[];
    cwd: string;
    env: Record<string, string>;
    exitCode: number;
}

/** An update, refresh or destroy, as `pulumi stack history --json` reports it (times in Unix seconds here). */
export interface HistoryEntry {
    version: number;
    kind: "update" | "refresh" | "destroy";
    startTime: number;
    endTime: number;
    message: string;
    environment: Record<string, string>;
    /** The config the run used, as Pulumi.<stack>.yaml holds it (secrets as `{ secure }`), project defaults merged in. */
    config: Record<string, unknown>;
    result: "succeeded" | "failed";
    resourceChanges: Record<string, number>;
}

export interface StackState {
    name: string;
    project: string;
    projectDir: string;
    selected: boolean;
    secretsProvider: string;
    /** A copy of the config in Pulumi.<stack>.yaml as of the fake's last call (the file is what the fake reads). */
    config: Record<string, unknown>;
    outputs: OutputMap;
    resources: FakeResource[];
    history: HistoryEntry[];
    /** Set by the first update, refresh or destroy. */
    lastUpdate?: string;
}

export interface State {
    stacks: Record<string, StackState>;
    /** How many times each operation has run, which picks the entry of a scripted list. */
    operationRuns: Partial<Record<OperationName, number>>;
}

export interface FakePulumiOptions {
    script?: Script;
    /** The version `pulumi version` reports; default 3.248.0. Before 3.206 the Automation API tails a file event log instead of serving gRPC. */
    version?: string;
}

export interface FakePulumi {
    /** $FAKE_PULUMI_DIR: state.json, script.json, calls.jsonl. */
    readonly dir: string;
    /** PATH with the fake first, FAKE_PULUMI_DIR, and FAKE_PULUMI_VERSION when given: merge into process.env for the run. */
    readonly env: Record<string, string>;
    calls(): Call[];
    state(): State;
    setScript(script: Script): void;
    /** Runs `run` with `env` merged into process.env, and puts process.env back as it was afterwards. */
    withEnv<T>(run: () => Promise<T>): Promise<T>;
}

export function fakePulumi(options: FakePulumiOptions = {}): FakePulumi {
    fs.accessSync(FAKE_PULUMI_BIN, fs.constants.X_OK);
    const dir = tempDir("fake-pulumi-");
    const env: Record<string, string> = {
        PATH: `${path.dirname(FAKE_PULUMI_BIN)}${path.delimiter}${process.env.PATH ?? ""}`,
        FAKE_PULUMI_DIR: dir,
        ...(options.version ? { FAKE_PULUMI_VERSION: options.version } : {}),
    };
    const setScript = (script: Script) => fs.writeFileSync(path.join(dir, "script.json"), `${JSON.stringify(script, null, 2)}\n`);
    setScript(options.script ?? {});
    return {
        dir,
        env,
        calls: () => readLines(path.join(dir, "calls.jsonl")) as Call[],
        state: () => readState(path.join(dir, "state.json")),
        setScript,
        withEnv: (run) => withProcessEnv(env, run),
    };
}

function readLines(file: string): unknown[] {
    if (!fs.existsSync(file)) return [];
    return fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line));
}

function readState(file: string): State {
    if (!fs.existsSync(file)) return { stacks: {}, operationRuns: {} };
    return JSON.parse(fs.readFileSync(file, "utf8")) as State;
}

/** Sets `env` on process.env for `run`, then restores each variable, deleting those that were unset. */
export async function withProcessEnv<T>(env: Record<string, string>, run: () => Promise<T>): Promise<T> {
    const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    Object.assign(process.env, env);
    try {
        return await run();
    } finally {
        for (const [name, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
    }
}
