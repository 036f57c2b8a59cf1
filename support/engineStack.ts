import * as automation from "@pulumi/pulumi/automation";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { stackFileWith } from "../components/core/config/stackFile";
import { kubeconfigFile, repo } from "./localCluster";

/**
 * Stacks of the project's own program run by the real Pulumi engine (Automation API) against the
 * local control plane, each in a copy of the project (its stack files never touch the repository),
 * with the engine events of every operation: what the end-to-end suites and `npm run bench:engine` drive.
 */

/**
 * The project copies of this process, removed when it exits (their stacks' state goes with the local
 * cluster, which the runner stops too); OPENYURT_KEEP_E2E_COPIES=1 keeps them for a look afterwards.
 * fs.rmSync removes the links to the repository's files, never what they point to.
 */
const copies: string[] = [];
process.once("exit", () => {
    if (process.env.OPENYURT_KEEP_E2E_COPIES !== "1") {
        copies.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
    }
});

/**
 * A copy of the project in a temporary folder, so stack files written by tests never touch the repo.
 * `root`: where the program comes from (another checkout of the project, e.g. a previous release);
 * the installed packages are always the repository's.
 */
export function projectCopy(root = repo): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openyurt-e2e-"));
    copies.push(dir);
    for (const f of ["index.ts", "components", "package.json", "tsconfig.json"]) {
        fs.symlinkSync(path.join(root, f), path.join(dir, f));
    }
    fs.symlinkSync(path.join(repo, "node_modules"), path.join(dir, "node_modules"));
    fs.copyFileSync(path.join(root, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.mkdirSync(path.join(dir, "stacks"));
    fs.mkdirSync(path.join(dir, "state"));
    return dir;
}

export interface Operation {
    op: string;
    name: string;
    type: string;
    sequence: number;
    kind: "pre" | "outputs" | "failed";
    diffs: string[];
}

/** Engine events of one operation, reduced to (op, logical name). */
export class Events {
    readonly list: Operation[] = [];
    readonly diagnostics: string[] = [];
    /** Warnings the program or the engine reported (e.g. nodes left within rollout.maxFailures). */
    readonly warnings: string[] = [];
    /** Information the program reported (e.g. the edge nodes a run will work on). */
    readonly infos: string[] = [];
    readonly handler = (e: automation.EngineEvent) => {
        const pre = e.resourcePreEvent?.metadata;
        const out = e.resOutputsEvent?.metadata;
        const failed = e.resOpFailedEvent?.metadata;
        const meta = pre ?? out ?? failed;
        if (meta && !meta.type.startsWith("pulumi:pulumi:Stack")) {
            this.list.push({
                op: meta.op,
                name: meta.urn.split("::").pop()!,
                type: meta.type,
                sequence: e.sequence,
                kind: pre ? "pre" : out ? "outputs" : "failed",
                diffs: meta.diffs ?? [],
            });
            if (process.env.E2E_DEBUG_EVENTS) {
                fs.appendFileSync(process.env.E2E_DEBUG_EVENTS, JSON.stringify(e) + "\n");
            }
        }
        if (e.diagnosticEvent && e.diagnosticEvent.severity === "error") {
            this.diagnostics.push(e.diagnosticEvent.message);
        }
        if (e.diagnosticEvent && e.diagnosticEvent.severity === "warning") {
            this.warnings.push(e.diagnosticEvent.message);
        }
        if (e.diagnosticEvent && e.diagnosticEvent.severity === "info") {
            this.infos.push(e.diagnosticEvent.message);
        }
    };
    /** Logical names with a given step op (create, update, delete, replace, same, …), from pre-events. */
    names(op: string): string[] {
        return [
            ...new Set(
                this.list
                    .filter(
                        (o) => o.kind === "pre" && o.op === op && o.type !== "openyurt:index:EdgeCluster" && !o.type.startsWith("pulumi:providers"),
                    )
                    .map((o) => o.name),
            ),
        ].sort();
    }
    /**
     * Every step other than `same` for resources. The default `pulumi-nodejs` provider (behind the
     * dynamic resources) receives the whole project config as its inputs, so any config change shows
     * as a logical update of it; that touches nothing and is left out here.
     */
    changes(): string[] {
        return [
            ...new Set(
                this.list
                    .filter(
                        (o) =>
                            o.kind === "pre" &&
                            !["same", "read", "refresh"].includes(o.op) &&
                            o.type !== "openyurt:index:EdgeCluster" &&
                            o.type !== "pulumi:providers:pulumi-nodejs",
                    )
                    .map((o) => `${o.op} ${o.name}`),
            ),
        ].sort();
    }
}

export interface E2EStack {
    stack: automation.Stack;
    dir: string;
    name: string;
    /** What the engine runs with (backend, passphrase, kubeconfig, …): for a `pulumi` CLI started by the test itself. */
    env: Record<string, string>;
    /** Writes the stack's project settings (keys without prefix), replacing the ones it had. */
    configure(config: Record<string, unknown>): void;
    preview(): Promise<{ events: Events; result: automation.PreviewResult }>;
    up(): Promise<{ events: Events; result: automation.UpResult }>;
    /** up that must fail: returns the error text and the events. */
    upFails(): Promise<{ events: Events; error: string }>;
    refresh(): Promise<{ events: Events; result: automation.RefreshResult }>;
    destroy(): Promise<{ events: Events; result: automation.DestroyResult }>;
    /**
     * The `pulumi` CLI itself on this stack (`pulumi <args> --stack <name> --non-interactive`, in the
     * project copy, with the engine's environment): a command as a user types it, without what the
     * Automation API adds around it (its `up` also runs `stack output` twice and `stack history`).
     * Resolves with the output; rejects with it when the command fails. `env`: more variables for this command alone.
     */
    cli(args: string[], env?: Record<string, string>): Promise<string>;
}

export interface StackOptions {
    /** Environment for the engine and the program (overrides the defaults below, e.g. KUBECONFIG, PATH). */
    env?: Record<string, string>;
    /** Another stack's state folder: this project copy then works on that stack's state (a second machine). */
    stateDir?: string;
    /**
     * Any backend URL instead of the file backend (e.g. `s3://bucket/prefix?endpoint=…`, see
     * support/objectStore.ts); the project copy's `state` folder then stays empty.
     */
    backendUrl?: string;
    /**
     * A file the program writes its peak resident set size (KiB, `process.resourceUsage().maxRSS`)
     * to when it exits: support/peakRss.js, preloaded through the runtime's `nodeargs`.
     */
    peakRssFile?: string;
    /** The program from another checkout of the project (see projectCopy). */
    projectRoot?: string;
}

export async function newStack(name: string, opts: StackOptions = {}): Promise<E2EStack> {
    const dir = projectCopy(opts.projectRoot);
    if (opts.peakRssFile) {
        const project = parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"));
        project.runtime.options.nodeargs = `--require ${path.join(repo, "support", "peakRss.js")}`;
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify(project));
    }
    const envVars: Record<string, string> = {
        PULUMI_BACKEND_URL: opts.backendUrl ?? `file://${opts.stateDir ?? path.join(dir, "state")}`,
        PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
        KUBECONFIG: kubeconfigFile,
        ...(opts.peakRssFile ? { OPENYURT_PEAK_RSS_FILE: opts.peakRssFile } : {}),
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        // Type-checking is `npm run build`'s job; the engine only needs the program transpiled.
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
        ...opts.env,
    };
    const stack = await automation.LocalWorkspace.createOrSelectStack({ stackName: name, workDir: dir }, { envVars });
    const configure = (config: Record<string, unknown>) => {
        const file = path.join(dir, "stacks", `Pulumi.${name}.yaml`);
        fs.writeFileSync(file, stackFileWith(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined, config, { replace: true }));
    };
    const run = async <T>(f: (events: Events) => Promise<T>) => {
        const events = new Events();
        const result = await f(events);
        return { events, result };
    };
    return {
        stack,
        dir,
        name,
        env: envVars,
        configure,
        preview: () => run((ev) => stack.preview({ onEvent: ev.handler })),
        up: () => run((ev) => stack.up({ onEvent: ev.handler })),
        upFails: async () => {
            const events = new Events();
            try {
                await stack.up({ onEvent: events.handler });
            } catch (e) {
                return { events, error: `${(e as Error).message}\n${events.diagnostics.join("\n")}` };
            }
            throw new Error("expected `pulumi up` to fail, and it succeeded");
        },
        refresh: () => run((ev) => stack.refresh({ onEvent: ev.handler })),
        destroy: () => run((ev) => stack.destroy({ onEvent: ev.handler })),
        cli: (args, env = {}) =>
            new Promise((resolve, reject) =>
                execFile(
                    "pulumi",
                    [...args, "--stack", name, "--non-interactive"],
                    { cwd: dir, env: { ...process.env, ...envVars, ...env }, maxBuffer: 64 * 1024 * 1024 },
                    (e, out, err) => (e ? reject(new Error(`pulumi ${args.join(" ")} failed: ${e.message}\n${out}${err}`)) : resolve(`${out}${err}`)),
                ),
            ),
    };
}
