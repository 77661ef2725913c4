import { EC2Client } from "@aws-sdk/client-ec2";
import { MarketplaceMeteringClient } from "@aws-sdk/client-marketplace-metering";
import { SSMClient } from "@aws-sdk/client-ssm";
import { AwsTimeouts, ResolvedTimeouts, awsClientConfig, resolveTimeouts, traceEndpoint } from "./client-config";

/** The three clients the CLI uses, each built on first use with the shared config. */
export interface AwsClients {
    /** The region asked for; undefined leaves it to the SDK's default chain. */
    readonly region: string | undefined;
    /** The limits every client was built with; pass them on to bound each call as a whole. */
    readonly timeouts: ResolvedTimeouts;
    readonly ssm: SSMClient;
    readonly ec2: EC2Client;
    readonly metering: MarketplaceMeteringClient;
    /** Closes the sockets of the clients built so far. */
    destroy(): void;
}

/** The clients for one region, each built when first used, so that no caller builds a config itself. */
export function awsClients(region?: string, timeouts?: AwsTimeouts): AwsClients {
    const built: { ssm?: SSMClient; ec2?: EC2Client; metering?: MarketplaceMeteringClient } = {};
    return {
        region,
        timeouts: resolveTimeouts(timeouts),
        get ssm() {
            return (built.ssm ??= traceEndpoint(new SSMClient(awsClientConfig(region, timeouts))));
        },
        get ec2() {
            return (built.ec2 ??= traceEndpoint(new EC2Client(awsClientConfig(region, timeouts))));
        },
        get metering() {
            return (built.metering ??= traceEndpoint(new MarketplaceMeteringClient(awsClientConfig(region, timeouts))));
        },
        destroy() {
            for (const client of Object.values(built)) client.destroy();
        },
    };
}
