import * as pulumi from "@pulumi/pulumi";

/**
 * A RunError for a problem in the user's config, which Pulumi prints by its message alone.
 *
 * Its stack is only its message. The SDK's `cmd/run` and `cmd/run-plugin` also pass every uncaught
 * error to `util.inspect(error, { colors: true })`, and on Node 20.20 that call loops until strings
 * run out of room when a stack frame sits directly under a scoped package
 * (`node_modules/@pulumi/config.ts`, where the SDK's source maps point; nodejs/node#64011): a
 * config error then took 20 to 50 seconds to report. A frameless stack is printed at once, and
 * its frames were never shown for a RunError anyway.
 */
export function configError(message: string): pulumi.RunError {
    const error = new pulumi.RunError(message);
    error.stack = `${error.name}: ${message}`;
    return error;
}
