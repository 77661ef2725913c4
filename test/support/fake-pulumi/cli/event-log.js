"use strict";
// `--event-log`, as pkg/backend/display/display.go startEventLogger writes it: each event encoded as
// one JSON line (Go's json.Encoder, so with its trailing newline). A `tcp://host:port` address gets
// them over the Events gRPC service, one EventRequest per event on a single client stream closed with
// CloseAndRecv; any other value is a file, truncated, then appended to.

const fs = require("node:fs");
const path = require("node:path");

/** @param {string} target @param {object[]} events stamped engine events */
async function deliver(target, events) {
    const lines = events.map((event) => `${JSON.stringify(event)}\n`);
    if (target.startsWith("tcp://")) await stream(target.slice("tcp://".length), lines);
    else write(target, lines);
}

function write(file, lines) {
    fs.writeFileSync(file, "");
    for (const line of lines) fs.appendFileSync(file, line);
}

/** The SDK's generated client and its own @grpc/grpc-js, the pair the Automation API's server is built from. */
function eventsClient(address) {
    const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdk] }));
    const { EventsClient } = require(path.join(sdk, "proto", "events_grpc_pb.js"));
    const { EventRequest } = require(path.join(sdk, "proto", "events_pb.js"));
    return { client: new EventsClient(address, grpc.credentials.createInsecure()), EventRequest };
}

function stream(address, lines) {
    const { client, EventRequest } = eventsClient(address);
    return new Promise((resolve, reject) => {
        const call = client.streamEvents((error) => {
            client.close();
            if (error) reject(new Error(`fake pulumi could not stream events to tcp://${address}: ${error.message}`));
            else resolve();
        });
        for (const line of lines) {
            const request = new EventRequest();
            request.setEvent(line);
            call.write(request);
        }
        call.end();
    });
}

module.exports = { deliver };
