import { strict as assert } from "node:assert";
import * as path from "node:path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { TieredSecurityGroups } from "../provider/component/src/component/tiered-security-groups";
import { REPO } from "./support/config";

describe("component schema (ComponentProvider.getSchema)", () => {
    let schema: {
        name: string;
        resources: Record<
            string,
            {
                isComponent: boolean;
                inputProperties: Record<string, { type?: string; $ref?: string }>;
                requiredInputs: string[];
                properties: Record<string, { type: string }>;
                required: string[];
            }
        >;
        types: Record<string, { properties: Record<string, unknown>; required?: string[] }>;
    };
    before(async function () {
        this.timeout(120_000);
        const provider = new ComponentProvider({ components: [TieredSecurityGroups], dirname: path.join(REPO, "provider", "component"), name: "sg-provisioner" });
        schema = JSON.parse(await provider.getSchema());
    });

    it("declares the component under its type token with the config's fields as inputs", () => {
        assert.equal(schema.name, "sg-provisioner");
        assert.deepEqual(Object.keys(schema.resources), ["sg-provisioner:index:TieredSecurityGroups"]);
        const component = schema.resources["sg-provisioner:index:TieredSecurityGroups"];
        assert.equal(component.isComponent, true);
        assert.deepEqual(Object.keys(component.inputProperties).sort(), [
            "client",
            "deployment",
            "environment",
            "isolationSuffix",
            "overrides",
            "region",
            "scenario",
            "scenariosDir",
            "tags",
            "vpc",
            "workload",
        ]);
        assert.deepEqual(component.requiredInputs, ["client", "deployment", "environment", "region", "scenario", "vpc"]);
        assert.equal(component.inputProperties.vpc.$ref, "#/types/sg-provisioner:index:VpcSpec");
        // Optional, and a component arg only: config files and the config schema do not have it.
        assert.equal(component.inputProperties.isolationSuffix.type, "string");
        assert.match(
            String((component.inputProperties.isolationSuffix as { description?: string }).description),
            /^Deploys the set in isolation, for a test: named `\{set\}-test-\{suffix\}`/,
        );
    });

    it("declares the per-tier outputs", () => {
        const component = schema.resources["sg-provisioner:index:TieredSecurityGroups"];
        assert.deepEqual(component.required, ["parameterNames", "ruleCounts", "securityGroupIds", "securityGroupNames", "setName", "vpcId"]);
        assert.deepEqual(component.properties.ruleCounts, {
            type: "object",
            additionalProperties: { $ref: "#/types/sg-provisioner:index:RuleCount" },
            description: "Rule resources by tier and direction, for the deployment report.",
        });
        assert.deepEqual(schema.types["sg-provisioner:index:RuleCount"].properties, { ingress: { type: "number" }, egress: { type: "number" } });
        assert.deepEqual(component.properties.securityGroupIds, { type: "object", additionalProperties: { type: "string" }, description: "Security group IDs by tier." });
    });

    it("describes rules with the config's snake_case keys", () => {
        assert.deepEqual(Object.keys(schema.types["sg-provisioner:index:RuleSpec"].properties).sort(), [
            "description",
            "destination",
            "destination_prefix_list",
            "destination_tier",
            "icmp_code",
            "icmp_type",
            "port",
            "port_range",
            "protocol",
            "self",
            "source",
            "source_prefix_list",
            "source_tier",
        ]);
        assert.deepEqual(schema.types["sg-provisioner:index:RuleSpec"].required, ["protocol"]);
        const { icmp_type, icmp_code } = schema.types["sg-provisioner:index:RuleSpec"].properties;
        assert.deepEqual(
            [icmp_type, icmp_code],
            [
                {
                    type: "number",
                    optional: true,
                    plain: true,
                    description: "icmp and icmpv6 only: the one ICMP type the rule allows, 0-255 (8: echo request). Absent: every type.",
                },
                {
                    type: "number",
                    optional: true,
                    plain: true,
                    description: "With icmp_type only: the one code of that type, 0-255 (4 with type 3: fragmentation needed). Absent: every code.",
                },
            ],
        );
    });
});
