import { CommonOptions } from "../action";
import { Io } from "../io";

/** PLACEHOLDER until the catalog commands land: replaced before commit. */
export function listScenariosCommand(_options: CommonOptions, _io: Io): Promise<number> {
    throw new Error("list-scenarios is being built");
}

export function describeScenarioCommand(_name: string, _options: CommonOptions, _io: Io): Promise<number> {
    throw new Error("describe-scenario is being built");
}
