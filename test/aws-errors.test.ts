import { strict as assert } from "node:assert";
import { EC2ServiceException } from "@aws-sdk/client-ec2";
import { SSMServiceException } from "@aws-sdk/client-ssm";
import { AWS_ERROR_KINDS, AwsCall, AwsProblem, ENDPOINT_KEY, describeAwsError, oneLine, serviceOf } from "../provider/cli/src/aws/errors";

const GET: AwsCall = { action: "ssm:GetParameter", resource: "parameter /vpc/main/VPCId", region: "eu-west-1" };
const ENIS: AwsCall = { action: "ec2:DescribeNetworkInterfaces", resource: "groups sg-0123456789abcdef0", region: "eu-west-1" };

function named(name: string, message: string, extra: object = {}): Error {
    return Object.assign(new Error(message), { name }, extra);
}

/** An error as the SSM client deserializes it from an AWS answer. */
function ssmError(name: string, message: string, metadata: { httpStatusCode?: number; attempts?: number } = {}): SSMServiceException {
    return new SSMServiceException({ name, message, $fault: "client", $metadata: { httpStatusCode: 400, ...metadata } });
}

function withEndpoint<T extends Error>(error: T, endpoint: string): T {
    return Object.defineProperty(error, ENDPOINT_KEY, { value: endpoint });
}

const CREDENTIALS_FIX =
    "set AWS_PROFILE to a profile in ~/.aws/config (after aws sso login --profile NAME if it uses SSO), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where an instance or task role is available";
const TIMEOUT_FIX = "check that this machine reaches the endpoint (network, proxy, firewall, VPC endpoint, or an AWS_ENDPOINT_URL* variable pointing elsewhere) and run again";
const NETWORK_FIX = "check the network path to the endpoint (proxy, firewall) and any AWS_ENDPOINT_URL* variable that points elsewhere";
const DNS_FIX = "check the region name and any AWS_ENDPOINT_URL* variable (the host does not resolve), and this machine's DNS";
const THROTTLED_FIX = "wait a minute and run again; other tools calling the same API in this account and region share its rate limit";

const SSM_DENIED =
    "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:eu-west-1:123456789012:parameter/vpc/main/VPCId because no identity-based policy allows the ssm:GetParameter action";
const EC2_DENIED =
    "You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ec2:DescribeNetworkInterfaces because no identity-based policy allows the ec2:DescribeNetworkInterfaces action.";

const CASES: { name: string; error: unknown; call: AwsCall; expected: AwsProblem }[] = [
    {
        name: "no credentials anywhere in the chain",
        error: named("CredentialsProviderError", "Could not load credentials from any providers"),
        call: GET,
        expected: {
            kind: "credentials",
            code: "CredentialsProviderError",
            message: "no AWS credentials found for ssm:GetParameter: Could not load credentials from any providers",
            fix: CREDENTIALS_FIX,
        },
    },
    {
        name: "an SSO token that expired",
        error: named("TokenProviderError", "Token is expired. To refresh this SSO session run 'aws sso login' with the corresponding profile."),
        call: GET,
        expected: {
            kind: "credentials",
            code: "TokenProviderError",
            message: "no AWS credentials found for ssm:GetParameter: Token is expired. To refresh this SSO session run 'aws sso login' with the corresponding profile.",
            fix: CREDENTIALS_FIX,
        },
    },
    {
        name: "SSM refuses by policy: the action and ARN come from AWS's message",
        error: ssmError("AccessDeniedException", SSM_DENIED),
        call: GET,
        expected: {
            kind: "access-denied",
            code: "AccessDeniedException",
            message: `access denied: AWS refused ssm:GetParameter on arn:aws:ssm:eu-west-1:123456789012:parameter/vpc/main/VPCId in eu-west-1 (AccessDeniedException: ${SSM_DENIED})`,
            fix: "grant ssm:GetParameter on arn:aws:ssm:eu-west-1:123456789012:parameter/vpc/main/VPCId to the identity in use (aws sts get-caller-identity shows it), or set AWS_PROFILE to a profile whose role has it",
        },
    },
    {
        name: "EC2 refuses by policy (UnauthorizedOperation names no resource): the call's resource is used",
        error: new EC2ServiceException({ name: "UnauthorizedOperation", message: EC2_DENIED, $fault: "client", $metadata: { httpStatusCode: 403 } }),
        call: ENIS,
        expected: {
            kind: "access-denied",
            code: "UnauthorizedOperation",
            message: `access denied: AWS refused ec2:DescribeNetworkInterfaces on groups sg-0123456789abcdef0 in eu-west-1 (UnauthorizedOperation: ${EC2_DENIED})`,
            fix: "grant ec2:DescribeNetworkInterfaces on groups sg-0123456789abcdef0 to the identity in use (aws sts get-caller-identity shows it), or set AWS_PROFILE to a profile whose role has it",
        },
    },
    {
        name: "AccessDenied with no message",
        error: ssmError("AccessDenied", ""),
        call: GET,
        expected: {
            kind: "access-denied",
            code: "AccessDenied",
            message: "access denied: AWS refused ssm:GetParameter on parameter /vpc/main/VPCId in eu-west-1 (AccessDenied)",
            fix: "grant ssm:GetParameter on parameter /vpc/main/VPCId to the identity in use (aws sts get-caller-identity shows it), or set AWS_PROFILE to a profile whose role has it",
        },
    },
    {
        name: "credentials AWS does not know",
        error: ssmError("UnrecognizedClientException", "The security token included in the request is invalid."),
        call: GET,
        expected: {
            kind: "access-denied",
            code: "UnrecognizedClientException",
            message:
                "AWS refused ssm:GetParameter on parameter /vpc/main/VPCId: it does not accept the credentials in use (UnrecognizedClientException: The security token included in the request is invalid.)",
            fix: "check AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (a typo, a deleted key, or a session token missing), and that the clock of this machine is right",
        },
    },
    {
        name: "expired temporary credentials",
        error: ssmError("ExpiredTokenException", "The security token included in the request is expired"),
        call: GET,
        expected: {
            kind: "access-denied",
            code: "ExpiredTokenException",
            message:
                "AWS refused ssm:GetParameter on parameter /vpc/main/VPCId: the credentials have expired (ExpiredTokenException: The security token included in the request is expired)",
            fix: "refresh the credentials (aws sso login, or new temporary keys for AWS_PROFILE or AWS_SESSION_TOKEN) and run again",
        },
    },
    {
        name: "throttled on every attempt",
        error: ssmError("ThrottlingException", "Rate exceeded", { attempts: 4 }),
        call: GET,
        expected: {
            kind: "throttled",
            code: "ThrottlingException",
            message: "throttled: SSM in eu-west-1 kept refusing ssm:GetParameter as too many requests after 4 attempts (ThrottlingException)",
            fix: THROTTLED_FIX,
        },
    },
    {
        name: "EC2's RequestLimitExceeded, with the endpoint known",
        error: withEndpoint(
            new EC2ServiceException({ name: "RequestLimitExceeded", message: "Request limit exceeded.", $fault: "client", $metadata: { httpStatusCode: 503, attempts: 2 } }),
            "https://ec2.eu-west-1.amazonaws.com",
        ),
        call: ENIS,
        expected: {
            kind: "throttled",
            code: "RequestLimitExceeded",
            message:
                "throttled: EC2 at https://ec2.eu-west-1.amazonaws.com (region eu-west-1) kept refusing ec2:DescribeNetworkInterfaces as too many requests after 2 attempts (RequestLimitExceeded)",
            fix: THROTTLED_FIX,
        },
    },
    {
        name: "an HTTP 429 under any name",
        error: ssmError("TooBusy", "slow down", { httpStatusCode: 429 }),
        call: { action: "ssm:GetParametersByPath" },
        expected: { kind: "throttled", code: "TooBusy", message: "throttled: SSM kept refusing ssm:GetParametersByPath as too many requests (TooBusy)", fix: THROTTLED_FIX },
    },
    {
        name: "no connection within the connection timeout",
        error: withEndpoint(
            named("TimeoutError", "@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 5000 ms.", {
                $metadata: { attempts: 4 },
            }),
            "https://ssm.eu-west-1.amazonaws.com",
        ),
        call: GET,
        expected: {
            kind: "timeout",
            code: "TimeoutError",
            message:
                "timed out: SSM at https://ssm.eu-west-1.amazonaws.com (region eu-west-1) did not answer ssm:GetParameter within the connection limit of 5000 ms after 4 attempts",
            fix: TIMEOUT_FIX,
        },
    },
    {
        name: "no answer within the request timeout",
        error: named("TimeoutError", "@smithy/node-http-handler - [ERROR] a request has exceeded the configured 20000 ms requestTimeout.", { code: "ETIMEDOUT" }),
        call: GET,
        expected: {
            kind: "timeout",
            code: "TimeoutError",
            message: "timed out: SSM in eu-west-1 did not answer ssm:GetParameter within the limit per attempt of 20000 ms",
            fix: TIMEOUT_FIX,
        },
    },
    {
        name: "the whole call's abort signal fired",
        error: named("AbortError", "Request aborted"),
        call: { ...GET, timeouts: { callTimeoutMs: 60000 } },
        expected: {
            kind: "timeout",
            code: "AbortError",
            message: "timed out: SSM in eu-west-1 did not answer ssm:GetParameter within the whole call's limit of 60000 ms",
            fix: TIMEOUT_FIX,
        },
    },
    {
        name: "connection refused",
        error: withEndpoint(named("Error", "connect ECONNREFUSED 127.0.0.1:4566", { code: "ECONNREFUSED", $metadata: { attempts: 3 } }), "http://127.0.0.1:4566"),
        call: GET,
        expected: {
            kind: "unreachable",
            code: "Error",
            message: "cannot reach SSM at http://127.0.0.1:4566 (region eu-west-1) for ssm:GetParameter: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:4566) after 3 attempts",
            fix: NETWORK_FIX,
        },
    },
    {
        name: "a host that does not resolve (an unknown region)",
        error: named("Error", "getaddrinfo ENOTFOUND ssm.eu-nowhere-1.amazonaws.com", { code: "ENOTFOUND" }),
        call: { ...GET, region: "eu-nowhere-1" },
        expected: {
            kind: "unreachable",
            code: "Error",
            message: "cannot reach SSM in eu-nowhere-1 for ssm:GetParameter: ENOTFOUND (getaddrinfo ENOTFOUND ssm.eu-nowhere-1.amazonaws.com)",
            fix: DNS_FIX,
        },
    },
    {
        name: "a reset connection, which the HTTP handler names TimeoutError",
        error: named("TimeoutError", "socket hang up", { code: "ECONNRESET" }),
        call: GET,
        expected: { kind: "unreachable", code: "TimeoutError", message: "cannot reach SSM in eu-west-1 for ssm:GetParameter: ECONNRESET (socket hang up)", fix: NETWORK_FIX },
    },
    {
        name: "a network code on the error's cause",
        error: named("Error", "request failed", { cause: named("Error", "connect EHOSTUNREACH 10.0.0.1:443", { code: "EHOSTUNREACH" }) }),
        call: GET,
        expected: { kind: "unreachable", code: "Error", message: "cannot reach SSM in eu-west-1 for ssm:GetParameter: EHOSTUNREACH (request failed)", fix: NETWORK_FIX },
    },
    {
        name: "no region anywhere",
        error: new Error("Region is missing"),
        call: { action: "aws-marketplace:RegisterUsage", resource: "product abc" },
        expected: {
            kind: "region",
            code: "Error",
            message: "no usable AWS region for aws-marketplace:RegisterUsage: Region is missing",
            fix: "set AWS_REGION, or region in the profile that AWS_PROFILE names",
        },
    },
    {
        name: "a region that is no hostname",
        error: new Error('Region not accepted: region="eu west" is not a valid hostname component.'),
        call: GET,
        expected: {
            kind: "region",
            code: "Error",
            message: 'no usable AWS region for ssm:GetParameter: Region not accepted: region="eu west" is not a valid hostname component.',
            fix: "set AWS_REGION, or region in the profile that AWS_PROFILE names",
        },
    },
    {
        name: "anything else: its name and message",
        error: ssmError("InternalServerError", "An internal error occurred.\n  Try again."),
        call: GET,
        expected: {
            kind: "other",
            code: "InternalServerError",
            message: "ssm:GetParameter on parameter /vpc/main/VPCId in eu-west-1 failed: InternalServerError: An internal error occurred. Try again.",
            fix: "look up InternalServerError for GetParameter in the SSM API reference; run again if AWS reported an internal error",
        },
    },
    {
        name: "a thrown string",
        error: "boom",
        call: { action: "aws-marketplace:RegisterUsage" },
        expected: {
            kind: "other",
            code: "Error",
            message: "aws-marketplace:RegisterUsage failed: Error: boom",
            fix: "look up Error for RegisterUsage in the AWS Marketplace Metering API reference; run again if AWS reported an internal error",
        },
    },
];

describe("AWS errors: one line and a fix for every SDK error", () => {
    for (const { name, error, call, expected } of CASES) {
        it(`${expected.kind}: ${name}`, () => {
            const problem = describeAwsError(error, call);
            assert.deepEqual(problem, expected);
            assert.ok(!problem.message.includes("\n") && !problem.fix.includes("\n"), "one line each");
            assert.ok(!/\n\s+at /.test(problem.message), "no stack trace");
        });
    }

    it("every kind has a case", () => {
        assert.deepEqual([...new Set(CASES.map((each) => each.expected.kind))].sort(), [...AWS_ERROR_KINDS].sort());
    });

    it("a long message is cut, and the SDK's package prefix dropped", () => {
        assert.equal(oneLine("@smithy/node-http-handler - [WARN] waited\n   long"), "waited long");
        assert.equal(oneLine("x".repeat(400)), `${"x".repeat(297)}...`);
    });

    it("names the service from the IAM action's prefix", () => {
        assert.deepEqual(["ssm:GetParameter", "ec2:DescribeNetworkInterfaces", "aws-marketplace:RegisterUsage", "sts:GetCallerIdentity"].map(serviceOf), [
            "SSM",
            "EC2",
            "AWS Marketplace Metering",
            "sts",
        ]);
    });
});
