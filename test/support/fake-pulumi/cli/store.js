"use strict";
// The fake's files in $FAKE_PULUMI_DIR: state.json (the backend: stacks, their resources, outputs and
// history), script.json (what each operation does, written by the test) and calls.jsonl (one line per
// invocation). Config is not here: like the CLI, the fake keeps it in Pulumi.<stack>.yaml.

const fs = require("node:fs");
const path = require("node:path");

/** Environment variables whose values the calls log keeps; any other PULUMI_ or AWS_ variable is logged as present only. */
const LOGGED_VALUES =
    /^(PULUMI_BACKEND_URL|PULUMI_HOME|PULUMI_CONFIG_PASSPHRASE_FILE|PULUMI_SKIP_UPDATE_CHECK|PULUMI_SKIP_CONFIRMATIONS|PULUMI_AUTOMATION_API|PULUMI_DEBUG_COMMANDS|PULUMI_EXPERIMENTAL|AWS_REGION|AWS_DEFAULT_REGION|AWS_PROFILE|NO_COLOR)$/;
const LOGGED_PRESENCE = /^(PULUMI_|AWS_)/;

function dir() {
    const found = process.env.FAKE_PULUMI_DIR;
    if (!found) {
        process.stderr.write("fake pulumi: FAKE_PULUMI_DIR is not set; create the fake with fakePulumi() from test/support/fake-pulumi\n");
        process.exit(1);
    }
    return found;
}

function readJson(file, fallback) {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        if (error.code === "ENOENT") return fallback;
        throw error;
    }
}

/** Written whole, then renamed over the old file, so a reader never sees half of it. */
function writeJson(file, value) {
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`);
    fs.renameSync(temporary, file);
}

function readState() {
    return readJson(path.join(dir(), "state.json"), { stacks: {}, operationRuns: {} });
}

function writeState(state) {
    writeJson(path.join(dir(), "state.json"), state);
}

function readScript() {
    return readJson(path.join(dir(), "script.json"), {});
}

/** Values of the variables worth asserting; any other PULUMI_ or AWS_ one as "[set]", never its value. */
function loggedEnv(env) {
    const logged = {};
    for (const name of Object.keys(env).sort()) {
        if (LOGGED_VALUES.test(name)) logged[name] = env[name];
        else if (LOGGED_PRESENCE.test(name)) logged[name] = "[set]";
    }
    return logged;
}

function appendCall(call) {
    fs.appendFileSync(path.join(dir(), "calls.jsonl"), `${JSON.stringify(call)}\n`);
}

module.exports = { readState, writeState, readScript, loggedEnv, appendCall };
