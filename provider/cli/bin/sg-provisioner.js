#!/usr/bin/env node
"use strict";
// A committed entry point, so npm links the command on install, before the TypeScript build runs.
require("../dist/cli/main.js")
    .main(process.argv.slice(2))
    .then((code) => {
        process.exitCode = code;
    });
