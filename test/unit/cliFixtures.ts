import type { EngineEvent } from "@pulumi/pulumi/automation";
import * as assert from "assert";
import { parseArgs } from "../../cli/input/args";
import { UsageError } from "../../cli/input/errors";
import { Io } from "../../cli/output/io";

/** An Io that records output and answers prompts from a list. */
export function fakeIo(
    opts: { interactive?: boolean; answers?: string[]; env?: NodeJS.ProcessEnv; colour?: boolean; errColour?: boolean } = {},
): Io & { stdout: string; stderr: string } {
    const answers = [...(opts.answers ?? [])];
    const io = {
        stdout: "",
        stderr: "",
        out: (t: string) => void (io.stdout += t),
        err: (t: string) => void (io.stderr += t),
        data: (t: string) => void (io.stdout += t),
        interactive: opts.interactive ?? false,
        colour: opts.colour ?? false,
        errColour: opts.errColour ?? false,
        readLine: async () => answers.shift(),
        env: opts.env ?? {},
        now: () => 0,
    };
    return io;
}

/** Engine events as the CLI receives them (shapes captured from pulumi 3.248 runs). */
const urnOf = (name: string, type: string) => `urn:pulumi:s::pulumi-openyurt::openyurt:index:EdgeCluster$${type}::${name}`;
export const JOB = "kubernetes:batch/v1:Job";
export const PATCH = "kubernetes:core/v1:NodePatch";
export const CM = "kubernetes:core/v1:ConfigMap";
export const REVERT = "pulumi-nodejs:dynamic/openyurt:RevertJobs";
export const DEPLOYMENT = "kubernetes:apps/v1:Deployment";

let sequence = 0;
const meta = (op: string, name: string, type: string) => ({ op, urn: urnOf(name, type), type, provider: "" }) as any;
export const ev = {
    pre: (op: string, name: string, type: string, planning = false): EngineEvent => ({
        sequence: sequence++,
        timestamp: 0,
        resourcePreEvent: { metadata: meta(op, name, type), planning },
    }),
    out: (op: string, name: string, type: string, planning = false): EngineEvent => ({
        sequence: sequence++,
        timestamp: 0,
        resOutputsEvent: { metadata: meta(op, name, type), planning },
    }),
    failed: (op: string, name: string, type: string): EngineEvent => ({
        sequence: sequence++,
        timestamp: 0,
        resOpFailedEvent: { metadata: meta(op, name, type), status: 1, steps: 1 },
    }),
    error: (message: string, name?: string, type?: string): EngineEvent => ({
        sequence: sequence++,
        timestamp: 0,
        diagnosticEvent: { message, color: "never", severity: "error", prefix: "error: ", ...(name ? { urn: urnOf(name, type!) } : {}) },
    }),
};

/** A Job step as pre + outputs. */
export function done(op: string, name: string, type: string, planning = false): EngineEvent[] {
    return [ev.pre(op, name, type, planning), ev.out(op, name, type, planning)];
}

/** The UsageError message of parsing argv (fails when parsing succeeds). */
export function usageError(argv: string[]): string {
    try {
        parseArgs(argv);
    } catch (e) {
        assert.ok(e instanceof UsageError, `expected a UsageError, got ${e}`);
        return (e as Error).message;
    }
    assert.fail(`expected ${JSON.stringify(argv)} to be refused`);
}
