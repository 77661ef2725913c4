import * as grpc from "@grpc/grpc-js";
import * as fs from "node:fs";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import { TestEngine } from "./engine";
import { PluginProcess, call, startPluginProcess, stopPluginProcess } from "./plugin-process";

export interface ConstructOptions {
    readonly type?: string;
    readonly name: string;
    readonly inputs: Record<string, unknown>;
    /** URNs each input depends on: a value another resource computes, sent as an output value when the provider accepts them. */
    readonly inputDependencies?: Record<string, string[]>;
}

/** The wire form of an output value (the SDK's specialSigKey and specialOutputValueSig). */
function outputValue(value: unknown, dependencies: readonly string[]): Record<string, unknown> {
    return { "4dabf18193072939515e22adb298388d": "d0e6a833031e9bbcd3f4e8bde6ca49a4", value, dependencies: [...dependencies] };
}

/**
 * A component package started as the CLI starts a `PulumiPlugin.yaml` package written for Node.js
 * (`pulumi package add`, or a `packages:` entry): `node <@pulumi/pulumi/cmd/run-plugin> <package dir>
 * <engine address>`, resolved from the package and run from the consumer's folder, with the
 * runtime's default `typescript` option. Driven over the ResourceProvider protocol.
 */
export class ProviderPlugin {
    private constructor(
        private readonly plugin: PluginProcess,
        private readonly client: providerRpc.ResourceProviderClient,
        readonly engine: TestEngine,
        private readonly acceptsOutputs: boolean,
    ) {}

    get stderr(): string[] {
        return this.plugin.stderr;
    }

    static async start(packageDir: string, consumerDir: string, engine: TestEngine): Promise<ProviderPlugin> {
        const runner = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [fs.realpathSync(packageDir)] });
        const env = { ...process.env, PULUMI_NODEJS_TYPESCRIPT: "true" };
        const plugin = await startPluginProcess([runner, packageDir, engine.engineAddress], consumerDir, env);
        const client = new providerRpc.ResourceProviderClient(`127.0.0.1:${plugin.port}`, grpc.credentials.createInsecure());
        // The engine configures every provider before its first call, and learns whether it takes output values.
        const configure = new providerProto.ConfigureRequest().setAcceptsecrets(true).setAcceptresources(true).setArgs(Struct.fromJavaScript({}));
        const configured = await call<providerProto.ConfigureRequest, providerProto.ConfigureResponse>(client.configure.bind(client), configure);
        return new ProviderPlugin(plugin, client, engine, configured.getAcceptoutputs());
    }

    async schema(): Promise<Record<string, unknown>> {
        const response = await call<providerProto.GetSchemaRequest, providerProto.GetSchemaResponse>(this.client.getSchema.bind(this.client), new providerProto.GetSchemaRequest());
        return JSON.parse(response.getSchema()) as Record<string, unknown>;
    }

    /** What the engine sends for a component resource the program registers with `remote: true`, parented to the stack. */
    async construct(options: ConstructOptions): Promise<{ urn: string; state: Record<string, unknown> }> {
        const { project, stack, dryRun } = this.engine.options;
        const request = new providerProto.ConstructRequest();
        request.setProject(project);
        request.setStack(stack);
        request.setOrganization("organization");
        request.setDryrun(dryRun);
        request.setParallel(16);
        request.setMonitorendpoint(this.engine.monitorAddress);
        request.setType(options.type ?? "sg-provisioner:index:TieredSecurityGroups");
        request.setName(options.name);
        request.setParent(this.engine.urnOf("pulumi:pulumi:Stack", `${project}-${stack}`));
        const dependencies = options.inputDependencies ?? {};
        const inputs = Object.fromEntries(
            Object.entries(options.inputs).map(([key, value]) => [key, dependencies[key] && this.acceptsOutputs ? outputValue(value, dependencies[key]) : value]),
        );
        request.setInputs(Struct.fromJavaScript(inputs as Record<string, never>));
        request.setAcceptsOutputValues(this.acceptsOutputs);
        for (const [key, urns] of Object.entries(dependencies)) {
            request.getInputdependenciesMap().set(key, new providerProto.ConstructRequest.PropertyDependencies().setUrnsList(urns));
        }
        const response = await call<providerProto.ConstructRequest, providerProto.ConstructResponse>(this.client.construct.bind(this.client), request);
        return { urn: response.getUrn(), state: (response.getState()?.toJavaScript() ?? {}) as Record<string, unknown> };
    }

    async stop(): Promise<void> {
        this.client.close();
        await stopPluginProcess(this.plugin);
    }
}
