import { MarketplaceMeteringClient, RegisterUsageCommand } from "@aws-sdk/client-marketplace-metering";
import { AwsTimeouts, callOptions } from "./client-config";
import { AwsErrorKind, describeAwsError, oneLine } from "./errors";

/** The public key version this release verifies signatures with. */
export const PUBLIC_KEY_VERSION = 1;

/** Refusals that only RegisterUsage gives. */
export type MeteringRefusal = "not-entitled" | "platform-not-supported" | "invalid-product-code" | "invalid-public-key-version" | "invalid-region" | "disabled-api";

/** Every way the entitlement check can fail: a Marketplace refusal or any AWS error kind (throttled, timeout, ...). */
export type EntitlementFailureKind = MeteringRefusal | AwsErrorKind;

export interface Entitled {
    readonly ok: true;
    /** The JWT AWS Marketplace signed, when it sent one. */
    readonly signature?: string;
    /** When AWS Marketplace will rotate the key that signed it. */
    readonly publicKeyRotationTimestamp?: Date;
}

export interface NotEntitled {
    readonly ok: false;
    readonly kind: EntitlementFailureKind;
    readonly message: string;
    readonly fix: string;
    /** The SDK error's name. */
    readonly code: string;
}

export type EntitlementResult = Entitled | NotEntitled;

interface Refusal {
    readonly kind: MeteringRefusal;
    readonly message: (product: string, region: string) => string;
    readonly fix: string;
}

/** What each RegisterUsage exception means for the user, by the exception's name. */
const REFUSALS: Readonly<Record<string, Refusal>> = {
    CustomerNotEntitledException: {
        kind: "not-entitled",
        message: (product) => `not subscribed: this AWS account has no AWS Marketplace subscription to product ${product}`,
        fix: "subscribe to sg-provisioner in AWS Marketplace with this account (or run with the subscribed account's credentials), then run again",
    },
    PlatformNotSupportedException: {
        kind: "platform-not-supported",
        message: (product) => `AWS Marketplace RegisterUsage for product ${product} only works from Amazon ECS, Amazon EKS or AWS Fargate, and this is not one of them`,
        fix: "run sg-provisioner as a container on Amazon ECS, Amazon EKS or AWS Fargate, with the task's IAM role",
    },
    InvalidProductCodeException: {
        kind: "invalid-product-code",
        message: (product) => `AWS Marketplace does not know product code "${product}"`,
        fix: "check SG_PROVISIONER_PRODUCT_CODE: it must be the product code of the sg-provisioner listing, as AWS Marketplace shows it",
    },
    InvalidPublicKeyVersionException: {
        kind: "invalid-public-key-version",
        message: (product) => `AWS Marketplace refused public key version ${PUBLIC_KEY_VERSION} for product ${product}`,
        fix: "this release asks for a key version the product does not offer: upgrade sg-provisioner, or tell its seller",
    },
    InvalidRegionException: {
        kind: "invalid-region",
        message: (product, region) => `AWS Marketplace RegisterUsage for product ${product} cannot be called in ${region}`,
        fix: "call it from the region the container runs in (AWS_REGION must be the task's own region), one where the product is offered",
    },
    DisabledApiException: {
        kind: "disabled-api",
        message: (_product, region) => `the AWS Marketplace metering API is disabled in ${region}`,
        fix: "run in a region where AWS Marketplace metering is enabled, or ask AWS Support why it is disabled here",
    },
};

/**
 * Asks AWS Marketplace whether this account may run the product (`RegisterUsage` with public key
 * version 1). Never throws: a refusal or an SDK error comes back as a failure with one line and a fix.
 */
export async function registerUsage(productCode: string, client: MarketplaceMeteringClient, options: { readonly timeouts?: AwsTimeouts } = {}): Promise<EntitlementResult> {
    try {
        const output = await client.send(new RegisterUsageCommand({ ProductCode: productCode, PublicKeyVersion: PUBLIC_KEY_VERSION }), callOptions(options.timeouts));
        return {
            ok: true,
            ...(output.Signature ? { signature: output.Signature } : {}),
            ...(output.PublicKeyRotationTimestamp ? { publicKeyRotationTimestamp: output.PublicKeyRotationTimestamp } : {}),
        };
    } catch (error) {
        const region = await client.config.region().catch(() => undefined);
        const name = error instanceof Error ? error.name : "";
        const refusal = Object.prototype.hasOwnProperty.call(REFUSALS, name) ? REFUSALS[name] : undefined;
        if (refusal) {
            const detail = error instanceof Error && error.message ? `: ${oneLine(error.message)}` : "";
            return {
                ok: false,
                kind: refusal.kind,
                message: `${refusal.message(productCode, region ?? "this region")} (${name}${detail})`,
                fix: refusal.fix,
                code: name,
            };
        }
        const problem = describeAwsError(error, { action: "aws-marketplace:RegisterUsage", resource: `product ${productCode}`, region, timeouts: options.timeouts });
        return { ok: false, ...problem };
    }
}
