import { PolicyConfigSchema } from "@pulumi/policy";
import { CODES, DEFAULT_POLICY, ExposurePolicy } from "sg-provisioner-core/rules-engine";
import { internetShareSchema, portListSchema, settings } from "../settings";

/** Settings shared by the policies that decide what "a database port from the internet" is. */
export interface ExposureSettings {
    readonly databasePorts: readonly number[];
    readonly internetShare: number;
}

const EXPOSURE_DEFAULTS: ExposureSettings = {
    databasePorts: DEFAULT_POLICY.databasePorts,
    internetShare: DEFAULT_POLICY.internetShare,
};

export const EXPOSURE_SCHEMA: PolicyConfigSchema = {
    properties: {
        databasePorts: portListSchema("Ports that must never be reachable from the internet, over TCP or UDP.", EXPOSURE_DEFAULTS.databasePorts),
        internetShare: internetShareSchema(EXPOSURE_DEFAULTS.internetShare),
    },
};

/** The core's exposure policy with a policy's configured settings in place. */
export function exposurePolicy(configured: Partial<ExposurePolicy>): ExposurePolicy {
    return settings(DEFAULT_POLICY, configured);
}

/** The findings that block a deployment: a database port, or every port, open to the internet. */
export const BLOCKING_CODES: readonly string[] = [CODES.databaseFromInternet, CODES.allPortsFromInternet];
