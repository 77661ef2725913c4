import { AuditLog } from "../audit";
import { EXIT, Io } from "../io";
import { Stop } from "./prepare";

/**
 * Lets an action that changes AWS go on, or stops it: `--force` says yes without asking; on a
 * terminal the operator must type the stack's name; with no terminal and no --force it is refused,
 * since a pipeline that forgot the flag must not deploy by default. Every outcome is logged.
 */
export async function confirmChange(io: Io, audit: AuditLog, force: boolean | undefined, what: string, stack: string): Promise<void> {
    if (force) {
        audit.decided(`--force given: ${what} without asking`);
        return;
    }
    const answer = await io.ask(`${what}.\nType the stack name (${stack}) to go on, anything else to stop: `);
    if (answer === undefined) {
        audit.decided(`refused: standard input is not a terminal and --force was not given; ${what} was not done`);
        throw new Stop(
            EXIT.refused,
            `refused: this action changes AWS (${what}) and standard input is not a terminal, so nobody can confirm it`,
            "pass --force to run it from a pipeline",
        );
    }
    if (answer.trim() !== stack) {
        audit.decided(`refused: the operator answered "${answer.trim()}", not the stack name; ${what} was not done`);
        throw new Stop(EXIT.refused, `stopped: the answer was not ${stack}; nothing was changed`, `type ${stack} to go on`);
    }
    audit.decided(`confirmed on the terminal: ${what}`);
}
