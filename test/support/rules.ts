import { NormalizedRule } from "../../provider/core/src/model/rule";

/** TCP 5432 from 0.0.0.0/0 with a description, changed by `overrides`. */
export function makeRule(overrides: Partial<NormalizedRule> = {}): NormalizedRule {
    return {
        direction: "ingress",
        protocol: "tcp",
        ports: { from: 5432, to: 5432 },
        peer: { kind: "cidr", family: "ipv4", cidr: "0.0.0.0/0" },
        description: "x",
        origin: { kind: "resource", path: "" },
        ...overrides,
    };
}
