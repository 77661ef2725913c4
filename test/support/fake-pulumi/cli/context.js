"use strict";
// What one invocation works with: its argv, working directory and environment, the project found
// from there, the backend state, and the stdout/stderr it will print. Stack lookup and the secrets
// rules of a DIY backend (the passphrase provider) live here because every command needs them.

const fs = require("node:fs");
const { CliError, NotEmulated, stackNotFound, noStackSelected } = require("./errors");
const { requireProject, readStackSettings, writeStackSettings } = require("./project");
const { readState, writeState } = require("./store");

const PASSPHRASE_MISSING = "passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables";

class Context {
    /** @param {string[]} argv @param {string} cwd @param {NodeJS.ProcessEnv} env */
    constructor(argv, cwd, env) {
        this.argv = argv;
        this.cwd = cwd;
        this.env = env;
        this.stdout = "";
        this.stderr = "";
        this._project = undefined;
        this._state = undefined;
    }

    project() {
        this._project ??= requireProject(this.cwd);
        return this._project;
    }

    state() {
        this._state ??= readState();
        return this._state;
    }

    /** Writes the state back, each of the project's stacks with a copy of the config its settings file now holds. */
    saveState() {
        if (!this._state) return;
        if (this._project) {
            for (const stack of Object.values(this._state.stacks)) {
                if (stack.project === this._project.name) stack.config = readStackSettings(this._project, stack.name).config ?? {};
            }
        }
        writeState(this._state);
    }

    /** The fake is a DIY backend (file://, s3://, ...) named by PULUMI_BACKEND_URL; it never logs in to Pulumi Cloud. */
    backendUrl() {
        const url = this.env.PULUMI_BACKEND_URL;
        if (!url) throw new NotEmulated(this.argv, "the fake is a DIY backend only: set PULUMI_BACKEND_URL (file://<dir>) for the CLI; it never reads a login from PULUMI_HOME");
        if (url.startsWith("https://") || url.startsWith("http://")) throw new NotEmulated(this.argv, `the Pulumi Cloud backend ${url}`);
        return url;
    }

    /** The stack named, or else the selected one; RequireStack's errors when there is none. */
    requireStack(name, offerNew) {
        const project = this.project();
        this.backendUrl();
        if (name) {
            const found = this.findStack(name);
            if (!found) throw stackNotFound(name);
            return found;
        }
        const selected = Object.values(this.state().stacks).find((stack) => stack.project === project.name && stack.selected);
        if (!selected) throw noStackSelected(offerNew);
        return selected;
    }

    findStack(name) {
        const stack = this.state().stacks[name];
        return stack && stack.project === this.project().name ? stack : undefined;
    }

    select(stack) {
        for (const other of Object.values(this.state().stacks)) {
            if (other.project === stack.project) other.selected = other === stack;
        }
    }

    settings(stack) {
        return readStackSettings(this.project(), stack.name);
    }

    saveSettings(stack, settings) {
        writeStackSettings(this.project(), stack.name, settings);
    }

    /** The passphrase a passphrase-provider stack needs to encrypt or decrypt (pkg/secrets/passphrase/manager.go readPassphrase). */
    requirePassphrase() {
        if (this.env.PULUMI_CONFIG_PASSPHRASE !== undefined) return;
        const file = this.env.PULUMI_CONFIG_PASSPHRASE_FILE;
        if (file) {
            try {
                fs.readFileSync(file);
                return;
            } catch (error) {
                throw new CliError(`unable to read PULUMI_CONFIG_PASSPHRASE_FILE: ${error.message}`);
            }
        }
        throw new CliError(PASSPHRASE_MISSING);
    }

    /** GetStackConfiguration's secrets manager: a stack whose settings carry an encryption salt needs the passphrase. */
    requireSecretsManager(stack, prefix) {
        if (!this.settings(stack).encryptionsalt) return;
        try {
            this.requirePassphrase();
        } catch (error) {
            throw new CliError(`${prefix}${error.message}`, error.exitCode);
        }
    }
}

module.exports = { Context };
