/**
 * The ready-to-deploy program: `pulumi config set sg-provisioner:configFile <path>`, then
 * `pulumi up`. It validates the file (with line numbers in every message), then builds the
 * component from it.
 */
import * as pulumi from "@pulumi/pulumi";
import { TieredSecurityGroups, formatFindings, validateConfigFile } from "sg-provisioner";

const configFile = new pulumi.Config().require("configFile");
const validation = validateConfigFile(configFile);
if (!validation.set || !validation.config) {
    throw new pulumi.RunError(`${configFile} is not valid:\n\n${formatFindings(validation.findings)}`);
}
// Warnings are logged by the component itself, once, against its resource.
const groups = new TieredSecurityGroups(validation.set.setName, validation.config);

export const setName = groups.setName;
export const vpcId = groups.vpcId;
export const securityGroupIds = groups.securityGroupIds;
export const securityGroupNames = groups.securityGroupNames;
export const parameterNames = groups.parameterNames;
export const ruleCounts = groups.ruleCounts;
