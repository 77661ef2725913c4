import * as http from "node:http";
import { AddressInfo } from "node:net";

/**
 * A stub AWS endpoint on 127.0.0.1: each test starts one with what to answer, points the SDK at it
 * through AWS_ENDPOINT_URL, and reads back the requests it saw. Nothing else is ever reached.
 */

export interface Seen {
    readonly method: string;
    readonly url: string;
    readonly headers: http.IncomingHttpHeaders;
    readonly body: string;
}

export type Reply = { readonly status: number; readonly type: string; readonly body: string } | "never";

export interface Stub {
    readonly url: string;
    readonly requests: Seen[];
    close(): Promise<void>;
}

/** Every stub still open: close them all after each test with {@link closeStubs}. */
const stubs: Stub[] = [];

export async function startStub(reply: (request: Seen, index: number) => Reply): Promise<Stub> {
    const requests: Seen[] = [];
    const server = http.createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on("data", (chunk: Buffer) => chunks.push(chunk));
        request.on("end", () => {
            const seen = { method: request.method ?? "", url: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") };
            requests.push(seen);
            const answer = reply(seen, requests.length - 1);
            if (answer === "never") return;
            response.writeHead(answer.status, { "content-type": answer.type, "x-amzn-requestid": `request-${requests.length}` });
            response.end(answer.body);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const stub = {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
    stubs.push(stub);
    return stub;
}

/** A port nothing listens on: one a stub had, closed again. */
export async function closedPort(): Promise<string> {
    const stub = await startStub(() => "never");
    await stub.close();
    stubs.splice(stubs.indexOf(stub), 1);
    return stub.url;
}

/** Closes every stub started so far. */
export async function closeStubs(): Promise<void> {
    await Promise.all(stubs.splice(0).map((stub) => stub.close()));
}

export const json = (status: number, body: object): Reply => ({ status, type: "application/x-amz-json-1.1", body: JSON.stringify(body) });
export const xml = (status: number, body: string): Reply => ({ status, type: "text/xml;charset=UTF-8", body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}` });
export const ec2Error = (status: number, code: string, message: string): Reply =>
    xml(status, `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>req-1</RequestID></Response>`);

export const target = (request: Seen) => request.headers["x-amz-target"];
export const form = (request: Seen) => Object.fromEntries(new URLSearchParams(request.body));
