import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { AWS_TYPES } from "../policypack/src/adapters";
import { REPO } from "./support/config";
import { Diagnostic, PackConfig, PolicyPackProcess, StackResource, configureAsTheCli, urnOf, packForSuite } from "./support/policy-pack";
import { attached, group } from "./support/stacks";

const DATABASE = "security-group-no-internet-database-ports";
const COMBINED = "security-group-combined-internet-exposure";
const QUOTA = "security-group-rule-quota";
/** What the database-port block says of 5432 from 0.0.0.0/0 in `cidrIpv4`, whatever finding code leads it. */
const SG100 =
    /^No database port, and no rule opening every port, may be reachable from the internet \(IPv4 or IPv6\)\.\n(?:SG100 )?cidrIpv4: tcp 5432 from 0\.0\.0\.0\/0 makes PostgreSQL \(5432\) reachable from the internet\.\nFix: .*\nWhy: .*\.$/;

/** Far enough from any day the tests run on that the pack's real clock decides as intended. */
const FUTURE = "2999-12-31";
const PAST = "2000-01-01";

const exposed = (name: string, target: StackResource, cidrIpv4 = "0.0.0.0/0") =>
    attached(AWS_TYPES.ingressRule, name, target, { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4, description: "reporting" });

/** Two public /9s on 5432 in two rule resources: the internet together, though neither is alone. */
const halves = (target: StackResource) => ["52.0.0.0/9", "52.128.0.0/9"].map((cidr, index) => exposed(`${target.name}-half-${index}`, target, cidr));

const levels = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${d.policyName} ${d.enforcementLevel} ${d.urn}`);
const lastLine = (diagnostic: Diagnostic) => diagnostic.message.split("\n").at(-1);

describe("policy pack exemptions over the Analyzer protocol", function () {
    this.timeout(120_000);
    let pack: PolicyPackProcess;
    packForSuite((started) => (pack = started));

    it("every policy takes exemptions, none by default", async () => {
        for (const policy of (await pack.info()).policies) {
            const exemptions = policy.configSchema?.exemptions as { type: string; default: unknown } | undefined;
            assert.deepEqual([exemptions?.type, exemptions?.default], ["array", []], policy.name);
        }
    });

    /** The resource's diagnostics with no exemption configured: an exemption may only add a line and lower the level. */
    const unexempted = async (resource: StackResource): Promise<Diagnostic[]> => {
        await configureAsTheCli(pack, {});
        return pack.analyze(resource);
    };

    describe("a violation on an exempted resource", () => {
        const target = group("reporting");
        const legacy = exposed("legacy-db-ingress", target);

        it("an exemption by URN turns the mandatory database-port block into an advisory naming the exemption, its reason and expiry", async () => {
            const [blocked] = await unexempted(legacy);
            assert.match(blocked.message, SG100);
            await configureAsTheCli(pack, { [DATABASE]: { exemptions: [{ urn: legacy.urn, reason: "Behind the vendor's filtering proxy; SEC-1042", expires: FUTURE }] } });
            assert.deepEqual(await pack.analyze(legacy), [
                {
                    policyName: DATABASE,
                    enforcementLevel: "advisory",
                    message: `${blocked.message}\nExempted until ${FUTURE} (UTC) by the exemption for urn "${legacy.urn}", reason: "Behind the vendor's filtering proxy; SEC-1042".`,
                    urn: "",
                },
            ]);
        });

        it("an exemption by name glob matches the resource's name", async () => {
            await configureAsTheCli(pack, { [DATABASE]: { exemptions: [{ name: "legacy-*-ingr?ss", reason: "Vendor appliance", expires: FUTURE }] } });
            assert.deepEqual(
                (await pack.analyze(legacy)).map((d) => [d.enforcementLevel, lastLine(d)]),
                [["advisory", `Exempted until ${FUTURE} (UTC) by the exemption for name "legacy-*-ingr?ss", reason: "Vendor appliance".`]],
            );
        });

        it("an expired exemption no longer applies: the block stays mandatory and says the exemption expired", async () => {
            const [blocked] = await unexempted(legacy);
            await configureAsTheCli(pack, { [DATABASE]: { exemptions: [{ name: "legacy-*", reason: "Vendor appliance", expires: PAST }] } });
            assert.deepEqual(await pack.analyze(legacy), [
                {
                    policyName: DATABASE,
                    enforcementLevel: "mandatory",
                    message: `${blocked.message}\nNot exempted: the exemption for name "legacy-*" (reason: "Vendor appliance") expired on ${PAST}.`,
                    urn: "",
                },
            ]);
        });

        it("a live exemption wins over an expired one for the same resource", async () => {
            const exemptions = [
                { name: "legacy-*", reason: "First approval", expires: PAST },
                { urn: legacy.urn, reason: "Renewed", expires: FUTURE },
            ];
            await configureAsTheCli(pack, { [DATABASE]: { exemptions } });
            assert.deepEqual(
                (await pack.analyze(legacy)).map((d) => [d.enforcementLevel, lastLine(d)]),
                [["advisory", `Exempted until ${FUTURE} (UTC) by the exemption for urn "${legacy.urn}", reason: "Renewed".`]],
            );
        });
    });

    describe("exemptions never widen", () => {
        it("a resource the exemption does not match stays mandatory, in the same preview as an exempted one", async () => {
            const target = group("reporting");
            const legacy = exposed("legacy-db-ingress", target);
            const fresh = exposed("new-db-ingress", target);
            const lookalike = exposed("legacy-db-ingress/extra", target);
            await configureAsTheCli(pack, { [DATABASE]: { exemptions: [{ name: "legacy-*", reason: "Vendor appliance", expires: FUTURE }] } });
            const diagnostics = (await pack.preview([target, legacy, fresh, lookalike])).filter((d) => d.policyName === DATABASE);
            assert.deepEqual(
                diagnostics.map((d) => [d.enforcementLevel, d.message.split("\n").length]),
                [
                    ["advisory", 5],
                    ["mandatory", 4],
                    ["mandatory", 4],
                ],
                "only legacy-db-ingress is exempted: a name holding / is matched by URN alone",
            );
            const [blocked] = await pack.analyze(fresh);
            assert.deepEqual([blocked.policyName, blocked.enforcementLevel, blocked.urn], [DATABASE, "mandatory", ""]);
            assert.match(blocked.message, SG100);
        });

        it("an exemption applies to the policy whose config lists it, not to the others", async () => {
            const target = group("legacy-db");
            await configureAsTheCli(pack, { [DATABASE]: { exemptions: [{ name: "legacy-*", reason: "Vendor appliance", expires: FUTURE }] } });
            assert.deepEqual(levels(await pack.analyzeStack([target, ...halves(target)])), [`${COMBINED} mandatory ${target.urn}`]);
        });
    });

    describe("stack policies: the violation's resource decides", () => {
        it("combined exposure on an exempted group is advisory; another group in the same stack stays mandatory", async () => {
            const legacy = group("legacy-db");
            const billing = group("billing-db");
            await configureAsTheCli(pack, { [COMBINED]: { exemptions: [{ name: "legacy-*", reason: "Partner ranges, SEC-7", expires: FUTURE }] } });
            const diagnostics = await pack.analyzeStack([legacy, billing, ...halves(legacy), ...halves(billing)]);
            assert.deepEqual(levels(diagnostics), [`${COMBINED} advisory ${legacy.urn}`, `${COMBINED} mandatory ${billing.urn}`]);
            assert.equal(lastLine(diagnostics[0]), `Exempted until ${FUTURE} (UTC) by the exemption for name "legacy-*", reason: "Partner ranges, SEC-7".`);
            assert.match(
                diagnostics[1].message,
                /^The rules of one security group, taken together, may not make a database port reachable from the internet\.\n(?:SG102 )?security group billing-db /,
            );
            assert.equal(diagnostics[1].message.includes("xempt"), false);
        });

        it("a group over the rule quota, exempted by URN, is advisory; after expiry it is blocked again", async () => {
            const crowded = group("crowded");
            const rules = Array.from({ length: 61 }, (_, index) =>
                attached(AWS_TYPES.ingressRule, `crowded-${index}`, crowded, {
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrIpv4: `10.${index}.0.0/16`,
                    description: "clients",
                }),
            );
            await configureAsTheCli(pack, { [QUOTA]: { exemptions: [{ urn: crowded.urn, reason: "Quota raise pending, case 123", expires: FUTURE }] } });
            const exempted = await pack.analyzeStack([crowded, ...rules]);
            assert.deepEqual(levels(exempted), [`${QUOTA} advisory ${crowded.urn}`]);
            assert.equal(lastLine(exempted[0]), `Exempted until ${FUTURE} (UTC) by the exemption for urn "${crowded.urn}", reason: "Quota raise pending, case 123".`);
            await configureAsTheCli(pack, { [QUOTA]: { exemptions: [{ urn: crowded.urn, reason: "Quota raise pending, case 123", expires: PAST }] } });
            const expired = await pack.analyzeStack([crowded, ...rules]);
            assert.deepEqual(levels(expired), [`${QUOTA} mandatory ${crowded.urn}`]);
            assert.equal(lastLine(expired[0]), `Not exempted: the exemption for urn "${crowded.urn}" (reason: "Quota raise pending, case 123") expired on ${PAST}.`);
        });
    });

    describe("finding codes: an exemption covers only the codes it names, and never SG101 unless named", () => {
        /** One group: 5432 from the internet (SG100), approved; and a later rule opening every port to it (SG101). */
        const partner = group("partner-db", {
            ingress: [
                { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"], description: "partner, behind its filtering proxy" },
                { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "debugging" },
            ],
        });
        const approval = { urn: partner.urn, reason: "Partner range behind the vendor's proxy, SEC-2001", expires: FUTURE };
        const database = async () => (await pack.analyze(partner)).filter((d) => d.policyName === DATABASE);
        const codeLevels = (diagnostics: readonly Diagnostic[]) =>
            diagnostics.map((d) => `${d.enforcementLevel} ${d.message.includes("opens every port") ? "every port" : "5432"}`);

        it("without codes: SG100 is advisory, every port from the internet (SG101) on the same group stays mandatory, without a note", async () => {
            await configureAsTheCli(pack, { [DATABASE]: { exemptions: [approval] } });
            const diagnostics = await database();
            assert.deepEqual(codeLevels(diagnostics), ["advisory 5432", "mandatory every port"]);
            assert.equal(diagnostics[1].message.includes("xempt"), false);
        });

        it("codes [SG100] covers the 5432 finding alone; naming SG101 too covers both", async () => {
            await configureAsTheCli(pack, { [DATABASE]: { exemptions: [{ ...approval, codes: ["SG100"] }] } });
            assert.deepEqual(codeLevels(await database()), ["advisory 5432", "mandatory every port"]);
            await configureAsTheCli(pack, { [DATABASE]: { exemptions: [{ ...approval, codes: ["SG101"] }] } });
            assert.deepEqual(codeLevels(await database()), ["mandatory 5432", "advisory every port"]);
            await configureAsTheCli(pack, { [DATABASE]: { exemptions: [{ ...approval, codes: ["SG100", "SG101"] }] } });
            assert.deepEqual(codeLevels(await database()), ["advisory 5432", "advisory every port"]);
        });
    });

    describe("a group outside the stack: its violations are never exempted", () => {
        /** Two rule resources on a group another stack owns, by its ID: the internet on 5432 only together. */
        const outside = ["52.0.0.0/9", "52.128.0.0/9"].map((cidrIpv4, index) => ({
            type: AWS_TYPES.ingressRule,
            name: `shared-half-${index}`,
            urn: urnOf(AWS_TYPES.ingressRule, `shared-half-${index}`),
            props: { securityGroupId: "sg-0shared", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4, description: "reporting" },
        }));

        it("exempting one of the rule resources leaves combined exposure mandatory, whichever comes first", async () => {
            for (const exempted of outside) {
                await configureAsTheCli(pack, { [COMBINED]: { exemptions: [{ urn: exempted.urn, reason: "One partner range, SEC-9", expires: FUTURE }] } });
                for (const order of [outside, [...outside].reverse()]) {
                    const diagnostics = await pack.analyzeStack(order);
                    assert.deepEqual(levels(diagnostics), [`${COMBINED} mandatory ${order[0].urn}`], `${exempted.name} exempted, ${order[0].name} first`);
                    assert.equal(diagnostics[0].message.includes("xempt"), false);
                }
            }
        });
    });

    describe("the config schema, as the CLI validates it before Configure", () => {
        const rejected = async (exemption: Record<string, unknown>, errors: string[]) => {
            await assert.rejects(configureAsTheCli(pack, { [DATABASE]: { exemptions: [exemption] } }), (error: Error) => {
                assert.equal(error.message, errors.map((error) => `validating policy config: sg-provisioner 0.1.0  ${DATABASE}: ${error}`).join("\n"));
                return true;
            });
        };
        const valid = { name: "legacy-*", reason: "Vendor appliance", expires: FUTURE };

        it("rejects an exemption without a reason, or with only whitespace for one", async () => {
            await rejected({ name: "legacy-*", expires: FUTURE }, ["exemptions.0: must have required property 'reason'"]);
            await rejected({ ...valid, reason: "  " }, ['exemptions.0.reason: must match pattern "\\S"']);
        });

        it("rejects an exemption without an expiry", async () => {
            await rejected({ name: "legacy-*", reason: "Vendor appliance" }, ["exemptions.0: must have required property 'expires'"]);
        });

        it("rejects an expiry that is not a YYYY-MM-DD date, or a day the month does not have", async () => {
            const datePattern = (await pack.info()).policies[0].configSchema as { exemptions: { items: { properties: { expires: { pattern: string } } } } };
            const pattern = datePattern.exemptions.items.properties.expires.pattern;
            for (const expires of ["31/12/2099", "2099-12-31T00:00:00Z", "2099-13-01", "2099-02-30", "2099-04-31"]) {
                await rejected({ ...valid, expires }, [`exemptions.0.expires: must match pattern "${pattern}"`]);
            }
        });

        it("rejects both urn and name, and neither", async () => {
            await rejected({ ...valid, urn: "urn:pulumi:test::sg-provisioner::aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::x" }, [
                "exemptions.0: must match exactly one schema in oneOf",
            ]);
            await rejected({ reason: "Vendor appliance", expires: FUTURE }, [
                "exemptions.0: must have required property 'urn'",
                "exemptions.0: must have required property 'name'",
                "exemptions.0: must match exactly one schema in oneOf",
            ]);
        });

        it("rejects an unknown key", async () => {
            await rejected({ ...valid, approver: "secops" }, ["exemptions.0: must NOT have additional properties"]);
        });

        it("rejects codes the policy does not report, an empty list, a code twice; and codes on a policy that reports none", async () => {
            await rejected({ ...valid, codes: ["SG100", "SG110"] }, ["exemptions.0.codes.1: must be equal to one of the allowed values"]);
            await rejected({ ...valid, codes: [] }, ["exemptions.0.codes: must NOT have fewer than 1 items"]);
            await rejected({ ...valid, codes: ["SG101", "SG101"] }, ["exemptions.0.codes: must NOT have duplicate items (items ## 1 and 0 are identical)"]);
            await assert.rejects(configureAsTheCli(pack, { [QUOTA]: { exemptions: [{ ...valid, codes: ["SG100"] }] } }), (error: Error) => {
                assert.equal(error.message, `validating policy config: sg-provisioner 0.1.0  ${QUOTA}: exemptions.0: must NOT have additional properties`);
                return true;
            });
            await configureAsTheCli(pack, {
                [DATABASE]: { exemptions: [{ ...valid, codes: ["SG101", "SG100", "SG102"] }] },
                [COMBINED]: { exemptions: [{ ...valid, codes: ["SG102"] }] },
            });
        });

        it("rejects a name pattern that starts with a wildcard, or holds brackets, a backslash or /, and a urn that is not one", async () => {
            const namePattern = "^[^*?\\[\\]\\\\/][^\\[\\]\\\\/]*$";
            for (const name of ["*", "?*", "*-db", "?egacy-db", "*legacy*", "legacy-[ab]", "legacy\\*", "legacy/*"]) {
                await rejected({ ...valid, name }, [`exemptions.0.name: must match pattern "${namePattern}"`]);
            }
            await rejected({ urn: "legacy-db", reason: "x", expires: FUTURE }, ['exemptions.0.urn: must match pattern "^urn:pulumi:"']);
        });
    });

    describe("documentation", () => {
        const example = JSON.parse(fs.readFileSync(path.join(REPO, "examples", "policy-config.json"), "utf8")) as PackConfig;

        it("examples/policy-config.json passes the CLI's configure step", async () => {
            await configureAsTheCli(pack, example);
            assert.ok(Object.values(example).some((config) => Array.isArray(config.exemptions) && config.exemptions.length > 0));
        });

        it("the README's Exemptions section shows examples/policy-config.json", () => {
            const readme = fs.readFileSync(path.join(REPO, "policypack", "README.md"), "utf8");
            const shown = /## Exemptions[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1] ?? "null";
            assert.deepEqual(JSON.parse(shown), example);
        });
    });
});
