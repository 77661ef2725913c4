#!/usr/bin/env node
"use strict";
// Build step, after tsc: writes the core's JSON-schema validators as standalone code (Ajv's own code
// generation) to dist/config/standalone-validators.js, where src/config/schema-validators.ts loads
// them. A process then validates without loading Ajv's compiler or compiling the schemas at start.
const fs = require("node:fs");
const path = require("node:path");
const { standaloneValidatorsCode } = require("./schema-compiler");

const OUTPUT = path.join(__dirname, "..", "dist", "config", "standalone-validators.js");

fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
fs.writeFileSync(OUTPUT, standaloneValidatorsCode());
