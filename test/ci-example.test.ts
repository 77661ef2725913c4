import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { EXAMPLE, REPO } from "./support/config";
import { documentedOutputs } from "./support/deployment-outputs";
import { tempDir } from "./support/temp";

const CLI = path.join(REPO, "provider", "cli", "bin", "sg-provisioner.js");
const WORKFLOW_FILE = path.join(REPO, "examples", "ci", "github-actions.yml");
const SET = "globalbank-prod-c001-us-west-2-fraud-sg";

interface Step {
    readonly name?: string;
    readonly uses?: string;
    readonly run?: string;
    readonly if?: string;
    readonly with?: Record<string, string | number>;
}

interface Job {
    readonly if?: string;
    readonly permissions: Record<string, string>;
    readonly env?: Record<string, string>;
    readonly environment?: string;
    readonly steps: readonly Step[];
}

interface Workflow {
    readonly on: { pull_request: null; push: { branches: string[] } };
    readonly permissions: Record<string, string>;
    readonly env: Record<string, string>;
    readonly jobs: Record<string, Job>;
}

const WORKFLOW = parse(fs.readFileSync(WORKFLOW_FILE, "utf8")) as Workflow;

/** The steps of a job that run sg-provisioner, and those that run pulumi. */
const runs = (job: Job, tool: RegExp) => job.steps.filter((step): step is Step & { run: string } => step.run !== undefined && tool.test(step.run));
/** A step that runs the CLI (`sg-provisioner:configFile`, a config key, is not one). */
const SG = /\bsg-provisioner\s/;
const PULUMI = /^pulumi /m;

/** The one step of a job that uses an action (`owner/name@version`), by its name. */
function uses(job: Job, action: string): Step {
    const found = job.steps.filter((step) => step.uses?.split("@")[0] === action);
    assert.equal(found.length, 1, `one ${action} step`);
    return found[0];
}

/** The commands the CLI's --help lists. */
function cliCommands(): string[] {
    const help = spawnSync(process.execPath, [CLI, "--help"], { encoding: "utf8" });
    assert.equal(help.status, 0, help.stderr);
    const commands = help.stdout.slice(help.stdout.indexOf("\nCommands:\n"));
    return [...commands.matchAll(/^ {2}([a-z-]+) /gm)].map((match) => match[1]);
}

/**
 * A job's checkout in a temporary folder, with the example config where the workflow's SG_CONFIG
 * says, and `npx` standing in for the installed package's bin: `npx sg-provisioner ...` runs the
 * built CLI, anything else fails.
 */
function checkout(): { dir: string; env: NodeJS.ProcessEnv } {
    const dir = tempDir("sgp-ci-");
    fs.mkdirSync(path.join(dir, path.dirname(WORKFLOW.env.SG_CONFIG)), { recursive: true });
    fs.copyFileSync(EXAMPLE, path.join(dir, WORKFLOW.env.SG_CONFIG));
    const bin = tempDir("sgp-ci-bin-");
    fs.writeFileSync(
        path.join(bin, "npx"),
        '#!/bin/sh\n[ "$1" = sg-provisioner ] || { echo "npx: only sg-provisioner here" >&2; exit 127; }\nshift\nexec "$SGP_NODE" "$SGP_CLI" "$@"\n',
        { mode: 0o755 },
    );
    // The workflow's env, its ${{ secrets.* }} given a stand-in value, as the runner gives a step.
    const workflowEnv = Object.fromEntries(Object.entries(WORKFLOW.env).map(([key, value]) => [key, value.replace(/\$\{\{[^}]*\}\}/g, "stand-in")]));
    const env: NodeJS.ProcessEnv = { ...process.env, ...workflowEnv, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`, SGP_NODE: process.execPath, SGP_CLI: CLI };
    delete env.SG_PROVISIONER_PRODUCT_CODE;
    return { dir, env };
}

/** Runs a step's script as the runner does (`bash -e {0}`), in the checkout. */
function runStep(step: Step & { run: string }, where: { dir: string; env: NodeJS.ProcessEnv }) {
    const result = spawnSync("bash", ["-e", "-c", step.run], { cwd: where.dir, env: where.env, encoding: "utf8" });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("examples/ci: the GitHub Actions pipeline", () => {
    it("reviews and previews pull requests, and deploys pushes to main", () => {
        assert.deepEqual(WORKFLOW.on, { pull_request: null, push: { branches: ["main"] } });
        assert.deepEqual(Object.keys(WORKFLOW.jobs), ["review", "preview", "deploy"]);
        assert.equal(WORKFLOW.jobs.review.if, "github.event_name == 'pull_request'");
        assert.equal(WORKFLOW.jobs.preview.if, "github.event_name == 'pull_request'");
        assert.equal(WORKFLOW.jobs.deploy.if, "github.event_name == 'push' && github.ref == 'refs/heads/main'");
        assert.equal(WORKFLOW.jobs.deploy.environment, "production");
    });

    it("grants nothing by default, and each job only what it uses: SARIF upload, OIDC", () => {
        assert.deepEqual(WORKFLOW.permissions, {});
        assert.deepEqual(WORKFLOW.jobs.review.permissions, { contents: "read", "security-events": "write", actions: "read" });
        assert.deepEqual(WORKFLOW.jobs.preview.permissions, { contents: "read", "id-token": "write" });
        assert.deepEqual(WORKFLOW.jobs.deploy.permissions, { contents: "read", "id-token": "write" });
    });

    it("takes AWS credentials from OIDC roles, never from stored keys", () => {
        for (const [name, job] of [["preview", WORKFLOW.jobs.preview] as const, ["deploy", WORKFLOW.jobs.deploy] as const]) {
            const credentials = uses(job, "aws-actions/configure-aws-credentials");
            assert.deepEqual(Object.keys(credentials.with ?? {}).sort(), ["aws-region", "role-to-assume"], name);
            assert.match(String(credentials.with?.["role-to-assume"]), new RegExp(`^arn:aws:iam::123456789012:role/REPLACE-sg-provisioner-${name}$`));
            assert.equal(credentials.with?.["aws-region"], "${{ env.AWS_REGION }}");
            // Credentials come before the first pulumi command.
            assert.ok(job.steps.indexOf(credentials) < job.steps.indexOf(runs(job, PULUMI)[0]), name);
        }
        assert.doesNotMatch(fs.readFileSync(WORKFLOW_FILE, "utf8"), /aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID/);
    });

    it("previews and deploys with the policy pack, naming the stack", () => {
        const previews = runs(WORKFLOW.jobs.preview, /^pulumi preview /m).map((step) => step.run);
        const ups = runs(WORKFLOW.jobs.deploy, /^pulumi up /m).map((step) => step.run);
        assert.deepEqual(previews, ['pulumi preview --diff --stack "$PULUMI_STACK" --policy-pack policypack']);
        assert.deepEqual(ups, ['pulumi up --yes --stack "$PULUMI_STACK" --policy-pack policypack']);
        for (const job of Object.values(WORKFLOW.jobs)) {
            for (const step of runs(job, /^pulumi (preview|up)\b/m)) assert.match(step.run, / --policy-pack policypack$/m);
        }
        assert.ok(fs.existsSync(path.join(REPO, "policypack", "PulumiPolicy.yaml")), "policypack/ is the pack");
        // Both set the stack's config before running Pulumi: the config file and the region. Only the
        // deploy job may create the stack: the preview role cannot write state.
        const setup = (select: string) =>
            `pulumi login "$PULUMI_BACKEND_URL"\n${select}\npulumi config set aws:region "$AWS_REGION"\npulumi config set sg-provisioner:configFile "$SG_CONFIG"\n`;
        assert.deepEqual(
            runs(WORKFLOW.jobs.preview, /pulumi stack select/).map((step) => [step.name, step.run]),
            [["Select the existing stack and set its config", setup('pulumi stack select "$PULUMI_STACK"')]],
        );
        assert.deepEqual(
            runs(WORKFLOW.jobs.deploy, /pulumi stack select/).map((step) => [step.name, step.run]),
            [["Select the stack and set its config", setup('pulumi stack select --create "$PULUMI_STACK"')]],
        );
        for (const step of runs(WORKFLOW.jobs.preview, PULUMI)) assert.doesNotMatch(step.run, /--create|stack init/, step.run);
    });

    it("gives the Pulumi passphrase only to the steps that run pulumi: no secret at workflow or job level, in npm ci or in the review job", () => {
        const secrets = (env: Record<string, string> | undefined) => Object.entries(env ?? {}).filter(([, value]) => value.includes("secrets."));
        assert.deepEqual(secrets(WORKFLOW.env), []);
        assert.deepEqual(Object.keys(WORKFLOW.env), ["SG_CONFIG", "PULUMI_STACK", "AWS_REGION", "PULUMI_BACKEND_URL"]);
        const withSecret: string[] = [];
        for (const [name, job] of Object.entries(WORKFLOW.jobs)) {
            assert.equal(job.env, undefined, name);
            for (const step of job.steps) {
                const { env, ...rest } = step as Step & { env?: Record<string, string> };
                assert.doesNotMatch(JSON.stringify(rest), /secrets\./, `${name}: ${step.name ?? step.uses ?? step.run}`);
                if (secrets(env).length === 0) {
                    assert.doesNotMatch(step.run ?? "", /\bpulumi /, `${name}: ${step.name ?? step.run} runs pulumi without the passphrase`);
                    continue;
                }
                assert.deepEqual(env, { PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}" }, step.name);
                assert.match(step.run ?? "", /^pulumi |\n\s*pulumi /m, `${name}: ${step.name} has the passphrase but runs no pulumi`);
                withSecret.push(`${name}: ${step.name}`);
            }
        }
        assert.deepEqual(withSecret, [
            "preview: Select the existing stack and set its config",
            "preview: Preview with the policy pack",
            "deploy: Select the stack and set its config",
            "deploy: Deploy with the policy pack",
            "deploy: Read the stack's outputs",
        ]);
    });

    it("creates the review report and uploads the SARIF even when validation fails, unless the run is cancelled", () => {
        const job = WORKFLOW.jobs.review;
        const named = (name: string) => {
            const found = job.steps.filter((step) => step.name === name);
            assert.equal(found.length, 1, name);
            return found[0];
        };
        const validate = named("Validate every set");
        assert.equal(validate.if, undefined, "validation itself runs unconditionally and fails the job");
        for (const name of ["Show the findings on the pull request", "Create the review report", "Attach the review report"]) {
            const step = named(name);
            assert.equal(step.if, "${{ !cancelled() }}", name);
            assert.ok(job.steps.indexOf(step) > job.steps.indexOf(validate), `${name} comes after validation`);
        }
        assert.equal(named("Show the findings on the pull request").uses?.split("@")[0], "github/codeql-action/upload-sarif");
        assert.match(String(named("Create the review report").run), /^npx sg-provisioner create-review-report /);
    });

    it("uses each action at its current major version", () => {
        const used = Object.entries(WORKFLOW.jobs).flatMap(([name, job]) => job.steps.filter((step) => step.uses).map((step) => `${name}: ${step.uses}`));
        assert.deepEqual(used, [
            "review: actions/checkout@v6",
            "review: actions/setup-node@v6",
            "review: github/codeql-action/upload-sarif@v4",
            "review: actions/upload-artifact@v7",
            "preview: actions/checkout@v6",
            "preview: actions/setup-node@v6",
            "preview: aws-actions/configure-aws-credentials@v6",
            "preview: pulumi/actions@v7",
            "deploy: actions/checkout@v6",
            "deploy: actions/setup-node@v6",
            "deploy: aws-actions/configure-aws-credentials@v6",
            "deploy: pulumi/actions@v7",
            "deploy: actions/upload-artifact@v7",
        ]);
    });

    it("runs only sg-provisioner commands the CLI has", () => {
        const commands = cliCommands();
        assert.ok(commands.includes("validate-config") && commands.includes("deployment-report"), commands.join(", "));
        const used = Object.values(WORKFLOW.jobs).flatMap((job) =>
            runs(job, SG).flatMap((step) => [...step.run.matchAll(/npx sg-provisioner ([a-z-]+)/g)].map((match) => match[1])),
        );
        assert.deepEqual(used, ["validate-config", "create-review-report", "validate-config", "deployment-report"]);
        for (const command of used) assert.ok(commands.includes(command), command);
        // Each through npx, which runs the version package-lock.json installed.
        for (const job of Object.values(WORKFLOW.jobs)) for (const step of runs(job, SG)) assert.match(step.run, /^npx sg-provisioner [a-z-]+ /, step.run);
    });

    it("review: validates to the SARIF file code scanning uploads, and writes the review report where the artifact is taken", () => {
        const job = WORKFLOW.jobs.review;
        const where = checkout();
        const [validate, review] = runs(job, SG);
        const validated = runStep(validate, where);
        assert.equal(validated.code, 0, validated.stderr);
        const sarifFile = uses(job, "github/codeql-action/upload-sarif").with?.sarif_file;
        assert.equal(sarifFile, "sg-provisioner.sarif");
        const sarif = JSON.parse(fs.readFileSync(path.join(where.dir, String(sarifFile)), "utf8")) as {
            version: string;
            runs: { tool: { driver: { name: string } }; results: unknown[] }[];
        };
        assert.equal(sarif.version, "2.1.0");
        assert.deepEqual(
            sarif.runs.map((run) => [run.tool.driver.name, run.results]),
            [["sg-provisioner", []]],
        );
        // A finding reaches the same file, and the step fails (the upload still runs: !cancelled()).
        fs.appendFileSync(path.join(where.dir, WORKFLOW.env.SG_CONFIG), "unknown_key: 1\n");
        const invalid = runStep(validate, where);
        assert.equal(invalid.code, 1);
        const findings = JSON.parse(fs.readFileSync(path.join(where.dir, String(sarifFile)), "utf8")) as {
            runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
        };
        assert.deepEqual(
            findings.runs[0].results.map((result) => [result.ruleId, result.locations[0].physicalLocation.artifactLocation.uri]),
            [["SG010", WORKFLOW.env.SG_CONFIG]],
        );
        assert.equal(uses(job, "github/codeql-action/upload-sarif").if, "${{ !cancelled() }}");
        fs.copyFileSync(EXAMPLE, path.join(where.dir, WORKFLOW.env.SG_CONFIG));

        const reviewed = runStep(review, where);
        assert.equal(reviewed.code, 0, reviewed.stderr);
        const artifact = uses(job, "actions/upload-artifact").with;
        assert.deepEqual(
            { name: artifact?.name, path: artifact?.path, "if-no-files-found": artifact?.["if-no-files-found"] },
            { name: "sg-provisioner-review", path: "review/", "if-no-files-found": "error" },
        );
        const written = [...reviewed.stdout.matchAll(/^wrote (\S+)$/gm)].map((match) => match[1]);
        assert.deepEqual(written, [`review/${SET}-review.yaml`, `review/${SET}-review.html`]);
        for (const file of written) {
            assert.ok(file.startsWith(String(artifact?.path)), `${file} is in the artifact`);
            assert.ok(fs.existsSync(path.join(where.dir, file)), file);
        }
        assert.equal(uses(job, "actions/upload-artifact").if, "${{ !cancelled() }}");
    });

    it("deploy: validates, then reports the stack's outputs against the config, and the artifact takes the report", () => {
        const job = WORKFLOW.jobs.deploy;
        const where = checkout();
        const [validate, report] = runs(job, SG);
        const validated = runStep(validate, where);
        assert.equal(validated.code, 0, validated.stderr);
        assert.ok(job.steps.indexOf(validate) < job.steps.indexOf(runs(job, /^pulumi up /m)[0]), "validation comes before the deployment");
        // The step before the report saves the stack's outputs where the report reads them.
        const outputs = runs(job, /^pulumi stack output --json/m);
        assert.deepEqual(
            outputs.map((step) => step.run.trim()),
            ['pulumi stack output --json --stack "$PULUMI_STACK" > stack-outputs.json'],
        );
        assert.match(report.run, /--outputs stack-outputs\.json\b/);
        fs.writeFileSync(path.join(where.dir, "stack-outputs.json"), documentedOutputs());
        const reported = runStep(report, where);
        assert.equal(reported.code, 0, reported.stderr);
        const artifact = uses(job, "actions/upload-artifact").with;
        assert.deepEqual({ name: artifact?.name, path: artifact?.path }, { name: "sg-provisioner-deployment", path: "deployment/" });
        const html = path.join(String(artifact?.path), `${SET}-deployment.html`);
        assert.ok(fs.existsSync(path.join(where.dir, html)), `${html} is written`);
        assert.match(reported.stdout, new RegExp(`Wrote ${html.replace(/[.]/g, "\\.")}`));
        // --fail-on-difference: outputs of a stack that lacks a tier fail the step, exit 3.
        const lacking = JSON.parse(documentedOutputs()) as { securityGroupIds: Record<string, string> };
        delete lacking.securityGroupIds.db;
        fs.writeFileSync(path.join(where.dir, "stack-outputs.json"), JSON.stringify(lacking));
        assert.equal(runStep(report, where).code, 3);
    });
});
