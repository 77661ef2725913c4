import { strict as assert } from "node:assert";
import { LifecycleEvent, StepMetadata, changesOf, driftOf, plainMessage, progressLine, renderChanges, renderDrift } from "../provider/cli/src/report/changes";
import { renderDriftHtml } from "../provider/cli/src/report/drift-html";

const SET = "globalbank-prod-c001-us-west-2-sg";
const PARENT = "sg-provisioner:index:TieredSecurityGroups";
const GROUP = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const PARAMETER = "aws:ssm/parameter:Parameter";

function urn(type: string, name: string): string {
    return type === "pulumi:pulumi:Stack" ? `urn:pulumi:prod::sg-provisioner::${type}::sg-provisioner-prod` : `urn:pulumi:prod::sg-provisioner::${PARENT}$${type}::${name}`;
}

function step(op: string, type: string, name: string, extra: Partial<StepMetadata> = {}): StepMetadata {
    return { op, urn: urn(type, name), type, ...extra };
}

const pre = (metadata: StepMetadata): LifecycleEvent => ({ resourcePreEvent: { metadata, planning: true } });
const done = (metadata: StepMetadata): LifecycleEvent => ({ resOutputsEvent: { metadata, planning: true } });

describe("lifecycle reports from engine events", () => {
    describe("changesOf", () => {
        const events: LifecycleEvent[] = [
            { preludeEvent: { config: {} } } as LifecycleEvent,
            pre(step("same", "pulumi:pulumi:Stack", "")),
            pre(step("create", "pulumi:providers:aws", "default_7_48_0")),
            pre(step("same", PARENT, SET)),
            pre(step("same", GROUP, `${SET}-web`)),
            pre(step("create", INGRESS, `${SET}-web-ingress-tcp-443-from-cidr4-0.0.0.0/0`)),
            pre(step("update", PARAMETER, `${SET}-db-sg-id`, { diffs: ["tags"], detailedDiff: { "tags.Owner": { diffKind: "update", inputDiff: true } } })),
            pre(step("create-replacement", GROUP, `${SET}-db`, { keys: ["vpcId"], diffs: ["vpcId"] })),
            pre(step("replace", GROUP, `${SET}-db`, { keys: ["vpcId"], diffs: ["vpcId"] })),
            pre(step("create-replacement", INGRESS, `${SET}-db-ingress-tcp-5432-from-tier-app`, { keys: ["securityGroupId"] })),
            pre(step("replace", INGRESS, `${SET}-db-ingress-tcp-5432-from-tier-app`, { keys: ["securityGroupId"] })),
            pre(step("delete", INGRESS, `${SET}-web-ingress-tcp-80-from-cidr4-0.0.0.0/0`)),
            pre(step("delete-replaced", INGRESS, `${SET}-db-ingress-tcp-5432-from-tier-app`, { keys: ["securityGroupId"] })),
            pre(step("delete-replaced", GROUP, `${SET}-db`, { keys: ["vpcId"] })),
            { summaryEvent: { resourceChanges: { create: 2, update: 1, replace: 2, delete: 1, same: 3 } } },
        ];

        it("folds a replacement's steps into one change per resource, in the engine's order, without the stack and providers", () => {
            const changes = changesOf(events);
            assert.deepEqual(
                changes.changes.map((change) => [change.kind, change.type, change.name, change.properties, change.replacedBy]),
                [
                    ["create", INGRESS, `${SET}-web-ingress-tcp-443-from-cidr4-0.0.0.0/0`, [], []],
                    ["update", PARAMETER, `${SET}-db-sg-id`, ["tags", "tags.Owner"], []],
                    ["replace", GROUP, `${SET}-db`, ["vpcId"], ["vpcId"]],
                    ["replace", INGRESS, `${SET}-db-ingress-tcp-5432-from-tier-app`, [], ["securityGroupId"]],
                    ["delete", INGRESS, `${SET}-web-ingress-tcp-80-from-cidr4-0.0.0.0/0`, [], []],
                ],
            );
            assert.deepEqual(changes.counts, { create: 1, update: 1, replace: 2, delete: 1, same: 2 });
        });

        it("calls a group's replacement disruptive, a rule's replacement a brief gap, and an update neither", () => {
            const byName = new Map(changesOf(events).changes.map((change) => [change.name, change.disruption]));
            assert.match(byName.get(`${SET}-db`) ?? "", /^DISRUPTIVE: the group gets a new ID/);
            assert.equal(byName.get(`${SET}-db-ingress-tcp-5432-from-tier-app`), "the rule is deleted and created again: connections it allows may fail for a moment");
            assert.equal(byName.get(`${SET}-db-sg-id`), undefined);
            assert.equal(byName.get(`${SET}-web-ingress-tcp-80-from-cidr4-0.0.0.0/0`), undefined);
        });

        it("renders one line per change, the replacing keys in brackets, then the counts", () => {
            const text = renderChanges(SET, "prod", changesOf(events));
            const lines = text.split("\n");
            assert.equal(lines[0], `Changes to ${SET} (stack prod):`);
            assert.equal(lines[1], `  +  create  ${INGRESS}  ${SET}-web-ingress-tcp-443-from-cidr4-0.0.0.0/0`);
            assert.equal(lines[2], `  ~  update  ${PARAMETER}  ${SET}-db-sg-id  [tags, tags.Owner]`);
            assert.equal(lines[3], `  +- replace ${GROUP}  ${SET}-db  [vpcId]`);
            assert.match(lines[4], /^ {13}DISRUPTIVE: /);
            assert.equal(lines.at(-1), "1 to create, 1 to update, 2 to replace, 1 to delete, 2 unchanged");
        });

        it("says so when nothing changes", () => {
            const text = renderChanges(SET, "prod", changesOf([pre(step("same", GROUP, `${SET}-web`))]));
            assert.equal(text, `Changes to ${SET} (stack prod):\n  none: the stack matches the config\n\n0 to create, 0 to update, 0 to replace, 0 to delete, 1 unchanged`);
        });
    });

    describe("driftOf", () => {
        const refreshed: LifecycleEvent[] = [
            pre(step("refresh", GROUP, `${SET}-web`)),
            done(step("same", GROUP, `${SET}-web`, { old: { id: "sg-0aaa" }, new: { id: "sg-0aaa" } })),
            done(
                step("update", GROUP, `${SET}-app`, {
                    old: { id: "sg-0bbb", outputs: { description: "App tier", tags: { Owner: "team-a" } } },
                    new: { id: "sg-0bbb", outputs: { description: "changed by hand", tags: { Owner: "team-a", Temp: "yes" } } },
                    diffs: ["description", "tags"],
                    detailedDiff: { description: { diffKind: "update-replace", inputDiff: false }, "tags.Temp": { diffKind: "add", inputDiff: false } },
                }),
            ),
            done(step("delete", INGRESS, `${SET}-app-ingress-tcp-8443-from-tier-web`, { old: { id: "sgr-0ccc" } })),
            done(step("update", "pulumi:providers:aws", "default", { diffs: ["version"] })),
        ];

        it("lists each resource changed or deleted outside Pulumi, with each property's recorded and actual value", () => {
            assert.deepEqual(driftOf(refreshed), [
                {
                    urn: urn(GROUP, `${SET}-app`),
                    type: GROUP,
                    name: `${SET}-app`,
                    id: "sg-0bbb",
                    kind: "changed",
                    properties: [
                        { name: "description", change: "update", recorded: "App tier", actual: "changed by hand" },
                        { name: "tags.Temp", change: "add", recorded: { Owner: "team-a" }, actual: { Owner: "team-a", Temp: "yes" } },
                    ],
                },
                {
                    urn: urn(INGRESS, `${SET}-app-ingress-tcp-8443-from-tier-web`),
                    type: INGRESS,
                    name: `${SET}-app-ingress-tcp-8443-from-tier-web`,
                    id: "sgr-0ccc",
                    kind: "deleted",
                    properties: [],
                },
            ]);
        });

        it("compares the outputs when the provider reports no diff (the legacy refresh diff)", () => {
            const legacy = driftOf([
                done(
                    step("update", GROUP, `${SET}-web`, {
                        old: { id: "sg-1", outputs: { description: "web", name: "a" } },
                        new: { id: "sg-1", outputs: { description: "edited", name: "a" } },
                    }),
                ),
            ]);
            assert.deepEqual(legacy[0].properties, [{ name: "description", change: "update", recorded: "web", actual: "edited" }]);
        });

        it("reports nothing when every refreshed resource is the same", () => {
            assert.deepEqual(driftOf(refreshed.slice(0, 2)), []);
            assert.equal(renderDrift(SET, "prod", []), `No drift: every resource of ${SET} (stack prod) matches the stack's state.`);
        });

        it("renders the drift as text and as a page that escapes what AWS returned", () => {
            const drift = driftOf(refreshed);
            assert.equal(
                renderDrift(SET, "prod", drift),
                [
                    `Drift in ${SET} (stack prod): 2 resources changed outside Pulumi`,
                    `  changed  ${GROUP}  ${SET}-app (sg-0bbb)`,
                    `      description (update): App tier -> changed by hand`,
                    `      tags.Temp (add): {"Owner":"team-a"} -> {"Owner":"team-a","Temp":"yes"}`,
                    `  deleted  ${INGRESS}  ${SET}-app-ingress-tcp-8443-from-tier-web (sgr-0ccc)`,
                ].join("\n"),
            );
            const hostile = driftOf([
                done(
                    step("update", GROUP, `${SET}-web`, {
                        old: { id: "sg-1", outputs: { description: "x" } },
                        new: { id: "sg-1", outputs: { description: "<script>alert(1)</script>" } },
                        diffs: ["description"],
                    }),
                ),
            ]);
            const page = renderDriftHtml({ setName: SET, stack: "prod", region: "us-west-2", time: "2026-11-30T00:00:00.000Z" }, hostile);
            assert.ok(page.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
            assert.ok(!page.includes("<script>"));
            assert.ok(page.includes(`<p data-testid="verdict"><strong>1 resource changed outside Pulumi.</strong>`));
        });
    });

    describe("progress lines", () => {
        it("shows each resource step as Pulumi reports it, and errors and policy violations as plain text", () => {
            assert.equal(progressLine(pre(step("create", GROUP, `${SET}-web`))), `  create ${GROUP} ${SET}-web...`);
            assert.equal(progressLine(done(step("create", GROUP, `${SET}-web`))), `  create ${GROUP} ${SET}-web: done`);
            assert.equal(progressLine(pre(step("same", GROUP, `${SET}-web`))), undefined);
            assert.equal(progressLine(pre(step("create", "pulumi:providers:aws", "default"))), undefined);
            assert.equal(progressLine({ resOpFailedEvent: { metadata: step("create", GROUP, `${SET}-web`), status: 1 } }), `  create ${GROUP} ${SET}-web: FAILED`);
            assert.equal(
                progressLine({ diagnosticEvent: { message: "<{%fg 1%}>error: <{%reset%}>InvalidGroup.Duplicate\u001b[31m\n", severity: "error" } }),
                "  error: error: InvalidGroup.Duplicate",
            );
            assert.equal(progressLine({ diagnosticEvent: { message: "debug noise", severity: "info" } }), undefined);
            assert.equal(
                progressLine({
                    policyEvent: {
                        message: "port 5432 open to 0.0.0.0/0",
                        policyName: "no-database-from-internet",
                        policyPackName: "sg-provisioner",
                        enforcementLevel: "mandatory",
                    },
                }),
                "  policy mandatory sg-provisioner/no-database-from-internet: port 5432 open to 0.0.0.0/0",
            );
        });

        it("in a refresh, says what was found in AWS rather than what was done", () => {
            assert.equal(progressLine(done(step("update", GROUP, `${SET}-app`)), true), `  ${GROUP} ${SET}-app: changed outside Pulumi`);
            assert.equal(progressLine(done(step("delete", INGRESS, `${SET}-app-x`)), true), `  ${INGRESS} ${SET}-app-x: gone from AWS`);
            assert.equal(progressLine(done(step("same", GROUP, `${SET}-app`)), true), undefined);
            assert.equal(progressLine(pre(step("refresh", GROUP, `${SET}-app`)), true), undefined);
        });

        it("strips colour markup, escapes and control characters from engine messages", () => {
            assert.equal(plainMessage("<{%bold%}>a<{%reset%}>\u001b[2J\u0007b\r\n"), "ab");
        });
    });
});
