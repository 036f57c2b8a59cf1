import * as assert from "assert";
import * as automation from "@pulumi/pulumi/automation";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { stackFileWith } from "../../components/config";
import { kubeGetOptional, kubeRequest } from "../../components/kube/client";
import { KubeConnection, parseKubeconfig } from "../../components/kube/kubeconfig";

/**
 * End-to-end harness: the real Pulumi engine (Automation API over the project's own program) against
 * the local control plane of scripts/cluster.sh. Run through `npm run test:e2e`, which builds the
 * toolchain, starts the cluster and sources scripts/env.sh.
 */

export const repo = path.resolve(__dirname, "..", "..");
export const cache = process.env.OPENYURT_CACHE ?? path.join(os.homedir(), ".cache", "pulumi-openyurt");
/** OpenYurt v1.7.0's own Helm charts, from the source tree beside the repository (what every v1.7.0 suite installs). */
export const openyurtCharts = path.resolve(repo, "..", "shared", "third_party", "openyurt-v1.7.0", "charts");
export const kubeconfigFile = process.env.OPENYURT_KUBECONFIG ?? path.join(cache, "cluster", "kubeconfig");

export function connection(): KubeConnection {
    if (!fs.existsSync(kubeconfigFile)) {
        throw new Error(`no local cluster (${kubeconfigFile} missing): run \`bash scripts/cluster.sh up\`, or use \`npm run test:e2e\``);
    }
    return parseKubeconfig(fs.readFileSync(kubeconfigFile, "utf8"), kubeconfigFile);
}

/** Runs scripts/cluster.sh with arguments (add-node, remove-node, fail-servant, heal-servant). */
export function cluster(...args: string[]): string {
    return execFileSync("bash", [path.join(repo, "scripts", "cluster.sh"), ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** A copy of the project in a temporary folder, so stack files written by tests never touch the repo. */
export function projectCopy(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openyurt-e2e-"));
    for (const f of ["index.ts", "components", "node_modules", "package.json", "tsconfig.json"]) {
        fs.symlinkSync(path.join(repo, f), path.join(dir, f));
    }
    fs.copyFileSync(path.join(repo, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.mkdirSync(path.join(dir, "stacks"));
    fs.mkdirSync(path.join(dir, "state"));
    return dir;
}

export interface Operation { op: string; name: string; type: string; sequence: number; kind: "pre" | "outputs" | "failed"; diffs: string[] }

/** Engine events of one operation, reduced to (op, logical name). */
export class Events {
    readonly list: Operation[] = [];
    readonly diagnostics: string[] = [];
    readonly handler = (e: automation.EngineEvent) => {
        const pre = e.resourcePreEvent?.metadata;
        const out = e.resOutputsEvent?.metadata;
        const failed = e.resOpFailedEvent?.metadata;
        const meta = pre ?? out ?? failed;
        if (meta && !meta.type.startsWith("pulumi:pulumi:Stack")) {
            this.list.push({ op: meta.op, name: meta.urn.split("::").pop()!, type: meta.type, sequence: e.sequence, kind: pre ? "pre" : out ? "outputs" : "failed", diffs: meta.diffs ?? [] });
            if (process.env.E2E_DEBUG_EVENTS) {
                require("fs").appendFileSync(process.env.E2E_DEBUG_EVENTS, JSON.stringify(e) + "\n");
            }
        }
        if (e.diagnosticEvent && e.diagnosticEvent.severity === "error") {
            this.diagnostics.push(e.diagnosticEvent.message);
        }
    };
    /** Logical names with a given step op (create, update, delete, replace, same, …), from pre-events. */
    names(op: string): string[] {
        return [...new Set(this.list.filter((o) => o.kind === "pre" && o.op === op && o.type !== "openyurt:index:EdgeCluster" && !o.type.startsWith("pulumi:providers")).map((o) => o.name))].sort();
    }
    /**
     * Every step other than `same` for resources. The default `pulumi-nodejs` provider (behind the
     * dynamic resources) receives the whole project config as its inputs, so any config change shows
     * as a logical update of it; that touches nothing and is left out here.
     */
    changes(): string[] {
        return [...new Set(this.list.filter((o) => o.kind === "pre" && !["same", "read", "refresh"].includes(o.op) && o.type !== "openyurt:index:EdgeCluster"
            && o.type !== "pulumi:providers:pulumi-nodejs").map((o) => `${o.op} ${o.name}`))].sort();
    }
}

/** Resources a refresh found changed, read off its progress output (this CLI sends no engine events for refresh). */
export function refreshedNames(stdout: string): string[] {
    const names = new Set<string>();
    for (const m of stdout.matchAll(/ (\S+) updated \([^)]*\) \[diff: /g)) {
        names.add(m[1]);
    }
    return [...names].sort();
}

/** JSON paths (resource name + property path) of every string in a state export that contains `needle`. */
export function pathsContaining(state: any, needle: string): string[] {
    const found: string[] = [];
    const walk = (o: any, p: string) => {
        if (typeof o === "string") {
            if (o.includes(needle)) {
                found.push(p);
            }
        } else if (o && typeof o === "object") {
            for (const [k, v] of Object.entries(o)) {
                walk(v, `${p}.${k}`);
            }
        }
    };
    const resources = state?.deployment?.resources ?? state?.checkpoint?.latest?.resources ?? [];
    for (const r of resources) {
        walk(r, String(r.urn).split("::").pop()!);
    }
    if (resources.length === 0) {
        walk(state, "");
    }
    return found;
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
}

export interface StackOptions {
    /** Environment for the engine and the program (overrides the defaults below, e.g. KUBECONFIG, PATH). */
    env?: Record<string, string>;
    /** Another stack's state folder: this project copy then works on that stack's state (a second machine). */
    stateDir?: string;
    /**
     * Any backend URL instead of the file backend (e.g. `s3://bucket/prefix?endpoint=…`, see
     * test/support/objectStore.ts); the project copy's `state` folder then stays empty.
     */
    backendUrl?: string;
    /**
     * A file the program writes its peak resident set size (KiB, `process.resourceUsage().maxRSS`)
     * to when it exits: test/e2e/peakRss.js, preloaded through the runtime's `nodeargs`.
     */
    peakRssFile?: string;
}

export async function newStack(name: string, opts: StackOptions = {}): Promise<E2EStack> {
    const dir = projectCopy();
    if (opts.peakRssFile) {
        const project = require("yaml").parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"));
        project.runtime.options.nodeargs = `--require ${path.join(repo, "test", "e2e", "peakRss.js")}`;
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
        stack, dir, name, env: envVars, configure,
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
    };
}

/** A converged stack: a preview and an `up` report no step other than `same`. */
export async function expectNoChange(s: E2EStack): Promise<void> {
    const p = await s.preview();
    assert.deepStrictEqual(p.events.changes(), []);
    const u = await s.up();
    assert.deepStrictEqual(u.events.changes(), []);
    assert.deepStrictEqual(Object.keys(u.result.summary.resourceChanges ?? {}).filter((k) => k !== "same"), []);
}

/** Every file the stack's file backend wrote: its checkpoint and its history. */
export function stateFiles(s: E2EStack): string[] {
    const files: string[] = [];
    const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name))));
    walk(path.join(s.dir, "state"));
    return files;
}

// ---- reading the live cluster -----------------------------------------------------------------

export async function node(conn: KubeConnection, name: string): Promise<any> {
    return kubeRequest(conn, "GET", `/api/v1/nodes/${name}`);
}

export async function jobs(conn: KubeConnection, selector = "app.kubernetes.io/managed-by=pulumi-openyurt"): Promise<any[]> {
    return (await kubeRequest(conn, "GET", `/apis/batch/v1/jobs?labelSelector=${encodeURIComponent(selector)}`)).items;
}

export function jobComplete(job: any): boolean {
    return (job?.status?.conditions ?? []).some((c: any) => c.type === "Complete" && c.status === "True");
}

export function jobFailed(job: any): boolean {
    return (job?.status?.conditions ?? []).some((c: any) => c.type === "Failed" && c.status === "True");
}

export async function getOptional(conn: KubeConnection, apiPath: string): Promise<any> {
    return kubeGetOptional(conn, apiPath);
}

/** Every object labelled managed-by pulumi-openyurt, of the kinds the component creates. */
export async function managedLeftovers(conn: KubeConnection): Promise<string[]> {
    const sel = encodeURIComponent("app.kubernetes.io/managed-by=pulumi-openyurt");
    const kinds = [
        "/apis/batch/v1/jobs", "/api/v1/pods", "/api/v1/configmaps", "/api/v1/secrets", "/api/v1/serviceaccounts",
        "/apis/apps/v1/deployments", "/apis/rbac.authorization.k8s.io/v1/clusterroles", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
        "/apis/rbac.authorization.k8s.io/v1/roles", "/apis/rbac.authorization.k8s.io/v1/rolebindings",
    ];
    const left: string[] = [];
    for (const k of kinds) {
        for (const item of (await kubeRequest(conn, "GET", `${k}?labelSelector=${sel}`)).items ?? []) {
            left.push(`${k.split("/").pop()}/${item.metadata.namespace ? item.metadata.namespace + "/" : ""}${item.metadata.name}`);
        }
    }
    return left;
}

/** Polls `probe` while `work` runs; returns what `probe` saw (for things that exist only briefly). */
export async function watchWhile<T>(work: Promise<T>, probe: () => Promise<boolean>, everyMs = 200): Promise<{ result: T; seen: boolean }> {
    let seen = false;
    let done = false;
    const loop = (async () => {
        while (!done) {
            seen = seen || (await probe().catch(() => false));
            await new Promise((r) => setTimeout(r, everyMs));
        }
    })();
    try {
        const result = await work;
        return { result, seen };
    } finally {
        done = true;
        await loop;
    }
}
