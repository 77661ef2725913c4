import { strict as assert } from "node:assert";
import { SSMClient } from "@aws-sdk/client-ssm";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { DEFAULT_TIMEOUTS, awsClientConfig, callOptions, resolveTimeouts } from "../provider/cli/src/aws/client-config";
import { awsClients } from "../provider/cli/src/aws/clients";

describe("AWS client config", () => {
    it("sets the region when given, standard retries, bounded attempts and a request handler, and nothing else", () => {
        const config = awsClientConfig("eu-west-1");
        assert.deepEqual(Object.keys(config).sort(), ["maxAttempts", "region", "requestHandler", "retryMode"]);
        assert.equal(config.region, "eu-west-1");
        assert.equal(config.retryMode, "standard");
        assert.equal(config.maxAttempts, 4);
        assert.ok(config.requestHandler instanceof NodeHttpHandler);
    });

    it("leaves the region to the SDK's default chain when none is given, and builds a new handler each time", () => {
        const config = awsClientConfig(undefined, { maxAttempts: 2 });
        assert.deepEqual(Object.keys(config).sort(), ["maxAttempts", "requestHandler", "retryMode"]);
        assert.equal(config.maxAttempts, 2);
        assert.notEqual(awsClientConfig().requestHandler, awsClientConfig().requestHandler);
    });

    it("a client built on it resolves the same region, retry mode and attempts", async () => {
        const client = new SSMClient(awsClientConfig("ap-southeast-2", { maxAttempts: 3 }));
        assert.equal(await client.config.region(), "ap-southeast-2");
        assert.equal(await client.config.maxAttempts(), 3);
        // The SDK's RetryStrategyV2 type hides `mode`, which its standard strategy carries.
        assert.equal(await client.config.retryStrategy().then((strategy) => (strategy as { mode?: string }).mode), "standard");
        client.destroy();
    });

    it("timeouts: defaults, each overridable, undefined ignored", () => {
        assert.deepEqual(DEFAULT_TIMEOUTS, { connectionTimeoutMs: 5000, requestTimeoutMs: 20000, callTimeoutMs: 60000, maxAttempts: 4 });
        assert.deepEqual(resolveTimeouts({ requestTimeoutMs: 300, callTimeoutMs: undefined }), {
            connectionTimeoutMs: 5000,
            requestTimeoutMs: 300,
            callTimeoutMs: 60000,
            maxAttempts: 4,
        });
    });

    it("a call's options carry a signal that aborts once the whole call's limit has passed", async () => {
        const { abortSignal } = callOptions({ callTimeoutMs: 20 });
        assert.equal(abortSignal.aborted, false);
        await new Promise((resolve) => setTimeout(resolve, 60));
        assert.equal(abortSignal.aborted, true);
        assert.equal((abortSignal.reason as Error).name, "TimeoutError");
    });

    it("the factory builds each client once, on first use, for the region asked", async () => {
        const clients = awsClients("eu-central-1", { callTimeoutMs: 1000 });
        assert.equal(clients.region, "eu-central-1");
        assert.deepEqual(clients.timeouts, { ...DEFAULT_TIMEOUTS, callTimeoutMs: 1000 });
        assert.equal(clients.ssm, clients.ssm);
        assert.equal(clients.metering, clients.metering);
        assert.equal(await clients.ssm.config.region(), "eu-central-1");
        assert.equal(await clients.ec2.config.region(), "eu-central-1");
        assert.equal(await clients.metering.config.region(), "eu-central-1");
        assert.ok(clients.ssm.middlewareStack.identify().some((entry) => entry.startsWith("sgProvisionerTraceEndpoint")));
        clients.destroy();
        awsClients().destroy();
    });
});
