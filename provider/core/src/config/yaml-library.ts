// Only types come from the package here, so the compiled code never loads "yaml" itself: the
// functions below come from its one-file build. It stays a dependency: that build is made from it.
import * as Yaml from "yaml";

/**
 * The `yaml` package, loaded from dist/vendor/yaml.js: the same version, joined into one file at
 * build time by scripts/bundle-yaml.js, since loading its ~70 files was a quarter of
 * `validate-config`'s time on Node 20. The path works from dist/config and from src/config (the
 * tests run the sources with ts-node): both are two levels below the package root.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a build output, typed by the package it is built from
export const yaml: Pick<typeof Yaml, "LineCounter" | "isAlias" | "isMap" | "isSeq" | "isScalar" | "parseDocument"> = require("../../dist/vendor/yaml.js");
