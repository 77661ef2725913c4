import { ResourceValidationPolicy } from "@pulumi/policy";
import { CODES, coversPort, effectivePorts } from "sg-provisioner/rules";
import { explain, placeOf } from "../report";
import { EXPOSURE_SCHEMA, ExposureSettings, exposurePolicy } from "./exposure";
import { decidedFindings } from "./rule-findings";

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
        for (const { adapted, finding } of decidedFindings(args.type, args.props, policy, [CODES.broadCidr])) {
            const rule = adapted.rule;
            const databasePort =
                rule &&
                rule.direction === "ingress" &&
                rule.protocol !== "icmp" &&
                rule.protocol !== "icmpv6" &&
                policy.databasePorts.some((port) => coversPort(effectivePorts(rule), port));
            if (databasePort) reportViolation(explain(placeOf(adapted), finding));
        }
    },
};
