/**
 * The ready-to-deploy program. The set comes from one of two stack settings:
 * `sg-provisioner:configFile`, a config YAML file (a relative path is read from the project root,
 * whatever directory `pulumi` runs in), or `sg-provisioner:set`, the same fields inline in
 * `Pulumi.<stack>.yaml`. It validates the set (every finding with its file, line and field), then
 * builds the component from it.
 */
import * as pulumi from "@pulumi/pulumi";
import { TieredSecurityGroups, configError, formatFindings, programConfigKeys, validateProgramConfig } from "sg-provisioner";

const project = pulumi.getProject();
const rootDirectory = pulumi.runtime.getRootDirectory();
const config = new pulumi.Config();
// `get`, not `require` or `getObject`: their errors carry SDK stack frames that make Node 20 slow to
// report them (see configError); the validation says what is missing or malformed instead.
const validation = validateProgramConfig({ project, stack: pulumi.getStack(), rootDirectory, configFile: config.get("configFile"), set: config.get("set") });
if (!validation.set || !validation.config) {
    const { configFile, set } = programConfigKeys(project);
    throw configError(`the sg-provisioner config (${configFile} or ${set}) is not valid:\n\n${formatFindings(validation.findings, rootDirectory)}`);
}
// Warnings are logged by the component itself, once, against its resource.
const groups = new TieredSecurityGroups(validation.set.setName, validation.config);

export const setName = groups.setName;
export const vpcId = groups.vpcId;
export const securityGroupIds = groups.securityGroupIds;
export const securityGroupNames = groups.securityGroupNames;
export const parameterNames = groups.parameterNames;
export const ruleCounts = groups.ruleCounts;
