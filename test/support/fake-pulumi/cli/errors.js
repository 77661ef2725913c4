"use strict";
// Exit codes and error texts of the Pulumi CLI 3.248.0. The codes are its exit-code taxonomy
// (pkg/cmd/pulumi/cmd/exit_codes.go, in force since 3.226): a named stack that does not exist is 6,
// an unconfirmed non-interactive update 2, --expect-no-changes with changes 7, anything else 1.
// Every error the CLI prints goes to stderr as "error: <message>" (cmdutil.DisplayErrorMessage).

const EXIT = {
    error: 1,
    configuration: 2,
    stackNotFound: 6,
    noChanges: 7,
};

class CliError extends Error {
    /** @param {string} message @param {number} [exitCode] */
    constructor(message, exitCode = EXIT.error) {
        super(message);
        this.exitCode = exitCode;
    }
}

/** A call the fake was not built to answer: named in full, so the test that made it sees which one. */
class NotEmulated extends CliError {
    /** @param {string[]} argv @param {string} why */
    constructor(argv, why) {
        super(`fake pulumi does not emulate ${JSON.stringify(argv)}: ${why}`, EXIT.error);
    }
}

/** backenderr.StackNotFoundError. */
function stackNotFound(name) {
    return new CliError(`no stack named '${name}' found`, EXIT.stackNotFound);
}

/** stack.ChooseStack, non-interactive: the LoadOnly and OfferNew wordings. */
function noStackSelected(offerNew) {
    const how = offerNew ? "`pulumi stack select` or `pulumi stack init`" : "`pulumi stack select`";
    return new CliError(`no stack selected; please use ${how} to choose one`);
}

/** backenderr.NoConfirmationInNonInteractiveError. */
function noConfirmation() {
    return new CliError("--yes or --skip-preview or --preview-only must be passed in to proceed when running in non-interactive mode", EXIT.configuration);
}

/** backenderr.NoChangesExpectedError. */
function noChangesExpected(operation) {
    return new CliError(`no changes were expected for ${operation} but changes were proposed`, EXIT.noChanges);
}

module.exports = { EXIT, CliError, NotEmulated, stackNotFound, noStackSelected, noConfirmation, noChangesExpected };
