"use strict";
// What `pulumi stack export` prints for a stack of the fake's DIY backend: an apitype.UntypedDeployment
// whose deployment is a DeploymentV3 (sdk/go/common/apitype/core.go), each struct's fields in
// declaration order and each map's keys sorted, as Go writes them. 3.248.0 writes no plugins in the
// manifest (pkg/backend/snapshot.go drops them). Not emulated: pending operations, the resources'
// created/modified times and dependencies, and encryption: values are written as the state holds them.

const crypto = require("node:crypto");
const { sortKeysDeep } = require("./json");

/** apitype.DeploymentSchemaVersionCurrent: what a deployment using no newer feature is written as. */
const SCHEMA_VERSION = 3;

/** ManifestV1.NewMagic: the SHA-256 of the engine's version, in hex. */
function magic(version) {
    return crypto.createHash("sha256").update(version).digest("hex");
}

/** Go leaves out an `omitempty` map that is nil or empty. */
function nonEmpty(map) {
    return map && Object.keys(map).length > 0 ? sortKeysDeep(map) : undefined;
}

/** ResourceV3 with the fields the fake keeps, in its declaration order; a custom resource is one with an id unless the state says. */
function resourceV3(resource) {
    const fields = {
        urn: resource.urn,
        custom: resource.custom ?? resource.id !== "",
        id: resource.id || undefined,
        type: resource.type,
        inputs: nonEmpty(resource.inputs),
        outputs: nonEmpty(resource.outputs),
        parent: resource.parent || undefined,
        provider: resource.provider || undefined,
    };
    return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** DeploymentV3 after the stack's last update, refresh or destroy: the engine's version, the passphrase provider's salt, the resources. */
function deploymentV3(stack, { salt, cliVersion }) {
    const version = `v${cliVersion}`;
    return {
        manifest: { time: stack.lastUpdate, magic: magic(version), version },
        ...(salt ? { secrets_providers: { type: "passphrase", state: { salt } } } : {}),
        ...(stack.resources.length > 0 ? { resources: stack.resources.map(resourceV3) } : {}),
        metadata: {},
    };
}

/**
 * The document `stack export` prints. A stack no operation has run on has an empty checkpoint: its
 * deployment is null, unless --show-secrets has the CLI deserialize it and write it again, which
 * gives the zero DeploymentV3 (pkg/cmd/pulumi/stack/stack_export.go).
 */
function exportedDeployment(stack, { salt, cliVersion, showSecrets }) {
    if (stack.lastUpdate) return { version: SCHEMA_VERSION, deployment: deploymentV3(stack, { salt, cliVersion }) };
    const empty = { manifest: { time: "0001-01-01T00:00:00Z", magic: "", version: "" }, metadata: {} };
    return { version: SCHEMA_VERSION, deployment: showSecrets ? empty : null };
}

/** Whether reading the deployment back needs the stack's secrets manager: a checkpoint records one from the first operation on. */
function hasSecretsProvider(stack, salt) {
    return Boolean(stack.lastUpdate && salt);
}

module.exports = { exportedDeployment, hasSecretsProvider };
