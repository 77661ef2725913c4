// The three service modules alone: the @pulumi/aws index loads every one of its 238 services.
import * as ec2 from "@pulumi/aws/ec2";
import * as ssm from "@pulumi/aws/ssm";
import * as vpc from "@pulumi/aws/vpc";
import * as pulumi from "@pulumi/pulumi";
import {
    ConfigSource,
    ConfigSpec,
    countRules,
    formatFindings,
    GroupRef,
    planResources,
    ResourceSpec,
    RuleCount,
    SecurityGroupSet,
    TIERED_SECURITY_GROUPS_TYPE,
    validateConfigData,
    validateConfigSource,
    Validation,
    VpcSource,
} from "sg-provisioner-core";
import { configError } from "./errors";
import { pendingValueFindings } from "./plain-args";

/** The config file's fields, plus where to find scenarios and, for a test deployment, its suffix. */
export interface TieredSecurityGroupsArgs extends ConfigSpec {
    /** Directory of scenario YAML files. Default: the catalog bundled with the package. */
    scenariosDir?: string;
    /**
     * Deploys the set in isolation, for a test: named `{set}-test-{suffix}`, so that its group names,
     * Name tags and SSM parameters (`/sg/{set}-test-{suffix}/{tier}/SecurityGroupId`) never meet the
     * real set's. 4 to 16 lowercase letters and digits (SG047); a scenario with a tier named `test`
     * or `test-…` cannot be isolated (SG048). Not a config file field. Default: none, the real set.
     */
    isolationSuffix?: string;
}

/** The args that are not the config file's: how to validate it. */
type ValidationArgs = Pick<TieredSecurityGroupsArgs, "scenariosDir" | "isolationSuffix">;

type Resolve = (ref: GroupRef) => pulumi.Output<string>;

function vpcId(source: VpcSource, region: string, parent: pulumi.Resource): pulumi.Output<string> {
    if (source.kind === "id") return pulumi.output(source.id);
    return ssm.getParameterOutput({ name: source.parameter, region }, { parent }).value;
}

function createResource(spec: ResourceSpec, groupId: Resolve, groupVpcId: pulumi.Output<string>, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
    switch (spec.kind) {
        case "group": {
            const { vpc: _source, ...args } = spec.args;
            return new ec2.SecurityGroup(spec.name, { ...args, vpcId: groupVpcId }, opts);
        }
        case "ingress":
        case "egress": {
            const { securityGroupId, referencedSecurityGroupId, ...args } = spec.args;
            const resolved = {
                ...args,
                securityGroupId: groupId(securityGroupId),
                referencedSecurityGroupId: referencedSecurityGroupId ? groupId(referencedSecurityGroupId) : undefined,
            };
            return spec.kind === "ingress" ? new vpc.SecurityGroupIngressRule(spec.name, resolved, opts) : new vpc.SecurityGroupEgressRule(spec.name, resolved, opts);
        }
        case "parameter":
            return new ssm.Parameter(spec.name, { ...spec.args, insecureValue: groupId(spec.args.insecureValue) }, opts);
    }
}

/** Sources of args built by {@link argsFromSource}; invisible to the component's schema. */
const SOURCES = new WeakMap<object, ConfigSource>();

/**
 * Component args from a config source (a file, or a stack setting), so that the component's
 * findings, warnings included, carry the source's file, line and key path. The args are still
 * validated themselves when the component is built.
 */
export function argsFromSource(source: ConfigSource & { data: ConfigSpec }, extra: ValidationArgs = {}): TieredSecurityGroupsArgs {
    const args = { ...source.data, ...extra };
    SOURCES.set(args, source);
    return args;
}

function validateArgs(args: TieredSecurityGroupsArgs, config: ConfigSpec, { scenariosDir, isolationSuffix }: ValidationArgs): Validation {
    const options = { scenariosDir, isolation: isolationSuffix, isolationField: "isolationSuffix" };
    const source = SOURCES.get(args);
    return source ? validateConfigSource(source, options, config) : validateConfigData(config, options);
}

/**
 * Tiered security groups from a scenario and a team's overrides: one group per tier with no inline
 * rules, one rule resource per rule (cross-tier rules reference the other tier's group, so no cycle
 * can arise), and one SSM parameter per tier publishing the group's ID.
 */
export class TieredSecurityGroups extends pulumi.ComponentResource {
    /** The set's name: `{client}-{environment}-{deployment}-{region}[-{workload}]-sg`, or `{set}-test-{suffix}` in isolation. */
    public readonly setName: pulumi.Output<string>;
    /** The VPC the groups live in. */
    public readonly vpcId: pulumi.Output<string>;
    /** Security group IDs by tier. */
    public readonly securityGroupIds: pulumi.Output<{ [tier: string]: string }>;
    /** Security group names (AWS names, generated from the prefix) by tier. */
    public readonly securityGroupNames: pulumi.Output<{ [tier: string]: string }>;
    /** SSM parameter names by tier: `/sg/{set}/{tier}/SecurityGroupId` (`{set}` being `setName`). */
    public readonly parameterNames: pulumi.Output<{ [tier: string]: string }>;
    /** Rule resources by tier and direction, for the deployment report. */
    public readonly ruleCounts: pulumi.Output<{ [tier: string]: RuleCount }>;

    constructor(name: string, args: TieredSecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before the component registers, so a rejected config leaves nothing in the
        // stack's state, not even an empty component.
        const { scenariosDir, isolationSuffix, ...config } = args;
        const pending = pendingValueFindings(isolationSuffix === undefined ? config : { ...config, isolationSuffix });
        const validation = pending.length > 0 ? { findings: pending } : validateArgs(args, config, { scenariosDir, isolationSuffix });
        // Paths relative to the project root, which is where people run pulumi (the program runs in its main directory).
        const root = pulumi.runtime.getRootDirectory() || process.cwd();
        if (!validation.set) {
            const errors = validation.findings.filter((finding) => finding.severity === "error");
            throw configError(`invalid sg-provisioner config for TieredSecurityGroups "${name}":\n${formatFindings(errors, root)}`);
        }
        super(TIERED_SECURITY_GROUPS_TYPE, name, {}, opts);
        for (const warning of validation.findings.filter((finding) => finding.severity === "warning")) {
            pulumi.log.warn(formatFindings([warning], root), this);
        }
        const set: SecurityGroupSet = validation.set;
        const setVpcId = vpcId(set.vpc, set.region, this);
        const groups = new Map<string, ec2.SecurityGroup>();
        const groupId: Resolve = (ref) => {
            const group = groups.get(ref.groupOf);
            if (!group) throw new Error(`no security group for tier ${ref.groupOf}`);
            return group.id;
        };
        const parameters = new Map<string, ssm.Parameter>();
        const specs = planResources(name, set);
        // Every group first: a rule may reference any tier's group, whichever tier it belongs to.
        const ordered = [...specs.filter((spec) => spec.kind === "group"), ...specs.filter((spec) => spec.kind !== "group")];
        for (const spec of ordered) {
            const resource = createResource(spec, groupId, setVpcId, { parent: this });
            if (spec.kind === "group") groups.set(spec.tier, resource as ec2.SecurityGroup);
            if (spec.kind === "parameter") parameters.set(spec.tier, resource as ssm.Parameter);
        }
        const byTier = <T>(source: Map<string, T>, pick: (value: T) => pulumi.Input<string>) =>
            pulumi.all(Object.fromEntries([...source].map(([tier, value]) => [tier, pick(value)]))) as pulumi.Output<{ [tier: string]: string }>;
        this.setName = pulumi.output(set.setName);
        this.vpcId = setVpcId;
        this.securityGroupIds = byTier(groups, (group) => group.id);
        this.securityGroupNames = byTier(groups, (group) => group.name);
        this.parameterNames = byTier(parameters, (parameter) => parameter.name);
        this.ruleCounts = pulumi.output(Object.fromEntries(set.tiers.map((tier) => [tier.name, countRules(tier.rules)])));
        this.registerOutputs({
            setName: this.setName,
            vpcId: this.vpcId,
            securityGroupIds: this.securityGroupIds,
            securityGroupNames: this.securityGroupNames,
            parameterNames: this.parameterNames,
            ruleCounts: this.ruleCounts,
        });
    }
}
