"use strict";
// Preloaded (NODE_OPTIONS=--require) into a program under test. The SDK's cmd/run passes every
// uncaught error to util.inspect with colours; on Node 20.20 that loops for tens of seconds when a
// stack frame ends under node_modules with no further directory, as the SDK's source-mapped
// `node_modules/@pulumi/config.ts` does (nodejs/node#64011). This records each error inspected
// (one JSON line to SGP_INSPECT_LOG) and, for such a stack, records it and returns at once instead
// of looping, so a test can assert that none reaches the SDK.
const fs = require("node:fs");
const util = require("node:util");

const LOOPING_FRAME = /node_modules[\\/](@[^\\/]+[\\/])?[^\\/]*$/;
const inspect = util.inspect;

util.inspect = function probedInspect(value, ...rest) {
    if (value instanceof Error && process.env.SGP_INSPECT_LOG) {
        const stack = String(value.stack);
        const loops = stack.split("\n").some((line) => LOOPING_FRAME.test(line));
        fs.appendFileSync(process.env.SGP_INSPECT_LOG, `${JSON.stringify({ stack, loops })}\n`);
        if (loops) return stack;
    }
    return inspect.call(this, value, ...rest);
};
Object.assign(util.inspect, inspect);
