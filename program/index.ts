/**
 * The ready-to-deploy program. The set comes from one of two stack settings:
 * `sg-provisioner:configFile`, a config YAML file (a relative path is read from the project root,
 * whatever directory `pulumi` runs in), or `sg-provisioner:set`, the same fields inline in
 * `Pulumi.<stack>.yaml`. It validates the set (every finding with its file, line and field), then
 * builds the component from it. `sg-provisioner:isolationSuffix`, set on a test stack, deploys the
 * set as `{set}-test-{suffix}`, apart from the real one.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigSpec, TieredSecurityGroups, argsFromSource, configError, formatFindings, readProgramConfig, validateConfigSource } from "sg-provisioner";

const rootDirectory = pulumi.runtime.getRootDirectory();
const config = new pulumi.Config();
// `get`, not `require` or `getObject`: their errors carry SDK stack frames that make Node 20 slow to
// report them (see configError); the validation says what is missing or malformed instead. Secret
// keys come as the language host passes them.
const source = readProgramConfig({
    project: pulumi.getProject(),
    stack: pulumi.getStack(),
    rootDirectory,
    configFile: config.get("configFile"),
    set: config.get("set"),
    secretKeys: JSON.parse(process.env.PULUMI_CONFIG_SECRET_KEYS ?? "[]") as string[],
});
// Declared with an empty default, like the others: empty means a real deployment.
const isolationSuffix = config.get("isolationSuffix") || undefined;
const validation = validateConfigSource(source, {
    isolation: isolationSuffix,
    isolationField: `${pulumi.getProject()}:isolationSuffix`,
    isolationFile: path.join(rootDirectory, `Pulumi.${pulumi.getStack()}.yaml`),
});
if (!validation.set) {
    throw configError(`${source.label} is not valid:\n\n${formatFindings(validation.findings, rootDirectory)}`);
}
// The component validates its args again, from the same source, and logs the warnings there,
// each with its file, line and field. Its name is the real set's even in isolation: the logical
// name only keys resources within the stack (AWS names come from the isolated set name), so a real
// stack's URNs never change, and a test stack's URNs are the real stack's.
const name = validation.set.isolation?.of ?? validation.set.setName;
const groups = new TieredSecurityGroups(name, argsFromSource({ ...source, data: source.data as ConfigSpec }, { isolationSuffix }));

export const setName = groups.setName;
export const vpcId = groups.vpcId;
export const securityGroupIds = groups.securityGroupIds;
export const securityGroupNames = groups.securityGroupNames;
export const parameterNames = groups.parameterNames;
export const ruleCounts = groups.ruleCounts;
