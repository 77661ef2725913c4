import type { AwsTimeouts } from "./client-config";

/** What went wrong with an AWS call, as a union a caller can switch on. */
export const AWS_ERROR_KINDS = ["credentials", "access-denied", "throttled", "timeout", "unreachable", "region", "other"] as const;
export type AwsErrorKind = (typeof AWS_ERROR_KINDS)[number];

/** Whether a problem's kind is an AWS error's (the call failed), not a finding about what it read. */
export function isAwsErrorKind(kind: string): kind is AwsErrorKind {
    return (AWS_ERROR_KINDS as readonly string[]).includes(kind);
}

/** One AWS failure as one line to show and one line saying what to do. */
export interface AwsProblem {
    readonly kind: AwsErrorKind;
    readonly message: string;
    readonly fix: string;
    /** The SDK error's name as AWS sent it (AccessDeniedException, TimeoutError, ...). */
    readonly code: string;
}

/** The call that failed, so the message can name it. */
export interface AwsCall {
    /** The IAM action, e.g. `ssm:GetParameter`; its prefix names the service. */
    readonly action: string;
    /** What the call was about, e.g. `parameter /vpc/main/VPCId`. */
    readonly resource?: string;
    readonly region?: string;
    /** The limits the call ran with, quoted when it ran out of time. */
    readonly timeouts?: AwsTimeouts;
}

/** Where {@link traceEndpoint} records the endpoint a failed request went to. */
export const ENDPOINT_KEY = Symbol.for("sg-provisioner.aws-endpoint");

interface SdkError {
    readonly name: string;
    readonly message: string;
    readonly code?: string;
    readonly cause?: unknown;
    readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
    readonly $retryable?: { readonly throttling?: boolean };
}

const CREDENTIAL_ERRORS = ["CredentialsProviderError", "TokenProviderError"];
const REFUSED_ERRORS = ["AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "UnauthorizedException", "NotAuthorized"];
const REJECTED_CREDENTIAL_ERRORS = ["UnrecognizedClientException", "InvalidClientTokenId", "AuthFailure", "SignatureDoesNotMatch", "InvalidSignatureException"];
const EXPIRED_ERRORS = ["ExpiredToken", "ExpiredTokenException", "RequestExpired"];
/** The SDK's own list (its standard retry mode retries exactly these as throttling). */
const THROTTLING_ERRORS = [
    "BandwidthLimitExceeded",
    "EC2ThrottledException",
    "LimitExceededException",
    "PriorRequestNotComplete",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
    "ThrottledException",
    "Throttling",
    "ThrottlingException",
    "TooManyRequestsException",
];
const NETWORK_CODES = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET", "EPIPE"];

const SERVICES: Readonly<Record<string, string>> = { ssm: "SSM", ec2: "EC2", "aws-marketplace": "AWS Marketplace Metering" };

/** The service's name for people, from the IAM action's prefix. */
export function serviceOf(action: string): string {
    const prefix = action.split(":")[0];
    return SERVICES[prefix] ?? prefix;
}

/** An SDK message on one line, without the SDK's package prefix, cut to a readable length. */
export function oneLine(text: string, limit = 300): string {
    const flat = text
        .replace(/^@smithy\/[\w-]+ - (\[\w+\] )?/, "")
        .replace(/\s+/g, " ")
        .trim();
    return flat.length > limit ? `${flat.slice(0, limit - 3)}...` : flat;
}

function asSdkError(error: unknown): SdkError {
    if (error instanceof Error) return error as Error & SdkError;
    if (typeof error === "object" && error !== null && "name" in error) return { message: "", ...(error as object) } as SdkError;
    return { name: "Error", message: String(error) };
}

/** The Node.js network code of the error or of its causes (ECONNREFUSED, ENOTFOUND, ...). */
function networkCode(error: SdkError, depth = 0): string | undefined {
    if (error.code && NETWORK_CODES.includes(error.code)) return error.code;
    if (depth < 5 && typeof error.cause === "object" && error.cause !== null) return networkCode(asSdkError(error.cause), depth + 1);
    return undefined;
}

function endpointOf(error: unknown): string | undefined {
    if (typeof error !== "object" || error === null) return undefined;
    const endpoint = (error as { [ENDPOINT_KEY]?: unknown })[ENDPOINT_KEY];
    return typeof endpoint === "string" ? endpoint : undefined;
}

/** `SSM at https://ssm.eu-west-1.amazonaws.com (region eu-west-1)`, with what is known. */
function where(call: AwsCall, endpoint: string | undefined): string {
    const service = serviceOf(call.action);
    if (endpoint) return call.region ? `${service} at ${endpoint} (region ${call.region})` : `${service} at ${endpoint}`;
    return call.region ? `${service} in ${call.region}` : service;
}

function on(call: AwsCall): string {
    return call.resource ? `${call.action} on ${call.resource}` : call.action;
}

function attempts(error: SdkError): string {
    const count = error.$metadata?.attempts;
    return count && count > 1 ? ` after ${count} attempts` : "";
}

function credentials(error: SdkError, call: AwsCall): Omit<AwsProblem, "code"> {
    return {
        kind: "credentials",
        message: `no AWS credentials found for ${call.action}: ${oneLine(error.message)}`,
        fix: "set AWS_PROFILE to a profile in ~/.aws/config (after aws sso login --profile NAME if it uses SSO), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where an instance or task role is available",
    };
}

function accessDenied(error: SdkError, call: AwsCall): Omit<AwsProblem, "code"> {
    const detail = error.message ? `${error.name}: ${oneLine(error.message)}` : error.name;
    if (EXPIRED_ERRORS.includes(error.name)) {
        return {
            kind: "access-denied",
            message: `AWS refused ${on(call)}: the credentials have expired (${detail})`,
            fix: "refresh the credentials (aws sso login, or new temporary keys for AWS_PROFILE or AWS_SESSION_TOKEN) and run again",
        };
    }
    if (REJECTED_CREDENTIAL_ERRORS.includes(error.name)) {
        return {
            kind: "access-denied",
            message: `AWS refused ${on(call)}: it does not accept the credentials in use (${detail})`,
            fix: "check AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (a typo, a deleted key, or a session token missing), and that the clock of this machine is right",
        };
    }
    // AWS's own text names the identity and, most often, the exact resource ARN it refused.
    const refused = /not authorized to perform: (\S+)(?: on resource: (\S+))?/.exec(error.message);
    const action = trimEnd(refused?.[1]) ?? call.action;
    const resource = trimEnd(refused?.[2]) ?? call.resource;
    return {
        kind: "access-denied",
        message: `access denied: AWS refused ${action}${resource ? ` on ${resource}` : ""}${call.region ? ` in ${call.region}` : ""} (${detail})`,
        fix: `grant ${action}${resource ? ` on ${resource}` : ""} to the identity in use (aws sts get-caller-identity shows it), or set AWS_PROFILE to a profile whose role has it`,
    };
}

function trimEnd(text: string | undefined): string | undefined {
    return text?.replace(/[.,;]+$/, "");
}

function timeout(error: SdkError, call: AwsCall, place: string): Omit<AwsProblem, "code"> {
    const quoted = /(\d+) ms/.exec(error.message)?.[1];
    const isCallLimit = error.name === "AbortError";
    const limit = isCallLimit ? (call.timeouts?.callTimeoutMs ?? quoted) : quoted;
    const which = isCallLimit ? "the whole call's limit" : /connection/i.test(error.message) ? "the connection limit" : "the limit per attempt";
    return {
        kind: "timeout",
        message: `timed out: ${place} did not answer ${call.action}${limit ? ` within ${which} of ${limit} ms` : ""}${attempts(error)}`,
        fix: "check that this machine reaches the endpoint (network, proxy, firewall, VPC endpoint, or an AWS_ENDPOINT_URL* variable pointing elsewhere) and run again",
    };
}

function unreachable(error: SdkError, code: string, call: AwsCall, place: string): Omit<AwsProblem, "code"> {
    return {
        kind: "unreachable",
        message: `cannot reach ${place} for ${call.action}: ${code} (${oneLine(error.message)})${attempts(error)}`,
        fix:
            code === "ENOTFOUND" || code === "EAI_AGAIN"
                ? "check the region name and any AWS_ENDPOINT_URL* variable (the host does not resolve), and this machine's DNS"
                : "check the network path to the endpoint (proxy, firewall) and any AWS_ENDPOINT_URL* variable that points elsewhere",
    };
}

/**
 * Turns anything an AWS SDK call threw into one clear line and a fix, never a stack trace. The
 * kinds are checked from the most specific: a missing region or credentials first (no request was
 * sent), then what AWS answered, then what the network did.
 */
export function describeAwsError(thrown: unknown, call: AwsCall): AwsProblem {
    const error = asSdkError(thrown);
    return { ...classify(error, call, thrown), code: error.name };
}

function classify(error: SdkError, call: AwsCall, thrown: unknown): Omit<AwsProblem, "code"> {
    const place = where(call, endpointOf(thrown));
    if (/^(Region is missing|Region not accepted|Invalid region)/.test(error.message)) {
        return {
            kind: "region",
            message: `no usable AWS region for ${call.action}: ${oneLine(error.message)}`,
            fix: "set AWS_REGION, or region in the profile that AWS_PROFILE names",
        };
    }
    if (CREDENTIAL_ERRORS.includes(error.name) || /^Could not load credentials/.test(error.message)) return credentials(error, call);
    if ([...REFUSED_ERRORS, ...REJECTED_CREDENTIAL_ERRORS, ...EXPIRED_ERRORS].includes(error.name)) return accessDenied(error, call);
    if (THROTTLING_ERRORS.includes(error.name) || error.$metadata?.httpStatusCode === 429 || error.$retryable?.throttling === true) {
        return {
            kind: "throttled",
            message: `throttled: ${place} kept refusing ${call.action} as too many requests${attempts(error)} (${error.name})`,
            fix: "wait a minute and run again; other tools calling the same API in this account and region share its rate limit",
        };
    }
    if (error.name === "AbortError" || error.name === "TimeoutError" || error.code === "ETIMEDOUT") {
        const code = networkCode(error);
        // The HTTP handler names a reset or broken connection TimeoutError too; it is no wait.
        return code === "ECONNRESET" || code === "EPIPE" ? unreachable(error, code, call, place) : timeout(error, call, place);
    }
    const code = networkCode(error);
    if (code) return unreachable(error, code, call, place);
    return {
        kind: "other",
        message: `${on(call)}${call.region ? ` in ${call.region}` : ""} failed: ${error.name}: ${oneLine(error.message) || "no message"}`,
        fix: `look up ${error.name} for ${call.action.split(":")[1] ?? call.action} in the ${serviceOf(call.action)} API reference; run again if AWS reported an internal error`,
    };
}
