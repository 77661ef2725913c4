"use strict";
// The project the CLI runs in and the stack settings file beside it, as the CLI finds them: Pulumi.yaml
// (or .yml, .json) searched upwards from the working directory (sdk/go/common/workspace/paths.go,
// DetectProjectPathFrom), and Pulumi.<stack>.<same extension> next to it holding the stack's config.

const fs = require("node:fs");
const path = require("node:path");
const { CliError } = require("./errors");

// The SDK's own js-yaml, so the fake needs nothing the Automation API does not already bring.
const yaml = require(require.resolve("js-yaml", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))] }));

const PROJECT_EXTENSIONS = [".yaml", ".yml", ".json"];

/** @typedef {{ dir: string, file: string, ext: string, name: string, config: Record<string, unknown> }} Project */

/** @returns {Project} */
function requireProject(cwd) {
    for (let dir = cwd; ; dir = path.dirname(dir)) {
        for (const ext of PROJECT_EXTENSIONS) {
            const file = path.join(dir, `Pulumi${ext}`);
            if (fs.existsSync(file)) return loadProject(dir, file, ext);
        }
        if (path.dirname(dir) === dir) break;
    }
    throw new CliError(
        `no Pulumi.yaml project file found (searching upwards from ${cwd}). If you have not created a project yet, use \`pulumi new\` to do so: no project file found`,
    );
}

function loadProject(dir, file, ext) {
    const parsed = yaml.load(fs.readFileSync(file, "utf8")) ?? {};
    if (typeof parsed.name !== "string" || parsed.name === "") throw new CliError("project is missing a 'name' attribute");
    return { dir, file, ext, name: parsed.name, config: parsed.config ?? {} };
}

function stackFile(project, stackName) {
    return path.join(project.dir, `Pulumi.${stackName.replace(/\//g, "-")}${project.ext}`);
}

/** The stack settings file's content, `{}` when there is none yet. */
function readStackSettings(project, stackName) {
    const file = stackFile(project, stackName);
    if (!fs.existsSync(file)) return {};
    return yaml.load(fs.readFileSync(file, "utf8")) ?? {};
}

function writeStackSettings(project, stackName, settings) {
    const file = stackFile(project, stackName);
    const text = project.ext === ".json" ? `${JSON.stringify(settings, null, 4)}\n` : yaml.dump(settings, { lineWidth: -1 });
    fs.writeFileSync(file, text);
}

function removeStackSettings(project, stackName) {
    fs.rmSync(stackFile(project, stackName), { force: true });
}

module.exports = { requireProject, stackFile, readStackSettings, writeStackSettings, removeStackSettings };
