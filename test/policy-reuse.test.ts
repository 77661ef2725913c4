import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { PolicyResource, StackValidationArgs, unknownCheckingProxy } from "@pulumi/policy";
import { checkRule, DEFAULT_POLICY } from "../provider/core/src/rules/checks";
import { AWS_TYPES, rulesOf, resourceRules } from "../policypack/src/adapters";
import { findingsOf } from "../policypack/src/policies/rule-findings";
import { ssmParameters } from "../policypack/src/policies/ssm-parameters";
import { UNKNOWN, plainCopy, resourceProps, sameValues, snapshot } from "../policypack/src/props";
import { TIERED_SECURITY_GROUPS_TYPE } from "../provider/core/src/component-type";
import { UNKNOWN as UNKNOWN_VALUE } from "./support/engine";
import { PACK_DIR, compiledPack } from "./support/policy-pack";
import { makeRule } from "./support/rules";

/**
 * Props as the policy SDK hands them to a policy: behind its proxy, which throws on an unknown
 * value. `reads` records each property read through the proxy (a read the proxy may refuse).
 */
function sdkCopy(values: Record<string, unknown>): { props: Record<string, unknown>; reads: string[] } {
    const reads: string[] = [];
    const checked = unknownCheckingProxy(structuredClone(values)) as Record<string, unknown>;
    const props = new Proxy(checked, {
        get(target, key, receiver) {
            if (typeof key === "string") reads.push(key);
            return Reflect.get(target, key, receiver) as unknown;
        },
    });
    return { props, reads };
}

const URN = (name: string) => `urn:pulumi:test::sg-provisioner::${AWS_TYPES.ingressRule}::${name}`;
const INGRESS = { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "10.0.0.0/8", description: "db", securityGroupId: UNKNOWN_VALUE };

describe("policy pack: each resource read once for every policy", () => {
    describe("reading props through the SDK's proxy", () => {
        it("a value the proxy refused as unknown is not read through it again: it is unknown wherever it is", () => {
            const first = sdkCopy({ a: UNKNOWN_VALUE, b: "x" });
            assert.deepEqual(snapshot(first.props), { a: UNKNOWN, b: "x" });
            const second = sdkCopy({ c: UNKNOWN_VALUE, d: [1, UNKNOWN_VALUE] });
            assert.deepEqual(snapshot(second.props), { c: UNKNOWN, d: [1, UNKNOWN] });
            assert.deepEqual(second.reads, ["d"]);
            const known = sdkCopy({ e: "y" });
            assert.deepEqual(snapshot(known.props), { e: "y" });
            assert.deepEqual(known.reads, ["e"], "a value never refused is read through the proxy");
            // Only the sentinel itself is remembered: a port or a CIDR after a refusal is still known.
            const open = sdkCopy({ fromPort: 5432, cidrIpv4: "0.0.0.0/0", nested: { port: UNKNOWN_VALUE } });
            assert.deepEqual(snapshot(open.props), { fromPort: 5432, cidrIpv4: "0.0.0.0/0", nested: { port: UNKNOWN } });
            assert.deepEqual(open.reads, ["fromPort", "cidrIpv4", "nested"]);
        });

        it("sameValues: the same data, key order and -0 included; plainCopy: a copy that later changes do not reach", () => {
            // A hole reads as undefined, as it does through the proxy.
            const holey: unknown[] = new Array(3);
            holey[0] = 1;
            holey[2] = 3;
            const table: [unknown, unknown, boolean][] = [
                [{ a: [1, { b: "x" }] }, { a: [1, { b: "x" }] }, true],
                [{ a: 1, b: 2 }, { b: 2, a: 1 }, false],
                [{ a: 0 }, { a: -0 }, false],
                [[Number.NaN], [Number.NaN], true],
                [{ a: undefined }, {}, false],
                [[1], { 0: 1 }, false],
                [holey, [1, undefined, 3], true],
                [holey, [1, 2, 3], false],
                [{ a: UNKNOWN }, { a: UNKNOWN }, true],
                [{ a: UNKNOWN }, { a: UNKNOWN_VALUE }, false],
                [null, {}, false],
                ["5432", 5432, false],
            ];
            assert.deepEqual(
                table.map(([a, b]) => sameValues(a, b)),
                table.map(([, , same]) => same),
            );
            const ports = [5432];
            const copy = plainCopy({ databasePorts: ports });
            ports.push(3306);
            assert.deepEqual(copy, { databasePorts: [5432] });
        });
    });

    describe("resourceProps and resourceRules: one snapshot and one reading per resource", () => {
        it("a second copy of the same values, under the same URN, gets the first one's snapshot, read through no proxy", () => {
            const first = sdkCopy(INGRESS);
            const taken = resourceProps({ urn: URN("reused"), props: first.props });
            assert.deepEqual(taken, { ...INGRESS, securityGroupId: UNKNOWN });
            const second = sdkCopy(INGRESS);
            assert.equal(resourceProps({ urn: URN("reused"), props: second.props }), taken);
            assert.deepEqual(second.reads, []);
        });

        it("a copy with another value, or another resource with the same values, gets a snapshot of its own", () => {
            const taken = resourceProps({ urn: URN("changing"), props: sdkCopy(INGRESS).props });
            const changed = resourceProps({ urn: URN("changing"), props: sdkCopy({ ...INGRESS, fromPort: 5433, toPort: 5433 }).props });
            assert.notEqual(changed, taken);
            assert.deepEqual([changed.fromPort, changed.toPort], [5433, 5433]);
            const elsewhere = resourceProps({ urn: URN("changing-twin"), props: sdkCopy(INGRESS).props });
            assert.notEqual(elsewhere, taken);
            assert.deepEqual(elsewhere, taken);
        });

        it("the rules of a resource are read once while its values stay the same, and are its own", () => {
            const type = AWS_TYPES.ingressRule;
            const rules = resourceRules({ type, urn: URN("one"), props: sdkCopy(INGRESS).props });
            assert.deepEqual(
                rules.map((adapted) => adapted.identity),
                ["ingress-tcp-5432-from-cidr4-10.0.0.0/8"],
            );
            assert.deepEqual(rules, rulesOf(type, { ...INGRESS, securityGroupId: UNKNOWN }));
            assert.equal(resourceRules({ type, urn: URN("one"), props: sdkCopy(INGRESS).props }), rules);
            const twin = resourceRules({ type, urn: URN("one-twin"), props: sdkCopy(INGRESS).props });
            assert.deepEqual(twin, rules);
            assert.notEqual(twin[0], rules[0], "stack policies tell rules apart by identity: a twin resource's rule is another rule");
            assert.notEqual(twin[0].rule, rules[0].rule);
            const widened = resourceRules({ type, urn: URN("one"), props: sdkCopy({ ...INGRESS, cidrIpv4: "0.0.0.0/0" }).props });
            assert.deepEqual(
                widened.map((adapted) => adapted.identity),
                ["ingress-tcp-5432-from-cidr4-0.0.0.0/0"],
            );
        });
    });

    describe("findingsOf: a rule checked once per settings", () => {
        it("settings holding the same values share the findings; other settings, or changed ones, are checked again", () => {
            const rule = makeRule();
            const found = findingsOf(rule, { ...DEFAULT_POLICY });
            assert.deepEqual(found, checkRule(rule, DEFAULT_POLICY));
            assert.deepEqual(
                found.map((finding) => finding.code),
                ["SG100"],
            );
            assert.equal(findingsOf(rule, { ...DEFAULT_POLICY, databasePorts: [...DEFAULT_POLICY.databasePorts] }), found);
            const databasePorts = [3306];
            const narrowed = findingsOf(rule, { ...DEFAULT_POLICY, databasePorts });
            assert.deepEqual(
                narrowed.map((finding) => finding.code),
                ["SG115"],
            );
            databasePorts.push(5432);
            assert.deepEqual(
                findingsOf(rule, { ...DEFAULT_POLICY, databasePorts }).map((finding) => finding.code),
                ["SG100"],
                "settings changed in place are other settings",
            );
        });
    });

    describe("stack lookups by index, in the stack's order", () => {
        it("a group's SSM parameters, found by dependency and by value, are reported in the stack's order", () => {
            const component = { type: TIERED_SECURITY_GROUPS_TYPE, name: "set", urn: "urn:set" } as unknown as PolicyResource;
            const resource = (type: string, name: string, props: Record<string, unknown>, propertyDependencies: Record<string, PolicyResource[]> = {}) =>
                ({ type, name, urn: `urn:${name}`, props, propertyDependencies, dependencies: [], parent: component }) as unknown as PolicyResource;
            const group = resource(AWS_TYPES.securityGroup, "sg-db", { id: "sg-0db", tags: { Name: "acme-sg-db", Tier: "db" } });
            const byValue = resource(AWS_TYPES.ssmParameter, "by-value", { name: "/legacy/db", value: "sg-0db" });
            const unrelated = resource(AWS_TYPES.ssmParameter, "unrelated", { name: "/other", value: "sg-0other" });
            const byDependency = resource(AWS_TYPES.ssmParameter, "by-dependency", { name: "/elsewhere/db", insecureValue: "sg-0db" }, { insecureValue: [group] });
            const messages: string[] = [];
            // The one found by value comes first in the stack, though the one found by dependency is found first.
            const args = { resources: [byValue, group, unrelated, byDependency], getConfig: () => ({}) } as unknown as StackValidationArgs;
            ssmParameters.validateStack(args, (message) => messages.push(message.split("\n")[0]));
            assert.deepEqual(messages, [
                'security group sg-db: its ID is published at "/legacy/db" (parameter by-value), not at /sg/acme-sg/db/SecurityGroupId.',
                'security group sg-db: its ID is published at "/elsewhere/db" (parameter by-dependency), not at /sg/acme-sg/db/SecurityGroupId.',
            ]);
        });
    });

    describe("what the pack loads", function () {
        this.timeout(60_000);

        it("its policies load the core's rules engine alone: no config validation, YAML parser or schema validator", () => {
            const policies = path.join(path.dirname(compiledPack(PACK_DIR)), "src", "policies");
            const script = `require(${JSON.stringify(policies)}); console.log(JSON.stringify(Object.keys(require.cache)))`;
            const result = spawnSync(process.execPath, ["-e", script], { cwd: PACK_DIR, encoding: "utf8" });
            assert.equal(result.status, 0, result.stderr);
            const loaded = (JSON.parse(result.stdout) as string[]).map((file) => file.split(path.sep).join("/"));
            const core = loaded.flatMap((file) => /\/provider\/core\/dist\/(.*)$/.exec(file)?.[1] ?? []).sort();
            assert.deepEqual(core, [
                "component-type.js",
                "model/icmp.js",
                "model/internet.js",
                "model/peer.js",
                "model/ports.js",
                "model/protocol.js",
                "model/rule.js",
                "plan/names.js",
                "rules-engine.js",
                "rules/checks.js",
                "rules/codes.js",
                "rules/combined.js",
                "rules/finding.js",
                "rules/index.js",
                "rules/ports-catalog.js",
                "util/text.js",
            ]);
            assert.deepEqual(
                loaded.filter((file) => /\/node_modules\/(yaml|ajv|fastest-levenshtein)\//.test(file)),
                [],
            );
        });
    });
});
