import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { parse } from "yaml";
import type { EngineMessage, RegisteredResource } from "../provider/cli/src/engine/offline";
import { isInternet } from "../provider/core/src/model/internet";
import { Validation, validateConfigData } from "../provider/core/src/plan/validate";
import { DATABASE_PORTS } from "../provider/core/src/rules/ports-catalog";
import { listScenarios } from "../provider/core/src/scenarios/catalog";
import { REPO, baseConfig } from "./support/config";

/**
 * Fuzzing the validator and the offline plan with mutated configs: the bundled example configs and
 * a minimal config per bundled scenario, changed at random (ports, CIDRs including 0.0.0.0/0 and
 * ::/0, protocols, rules added and removed, random strings and values of the wrong type).
 *
 * - Validation never throws: every problem is a finding.
 * - Whatever it accepts plans without error under the offline engine the CLI's `plan` uses.
 * - No planned ingress rule opens a database port of the core's catalog to the internet, alone or
 *   together with the other ingress rules of its group (per address family and transport protocol).
 *
 * Deterministic: a fixed seed and a bounded number of runs. SG_FUZZ_SEED and SG_FUZZ_RUNS change
 * them to explore further; a failure prints the seed and path that replay it.
 */
const SEED = Number(process.env.SG_FUZZ_SEED ?? 13013);
const RUNS = Number(process.env.SG_FUZZ_RUNS ?? 150);

const EXAMPLES = path.join(REPO, "examples", "configs");
const BASES: readonly Record<string, unknown>[] = [
    ...fs
        .readdirSync(EXAMPLES)
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
        .map((name) => parse(fs.readFileSync(path.join(EXAMPLES, name), "utf8")) as Record<string, unknown>),
    ...listScenarios().map((scenario) => baseConfig(scenario) as Record<string, unknown>),
];
const DATABASE = Object.keys(DATABASE_PORTS).map(Number);
const TIERS = ["web", "app", "db", "cache", "test", "nosuch"];
/** Mostly tiers the scenarios have, sometimes one they do not. */
const tier = fc.oneof({ arbitrary: fc.constantFrom("web", "app", "db"), weight: 5 }, { arbitrary: fc.constantFrom(...TIERS), weight: 1 });

type Mutation = (config: Record<string, unknown>) => void;

const anyValue = fc.anything({ maxDepth: 2, maxKeys: 3 });
const word = fc.string({ maxLength: 12 });
const port = fc.oneof(
    { arbitrary: fc.constantFrom(...DATABASE, 22, 80, 443, 3389, 8080, 1, 65535), weight: 3 },
    { arbitrary: fc.integer({ min: -2, max: 70000 }), weight: 2 },
    { arbitrary: anyValue, weight: 1 },
);
const portRange = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 66000 }), fc.integer({ min: 0, max: 66000 })).map(([from, to]) => `${from}-${to}`),
    fc.constantFrom("1-65535", "5400-5500", "1-1024", "x8000-8100", "8000-8100 ", "3306-3306"),
    word,
);
const cidr = fc.oneof(
    fc.constantFrom("0.0.0.0/0", "::/0", "0.0.0.0/1", "128.0.0.0/1", "52.0.0.0/8", "52.0.0.0/9", "52.128.0.0/9", "10.0.0.0/8", "10.0.1.0/24", "2000::/3", "::/1"),
    fc.constantFrom("2400::/12", "::ffff:0:0/96", "64:ff9b::/96", "2002::/16", "10.0.0.5/8", "0.0.0.0", "1.2.3.4/33", "::/129", " 0.0.0.0/0 "),
    fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 32 })).map(([octet, prefix]) => `${octet}.0.0.0/${prefix}`),
    word,
);
const protocol = fc.oneof(fc.constantFrom("tcp", "udp", "icmp", "icmpv6", "all", "TCP", "-1", "6", "17", "58"), word, anyValue);
const peerKeys = ["source", "source_tier", "source_prefix_list", "destination", "destination_tier", "destination_prefix_list", "self"] as const;
const peerValue = (key: (typeof peerKeys)[number]) =>
    key === "self"
        ? fc.oneof(fc.boolean(), anyValue)
        : key.endsWith("_tier")
          ? fc.oneof({ arbitrary: tier, weight: 4 }, { arbitrary: word, weight: 1 })
          : key.endsWith("prefix_list")
            ? fc.constantFrom("pl-0123456789abcdef0", "pl-x", "")
            : cidr;
const plausiblePeer = (key: (typeof peerKeys)[number]) =>
    key === "self"
        ? fc.constant(true)
        : key.endsWith("_tier")
          ? tier
          : key.endsWith("prefix_list")
            ? fc.constant("pl-0123456789abcdef0")
            : fc.oneof({ arbitrary: cidr, weight: 1 }, { arbitrary: fc.constantFrom("0.0.0.0/0", "::/0", "10.0.0.0/16", "52.0.0.0/9", "52.128.0.0/9"), weight: 2 });
/** A rule as a person might write it: a known protocol, a port or range, one peer of its direction and a description. */
const plausibleRule = (direction: "ingress" | "egress"): fc.Arbitrary<Record<string, unknown>> =>
    fc
        .record({
            protocol: fc.constantFrom("tcp", "tcp", "tcp", "udp", "icmp", "icmpv6", "all"),
            ports: fc.oneof(
                { arbitrary: fc.constantFrom(...DATABASE, 22, 80, 443, 3389, 8080, 9090).map((value) => ({ port: value })), weight: 4 },
                { arbitrary: port.map((value) => ({ port: value })), weight: 1 },
                { arbitrary: portRange.map((value) => ({ port_range: value })), weight: 2 },
            ),
            peer: fc
                .constantFrom(...(direction === "ingress" ? peerKeys.filter((key) => !key.startsWith("destination")) : peerKeys.filter((key) => !key.startsWith("source"))))
                .chain((key) => plausiblePeer(key).map((value) => ({ [key]: value }))),
            description: fc.oneof({ arbitrary: fc.constantFrom("Fuzzed rule", "Metrics"), weight: 9 }, { arbitrary: fc.constantFrom("", "  "), weight: 1 }),
        })
        .map(({ protocol, ports, peer, description }) => ({ protocol, ...(protocol === "tcp" || protocol === "udp" ? ports : {}), ...peer, description }));

/** Anything in a rule's keys: wrong types, two peers, unknown keys. */
const wildRule: fc.Arbitrary<Record<string, unknown>> = fc
    .record(
        {
            protocol,
            port,
            port_range: portRange,
            peer: fc.constantFrom(...peerKeys).chain((key) => peerValue(key).map((value) => ({ [key]: value }))),
            extraPeer: fc.constantFrom(...peerKeys).chain((key) => peerValue(key).map((value) => ({ [key]: value }))),
            description: fc.oneof(fc.constantFrom("Fuzzed rule", "", "   "), word, anyValue),
            unknown: anyValue,
        },
        { requiredKeys: ["protocol", "peer"] },
    )
    .map(({ peer, extraPeer, unknown, ...rest }) => ({ ...rest, ...peer, ...(extraPeer ?? {}), ...(unknown === undefined ? {} : { surprise: unknown }) }));

/** Where a mutation writes: a path of keys from the config's root, made as it goes. */
function at(config: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
    let node = config;
    for (const key of keys) {
        const next = node[key];
        if (next === null || typeof next !== "object" || Array.isArray(next)) node[key] = {};
        node = node[key] as Record<string, unknown>;
    }
    return node;
}

const ruleOf = (direction: "ingress" | "egress") =>
    fc.tuple(fc.constant(direction), fc.oneof({ arbitrary: plausibleRule(direction), weight: 6 }, { arbitrary: wildRule, weight: 1 }));

const addRule = fc.tuple(tier, fc.oneof(ruleOf("ingress"), ruleOf("egress"))).map(([name, [direction, added]]): Mutation => (config) => {
    const node = at(config, ["overrides", "tiers", name]);
    node[direction] = [...(Array.isArray(node[direction]) ? (node[direction] as unknown[]) : []), added];
});

const removeRule = fc.tuple(tier, fc.constantFrom("ingress", "egress"), fc.nat(3)).map(([name, direction, index]): Mutation => (config) => {
    const node = at(config, ["overrides", "tiers", name]);
    if (Array.isArray(node[direction])) (node[direction] as unknown[]).splice(index, 1);
});

const overridePort = fc.tuple(tier, port).map(([name, value]): Mutation => (config) => {
    at(config, ["overrides", "ports"])[name] = value;
});

/** A field of the first rule of every override list changed. */
const changeRule = fc
    .tuple(fc.constantFrom("protocol", "port", "port_range", "source", "destination", "description"), fc.oneof(port, cidr, protocol, portRange))
    .map(([field, value]): Mutation => (config) => {
        for (const overrides of Object.values(at(config, ["overrides", "tiers"]))) {
            for (const direction of ["ingress", "egress"]) {
                const rules = (overrides as Record<string, unknown> | null)?.[direction];
                if (Array.isArray(rules) && rules[0] !== null && typeof rules[0] === "object") (rules[0] as Record<string, unknown>)[field] = value;
            }
        }
    });

/** A top-level field replaced by a random string or a value of the wrong type, or removed. */
const replaceField = fc
    .tuple(fc.constantFrom("client", "environment", "deployment", "region", "workload", "vpc", "scenario", "overrides", "tags"), fc.oneof(word, anyValue))
    .map(([key, value]): Mutation => (config) => {
        if (value === undefined) delete config[key];
        else config[key] = value;
    });

const addTag = fc.tuple(word, fc.oneof(word, anyValue)).map(([key, value]): Mutation => (config) => {
    at(config, ["tags"])[key] = value;
});

/** The overrides, their tiers or ports, or a tier's overrides, replaced by a value of the wrong type. */
const wrongType = fc
    .tuple(fc.constantFrom(["overrides", "tiers"], ["overrides", "tiers", "app"], ["overrides", "ports"], ["overrides"]), anyValue)
    .map(([keys, value]): Mutation => (config) => {
        at(config, keys.slice(0, -1))[keys[keys.length - 1]] = value;
    });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { arbitrary: addRule, weight: 8 },
    { arbitrary: removeRule, weight: 2 },
    { arbitrary: overridePort, weight: 3 },
    { arbitrary: changeRule, weight: 2 },
    { arbitrary: replaceField, weight: 1 },
    { arbitrary: addTag, weight: 1 },
    { arbitrary: wrongType, weight: 1 },
);

const mutatedConfig = fc.tuple(fc.nat(BASES.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([base, mutations]) => {
    const config = structuredClone(BASES[base]);
    for (const mutate of mutations) mutate(config);
    return config;
});

const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

/** The database ports a planned rule resource opens: TCP and UDP by their range, protocol -1 every port, ICMP none. */
function databasePortsOpened(inputs: Record<string, unknown>, transport: "tcp" | "udp"): number[] {
    const ipProtocol = String(inputs.ipProtocol);
    if (ipProtocol === "-1") return DATABASE;
    if (ipProtocol !== transport) return [];
    return DATABASE.filter((each) => Number(inputs.fromPort) <= each && each <= Number(inputs.toPort));
}

/** Database ports a group's planned ingress rules open to the internet, alone or together; empty when none. */
function internetDatabasePorts(resources: readonly RegisteredResource[]): string[] {
    const exposed: string[] = [];
    const byGroup = new Map<string, Record<string, unknown>[]>();
    for (const resource of resources.filter((each) => each.type === INGRESS)) {
        const group = String(resource.inputs.securityGroupId);
        byGroup.set(group, [...(byGroup.get(group) ?? []), resource.inputs]);
    }
    for (const [group, rules] of byGroup) {
        for (const transport of ["tcp", "udp"] as const) {
            for (const dbPort of DATABASE) {
                const opening = rules.filter((inputs) => databasePortsOpened(inputs, transport).includes(dbPort));
                for (const [family, field] of [
                    ["ipv4", "cidrIpv4"],
                    ["ipv6", "cidrIpv6"],
                ] as const) {
                    const blocks = opening.map((inputs) => inputs[field]).filter((block): block is string => typeof block === "string");
                    if (blocks.some((block) => block === "0.0.0.0/0" || block === "::/0") || isInternet(family, blocks)) {
                        exposed.push(`${group}: ${transport} ${dbPort} from ${blocks.join(", ")}`);
                    }
                }
            }
        }
    }
    return exposed;
}

describe("fuzz: mutated configs never crash validation, and what is accepted plans without exposing a database", function () {
    this.timeout(120000);

    it(`validates and plans ${RUNS} mutated configs (seed ${SEED})`, async () => {
        const { runOffline } = await import("../provider/cli/src/engine/offline");
        const tally = { accepted: 0, refused: 0 };
        await fc.assert(
            fc.asyncProperty(mutatedConfig, async (config) => {
                let validation: Validation;
                try {
                    validation = validateConfigData(structuredClone(config));
                } catch (error) {
                    assert.fail(`validation threw ${(error as Error).stack ?? String(error)}`);
                }
                for (const finding of validation.findings) {
                    assert.equal(typeof finding.message, "string");
                    assert.equal(typeof finding.fix, "string");
                }
                if (!validation.set) {
                    assert.ok(
                        validation.findings.some((finding) => finding.severity === "error"),
                        "a config without a set has an error",
                    );
                    tally.refused += 1;
                    return;
                }
                tally.accepted += 1;
                const messages: EngineMessage[] = [];
                const resources = await runOffline(validation.set.setName, validation.config as NonNullable<Validation["config"]>, { log: (message) => messages.push(message) });
                assert.deepEqual(
                    messages.map((message) => message.severity),
                    validation.findings.filter((finding) => finding.severity === "warning").map(() => "warning"),
                    "the component warns once per warning finding, and logs nothing else",
                );
                assert.ok(
                    resources.some((resource) => resource.type === "aws:ec2/securityGroup:SecurityGroup"),
                    "the plan has security groups",
                );
                assert.deepEqual(internetDatabasePorts(resources), [], "no planned ingress rule opens a database port to the internet");
            }),
            { seed: SEED, numRuns: RUNS, endOnFailure: true },
        );
        // Both outcomes must be reached, or the property proves little.
        assert.ok(tally.accepted >= RUNS / 10, `only ${tally.accepted} of ${RUNS} mutated configs were accepted and planned (seed ${SEED})`);
        assert.ok(tally.refused >= RUNS / 10, `only ${tally.refused} of ${RUNS} mutated configs were refused (seed ${SEED})`);
    });

    it("the exposure check of the plan sees a database port opened to the internet, alone or by blocks that add up", () => {
        const rule = (inputs: Record<string, unknown>): RegisteredResource => ({
            type: INGRESS,
            name: "r",
            custom: true,
            inputs: { securityGroupId: "(id of db)", ...inputs },
            dependencies: [],
            propertyDependencies: {},
            urn: "",
            parent: "",
        });
        assert.deepEqual(internetDatabasePorts([rule({ ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "10.0.0.0/8" })]), []);
        assert.deepEqual(internetDatabasePorts([rule({ ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })]), []);
        assert.deepEqual(internetDatabasePorts([rule({ ipProtocol: "icmp", fromPort: -1, toPort: -1, cidrIpv6: "::/0" })]), []);
        assert.deepEqual(internetDatabasePorts([rule({ ipProtocol: "tcp", fromPort: 5400, toPort: 5435, cidrIpv6: "::/0" })]), ["(id of db): tcp 5432 from ::/0"]);
        assert.deepEqual(
            internetDatabasePorts([rule({ ipProtocol: "udp", fromPort: 1434, toPort: 1434, cidrIpv4: "52.0.0.0/9" }), rule({ ipProtocol: "-1", cidrIpv4: "52.128.0.0/9" })]),
            ["(id of db): udp 1434 from 52.0.0.0/9, 52.128.0.0/9"],
        );
    });
});
