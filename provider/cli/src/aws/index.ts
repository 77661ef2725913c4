// The AWS side of the CLI in one place, for code that uses it as a library. Importing this loads
// the EC2, SSM and Marketplace Metering clients together; the CLI's commands import the module they
// need with import() instead, so that a command that calls no AWS API loads none of them.
export * from "./client-config";
export * from "./clients";
export * from "./entitlement";
export * from "./errors";
export * from "./group-tiers";
export * from "./network-interfaces";
export * from "./preflight";
export * from "./security-groups";
