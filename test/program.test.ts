import { strict as assert } from "node:assert";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { REPO, configYaml, tempFile } from "./support/config";

const PROGRAM = path.join(REPO, "program", "index.ts");

interface Recorded {
    type: string;
    name: string;
}

/** Loads the root Pulumi.yaml program fresh, the way the language host does, with the given stack config. */
async function runProgram(configFile: string): Promise<{ resources: Recorded[]; outputs: Record<string, unknown> }> {
    const resources: Recorded[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                resources.push({ type: args.type, name: args.name });
                // EC2 completes a name prefix with a unique suffix.
                const state = args.inputs.namePrefix ? { ...args.inputs, name: `${args.inputs.namePrefix}0001` } : args.inputs;
                return { id: `${args.name}-id`, state };
            },
            call: (args) => ({ ...args.inputs, value: "vpc-0aaaaaaaaaaaaaaaa" }),
        },
        "sg-provisioner",
        "dev",
        false,
    );
    pulumi.runtime.setConfig("sg-provisioner:configFile", configFile);
    delete require.cache[require.resolve(PROGRAM)];
    const program = (await import(PROGRAM)) as Record<string, pulumi.Output<unknown>>;
    const outputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(program)) {
        outputs[key] = await new Promise((resolve) => value.apply(resolve));
    }
    return { resources, outputs };
}

describe("the root Pulumi.yaml program", () => {
    it("reads sg-provisioner:configFile and builds the component with its outputs", async () => {
        const { resources, outputs } = await runProgram("examples/configs/globalbank-prod-c001-us-west-2-sg.yaml");
        const n = "globalbank-prod-c001-us-west-2-fraud-sg";
        assert.equal(resources.length, 17);
        assert.deepEqual(resources[0], { type: "sg-provisioner:index:TieredSecurityGroups", name: n });
        assert.deepEqual(outputs, {
            setName: n,
            vpcId: "vpc-0aaaaaaaaaaaaaaaa",
            securityGroupIds: { web: `${n}-web-id`, app: `${n}-app-id`, db: `${n}-db-id` },
            securityGroupNames: { web: `${n}-web-0001`, app: `${n}-app-0001`, db: `${n}-db-0001` },
            parameterNames: { web: `/sg/${n}/web/SecurityGroupId`, app: `/sg/${n}/app/SecurityGroupId`, db: `/sg/${n}/db/SecurityGroupId` },
            ruleCounts: { web: { ingress: 4, egress: 2 }, app: { ingress: 2, egress: 1 }, db: { ingress: 1, egress: 0 } },
        });
    });

    it("stops with a RunError that lists located findings, creating nothing", async () => {
        const file = tempFile(configYaml("three-tier-postgres", "overrides:\n  ports:\n    cache: 1\n"));
        await assert.rejects(runProgram(file), (error: Error) => {
            assert.ok(pulumi.RunError.isInstance(error), "a RunError, which Pulumi prints without a stack trace");
            assert.equal(
                error.message,
                `${file} is not valid:\n\n${path.relative(process.cwd(), file).startsWith("..") ? file : path.relative(process.cwd(), file)}:10:5  error  SG022  overrides.ports.cache\n  port override for tier "cache", which scenario three-tier-postgres does not have\n  fix: use one of the tiers of this scenario: web, app, db`,
            );
            return true;
        });
    });
});
