import type { EngineEvent } from "@pulumi/pulumi/automation";
import * as assert from "assert";
import { parseArgs } from "../../cli/input/args";
import { UsageError } from "../../cli/input/errors";
import { conversionConfig, mergeRaw } from "../../cli/input/configEdit";
import { describeProblems } from "../../cli/input/problems";
import { readStackConfig } from "../../components/core/config/stackConfig";
import { ConversionConfigError } from "../../components/core/config/problems";
import { planEdgeCluster } from "../../components/edgecluster/plan";
import { inventory } from "../../support/inventory";
import * as path from "path";
import { Project, resolveProject } from "../../cli/engine/project";
import { Session } from "../../cli/flow/session";
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

/** A v0.6.1 preview's events: a same, creates, a replacement in its three ops, deletes, the revert record's update and the
 * dynamic provider's config update. */
export const v061PreviewEvents: EngineEvent[] = [
    ...done("same", "openyurt-role-node1", PATCH, true),
    ...done("create", "openyurt-convert-node5", JOB, true),
    ...done("create", "openyurt-role-node5", PATCH, true),
    ...done("delete-replaced", "openyurt-convert-node2", JOB, true),
    ...done("replace", "openyurt-convert-node2", JOB, true),
    ...done("create-replacement", "openyurt-convert-node2", JOB, true),
    ...done("create", "openyurt-autonomy-node3", PATCH, true),
    ...done("delete", "openyurt-convert-node4", JOB, true),
    ...done("delete", "openyurt-role-node4", PATCH, true),
    ...done("update", "openyurt-revert", REVERT, true),
    ...done("update", "default", "pulumi:providers:pulumi-nodejs", true),
];

/** The UsageError message of parsing argv (fails when parsing succeeds). */
export function usageError(argv: string[]): string {
    return usageErrorOf(() => parseArgs(argv), `expected ${JSON.stringify(argv)} to be refused`);
}

/** The UsageError message `f` throws (fails when it throws none). */
export function usageErrorOf(f: () => unknown, expected = "expected a UsageError"): string {
    try {
        f();
    } catch (e) {
        assert.ok(e instanceof UsageError, `expected a UsageError, got ${e}`);
        return (e as Error).message;
    }
    return assert.fail(expected);
}

/**
 * What yurtctl says about a command line's values: the flags written into a stack config over
 * `base`, read by the program's reader and checked by the plan against three nodes on Kubernetes
 * `version`, the problems named by flag; undefined when the plan takes them.
 */
export function planProblems(argv: string[], base: Record<string, string>, version: string): string | undefined {
    const { flags, given } = parseArgs(argv);
    const config = mergeRaw(base, conversionConfig(flags, {}, "/"));
    try {
        planEdgeCluster(readStackConfig(config).conversion, inventory(["node1", "node2", "node3"], { version }));
    } catch (e) {
        assert.ok(e instanceof ConversionConfigError, String(e));
        return describeProblems(e.problems, given, "s");
    }
    return undefined;
}

/** A URN under the default EdgeCluster component. */
export const componentUrn = (name: string, type: string) => `urn:pulumi:local::pulumi-openyurt::openyurt:index:EdgeCluster$${type}::${name}`;
/** A v0.6.1 stack's state as `pulumi stack export` lists it: roles, an autonomy annotation, revert records, batches. */
export const v061State = [
    { urn: "urn:pulumi:local::pulumi-openyurt::pulumi:pulumi:Stack::pulumi-openyurt-local", type: "pulumi:pulumi:Stack" },
    { urn: componentUrn("openyurt-k8s", "pulumi:providers:kubernetes"), type: "pulumi:providers:kubernetes" },
    { urn: componentUrn("openyurt-role-node1", PATCH), type: PATCH, outputs: { metadata: { labels: { "openyurt.io/is-edge-worker": "false" } } } },
    { urn: componentUrn("openyurt-role-node2", PATCH), type: PATCH, inputs: { metadata: { labels: { "openyurt.io/is-edge-worker": "true" } } } },
    { urn: componentUrn("openyurt-role-node3", PATCH), type: PATCH, outputs: { metadata: { labels: { "openyurt.io/is-edge-worker": "true" } } } },
    { urn: componentUrn("openyurt-autonomy-node2", PATCH), type: PATCH },
    {
        urn: componentUrn("openyurt-revert", REVERT),
        type: REVERT,
        outputs: {
            jobs: { node3: {}, node2: {} },
            kubeconfig: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: '"x"' },
        },
    },
    { urn: componentUrn("openyurt-batch-1", CM), type: CM, outputs: { data: { nodes: "node3" } } },
    { urn: componentUrn("openyurt-batch-0", CM), type: CM, outputs: { data: { nodes: "node2" } } },
];

/** A session of the CLI on this repository's project, for the command line `argv`. */
export function sessionOf(argv: string[], io: Io = fakeIo()): Session {
    const args = parseArgs(argv);
    return {
        args,
        io,
        project: resolveProject(path.resolve(__dirname, "..", "..")),
        envVars: {},
        backend: { description: "file:///tmp/x", fileDir: "/nonexistent" },
        configUpdated: [],
    };
}

/** A project as `status` reads it: v1.7.0 and kube-system by default, no file behind it. */
export const statusProject = {
    dir: "/p",
    name: "pulumi-openyurt",
    stackConfigDir: "/p/stacks",
    defaults: { release: "v1.7.0", namespace: "kube-system" },
} as Project;
