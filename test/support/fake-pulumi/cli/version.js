"use strict";
// The version the fake reports: the SDK's own (3.248.0), or FAKE_PULUMI_VERSION so a test can play an
// older CLI, e.g. one from before 3.206 that the Automation API hands a file event log instead of gRPC.

const DEFAULT_VERSION = "3.248.0";

function cliVersion(env) {
    return (env.FAKE_PULUMI_VERSION || DEFAULT_VERSION).replace(/^v/, "");
}

const VERSION = {
    spec: {},
    run(ctx) {
        ctx.stdout += `v${cliVersion(ctx.env)}\n`;
    },
};

module.exports = { cliVersion, commands: { version: VERSION } };
