import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ValidateFunction } from "ajv";
import { parse } from "yaml";
import { SchemaValidator, SchemaValidators, schemaValidators } from "../provider/core/src/config/schema-validators";
import { VALIDATOR_IDS, createSchemaCompiler, standaloneValidatorsCode } from "../provider/core/scripts/schema-compiler";
import { DANGEROUS_OVERRIDES } from "./fixtures/dangerous-overrides";
import { EXAMPLE, REPO, baseConfig } from "./support/config";
import { tempDir } from "./support/temp";

const GENERATED = path.join(REPO, "provider", "core", "dist", "config", "standalone-validators.js");

type Name = keyof SchemaValidators;

/** One input, and for an invalid one the keywords of its errors (sorted, each once), so no case passes empty. */
interface Case {
    readonly title: string;
    readonly data: unknown;
    readonly keywords: readonly string[];
}

const valid = (title: string, data: unknown): Case => ({ title, data, keywords: [] });

function without<T extends object>(data: T, key: keyof T): Partial<T> {
    const copy = { ...data };
    delete copy[key];
    return copy;
}

function withIngress(rule: Record<string, unknown>, tier = "app") {
    return { ...baseConfig(), overrides: { tiers: { [tier]: { ingress: [rule] } } } };
}

const RULE = { protocol: "tcp", port: 9090, source_tier: "web", description: "Metrics" };

const CONFIGS: readonly Case[] = [
    valid("the minimal config", baseConfig()),
    valid("the bundled example", parse(fs.readFileSync(EXAMPLE, "utf8"))),
    valid("a rule from the web tier", withIngress(RULE)),
    ...DANGEROUS_OVERRIDES.map((danger) => valid(`dangerous but well-formed: ${danger.title}`, withIngress({ ...danger.rule }, danger.tier))),
    { title: "unknown top-level key", data: { ...baseConfig(), regoin: "eu-west-1" }, keywords: ["additionalProperties"] },
    { title: "missing required keys", data: { client: "acme", scenario: "three-tier-postgres" }, keywords: ["required"] },
    { title: "port out of range", data: withIngress({ ...RULE, port: 70000 }), keywords: ["maximum"] },
    { title: "port zero", data: withIngress({ ...RULE, port: 0 }), keywords: ["minimum"] },
    { title: "port as a string", data: withIngress({ ...RULE, port: "9090" }), keywords: ["type"] },
    { title: "rule without protocol", data: withIngress({ port: 9090, source_tier: "web", description: "Metrics" }), keywords: ["required"] },
    { title: "unknown protocol", data: withIngress({ ...RULE, protocol: "tcpp" }), keywords: ["enum"] },
    { title: "self: false", data: withIngress({ protocol: "all", self: false, description: "Peers" }), keywords: ["const"] },
    {
        title: "ingress key on egress",
        data: { ...baseConfig(), overrides: { tiers: { app: { egress: [{ protocol: "tcp", port: 9090, source: "10.0.0.0/8", description: "x" }] } } } },
        keywords: ["unevaluatedProperties"],
    },
    { title: "description too long", data: withIngress({ ...RULE, description: "x".repeat(256) }), keywords: ["maxLength"] },
    { title: "number tag value", data: { ...baseConfig(), tags: { cost_center: 4711 } }, keywords: ["type"] },
    { title: "empty tag key", data: { ...baseConfig(), tags: { "": "x" } }, keywords: ["minLength", "propertyNames"] },
    { title: "upper-case tier in a port override", data: { ...baseConfig(), overrides: { ports: { App: 8443 } } }, keywords: ["pattern", "propertyNames"] },
    { title: "region not a region code", data: { ...baseConfig(), region: "Europe" }, keywords: ["pattern"] },
    { title: "client name over 40 characters", data: { ...baseConfig(), client: "a".repeat(41) }, keywords: ["maxLength"] },
    { title: "empty environment", data: { ...baseConfig(), environment: null }, keywords: ["type"] },
    { title: "vpc as a string", data: { ...baseConfig(), vpc: "main" }, keywords: ["type"] },
    { title: "unknown key in vpc", data: { ...baseConfig(), vpc: { id: "vpc-0123456789abcdef0", cidr: "10.0.0.0/16" } }, keywords: ["additionalProperties"] },
    { title: "overrides as a list", data: { ...baseConfig(), overrides: [] }, keywords: ["type"] },
    { title: "a list at the top", data: [baseConfig()], keywords: ["type"] },
    {
        title: "many problems at once",
        data: {
            client: "Acme",
            environment: "dev",
            region: 1,
            vpc: {},
            scenario: "x",
            overrides: { tiers: { app: { ingress: [{ protocol: "icmp", port: 0, description: 5 }] } } },
            extra: true,
        },
        keywords: ["additionalProperties", "minimum", "pattern", "required", "type"],
    },
];

const SCENARIO_DIR = path.join(REPO, "scenarios");
const scenario = (name: string) => parse(fs.readFileSync(path.join(SCENARIO_DIR, `${name}.yaml`), "utf8"));
const webApp = () => scenario("two-tier-web-app");

const SCENARIOS: readonly Case[] = [
    ...fs
        .readdirSync(SCENARIO_DIR)
        .filter((file) => file.endsWith(".yaml"))
        .sort()
        .map((file) => valid(`the bundled ${file}`, scenario(path.basename(file, ".yaml")))),
    { title: "no tiers", data: { ...webApp(), tiers: {} }, keywords: ["minProperties"] },
    { title: "empty description", data: { ...webApp(), description: "" }, keywords: ["minLength"] },
    { title: "unknown top-level key", data: { ...webApp(), owner: "me" }, keywords: ["additionalProperties"] },
    { title: "name with spaces", data: { ...webApp(), name: "two tier" }, keywords: ["pattern"] },
    { title: "upper-case tier name", data: { ...webApp(), tiers: { Web: webApp().tiers.web } }, keywords: ["pattern", "propertyNames"] },
    { title: "tier without service_port", data: { ...webApp(), tiers: { web: without(webApp().tiers.web, "service_port") } }, keywords: ["required"] },
    {
        title: "unknown key in a rule",
        data: { ...webApp(), tiers: { web: { ...webApp().tiers.web, egress: [{ protocol: "tcp", tier_prt: "app", destination_tier: "app", description: "x" }] } } },
        keywords: ["unevaluatedProperties"],
    },
    {
        title: "tier_port not a tier name",
        data: { ...webApp(), tiers: { web: { ...webApp().tiers.web, egress: [{ protocol: "tcp", tier_port: "App", destination_tier: "app", description: "x" }] } } },
        keywords: ["pattern"],
    },
    { title: "a list at the top", data: [], keywords: ["type"] },
];

const OUTPUTS = {
    setName: "acme-dev-d01-eu-west-1-sg",
    vpcId: "vpc-0123456789abcdef0",
    securityGroupIds: { web: "sg-0123456789abcdef0" },
    securityGroupNames: { web: "acme-dev-d01-eu-west-1-sg-web" },
    parameterNames: { web: "/sg/acme-dev-d01-eu-west-1-sg/web/SecurityGroupId" },
    ruleCounts: { web: { ingress: 4, egress: 1 } },
};

const STACK_OUTPUTS: readonly Case[] = [
    valid("a deployed set's outputs", OUTPUTS),
    valid("outputs without rule counts", without(OUTPUTS, "ruleCounts")),
    { title: "missing keys", data: { setName: OUTPUTS.setName }, keywords: ["required"] },
    { title: "empty set name", data: { ...OUTPUTS, setName: "" }, keywords: ["minLength"] },
    { title: "a group ID as a number", data: { ...OUTPUTS, securityGroupIds: { web: 5 } }, keywords: ["type"] },
    { title: "a negative rule count", data: { ...OUTPUTS, ruleCounts: { web: { ingress: -1, egress: 1 } } }, keywords: ["minimum"] },
    { title: "a fractional rule count, another missing", data: { ...OUTPUTS, ruleCounts: { web: { ingress: 1.5 } } }, keywords: ["required", "type"] },
    { title: "not an object", data: "outputs", keywords: ["type"] },
];

const CORPUS: Record<Name, readonly Case[]> = { config: CONFIGS, scenario: SCENARIOS, stackOutputs: STACK_OUTPUTS };

/** Everything a validation leaves behind; with `verbose`, errors hold schema, parentSchema and data, which the findings read. */
function outcome(validate: SchemaValidator | ValidateFunction, data: unknown) {
    const result = validate(data);
    return { result, errors: validate.errors };
}

describe("generated schema validators (provider/core/dist/config/standalone-validators.js)", () => {
    let fresh: Record<Name, ValidateFunction>;
    before(() => {
        const ajv = createSchemaCompiler();
        const compile = (name: Name) => ajv.getSchema(VALIDATOR_IDS[name]) as ValidateFunction;
        fresh = { config: compile("config"), scenario: compile("scenario"), stackOutputs: compile("stackOutputs") };
    });

    it("are current: the file is exactly what the generator writes for today's schemas and Ajv options", () => {
        assert.equal(fs.readFileSync(GENERATED, "utf8"), standaloneValidatorsCode());
    });

    it("export one validator per schema the core checks, and nothing else", () => {
        assert.deepEqual(Object.keys(schemaValidators()).sort(), Object.keys(VALIDATOR_IDS).sort());
        assert.deepEqual(Object.keys(VALIDATOR_IDS).sort(), Object.keys(CORPUS).sort());
    });

    for (const name of Object.keys(CORPUS) as Name[]) {
        for (const testCase of CORPUS[name]) {
            it(`${name}: ${testCase.title}: the same result and errors as a fresh compile`, () => {
                const expected = outcome(fresh[name], testCase.data);
                assert.deepStrictEqual(outcome(schemaValidators()[name], testCase.data), expected);
                assert.equal(expected.result, testCase.keywords.length === 0);
                assert.deepEqual([...new Set((expected.errors ?? []).map((error) => error.keyword))].sort(), testCase.keywords);
            });
        }
    }

    it("the corpus reaches every keyword the findings word (schema-check.ts describeError)", () => {
        const reached = new Set(Object.values(CORPUS).flatMap((cases) => cases.flatMap((testCase) => testCase.keywords)));
        assert.deepEqual([...reached].sort(), [
            "additionalProperties",
            "const",
            "enum",
            "maxLength",
            "maximum",
            "minLength",
            "minProperties",
            "minimum",
            "pattern",
            "propertyNames",
            "required",
            "type",
            "unevaluatedProperties",
        ]);
    });

    it("validating a config loads the generated module and Ajv's runtime helper, never Ajv's compiler", () => {
        const out = path.join(tempDir("sgp-modules-"), "modules.json");
        const core = path.join(REPO, "provider", "core", "dist", "index.js");
        const script = `const v = require(${JSON.stringify(core)}).validateConfigFile(${JSON.stringify(EXAMPLE)}); process.exitCode = v.set && v.findings.length === 0 ? 0 : 1;`;
        const result = spawnSync(process.execPath, ["-r", path.join(REPO, "test", "support", "record-modules.js"), "-e", script], {
            encoding: "utf8",
            env: { ...process.env, SGP_MODULES_OUT: out },
        });
        assert.equal(result.status, 0, result.stderr);
        const modules = (JSON.parse(fs.readFileSync(out, "utf8")) as string[]).map((file) => path.relative(REPO, file));
        assert.deepEqual(
            modules.filter((file) => file.includes(`${path.sep}ajv${path.sep}`)),
            [path.join("node_modules", "ajv", "dist", "runtime", "ucs2length.js")],
        );
        assert.ok(modules.includes(path.relative(REPO, GENERATED)), "the control: the generated validators were loaded");
    });
});
