import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "node:child_process";
import * as readline from "node:readline";

/** A plugin the CLI started: it serves gRPC on the port it prints as its first line. */
export interface PluginProcess {
    readonly child: ChildProcess;
    readonly port: string;
    readonly stderr: string[];
}

/**
 * Starts `node <runner> ...args` in `cwd` and waits for the port line, as the CLI does for every
 * plugin (providers, policy packs). A plugin that exits first fails with what it wrote to stderr.
 */
export async function startPluginProcess(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<PluginProcess> {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const stderr: string[] = [];
    child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
    const port = await new Promise<string>((resolve, reject) => {
        const lines = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream });
        lines.once("line", (line) => resolve(line.trim()));
        child.once("exit", (code) => reject(new Error(`the plugin exited with code ${code} before printing its port:\n${stderr.join("")}`)));
    });
    return { child, port, stderr };
}

/** Ends a plugin process and waits until it is gone, so a test leaves nothing running. */
export async function stopPluginProcess(plugin: PluginProcess): Promise<void> {
    if (plugin.child.exitCode !== null || plugin.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => plugin.child.once("exit", () => resolve()));
    plugin.child.kill();
    await exited;
}

/** A unary gRPC call as a promise. */
export function call<Request, Response>(
    method: (request: Request, callback: (error: grpc.ServiceError | null, response: Response) => void) => unknown,
    request: Request,
): Promise<Response> {
    return new Promise((resolve, reject) => method(request, (error, response) => (error ? reject(error) : resolve(response))));
}
