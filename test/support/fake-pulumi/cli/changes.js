"use strict";
// What an operation's engine events add up to. The summary counts as pkg/engine/update.go
// OnResourceStepPost does: one per logical step that did not fail, refreshes by the op they resulted
// in, default providers' steps (internal) never. The resources a stack holds afterwards follow the
// same successful steps.

const { sortKeysDeep } = require("./json");

/** Steps that replace the old copy of a resource: its state is the new copy's business. */
const LEAVES_STATE = new Set(["delete-replaced", "discard-replaced", "remove-pending-replace"]);
const REMOVES = new Set(["delete", "discard"]);

/** isDefaultProviderStep: `urn:...::pulumi:providers:<pkg>::default...`. */
function isDefaultProvider(urn) {
    const [, , type = "", name = ""] = urn.split("::");
    return type.startsWith("pulumi:providers:") && name.startsWith("default");
}

/** Each resourcePreEvent's step with the op it ended in, or `undefined` if a resOpFailedEvent followed. */
function steps(events) {
    const result = [];
    events.forEach((event, index) => {
        const pre = event.resourcePreEvent?.metadata;
        if (!pre) return;
        const later = events.slice(index + 1);
        const failed = later.some((e) => e.resOpFailedEvent?.metadata.urn === pre.urn && e.resOpFailedEvent.metadata.op === pre.op);
        const outputs = later.find((e) => e.resOutputsEvent?.metadata.urn === pre.urn)?.resOutputsEvent.metadata;
        // A refresh step's result is the op its outputs event carries: same, update or delete.
        const op = pre.op === "refresh" ? outputs?.op : pre.op;
        result.push({ pre, outputs, op: failed ? undefined : op });
    });
    return result;
}

/** The summary event's resourceChanges. */
function resourceChanges(events) {
    const counts = {};
    for (const { pre, op } of steps(events)) {
        if (op === undefined || pre.logical !== true || isDefaultProvider(pre.urn)) continue;
        counts[op] = (counts[op] ?? 0) + 1;
    }
    return sortKeysDeep(counts);
}

/** engine.HasChanges: anything but same and reads. */
function hasChanges(changes) {
    return Object.entries(changes).some(([op, count]) => count > 0 && !["same", "read", "read-discard", "read-replacement"].includes(op));
}

/** The stack's resources after the events' successful steps, each from its step's final state: the outputs event's, else the pre event's. */
function applySteps(resources, events) {
    const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
    for (const { pre, outputs, op } of steps(events)) {
        if (op === undefined || LEAVES_STATE.has(op)) continue;
        if (REMOVES.has(op)) {
            byUrn.delete(pre.urn);
            continue;
        }
        byUrn.set(pre.urn, stateAfter(pre, outputs, byUrn.get(pre.urn)));
    }
    return [...byUrn.values()];
}

/** `{ urn, type, id }` and what the step's new state carries besides: custom, parent, provider, inputs, outputs. */
function stateAfter(pre, outputs, previous) {
    const state = outputs?.new ?? pre.new;
    const id = outputs?.new?.id || pre.new?.id || previous?.id || "";
    if (!state) return { ...previous, urn: pre.urn, type: pre.type, id };
    return {
        urn: pre.urn,
        type: pre.type,
        id,
        ...(state.custom ? { custom: true } : {}),
        ...(state.parent ? { parent: state.parent } : {}),
        ...(state.provider ? { provider: state.provider } : {}),
        ...(state.inputs ? { inputs: state.inputs } : {}),
        ...(state.outputs ? { outputs: state.outputs } : {}),
    };
}

module.exports = { resourceChanges, hasChanges, applySteps };
