import { ResourceValidationPolicy } from "@pulumi/policy";
import { checkRule } from "sg-provisioner/rules";
import { rulesOf } from "../adapters";
import { explainUndecided } from "../report";
import { BLOCKING_CODES, EXPOSURE_SCHEMA, ExposureSettings, exposurePolicy } from "./exposure";

/**
 * Advisory: a rule whose CIDR, ports or protocol are unknown during preview, and whose worst case
 * would expose a database port. `pulumi up` registers the rule with real values and the mandatory
 * policy decides then; this tells the reviewer of the preview what is still open.
 */
export const undecidedExposure: ResourceValidationPolicy = {
    name: "security-group-undecided-exposure",
    description: "A rule that cannot be judged during preview could, at worst, expose a database port to the internet.",
    enforcementLevel: "advisory",
    configSchema: EXPOSURE_SCHEMA,
    validateResource: (args, reportViolation) => {
        const policy = exposurePolicy(args.getConfig<Partial<ExposureSettings>>());
        for (const adapted of rulesOf(args.type, args.props)) {
            if (!adapted.rule || adapted.undecided.length === 0) continue;
            const [worst] = checkRule(adapted.rule, policy).filter((found) => BLOCKING_CODES.includes(found.code));
            if (worst) reportViolation(explainUndecided(adapted, worst));
        }
    },
};
