import { ResourceValidationPolicy } from "@pulumi/policy";
import { CODES, databasePortsReached } from "sg-provisioner-core/rules-engine";
import { explain, placeOf } from "../report";
import { EXPOSURE_SCHEMA, ExposureSettings, exposurePolicy } from "./exposure";
import { ruleFindings } from "./rule-findings";

/**
 * Advisory: a database port open to a broad block that is still short of the internet (a public
 * /12 of IPv6, a whole VPC). The core's broad-CIDR check, kept to inbound database traffic, where
 * a block of millions of addresses is an exposure even when it is not the internet.
 */
export const broadCidrDatabasePorts: ResourceValidationPolicy = {
    name: "security-group-broad-cidr-database-ports",
    description: "A database port should be reachable only from narrow CIDR blocks, security groups or prefix lists.",
    enforcementLevel: "advisory",
    configSchema: EXPOSURE_SCHEMA,
    validateResource: (args, reportViolation) => {
        const policy = exposurePolicy(args.getConfig<Partial<ExposureSettings>>());
        for (const { adapted, finding } of ruleFindings(args, policy, [CODES.broadCidr])) {
            const rule = adapted.rule;
            if (rule && rule.direction === "ingress" && databasePortsReached(rule, policy).length > 0) reportViolation(explain(placeOf(adapted), finding));
        }
    },
};
