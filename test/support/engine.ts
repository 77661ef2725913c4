import * as grpc from "@grpc/grpc-js";
import { createHash } from "node:crypto";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as engineRpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineProto from "@pulumi/pulumi/proto/engine_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import * as resourceRpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resourceProto from "@pulumi/pulumi/proto/resource_pb";

/** The wire protocol's marker for a value unknown during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const STACK_TYPE = "pulumi:pulumi:Stack";

/** One RegisterResource call, as the engine received it. */
export interface Registration {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly custom: boolean;
    readonly parent: string;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly inputs: Readonly<Record<string, unknown>>;
}

export interface LogEntry {
    readonly severity: "debug" | "info" | "warning" | "error";
    readonly message: string;
    readonly urn: string;
}

export interface EngineOptions {
    readonly project: string;
    readonly stack: string;
    readonly dryRun: boolean;
    /** SSM parameters the `aws:ssm/getParameter` invoke finds, by name. */
    readonly parameters?: Readonly<Record<string, string>>;
}

const SEVERITIES: Record<number, LogEntry["severity"]> = {
    [engineProto.LogSeverity.DEBUG]: "debug",
    [engineProto.LogSeverity.INFO]: "info",
    [engineProto.LogSeverity.WARNING]: "warning",
    [engineProto.LogSeverity.ERROR]: "error",
};

/**
 * The features the engine reports (pkg/resource/deploy/source_eval.go, supportsFeatureID); the SDK
 * asks before using each. This engine serves none of the RPCs behind transforms, hooks or package
 * registration: a program that used them would fail here, loudly.
 */
const FEATURES = new Set([
    "secrets",
    "resourceReferences",
    "outputValues",
    "aliasSpecs",
    "replacementTrigger",
    "deletedWith",
    "replaceWith",
    "transforms",
    "invokeTransforms",
    "parameterization",
    "resourceHooks",
    "errorHooks",
    "sendsOptionsToHooks",
]);

/** A URN as the engine builds it: the parent's qualified type joins the child's, except the stack's. */
export function urnOf(stack: string, project: string, type: string, name: string, parent = ""): string {
    const parentType = parent ? parent.split("::")[2] : STACK_TYPE;
    const qualified = parentType === STACK_TYPE ? type : `${parentType}$${type}`;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

const GET_PARAMETER = "aws:ssm/getParameter:getParameter";

function hex(text: string, length: number): string {
    return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/**
 * What AWS returns for the outputs we read, made up deterministically from the URN so that two runs
 * of the same program agree. During preview these are unknown, as the provider reports them.
 */
function computedOutputs(type: string, urn: string, inputs: Record<string, unknown>): { id: string; outputs: Record<string, unknown> } {
    switch (type) {
        case "aws:ec2/securityGroup:SecurityGroup": {
            const id = `sg-${hex(urn, 17)}`;
            return { id, outputs: { name: inputs.name ?? `${inputs.namePrefix}${hex(`${urn}/name`, 26)}`, arn: `arn:aws:ec2:::security-group/${id}` } };
        }
        case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
        case "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
            const id = `sgr-${hex(urn, 17)}`;
            return { id, outputs: { securityGroupRuleId: id, arn: `arn:aws:ec2:::security-group-rule/${id}` } };
        }
        case "aws:ssm/parameter:Parameter":
            return { id: String(inputs.name), outputs: { arn: `arn:aws:ssm:::parameter${inputs.name}` } };
        default:
            return { id: `${hex(urn, 12)}`, outputs: {} };
    }
}

type Unary<Request, Response> = (call: grpc.ServerUnaryCall<Request, Response>, callback: grpc.sendUnaryData<Response>) => void;

function unary<Request, Response>(handler: (request: Request) => Response | Promise<Response>): Unary<Request, Response> {
    return (call, callback) => {
        Promise.resolve()
            .then(() => handler(call.request))
            .then(
                (response) => callback(null, response),
                (error: Error) => callback({ code: grpc.status.UNKNOWN, details: error.message } as grpc.ServiceError, null),
            );
    };
}

/**
 * A stand-in for the Pulumi engine: the ResourceMonitor and Engine gRPC services a program, a
 * component provider or a policy pack is handed. It records what it is asked, computes URNs as the
 * engine does, answers unknown IDs and outputs during preview, and answers the SSM parameter invoke.
 */
export class TestEngine {
    readonly registrations: Registration[] = [];
    readonly logs: LogEntry[] = [];
    readonly invokes: { token: string; args: Record<string, unknown> }[] = [];
    /** Outputs registered per URN (the stack's are the program's exports). */
    readonly outputs = new Map<string, Record<string, unknown>>();
    private readonly servers: grpc.Server[] = [];
    private rootUrn = "";

    private constructor(
        readonly options: EngineOptions,
        readonly monitorAddress: string,
        readonly engineAddress: string,
    ) {}

    static async start(options: EngineOptions): Promise<TestEngine> {
        const monitor = new grpc.Server();
        const engine = new grpc.Server();
        const [monitorPort, enginePort] = await Promise.all([bind(monitor), bind(engine)]);
        const instance = new TestEngine(options, `127.0.0.1:${monitorPort}`, `127.0.0.1:${enginePort}`);
        instance.servers.push(monitor, engine);
        monitor.addService(resourceRpc.ResourceMonitorService, instance.monitorService());
        engine.addService(engineRpc.EngineService, instance.engineService());
        return instance;
    }

    /** The program's exports, as the engine stores them on the stack. */
    get stackOutputs(): Record<string, unknown> | undefined {
        const stack = this.registrations.find((registration) => registration.type === STACK_TYPE);
        return stack ? this.outputs.get(stack.urn) : undefined;
    }

    urnOf(type: string, name: string, parent = ""): string {
        return urnOf(this.options.stack, this.options.project, type, name, parent);
    }

    async stop(): Promise<void> {
        await Promise.all(this.servers.map((server) => new Promise<void>((resolve) => server.tryShutdown(() => resolve()))));
        for (const server of this.servers) server.forceShutdown();
    }

    private register(request: resourceProto.RegisterResourceRequest): resourceProto.RegisterResourceResponse {
        const type = request.getType();
        const parent = request.getParent();
        const urn = this.urnOf(type, request.getName(), parent);
        if (this.registrations.some((registration) => registration.urn === urn)) {
            throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
        }
        const inputs = (request.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
        const propertyDependencies: Record<string, string[]> = {};
        for (const [key, value] of request.getPropertydependenciesMap().entries()) propertyDependencies[key] = value.getUrnsList();
        this.registrations.push({
            type,
            name: request.getName(),
            urn,
            custom: request.getCustom(),
            parent,
            dependencies: request.getDependenciesList(),
            propertyDependencies,
            inputs,
        });
        const response = new resourceProto.RegisterResourceResponse();
        response.setUrn(urn);
        if (!request.getCustom()) return response;
        const computed = computedOutputs(type, urn, inputs);
        // During preview the provider cannot know what AWS will assign: the ID and every computed
        // output are unknown (an empty ID, and absent outputs, which the SDK reads as unknown).
        response.setId(this.options.dryRun ? "" : computed.id);
        response.setObject(Struct.fromJavaScript((this.options.dryRun ? inputs : { ...inputs, ...computed.outputs }) as Record<string, never>));
        return response;
    }

    private invoke(request: resourceProto.ResourceInvokeRequest): providerProto.InvokeResponse {
        const args = (request.getArgs()?.toJavaScript() ?? {}) as Record<string, unknown>;
        this.invokes.push({ token: request.getTok(), args });
        if (request.getTok() !== GET_PARAMETER) throw new Error(`the test engine has no function ${request.getTok()}`);
        const name = String(args.name);
        const value = this.options.parameters?.[name];
        if (value === undefined) throw new Error(`ParameterNotFound: ${name}`);
        const response = new providerProto.InvokeResponse();
        response.setReturn(Struct.fromJavaScript({ id: name, name, value, insecureValue: value, type: "String", version: 1, arn: `arn:aws:ssm:::parameter${name}` }));
        return response;
    }

    private monitorService(): grpc.UntypedServiceImplementation {
        return {
            supportsFeature: unary((request: resourceProto.SupportsFeatureRequest) => new resourceProto.SupportsFeatureResponse().setHassupport(FEATURES.has(request.getId()))),
            registerResource: unary((request: resourceProto.RegisterResourceRequest) => this.register(request)),
            registerResourceOutputs: unary((request: resourceProto.RegisterResourceOutputsRequest) => {
                this.outputs.set(request.getUrn(), (request.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>);
                return new Empty();
            }),
            invoke: unary((request: resourceProto.ResourceInvokeRequest) => this.invoke(request)),
            signalAndWaitForShutdown: unary(() => new Empty()),
        };
    }

    private engineService(): grpc.UntypedServiceImplementation {
        return {
            log: unary((request: engineProto.LogRequest) => {
                this.logs.push({ severity: SEVERITIES[request.getSeverity()], message: request.getMessage(), urn: request.getUrn() });
                return new Empty();
            }),
            getRootResource: unary(() => new engineProto.GetRootResourceResponse().setUrn(this.rootUrn)),
            setRootResource: unary((request: engineProto.SetRootResourceRequest) => {
                this.rootUrn = request.getUrn();
                return new engineProto.SetRootResourceResponse();
            }),
        };
    }
}

function bind(server: grpc.Server): Promise<number> {
    return new Promise((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))));
}
