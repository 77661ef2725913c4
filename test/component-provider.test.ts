import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { EXAMPLE, REPO } from "./support/config";
import { Registration, STACK_TYPE, TestEngine } from "./support/engine";
import { runProgram, tempProject } from "./support/language-host";
import { packedPackage } from "./support/packed";
import { ProviderPlugin } from "./support/provider-plugin";

const COMPONENT = "sg-provisioner:index:TieredSecurityGroups";
const YAML_EXAMPLE = path.join(REPO, "examples", "yaml");
const VPC_PARAMETER = "/vpc/globalbank-prod-c001-us-west-2-vpc/VPCId";
const VPC_ID = "vpc-0aaaaaaaaaaaaaaaa";

interface SchemaResource {
    isComponent: boolean;
    inputProperties: Record<string, unknown>;
    requiredInputs: string[];
}

interface YamlProgram {
    packages: Record<string, string>;
    resources: Record<string, { type: string; properties: Record<string, unknown> }>;
    outputs: Record<string, string>;
}

/** What the engine recorded, by URN: registration order follows promise resolution, not the plan. */
function comparable(registrations: readonly Registration[]): Registration[] {
    return [...registrations].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}

/** Starts the packed package for one Construct call against a fresh engine. */
async function withPlugin<T>(consumerDir: string, use: (plugin: ProviderPlugin) => Promise<T>): Promise<T> {
    const engine = await TestEngine.start({ project: "sg-provisioner", stack: "dev", dryRun: false, parameters: { [VPC_PARAMETER]: VPC_ID } });
    const plugin = await ProviderPlugin.start(packedPackage("component").dir, consumerDir, engine);
    try {
        return await use(plugin);
    } finally {
        await plugin.stop();
        await engine.stop();
    }
}

describe("the package for other languages, started as the CLI starts a PulumiPlugin.yaml package", function () {
    // Packing builds the package, and GetSchema type-checks its source with TypeScript.
    this.timeout(240_000);

    it("ships what the CLI needs to run it from the packed layout", () => {
        const { dir } = packedPackage("component");
        assert.equal(fs.readFileSync(path.join(dir, "PulumiPlugin.yaml"), "utf8"), "runtime: nodejs\n");
        for (const file of ["package.json", "dist/index.js", "src/component/tiered-security-groups.ts", "tsconfig.json"]) {
            assert.ok(fs.existsSync(path.join(dir, file)), `${file} is in the package`);
        }
        assert.equal(fs.existsSync(path.join(dir, "test")), false);
    });

    it("GetSchema declares the component with the config's fields, and Construct registers the same 16 AWS resources as the TypeScript program", async () => {
        const config = parse(fs.readFileSync(EXAMPLE, "utf8")) as Record<string, unknown>;
        const name = "globalbank-prod-c001-us-west-2-fraud-sg";
        const constructed = await withPlugin(REPO, async (plugin) => {
            const schema = (await plugin.schema()) as { name: string; resources: Record<string, SchemaResource> };
            assert.equal(schema.name, "sg-provisioner");
            assert.deepEqual(Object.keys(schema.resources), [COMPONENT]);
            assert.deepEqual(schema.resources[COMPONENT].requiredInputs, ["client", "deployment", "environment", "region", "scenario", "vpc"]);
            const result = await plugin.construct({ name, inputs: config });
            assert.equal(result.urn, `urn:pulumi:dev::sg-provisioner::${COMPONENT}::${name}`);
            assert.equal(result.state.setName, name);
            assert.deepEqual(result.state.ruleCounts, { web: { ingress: 4, egress: 2 }, app: { ingress: 2, egress: 1 }, db: { ingress: 1, egress: 0 } });
            assert.deepEqual(plugin.stderr, []);
            return plugin.engine.registrations;
        });
        const program = await runProgram({ root: tempProject(), config: { "sg-provisioner:configFile": EXAMPLE }, parameters: { [VPC_PARAMETER]: VPC_ID } });
        const typescriptPath = program.engine.registrations.filter((registration) => registration.type !== STACK_TYPE);
        assert.equal(constructed.filter((registration) => registration.custom && registration.type.startsWith("aws:")).length, 16);
        assert.deepEqual(comparable(constructed), comparable(typescriptPath));
    });

    it("Construct takes isolationSuffix, a declared input, and registers the test deployment's names", async () => {
        const config = parse(fs.readFileSync(EXAMPLE, "utf8")) as Record<string, unknown>;
        const set = "globalbank-prod-c001-us-west-2-fraud-sg-test-a3f09c";
        await withPlugin(REPO, async (plugin) => {
            const schema = (await plugin.schema()) as { resources: Record<string, SchemaResource> };
            assert.ok("isolationSuffix" in schema.resources[COMPONENT].inputProperties);
            assert.ok(!schema.resources[COMPONENT].requiredInputs.includes("isolationSuffix"));
            const result = await plugin.construct({ name: "globalbank-prod-c001-us-west-2-fraud-sg", inputs: { ...config, isolationSuffix: "a3f09c" } });
            assert.equal(result.state.setName, set);
            const parameters = plugin.engine.registrations
                .filter((registration) => registration.type === "aws:ssm/parameter:Parameter")
                .map((registration) => registration.inputs.name);
            assert.deepEqual(
                parameters.sort(),
                ["app", "db", "web"].map((tier) => `/sg/${set}/${tier}/SecurityGroupId`),
            );
        });
    });

    it("a rejected config, or one waiting on another resource, fails Construct with the reason and registers nothing, not even the component", async () => {
        const inputs = { ...(parse(fs.readFileSync(EXAMPLE, "utf8")) as Record<string, unknown>), overrides: { ports: { cache: 1 } } };
        await withPlugin(REPO, async (plugin) => {
            await assert.rejects(plugin.construct({ name: "bad", inputs }), (error: Error) => {
                assert.equal(
                    error.message,
                    '2 UNKNOWN: invalid sg-provisioner config for TieredSecurityGroups "bad":\n' +
                        "(component args)  error  SG022  overrides.ports.cache\n" +
                        '  port override for tier "cache", which scenario three-tier-postgres does not have\n' +
                        "  fix: use one of the tiers of three-tier-postgres: web, app, db",
                );
                return true;
            });
            assert.deepEqual(plugin.engine.registrations, []);
            const vpcFromAnotherResource = { vpc: ["urn:pulumi:dev::sg-provisioner::aws:ec2/vpc:Vpc::main"] };
            await assert.rejects(plugin.construct({ name: "later", inputs: { ...inputs, overrides: {} }, inputDependencies: vpcFromAnotherResource }), (error: Error) => {
                assert.equal(
                    error.message,
                    '2 UNKNOWN: invalid sg-provisioner config for TieredSecurityGroups "later":\n' +
                        "(component args)  error  SG045  vpc\n" +
                        "  an output of another resource, or a secret, where a plain value is needed: the set's resource names and rules are decided from its config before anything deploys, so they cannot wait for a value\n" +
                        "  fix: pass the value itself (a literal or plain stack config), not another resource's output, and do not mark it secret",
                );
                return true;
            });
            assert.deepEqual(plugin.engine.registrations, []);
        });
    });

    describe("examples/yaml, the Pulumi YAML program", () => {
        const program = parse(fs.readFileSync(path.join(YAML_EXAMPLE, "Pulumi.yaml"), "utf8")) as YamlProgram;
        const [[resourceName, resource]] = Object.entries(program.resources);

        it("names the package's folder under packages:, as pulumi package add records a local package", () => {
            assert.deepEqual(program.packages, { "sg-provisioner": "../../provider/component" });
            assert.ok(fs.existsSync(path.join(YAML_EXAMPLE, program.packages["sg-provisioner"], "PulumiPlugin.yaml")));
            assert.equal(resource.type, COMPONENT);
            assert.deepEqual(program.outputs, { securityGroupIds: `\${${resourceName}.securityGroupIds}`, parameterNames: `\${${resourceName}.parameterNames}` });
        });

        it("passes only properties the schema declares, and Construct registers what the TypeScript program registers for the same set", async () => {
            const set = resource.properties;
            const constructed = await withPlugin(YAML_EXAMPLE, async (plugin) => {
                const schema = (await plugin.schema()) as { resources: Record<string, SchemaResource> };
                const declared = schema.resources[COMPONENT];
                assert.deepEqual(
                    Object.keys(set).filter((key) => !(key in declared.inputProperties)),
                    [],
                );
                assert.deepEqual(
                    declared.requiredInputs.filter((key) => !(key in set)),
                    [],
                );
                await plugin.construct({ name: "acme-prod-p01-eu-west-1-payments-sg", inputs: set });
                return plugin.engine.registrations;
            });
            assert.deepEqual(constructed.map((registration) => registration.name).sort(), [
                "acme-prod-p01-eu-west-1-payments-sg",
                "acme-prod-p01-eu-west-1-payments-sg-db",
                "acme-prod-p01-eu-west-1-payments-sg-db-ingress-tcp-5433-from-tier-web",
                "acme-prod-p01-eu-west-1-payments-sg-db-sg-id",
                "acme-prod-p01-eu-west-1-payments-sg-web",
                "acme-prod-p01-eu-west-1-payments-sg-web-egress-tcp-5433-to-tier-db",
                "acme-prod-p01-eu-west-1-payments-sg-web-ingress-tcp-443-from-cidr4-0.0.0.0/0",
                "acme-prod-p01-eu-west-1-payments-sg-web-ingress-tcp-443-from-cidr6---/0",
                "acme-prod-p01-eu-west-1-payments-sg-web-ingress-tcp-80-from-cidr4-0.0.0.0/0",
                "acme-prod-p01-eu-west-1-payments-sg-web-ingress-tcp-80-from-cidr6---/0",
                "acme-prod-p01-eu-west-1-payments-sg-web-ingress-tcp-9100-from-cidr4-10.20.4.0/24",
                "acme-prod-p01-eu-west-1-payments-sg-web-sg-id",
            ]);
            const program = await runProgram({ root: tempProject(), config: { "sg-provisioner:set": set } });
            assert.deepEqual(comparable(constructed), comparable(program.engine.registrations.filter((registration) => registration.type !== STACK_TYPE)));
        });
    });
});
