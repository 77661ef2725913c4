import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { EngineMessage, RegisteredResource, registeredUrns, runOffline } from "../provider/cli/src/engine/offline";
import { TieredSecurityGroupsArgs } from "../provider/component/src/component/tiered-security-groups";
import { baseConfig } from "./support/config";

const GROUP = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const PARAMETER = "aws:ssm/parameter:Parameter";
const COMPONENT = "sg-provisioner:index:TieredSecurityGroups";

function args(scenario: string, extra: Partial<TieredSecurityGroupsArgs> = {}): TieredSecurityGroupsArgs {
    return { ...baseConfig(scenario), ...extra };
}

/** A rule resource as one line, written here from the raw inputs, independently of the product's formatting. */
function ruleLine(resource: RegisteredResource): string {
    const i = resource.inputs;
    const ports = i.fromPort === undefined ? "" : ` ${i.fromPort}-${i.toPort}`;
    const peer = i.cidrIpv4 ?? i.cidrIpv6 ?? i.prefixListId ?? i.referencedSecurityGroupId;
    const direction = resource.type === INGRESS ? "in" : "out";
    return `${String(i.securityGroupId)} ${direction} ${String(i.ipProtocol)}${ports} ${String(peer)}`;
}

const id = (name: string, tier: string) => `(id of ${name}-${tier})`;

/** The exact rules each topology must have, in terms of the component name `n`. */
function webRules(n: string, next: string, nextPort: number): string[] {
    return [
        `${id(n, "web")} in tcp 80-80 0.0.0.0/0`,
        `${id(n, "web")} in tcp 80-80 ::/0`,
        `${id(n, "web")} in tcp 443-443 0.0.0.0/0`,
        `${id(n, "web")} in tcp 443-443 ::/0`,
        `${id(n, "web")} out tcp ${nextPort}-${nextPort} ${id(n, next)}`,
    ];
}

function threeTier(n: string, dbPort: number): string[] {
    return [
        ...webRules(n, "app", 8080),
        `${id(n, "app")} in tcp 8080-8080 ${id(n, "web")}`,
        `${id(n, "app")} out tcp ${dbPort}-${dbPort} ${id(n, "db")}`,
        `${id(n, "db")} in tcp ${dbPort}-${dbPort} ${id(n, "app")}`,
    ].sort();
}

function twoTierDatabase(n: string, dbPort: number): string[] {
    return [...webRules(n, "db", dbPort), `${id(n, "db")} in tcp ${dbPort}-${dbPort} ${id(n, "web")}`].sort();
}

const EXPECTED: Record<string, { tiers: string[]; rules: (n: string) => string[] }> = {
    "three-tier-postgres": { tiers: ["web", "app", "db"], rules: (n) => threeTier(n, 5432) },
    "three-tier-mysql": { tiers: ["web", "app", "db"], rules: (n) => threeTier(n, 3306) },
    "three-tier-oracle": { tiers: ["web", "app", "db"], rules: (n) => threeTier(n, 1521) },
    "three-tier-sqlserver": { tiers: ["web", "app", "db"], rules: (n) => threeTier(n, 1433) },
    "three-tier-mongodb": { tiers: ["web", "app", "db"], rules: (n) => threeTier(n, 27017) },
    "three-tier-redshift": { tiers: ["web", "app", "db"], rules: (n) => threeTier(n, 5439) },
    "two-tier-postgres": { tiers: ["web", "db"], rules: (n) => twoTierDatabase(n, 5432) },
    "two-tier-mysql": { tiers: ["web", "db"], rules: (n) => twoTierDatabase(n, 3306) },
    "two-tier-web-app": { tiers: ["web", "app"], rules: (n) => [...webRules(n, "app", 8080), `${id(n, "app")} in tcp 8080-8080 ${id(n, "web")}`].sort() },
};

/** The URN Pulumi gives a resource: children of the component carry its type as their parent type. */
function urnOf(resource: RegisteredResource): string {
    const type = resource.custom ? `${COMPONENT}$${resource.type}` : resource.type;
    return `urn:pulumi:offline-plan::sg-provisioner::${type}::${resource.name}`;
}

describe("TieredSecurityGroups under Pulumi mocks", () => {
    for (const [scenario, expected] of Object.entries(EXPECTED)) {
        describe(scenario, () => {
            const n = "acme-dev-d01-eu-west-1-sg";
            let resources: RegisteredResource[];
            let urns: string[];
            before(async () => {
                resources = await runOffline(n, args(scenario));
                urns = registeredUrns();
            });

            it("creates one group and one parameter per tier, with no inline rules", () => {
                const groups = resources.filter((r) => r.type === GROUP);
                assert.deepEqual(
                    groups.map((g) => g.name),
                    expected.tiers.map((tier) => `${n}-${tier}`),
                );
                for (const group of groups) {
                    assert.equal(group.inputs.ingress, undefined);
                    assert.equal(group.inputs.egress, undefined);
                    assert.equal(group.inputs.vpcId, "vpc-0123456789abcdef0");
                    assert.equal(group.inputs.region, "eu-west-1");
                }
                const parameters = resources.filter((r) => r.type === PARAMETER);
                assert.deepEqual(
                    parameters.map((p) => [p.inputs.name, p.inputs.type, p.inputs.insecureValue]),
                    expected.tiers.map((tier) => [`/sg/${n}/${tier}/SecurityGroupId`, "String", id(n, tier)]),
                );
            });

            it("creates exactly the scenario's rules, one resource each", () => {
                const rules = resources.filter((r) => r.type === INGRESS || r.type === EGRESS);
                assert.deepEqual(rules.map(ruleLine).sort(), expected.rules(n));
                assert.equal(resources.length, 1 + 2 * expected.tiers.length + rules.length);
                assert.equal(resources.filter((r) => r.type === COMPONENT).length, 1);
            });

            it("registers no URN twice", () => {
                assert.equal(new Set(urns).size, resources.length);
                assert.deepEqual([...urns].sort(), resources.map((r) => urnOf(r)).sort());
            });

            it("makes rules depend on groups, and groups on nothing we create", () => {
                const groupUrns = new Set(resources.filter((r) => r.type === GROUP).map((r) => urnOf(r)));
                for (const resource of resources) {
                    if (resource.type === GROUP) {
                        assert.deepEqual(resource.dependencies, [], `${resource.name} depends on nothing`);
                    } else if (resource.type === INGRESS || resource.type === EGRESS) {
                        const own = urnOf(resources.find((r) => r.type === GROUP && ruleLine(resource).startsWith(`(id of ${r.name})`))!);
                        assert.ok(resource.dependencies.includes(own), `${resource.name} depends on its group`);
                        assert.ok(
                            resource.dependencies.every((dep) => groupUrns.has(dep)),
                            `${resource.name} depends only on groups`,
                        );
                    }
                }
            });
        });
    }

    it("passes the exact inputs for the example config's resources", async () => {
        const n = "globalbank-prod-c001-us-west-2-fraud-sg";
        const resources = await runOffline(n, {
            client: "globalbank",
            environment: "prod",
            deployment: "c001",
            region: "us-west-2",
            workload: "fraud",
            vpc: { name: "globalbank-prod-c001-us-west-2-vpc" },
            scenario: "three-tier-postgres",
            overrides: {
                ports: { app: 8443 },
                tiers: { app: { ingress: [{ protocol: "tcp", port: 9090, source_tier: "web", description: "Metrics scrape from the web tier" }] } },
            },
            tags: { owner: "fraud-team" },
        });
        const byName = new Map(resources.map((r) => [r.name, r]));
        const tags = (tier: string) => ({ owner: "fraud-team", ManagedBy: "sg-provisioner", "sg-provisioner:set": n, Tier: tier });
        assert.deepEqual(byName.get(`${n}-app`)?.inputs, {
            namePrefix: `${n}-app-`,
            description: `app tier of ${n}, managed by sg-provisioner`,
            vpcId: "(value of SSM parameter /vpc/globalbank-prod-c001-us-west-2-vpc/VPCId)",
            region: "us-west-2",
            tags: { ...tags("app"), Name: `${n}-app` },
        });
        assert.deepEqual(byName.get(`${n}-app-ingress-tcp-9090-from-tier-web`)?.inputs, {
            securityGroupId: `(id of ${n}-app)`,
            ipProtocol: "tcp",
            fromPort: 9090,
            toPort: 9090,
            referencedSecurityGroupId: `(id of ${n}-web)`,
            description: "Metrics scrape from the web tier",
            region: "us-west-2",
            tags: tags("app"),
        });
        assert.deepEqual(byName.get(`${n}-web-egress-tcp-8443-to-tier-app`)?.inputs.fromPort, 8443, "the port override reaches the web tier's egress");
        assert.deepEqual(byName.get(`${n}-web-ingress-tcp-443-from-cidr6---/0`)?.inputs, {
            securityGroupId: `(id of ${n}-web)`,
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrIpv6: "::/0",
            description: "HTTPS from the internet (IPv6)",
            region: "us-west-2",
            tags: tags("web"),
        });
        assert.deepEqual(byName.get(`${n}-db-sg-id`)?.inputs, {
            name: `/sg/${n}/db/SecurityGroupId`,
            type: "String",
            insecureValue: `(id of ${n}-db)`,
            description: `Security group ID of the db tier of ${n}`,
            region: "us-west-2",
            tags: tags("db"),
        });
    });

    it("writes ICMP as all types and protocol all without ports", async () => {
        const n = "icmp";
        const logged: EngineMessage[] = [];
        const resources = await runOffline(
            n,
            args("two-tier-web-app", {
                overrides: {
                    tiers: {
                        app: {
                            ingress: [{ protocol: "icmp", source: "10.0.0.0/24", description: "Ping" }],
                            egress: [{ protocol: "all", self: true, description: "Cluster traffic" }],
                        },
                    },
                },
            }),
            { log: (message) => logged.push(message) },
        );
        assert.deepEqual(
            logged.map((message) => [message.severity, message.onComponent, message.message.split("\n")[0]]),
            [["warning", true, "(component args)  warning  SG112  overrides.tiers.app.egress[0].protocol"]],
            "the component logs its one warning finding, on itself",
        );
        const icmp = resources.find((r) => r.name === `${n}-app-ingress-icmp-from-cidr4-10.0.0.0/24`);
        const all = resources.find((r) => r.name === `${n}-app-egress-all-to-self`);
        assert.deepEqual([icmp?.inputs.ipProtocol, icmp?.inputs.fromPort, icmp?.inputs.toPort], ["icmp", -1, -1]);
        assert.deepEqual(
            [all?.inputs.ipProtocol, all?.inputs.fromPort, all?.inputs.toPort, all?.inputs.referencedSecurityGroupId],
            ["-1", undefined, undefined, `(id of ${n}-app)`],
        );
    });

    it("writes an ICMP type in fromPort and its code in toPort, -1 for every code", async () => {
        const n = "icmp-types";
        const ping = { protocol: "icmp", source: "10.0.0.0/24" };
        const resources = await runOffline(
            n,
            args("two-tier-web-app", {
                overrides: {
                    tiers: {
                        app: {
                            ingress: [
                                { ...ping, icmp_type: 8, description: "Ping" },
                                { ...ping, icmp_type: 3, icmp_code: 4, description: "Path MTU discovery" },
                                { protocol: "icmpv6", icmp_type: 128, source: "2001:db8::/64", description: "Ping over IPv6" },
                            ],
                        },
                    },
                },
            }),
        );
        assert.deepEqual(
            resources.filter((r) => String(r.inputs.ipProtocol).startsWith("icmp")).map((r) => [r.name, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort]),
            [
                [`${n}-app-ingress-icmp-type3-code4-from-cidr4-10.0.0.0/24`, "icmp", 3, 4],
                [`${n}-app-ingress-icmp-type8-from-cidr4-10.0.0.0/24`, "icmp", 8, -1],
                [`${n}-app-ingress-icmpv6-type128-from-cidr6-2001-db8--/64`, "icmpv6", 128, -1],
            ],
        );
    });

    it("refuses args that hold outputs, naming each path, since names and rules are decided before deployment", async () => {
        const owner = pulumi.output("payments-team");
        const extra = { tags: { owner }, overrides: { tiers: { app: { ingress: [{ protocol: "tcp", port: Promise.resolve(9100), source_tier: "web", description: "x" }] } } } };
        const finding = (at: string) =>
            `(component args)  error  SG045  ${at}\n` +
            "  an output of another resource, or a secret, where a plain value is needed: the set's resource names and rules are decided from its config before anything deploys, so they cannot wait for a value\n" +
            "  fix: pass the value itself (a literal or plain stack config), not another resource's output, and do not mark it secret";
        await assert.rejects(runOffline("waits", args("three-tier-postgres", extra as unknown as Partial<TieredSecurityGroupsArgs>)), {
            message: `invalid sg-provisioner config for TieredSecurityGroups "waits":\n${finding("tags.owner")}\n\n${finding("overrides.tiers.app.ingress[0].port")}`,
        });
    });

    describe("isolationSuffix: a test deployment", () => {
        it("names every group, Name tag and parameter after {set}-test-{suffix}, keeping the logical names", async () => {
            const [real, isolated] = [await runOffline("n", args("two-tier-web-app")), await runOffline("n", args("two-tier-web-app", { isolationSuffix: "a3f09c" }))];
            assert.deepEqual(
                isolated.map((r) => r.name),
                real.map((r) => r.name),
            );
            const set = "acme-dev-d01-eu-west-1-sg-test-a3f09c";
            assert.deepEqual(
                isolated.filter((r) => r.type === GROUP).map((r) => [r.inputs.namePrefix, (r.inputs.tags as Record<string, string>).Name, r.inputs.description]),
                [
                    [`${set}-web-`, `${set}-web`, `web tier of ${set}, managed by sg-provisioner`],
                    [`${set}-app-`, `${set}-app`, `app tier of ${set}, managed by sg-provisioner`],
                ],
            );
            assert.deepEqual(
                isolated.filter((r) => r.type === PARAMETER).map((r) => [r.inputs.name, r.inputs.description]),
                [
                    [`/sg/${set}/web/SecurityGroupId`, `Security group ID of the web tier of ${set}`],
                    [`/sg/${set}/app/SecurityGroupId`, `Security group ID of the app tier of ${set}`],
                ],
            );
        });

        it("refuses a bad suffix, or one that is an output, naming the arg", async () => {
            await assert.rejects(runOffline("bad", args("two-tier-web-app", { isolationSuffix: "abc" })), {
                message:
                    'invalid sg-provisioner config for TieredSecurityGroups "bad":\n' +
                    "(component args)  error  SG047  isolationSuffix\n" +
                    '  the isolation suffix "abc" has 3 characters, not 4 to 16; it ends the test deployment\'s set name, {set}-test-{suffix}, in its group names and SSM paths\n' +
                    "  fix: use 4 to 16 lowercase letters and digits, such as 6 random hex digits (a3f09c)",
            });
            const later = pulumi.output("a3f09c") as unknown as string;
            await assert.rejects(runOffline("later", args("two-tier-web-app", { isolationSuffix: later })), /\(component args\) {2}error {2}SG045 {2}isolationSuffix\n/);
        });
    });

    it("refuses invalid args with every error in one message", async () => {
        await assert.rejects(
            runOffline(
                "bad",
                args("three-tier-postgres", {
                    overrides: { ports: { cache: 1 }, tiers: { db: { ingress: [{ protocol: "tcp", port: 5432, source: "0.0.0.0/0", description: "x" }] } } },
                }),
            ),
            (error: Error) => {
                assert.match(error.message, /invalid sg-provisioner config/);
                assert.match(error.message, /SG022 {2}overrides\.ports\.cache/);
                assert.match(error.message, /SG100 {2}overrides\.tiers\.db\.ingress\[0\]\.source/);
                return true;
            },
        );
    });
});
