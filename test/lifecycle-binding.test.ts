import { strict as assert } from "node:assert";
import * as path from "node:path";
import { bindingProblems, StackFacts } from "../provider/cli/src/cli/lifecycle/binding";
import { groupIdsByTier, groupsInState } from "../provider/cli/src/operations/state";
import { validateConfigFile } from "../provider/core/src/plan/validate";
import { REPO } from "./support/config";

const FILE = path.join(REPO, "examples", "configs", "globalbank-prod-c001-us-west-2-sg.yaml");
const SET = "globalbank-prod-c001-us-west-2-fraud-sg";
const set = validateConfigFile(FILE).set!;
const isolated = validateConfigFile(FILE, { isolation: "abc123" }).set!;
const GROUP = "aws:ec2/securityGroup:SecurityGroup";

function facts(overrides: Partial<StackFacts> = {}): StackFacts {
    return { stackName: "prod", projectDir: "/project", settings: {}, outputs: {}, groups: [], ...overrides };
}

function group(tier: string, name: string, id = `sg-0${tier}`) {
    return { urn: `urn:pulumi:prod::sg-provisioner::${GROUP}::${name}`, id, tier, name };
}

describe("which stack belongs to a config", () => {
    it("accepts a new stack, and one whose outputs and groups are the set's", () => {
        assert.deepEqual(bindingProblems(set, "prod.yaml", "prod.yaml", facts()), []);
        const own = facts({ outputs: { setName: SET }, groups: [group("web", `${SET}-web`), group("db", `${SET}-db`)], settings: { "sg-provisioner:configFile": "prod.yaml" } });
        assert.deepEqual(bindingProblems(set, "prod.yaml", "prod.yaml", own), []);
    });

    it("ignores the project's declared defaults, which pulumi config lists on every stack", () => {
        const defaults = facts({ settings: { "sg-provisioner:set": "{}", "sg-provisioner:isolationSuffix": "", "sg-provisioner:configFile": "" } });
        assert.deepEqual(bindingProblems(set, "prod.yaml", "prod.yaml", defaults), []);
    });

    it("refuses another set's stack, by its outputs or by the Name tags of the groups in its state", () => {
        assert.deepEqual(bindingProblems(set, "prod.yaml", "prod.yaml", facts({ outputs: { setName: "acme-prod-x-sg" } })), [
            { message: `stack prod holds set acme-prod-x-sg, but prod.yaml describes ${SET}`, fix: `pass the stack of ${SET} with --stack, or leave --stack out` },
        ]);
        // A failed first deployment: groups in the state, no outputs yet.
        assert.deepEqual(bindingProblems(set, "prod.yaml", "prod.yaml", facts({ groups: [group("web", "acme-prod-x-sg-web")] })), [
            {
                message: `stack prod holds security groups of another set: acme-prod-x-sg-web (prod.yaml describes ${SET})`,
                fix: `pass the stack of ${SET} with --stack, or leave --stack out`,
            },
        ]);
    });

    it("keeps test stacks and real stacks apart, both ways", () => {
        const test = facts({
            settings: { "sg-provisioner:isolationSuffix": "abc123" },
            outputs: { setName: `${SET}-test-abc123` },
            groups: [group("web", `${SET}-test-abc123-web`)],
        });
        assert.deepEqual(
            bindingProblems(set, "prod.yaml", "prod.yaml", test).map((problem) => problem.message),
            [
                "stack prod is a test deployment (sg-provisioner:isolationSuffix is abc123), not the set's own stack",
                `stack prod holds set ${SET}-test-abc123, but prod.yaml describes ${SET}`,
                `stack prod holds security groups of another set: ${SET}-test-abc123-web (prod.yaml describes ${SET})`,
            ],
        );
        assert.deepEqual(bindingProblems(isolated, "prod.yaml", "prod.yaml", test), []);
        const real = facts({ outputs: { setName: SET }, groups: [group("web", `${SET}-web`)] });
        assert.equal(bindingProblems(isolated, "prod.yaml", "prod.yaml", real).length, 2);
    });

    it("leaves a stack that takes its set inline to pulumi itself", () => {
        assert.deepEqual(
            bindingProblems(set, "prod.yaml", "prod.yaml", facts({ settings: { "sg-provisioner:set": '{"client":"globalbank"}' } })).map((problem) => problem.message),
            ["stack prod takes its set inline (sg-provisioner:set in Pulumi.prod.yaml), not from a config file"],
        );
    });

    it("refuses an empty stack set up for another config file, and accepts the same file written another way", () => {
        assert.deepEqual(
            bindingProblems(set, "prod.yaml", "configs/prod.yaml", facts({ settings: { "sg-provisioner:configFile": "configs/other.yaml" } })).map((problem) => problem.message),
            ["stack prod is set up for configs/other.yaml, not prod.yaml"],
        );
        assert.deepEqual(bindingProblems(set, "prod.yaml", "configs/prod.yaml", facts({ settings: { "sg-provisioner:configFile": "/project/configs/prod.yaml" } })), []);
    });
});

describe("the groups a stack's state holds", () => {
    it("reads each security group's ID, tier, Name tag and region, whatever the outputs say", () => {
        const groups = groupsInState([
            {
                urn: "urn:a",
                type: GROUP,
                id: "sg-1",
                inputs: { tags: { Tier: "web", Name: `${SET}-web` }, region: "us-west-2" },
                outputs: { tags: { Tier: "web", Name: `${SET}-web` } },
            },
            { urn: "urn:b", type: GROUP, id: "sg-2", outputs: { tags: { Tier: "db", Name: `${SET}-db` }, region: "us-east-1" } },
            { urn: "urn:c", type: GROUP, id: "" },
            { urn: "urn:d", type: "aws:ssm/parameter:Parameter", id: "/sg/x/web/SecurityGroupId" },
            { urn: "urn:e", type: GROUP, id: "sg-3" },
        ]);
        assert.deepEqual(groups, [
            { urn: "urn:a", id: "sg-1", tier: "web", name: `${SET}-web`, region: "us-west-2" },
            { urn: "urn:b", id: "sg-2", tier: "db", name: `${SET}-db`, region: "us-east-1" },
            { urn: "urn:e", id: "sg-3" },
        ]);
        assert.deepEqual(groupIdsByTier(groups), { web: "sg-1", db: "sg-2" });
    });
});
