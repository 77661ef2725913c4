import { strict as assert } from "node:assert";
import * as grpc from "@grpc/grpc-js";
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import * as fs from "node:fs";
import * as path from "node:path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { staleSources } from "../../policypack/src/build-check";
import { REPO } from "./config";
import { TestEngine, urnOf as engineUrnOf } from "./engine";
import { PluginProcess, call, startPluginProcess, stopPluginProcess } from "./plugin-process";

export const PACK_DIR = path.join(REPO, "policypack");

/**
 * The pack's compiled entry point, the file its package.json `main` names, which the CLI's runner
 * loads when it requires the pack's folder. Fails, saying to build, when `main` is missing or when
 * a source has no compiled file at least as new as itself (the pack's own check, which also stops
 * the pack itself from starting): the tests would otherwise judge an older build, or nothing.
 */
export function compiledPack(packDir = PACK_DIR): string {
    const { main } = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as { main?: string };
    if (!main) throw new Error(`${path.join(packDir, "package.json")} names no \`main\`: the CLI's runner would load index.ts through ts-node, type-checking it at every start`);
    const entry = path.join(packDir, main);
    const stale = fs.existsSync(entry) ? staleSources(packDir, path.dirname(entry)) : [];
    if (!fs.existsSync(entry) || stale.length > 0) {
        const which = fs.existsSync(entry) ? `${stale.join(", ")} changed since it was built` : `${path.relative(packDir, entry)} does not exist`;
        throw new Error(
            `The policy pack in ${packDir} is not built (${which}). The CLI runs its compiled JavaScript (package.json \`main\`): run \`npm run build\` at the repository root.`,
        );
    }
    return entry;
}

export type Level = "advisory" | "mandatory" | "disabled" | "remediate";

const LEVELS: Record<number, Level> = {
    [analyzer.EnforcementLevel.ADVISORY]: "advisory",
    [analyzer.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzer.EnforcementLevel.DISABLED]: "disabled",
    [analyzer.EnforcementLevel.REMEDIATE]: "remediate",
};

const LEVEL_CODES: Record<Level, number> = {
    advisory: analyzer.EnforcementLevel.ADVISORY,
    mandatory: analyzer.EnforcementLevel.MANDATORY,
    disabled: analyzer.EnforcementLevel.DISABLED,
    remediate: analyzer.EnforcementLevel.REMEDIATE,
};

/** A resource as the engine describes it to an analyzer. */
export interface StackResource {
    readonly type: string;
    readonly name: string;
    readonly props: Record<string, unknown>;
    readonly urn?: string;
    readonly parent?: string;
    readonly dependencies?: readonly string[];
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

export interface Diagnostic {
    readonly policyName: string;
    readonly enforcementLevel: Level;
    readonly message: string;
    readonly urn: string;
}

export interface PolicyInfo {
    readonly name: string;
    readonly enforcementLevel: Level;
    readonly configSchema?: Record<string, unknown>;
}

/** The URN of a top-level resource in the stack the pack's tests describe. */
export function urnOf(type: string, name: string): string {
    return engineUrnOf("test", "sg-provisioner", type, name);
}

function options(parent?: string): analyzer.AnalyzerResourceOptions {
    const opts = new analyzer.AnalyzerResourceOptions();
    if (parent) opts.setParent(parent);
    return opts;
}

function toResource(resource: StackResource): analyzer.AnalyzerResource {
    const message = new analyzer.AnalyzerResource();
    message.setType(resource.type);
    message.setName(resource.name);
    message.setUrn(resource.urn ?? urnOf(resource.type, resource.name));
    // JSON has no undefined; a property left undefined is simply absent, as the engine sends it.
    message.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(resource.props)) as Record<string, never>));
    message.setOptions(options(resource.parent));
    if (resource.parent) message.setParent(resource.parent);
    message.setDependenciesList([...(resource.dependencies ?? [])]);
    for (const [property, urns] of Object.entries(resource.propertyDependencies ?? {})) {
        const dependencies = new analyzer.AnalyzerPropertyDependencies();
        dependencies.setUrnsList([...urns]);
        message.getPropertydependenciesMap().set(property, dependencies);
    }
    return message;
}

function toDiagnostics(response: analyzer.AnalyzeResponse): Diagnostic[] {
    return response.getDiagnosticsList().map((diagnostic) => ({
        policyName: diagnostic.getPolicyname(),
        enforcementLevel: LEVELS[diagnostic.getEnforcementlevel()],
        message: diagnostic.getMessage(),
        urn: diagnostic.getUrn(),
    }));
}

/**
 * The policy pack, started exactly as the Pulumi CLI starts a Node.js pack
 * (`node <@pulumi/pulumi/cmd/run-policy-pack> <engine-address> <pack-dir>`, in the pack's folder),
 * and driven over the Analyzer gRPC protocol. The runner requires the pack's folder, so it runs
 * the compiled JavaScript that package.json `main` names (see {@link compiledPack}); it still
 * registers ts-node, whatever the runtime options, but has no TypeScript left to compile.
 */
export class PolicyPackProcess {
    private constructor(
        private readonly plugin: PluginProcess,
        private readonly client: analyzerRpc.AnalyzerClient,
        private readonly engine: TestEngine,
    ) {}

    get stderr(): string[] {
        return this.plugin.stderr;
    }

    /** The pack process's ID (for the benchmark, which reads its CPU time and memory). */
    get pid(): number {
        const pid = this.plugin.child.pid;
        if (pid === undefined) throw new Error("the policy pack process has no ID: it did not start");
        return pid;
    }

    static async start(packDir = PACK_DIR): Promise<PolicyPackProcess> {
        compiledPack(packDir);
        const engine = await TestEngine.start({ project: "sg-provisioner", stack: "test", dryRun: true });
        // As the language host's RunPlugin starts an analyzer: the runner resolved from the pack,
        // the pack's folder as working directory, and the stack's identity and config from the
        // engine (PulumiPolicy.yaml sets no runtime options, so `typescript` is the default, true).
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
        const env = {
            ...process.env,
            PULUMI_NODEJS_TYPESCRIPT: "true",
            PULUMI_NODEJS_ORGANIZATION: "organization",
            PULUMI_NODEJS_PROJECT: engine.options.project,
            PULUMI_NODEJS_STACK: engine.options.stack,
            PULUMI_NODEJS_DRY_RUN: String(engine.options.dryRun),
            PULUMI_CONFIG: "{}",
        };
        const plugin = await startPluginProcess([runner, engine.engineAddress, packDir], packDir, env);
        const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${plugin.port}`, grpc.credentials.createInsecure());
        return new PolicyPackProcess(plugin, client, engine);
    }

    private analyzerInfo?: Promise<{ name: string; version: string; policies: PolicyInfo[] }>;

    /** GetAnalyzerInfo, asked once per process: the CLI's analyzer plugin caches the answer too (`analyzer.info`). */
    info(): Promise<{ name: string; version: string; policies: PolicyInfo[] }> {
        this.analyzerInfo ??= this.askInfo();
        return this.analyzerInfo;
    }

    private async askInfo(): Promise<{ name: string; version: string; policies: PolicyInfo[] }> {
        const response = await call<Empty, analyzer.AnalyzerInfo>(this.client.getAnalyzerInfo.bind(this.client), new Empty());
        return {
            name: response.getName(),
            version: response.getVersion(),
            policies: response.getPoliciesList().map((policy) => ({
                name: policy.getName(),
                enforcementLevel: LEVELS[policy.getEnforcementlevel()],
                configSchema: policy.getConfigschema()?.getProperties()?.toJavaScript() as Record<string, unknown> | undefined,
            })),
        };
    }

    /**
     * What `pulumi preview --policy-pack-config` sends, reconciled as the CLI does
     * (ReconcilePolicyPackConfig): every policy of the pack, with the defaults of its config schema
     * and its declared level, then the given config on top.
     */
    async configure(config: Record<string, { enforcementLevel?: Level } & Record<string, unknown>>): Promise<void> {
        const request = new analyzer.ConfigureAnalyzerRequest();
        for (const policy of (await this.info()).policies) {
            const { enforcementLevel, ...given } = config[policy.name] ?? {};
            const defaults = Object.fromEntries(Object.entries(policy.configSchema ?? {}).map(([key, schema]) => [key, (schema as { default?: unknown }).default]));
            const entry = new analyzer.PolicyConfig();
            entry.setEnforcementlevel(LEVEL_CODES[enforcementLevel ?? policy.enforcementLevel]);
            entry.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify({ ...defaults, ...given })) as Record<string, never>));
            request.getPolicyconfigMap().set(policy.name, entry);
        }
        await call(this.client.configure.bind(this.client), request);
    }

    async analyze(resource: StackResource): Promise<Diagnostic[]> {
        const source = toResource(resource);
        const request = new analyzer.AnalyzeRequest();
        request.setType(source.getType());
        request.setName(source.getName());
        request.setUrn(source.getUrn());
        request.setProperties(source.getProperties());
        request.setOptions(source.getOptions());
        return toDiagnostics(await call(this.client.analyze.bind(this.client), request));
    }

    async analyzeStack(resources: readonly StackResource[]): Promise<Diagnostic[]> {
        const request = new analyzer.AnalyzeStackRequest();
        request.setResourcesList(resources.map(toResource));
        return toDiagnostics(await call(this.client.analyzeStack.bind(this.client), request));
    }

    /** Resource policies on each resource, then stack policies on all: what one `pulumi preview` runs. */
    async preview(resources: readonly StackResource[]): Promise<Diagnostic[]> {
        const perResource = [];
        for (const resource of resources) perResource.push(...(await this.analyze(resource)));
        return [...perResource, ...(await this.analyzeStack(resources))];
    }

    async stop(): Promise<void> {
        this.client.close();
        await stopPluginProcess(this.plugin);
        await this.engine.stop();
    }
}

/** A `--policy-pack-config` file: each policy's enforcement level and settings. */
export type PackConfig = Record<string, { enforcementLevel?: Level } & Record<string, unknown>>;

const ajv = new Ajv({ strict: false, allErrors: true });

/**
 * Compiled validators by the text of the schema they check. Ajv caches by schema object, and each
 * GetAnalyzerInfo answer is a new one; compiling ten schemas again for every pack started would
 * charge this process's JavaScript to the pack the benchmark measures, where the CLI's Go
 * validation costs next to nothing.
 */
const configValidators = new Map<string, ValidateFunction>();

function policyConfigValidator(properties: Record<string, unknown>): ValidateFunction {
    const schema = {
        type: "object",
        properties: { ...properties, enforcementLevel: { type: "string", enum: ["advisory", "mandatory", "remediate", "disabled"] } },
    };
    const key = JSON.stringify(schema);
    let validate = configValidators.get(key);
    if (!validate) {
        validate = ajv.compile(schema);
        configValidators.set(key, validate);
    }
    return validate;
}

/** An Ajv error as the CLI prints a gojsonschema one: the path with dots, `(root)` left out. */
function cliError(error: ErrorObject): string {
    const field = error.instancePath.slice(1).split("/").join(".");
    return field ? `${field}: ${error.message}` : (error.message ?? "");
}

/**
 * The Pulumi CLI's configure step (installAndLoadPolicyPlugins): GetAnalyzerInfo, each policy's
 * config reconciled with its schema's defaults, validated against `{type: object, properties,
 * required}` with `enforcementLevel` added, and only then Configure. Any error stops the
 * operation, one line per error. The CLI validates with gojsonschema; here Ajv checks the same
 * schema, so the lines carry Ajv's wording.
 */
export async function configureAsTheCli(pack: PolicyPackProcess, config: PackConfig): Promise<void> {
    const info = await pack.info();
    const errors: string[] = [];
    for (const policy of [...info.policies].sort((a, b) => a.name.localeCompare(b.name))) {
        const { enforcementLevel: _level, ...given } = config[policy.name] ?? {};
        const properties = policy.configSchema ?? {};
        const defaults = Object.fromEntries(Object.entries(properties).map(([key, schema]) => [key, (schema as { default?: unknown }).default]));
        const validate = policyConfigValidator(properties);
        if (validate(JSON.parse(JSON.stringify({ ...defaults, ...given })))) continue;
        for (const error of validate.errors ?? []) errors.push(`validating policy config: ${info.name} ${info.version}  ${policy.name}: ${cliError(error)}`);
    }
    if (errors.length > 0) throw new Error(errors.join("\n"));
    await pack.configure(config);
}

/**
 * The pack for the enclosing `describe`, started once as the CLI starts it; before each test it is
 * configured as the CLI configures it, with the defaults (Configure replaces the whole config), and
 * a test after which it wrote to standard error fails. `use` receives the running pack.
 */
export function packForSuite(use: (pack: PolicyPackProcess) => void): void {
    let pack: PolicyPackProcess | undefined;
    before(async () => {
        pack = await PolicyPackProcess.start();
        use(pack);
    });
    after(async () => {
        await pack?.stop();
    });
    beforeEach(async () => configureAsTheCli(pack as PolicyPackProcess, {}));
    afterEach(() => assert.equal((pack as PolicyPackProcess).stderr.join(""), "", "the pack wrote to stderr"));
}
