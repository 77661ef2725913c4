#!/usr/bin/env node
"use strict";
// Build step, after tsc: writes the `yaml` package (the version the core depends on) as one file,
// dist/vendor/yaml.js, which src/config/yaml-library.ts loads. The package is ~70 modules, and on
// Node 20 resolving and loading that many files was a quarter of `validate-config`'s CPU time;
// one file loads the same code at a third of the cost. Nothing in the code changes: esbuild only
// joins the package's own files.
const esbuild = require("esbuild");
const fs = require("node:fs");
const path = require("node:path");

const manifest = require.resolve("yaml/package.json");
const { version, license } = require(manifest);
const notice = fs.readFileSync(path.join(path.dirname(manifest), "LICENSE"), "utf8").trim();

esbuild.buildSync({
    entryPoints: [require.resolve("yaml")],
    outfile: path.join(__dirname, "..", "dist", "vendor", "yaml.js"),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    logLevel: "warning",
    banner: { js: `/*! yaml ${version} (${license}), bundled into one file by scripts/bundle-yaml.js.\n${notice}\n*/` },
});
