import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { kubeGetOptional, kubeRequest } from "../../components/core/kube/client";
import { KubeConnection } from "../../components/core/kube/kubeconfig";
import { E2EStack } from "../../support/engineStack";

/**
 * What the end-to-end suites check with: a converged stack, the state's files and the strings in
 * it, what a refresh changed, and the live cluster's nodes, Jobs and leftovers. The stacks and the
 * cluster they run against are support/engineStack.ts and support/localCluster.ts.
 */

/** A node's row in a CLI table, split on runs of blanks: the first one (the plan), or with `last` the last one (the summary). */
export function tableRow(out: string, name: string, { last = false } = {}): string[] | undefined {
    const lines = out.split("\n");
    return (last ? lines.reverse() : lines)
        .find((l) => l.startsWith(`${name} `))
        ?.trim()
        .split(/ {2,}/);
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

/** A converged stack: a preview and an `up` report no step other than `same`. */
export async function expectNoChange(s: E2EStack): Promise<void> {
    const p = await s.preview();
    assert.deepStrictEqual(p.events.changes(), []);
    const u = await s.up();
    assert.deepStrictEqual(u.events.changes(), []);
    assert.deepStrictEqual(
        Object.keys(u.result.summary.resourceChanges ?? {}).filter((k) => k !== "same"),
        [],
    );
}

/** Every file the stack's file backend wrote: its checkpoint and its history. */
export function stateFiles(s: E2EStack): string[] {
    const files: string[] = [];
    const walk = (d: string) =>
        fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name))));
    walk(path.join(s.dir, "state"));
    return files;
}

// ---- reading the live cluster -----------------------------------------------------------------

/**
 * yurt-manager's (v1.7.0) words on a node, spelled here as OpenYurt spells them rather than read from
 * the code under test, so that a rename there fails the suites.
 */
export const POOL = "apps.openyurt.io/nodepool";
export const EDGE = "openyurt.io/is-edge-worker";
export const CONDITION = "YurtNodeConversionFailed";

/** The node's yurt-manager conversion condition, when it has one. */
export const conversionCondition = (n: any): any | undefined => (n?.status?.conditions ?? []).find((c: any) => c.type === CONDITION);

/** A node yurt-manager has converted: pool label, its is-edge-worker label, condition Converted, uncordoned. */
export async function assertConverted(conn: KubeConnection, n: string, pool = "edge"): Promise<void> {
    const x = await node(conn, n);
    assert.strictEqual(x.metadata.labels?.[POOL], pool, `${n} pool label`);
    assert.strictEqual(x.metadata.labels?.[EDGE], "true", `${n} is-edge-worker, set by yurt-manager`);
    const c = conversionCondition(x);
    assert.deepStrictEqual([c?.status, c?.reason], ["False", "Converted"], `${n} condition`);
    assert.ok(!x.spec.unschedulable, `${n} uncordoned`);
}

/** A node in no pool and not edge. */
export async function assertUntouched(conn: KubeConnection, n: string): Promise<void> {
    const l = (await node(conn, n)).metadata.labels ?? {};
    assert.strictEqual(l[POOL], undefined, `${n} has no pool label`);
    assert.strictEqual(l[EDGE], undefined, `${n} is not edge`);
}

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
        "/apis/batch/v1/jobs",
        "/api/v1/pods",
        "/api/v1/configmaps",
        "/api/v1/secrets",
        "/api/v1/serviceaccounts",
        "/apis/apps/v1/deployments",
        "/apis/rbac.authorization.k8s.io/v1/clusterroles",
        "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
        "/apis/rbac.authorization.k8s.io/v1/roles",
        "/apis/rbac.authorization.k8s.io/v1/rolebindings",
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
