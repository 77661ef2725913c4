import { NodeHttpHandler } from "@smithy/node-http-handler";
import { ENDPOINT_KEY } from "./errors";

/** Limits on every AWS call. Tests pass short ones; the defaults suit a pipeline. */
export interface AwsTimeouts {
    /** Milliseconds to open a connection (TCP and TLS). Default 5000. */
    readonly connectionTimeoutMs?: number;
    /** Milliseconds one attempt may take, from sending to the last byte of the answer. Default 20000. */
    readonly requestTimeoutMs?: number;
    /** Milliseconds the whole call may take: every attempt and every backoff between them. Default 60000. */
    readonly callTimeoutMs?: number;
    /** Attempts per call, the first included; throttling and transient failures are retried. Default 4. */
    readonly maxAttempts?: number;
}

export type ResolvedTimeouts = Required<AwsTimeouts>;

export const DEFAULT_TIMEOUTS: ResolvedTimeouts = { connectionTimeoutMs: 5_000, requestTimeoutMs: 20_000, callTimeoutMs: 60_000, maxAttempts: 4 };

export function resolveTimeouts(timeouts: AwsTimeouts = {}): ResolvedTimeouts {
    return { ...DEFAULT_TIMEOUTS, ...Object.fromEntries(Object.entries(timeouts).filter(([, value]) => value !== undefined)) };
}

/** What the SSM, EC2 and Marketplace Metering clients share; each client's constructor accepts it. */
export interface AwsClientConfig {
    /** Absent: the SDK's default chain (AWS_REGION, then the profile's region). */
    readonly region?: string;
    readonly retryMode: "standard";
    readonly maxAttempts: number;
    readonly requestHandler: NodeHttpHandler;
}

/**
 * The config every client is built with. Only region, retries and timeouts are set: credentials and
 * endpoints stay with the SDK's default chain, so AWS_PROFILE, AWS_ENDPOINT_URL and the per-service
 * AWS_ENDPOINT_URL_SSM / _EC2 / _MARKETPLACE_METERING keep working. Each call builds a new request
 * handler, since destroying a client closes its handler's sockets.
 */
export function awsClientConfig(region?: string, timeouts?: AwsTimeouts): AwsClientConfig {
    const limits = resolveTimeouts(timeouts);
    return {
        ...(region ? { region } : {}),
        retryMode: "standard",
        maxAttempts: limits.maxAttempts,
        requestHandler: new NodeHttpHandler({
            connectionTimeout: limits.connectionTimeoutMs,
            requestTimeout: limits.requestTimeoutMs,
            // Without it a request past requestTimeout only logs a warning and waits on.
            throwOnRequestTimeout: true,
        }),
    };
}

/**
 * Options for one `send` (or a paginator): an abort signal that ends the whole call, retries
 * included, once `callTimeoutMs` has passed, so no answer ever leaves us waiting.
 */
export function callOptions(timeouts?: AwsTimeouts): { abortSignal: AbortSignal } {
    return { abortSignal: AbortSignal.timeout(resolveTimeouts(timeouts).callTimeoutMs) };
}

interface RequestLike {
    readonly protocol?: string;
    readonly hostname?: string;
    readonly port?: number;
}

/** The middleware stack every SDK v3 client has; typed loosely so that one function serves all three. */
interface WithMiddleware {
    readonly middlewareStack: {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        add(middleware: any, options: { step: "build"; name: string; override: boolean }): void;
    };
}

/**
 * Marks every error a client throws with the endpoint the request went to, so that a timeout or a
 * refused connection names where we tried (an AWS_ENDPOINT_URL* variable may have moved it).
 * Runs at the build step, after the endpoint is resolved and outside the retry loop.
 */
export function traceEndpoint<Client extends WithMiddleware>(client: Client): Client {
    client.middlewareStack.add(
        (next: (args: { request?: unknown }) => Promise<unknown>) => async (args: { request?: unknown }) => {
            try {
                return await next(args);
            } catch (error) {
                const request = args.request as RequestLike | undefined;
                if (error instanceof Error && request?.hostname) {
                    const port = request.port ? `:${request.port}` : "";
                    Object.defineProperty(error, ENDPOINT_KEY, { value: `${request.protocol ?? "https:"}//${request.hostname}${port}`, enumerable: false, configurable: true });
                }
                throw error;
            }
        },
        { step: "build", name: "sgProvisionerTraceEndpoint", override: true },
    );
    return client;
}
