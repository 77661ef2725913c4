import { strict as assert } from "node:assert";
import {
    CustomerNotEntitledException,
    DisabledApiException,
    InternalServiceErrorException,
    InvalidProductCodeException,
    InvalidPublicKeyVersionException,
    InvalidRegionException,
    MarketplaceMeteringClient,
    PlatformNotSupportedException,
    RegisterUsageCommand,
    ThrottlingException,
} from "@aws-sdk/client-marketplace-metering";
import { mockClient } from "aws-sdk-client-mock";
import { EntitlementResult, registerUsage } from "../provider/cli/src/aws/entitlement";

const PRODUCT = "4q5w6e7r8t9y0u1i2o3p";

function meteringClient(): MarketplaceMeteringClient {
    return new MarketplaceMeteringClient({ region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
}

async function refusedWith(error: Error): Promise<EntitlementResult> {
    const client = meteringClient();
    mockClient(client).on(RegisterUsageCommand).rejects(error);
    return registerUsage(PRODUCT, client);
}

const metadata = { $metadata: { httpStatusCode: 400 } };

const REFUSALS: { error: Error; expected: EntitlementResult }[] = [
    {
        error: new CustomerNotEntitledException({ message: "Customer is not entitled to use the product.", ...metadata }),
        expected: {
            ok: false,
            kind: "not-entitled",
            code: "CustomerNotEntitledException",
            message: `not subscribed: this AWS account has no AWS Marketplace subscription to product ${PRODUCT} (CustomerNotEntitledException: Customer is not entitled to use the product.)`,
            fix: "subscribe to sg-provisioner in AWS Marketplace with this account (or run with the subscribed account's credentials), then run again",
        },
    },
    {
        error: new PlatformNotSupportedException({ message: "Platform is not supported.", ...metadata }),
        expected: {
            ok: false,
            kind: "platform-not-supported",
            code: "PlatformNotSupportedException",
            message: `AWS Marketplace RegisterUsage for product ${PRODUCT} only works from Amazon ECS, Amazon EKS or AWS Fargate, and this is not one of them (PlatformNotSupportedException: Platform is not supported.)`,
            fix: "run sg-provisioner as a container on Amazon ECS, Amazon EKS or AWS Fargate, with the task's IAM role",
        },
    },
    {
        error: new InvalidProductCodeException({ message: "Invalid product code.", ...metadata }),
        expected: {
            ok: false,
            kind: "invalid-product-code",
            code: "InvalidProductCodeException",
            message: `AWS Marketplace does not know product code "${PRODUCT}" (InvalidProductCodeException: Invalid product code.)`,
            fix: "check SG_PROVISIONER_PRODUCT_CODE: it must be the product code of the sg-provisioner listing, as AWS Marketplace shows it",
        },
    },
    {
        error: new InvalidPublicKeyVersionException({ message: "Invalid public key version.", ...metadata }),
        expected: {
            ok: false,
            kind: "invalid-public-key-version",
            code: "InvalidPublicKeyVersionException",
            message: `AWS Marketplace refused public key version 1 for product ${PRODUCT} (InvalidPublicKeyVersionException: Invalid public key version.)`,
            fix: "this release asks for a key version the product does not offer: upgrade sg-provisioner, or tell its seller",
        },
    },
    {
        error: new InvalidRegionException({ message: "", ...metadata }),
        expected: {
            ok: false,
            kind: "invalid-region",
            code: "InvalidRegionException",
            message: `AWS Marketplace RegisterUsage for product ${PRODUCT} cannot be called in us-east-1 (InvalidRegionException)`,
            fix: "call it from the region the container runs in (AWS_REGION must be the task's own region), one where the product is offered",
        },
    },
    {
        error: new DisabledApiException({ message: "The API is disabled in the Region.", ...metadata }),
        expected: {
            ok: false,
            kind: "disabled-api",
            code: "DisabledApiException",
            message: "the AWS Marketplace metering API is disabled in us-east-1 (DisabledApiException: The API is disabled in the Region.)",
            fix: "run in a region where AWS Marketplace metering is enabled, or ask AWS Support why it is disabled here",
        },
    },
    {
        error: new ThrottlingException({ message: "Rate exceeded", $metadata: { httpStatusCode: 400, attempts: 4 } }),
        expected: {
            ok: false,
            kind: "throttled",
            code: "ThrottlingException",
            message: "throttled: AWS Marketplace Metering in us-east-1 kept refusing aws-marketplace:RegisterUsage as too many requests after 4 attempts (ThrottlingException)",
            fix: "wait a minute and run again; other tools calling the same API in this account and region share its rate limit",
        },
    },
    {
        error: Object.assign(new Error("@smithy/node-http-handler - [ERROR] a request has exceeded the configured 20000 ms requestTimeout."), {
            name: "TimeoutError",
            $metadata: { attempts: 4 },
        }),
        expected: {
            ok: false,
            kind: "timeout",
            code: "TimeoutError",
            message: "timed out: AWS Marketplace Metering in us-east-1 did not answer aws-marketplace:RegisterUsage within the limit per attempt of 20000 ms after 4 attempts",
            fix: "check that this machine reaches the endpoint (network, proxy, firewall, VPC endpoint, or an AWS_ENDPOINT_URL* variable pointing elsewhere) and run again",
        },
    },
    {
        error: Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }),
        expected: {
            ok: false,
            kind: "credentials",
            code: "CredentialsProviderError",
            message: "no AWS credentials found for aws-marketplace:RegisterUsage: Could not load credentials from any providers",
            fix: "set AWS_PROFILE to a profile in ~/.aws/config (after aws sso login --profile NAME if it uses SSO), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where an instance or task role is available",
        },
    },
    {
        error: Object.assign(new Error("User: arn:aws:sts::123456789012:assumed-role/task/abc is not authorized to perform: aws-marketplace:RegisterUsage"), {
            name: "AccessDeniedException",
        }),
        expected: {
            ok: false,
            kind: "access-denied",
            code: "AccessDeniedException",
            message: `access denied: AWS refused aws-marketplace:RegisterUsage on product ${PRODUCT} in us-east-1 (AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/task/abc is not authorized to perform: aws-marketplace:RegisterUsage)`,
            fix: `grant aws-marketplace:RegisterUsage on product ${PRODUCT} to the identity in use (aws sts get-caller-identity shows it), or set AWS_PROFILE to a profile whose role has it`,
        },
    },
    {
        error: new InternalServiceErrorException({ message: "An internal error has occurred.", $metadata: { httpStatusCode: 500 } }),
        expected: {
            ok: false,
            kind: "other",
            code: "InternalServiceErrorException",
            message: `aws-marketplace:RegisterUsage on product ${PRODUCT} in us-east-1 failed: InternalServiceErrorException: An internal error has occurred.`,
            fix: "look up InternalServiceErrorException for RegisterUsage in the AWS Marketplace Metering API reference; run again if AWS reported an internal error",
        },
    },
];

describe("AWS Marketplace entitlement (aws-sdk-client-mock)", () => {
    it("entitled: calls RegisterUsage with the product code and public key version 1, and returns the signature and key rotation time", async () => {
        const client = meteringClient();
        const mock = mockClient(client);
        const rotation = new Date("2030-01-01T00:00:00Z");
        mock.on(RegisterUsageCommand).resolves({ Signature: "eyJhbGciOi.signed.jwt", PublicKeyRotationTimestamp: rotation });
        assert.deepEqual(await registerUsage(PRODUCT, client), { ok: true, signature: "eyJhbGciOi.signed.jwt", publicKeyRotationTimestamp: rotation });
        assert.deepEqual(
            mock.commandCalls(RegisterUsageCommand).map((call) => call.args[0].input),
            [{ ProductCode: PRODUCT, PublicKeyVersion: 1 }],
        );
    });

    it("entitled with an empty answer: ok, with nothing more", async () => {
        const client = meteringClient();
        mockClient(client).on(RegisterUsageCommand).resolves({});
        assert.deepEqual(await registerUsage(PRODUCT, client), { ok: true });
    });

    for (const { error, expected } of REFUSALS) {
        it(`${error.name} -> ${expected.ok ? "ok" : expected.kind}`, async () => {
            assert.deepEqual(await refusedWith(error), expected);
        });
    }
});
