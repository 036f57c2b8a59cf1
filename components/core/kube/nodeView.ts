import { KubeApiError, kubeRequest } from "./client";
import { KubeConnection } from "./kubeconfig";

/**
 * Every node of the cluster as last seen, kept current the way an informer is: one list, then only
 * the changes, read with a watch from the last resourceVersion seen. A rollout waits minutes for
 * thousands of verdicts; listing the nodes at every poll (~8 KB of JSON per node: 40 MB for 5,000,
 * every few seconds) costs nodes × polls, and the polls themselves grow with the fleet. Through the
 * view a poll costs what changed since the last one.
 *
 * The watch is a plain GET (`watch=1&timeoutSeconds=S`): the API server sends the events since the
 * version given, then those of the next S seconds, and closes; so a read with `waitSeconds` is also
 * the poll's pause. A version the server no longer has (410 Gone, e.g. after etcd's compaction)
 * means one list again.
 *
 * Plain functions and a closure, no class: dynamic providers are serialized into the state with
 * what they call.
 */
export interface NodeView {
    /**
     * The nodes now, by name. The first read lists them; later ones wait `waitSeconds` (at least 1)
     * for the changes since the previous read.
     */
    read(waitSeconds?: number): Promise<Map<string, any>>;
    /**
     * A node as one of our own writes returned it: the watch may not have delivered that version yet,
     * and an older event never replaces a newer copy.
     */
    put(node: any): void;
}

/**
 * Whether resourceVersion `a` is older than `b`. Versions are opaque to clients; every API server
 * backed by etcd uses etcd's revision, a number, and for anything else no order is assumed (the
 * event wins).
 */
export function olderVersion(a: string | undefined, b: string | undefined): boolean {
    if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) {
        return false;
    }
    return BigInt(a) < BigInt(b);
}

/** Puts `node` in `nodes` unless the copy there is newer (our own write, ahead of the watch). */
function keepNewer(nodes: Map<string, any>, node: any): void {
    const name = node?.metadata?.name;
    if (name && !olderVersion(node.metadata.resourceVersion, nodes.get(name)?.metadata?.resourceVersion)) {
        nodes.set(name, node);
    }
}

/**
 * Applies a watch response (one JSON event per line) to `nodes`; returns the last resourceVersion
 * it carried (events and bookmarks), or "gone" when the server no longer has the version asked for.
 * Pure but for `nodes`.
 */
export function applyWatchEvents(nodes: Map<string, any>, body: string, since: string): string | "gone" {
    let version = since;
    for (const line of body.split("\n")) {
        if (line.trim() === "") {
            continue;
        }
        const event = JSON.parse(line);
        const obj = event.object ?? {};
        if (event.type === "ERROR") {
            if (obj.code === 410) {
                return "gone";
            }
            throw new KubeApiError(obj.code ?? 0, `watching nodes: ${obj.message ?? line.slice(0, 300)}`, obj.reason);
        }
        version = obj.metadata?.resourceVersion ?? version;
        if (event.type === "DELETED") {
            nodes.delete(obj.metadata?.name);
        } else if (event.type !== "BOOKMARK") {
            keepNewer(nodes, obj);
        }
    }
    return version;
}

export function nodeView(conn: KubeConnection): NodeView {
    const nodes = new Map<string, any>();
    let version: string | undefined;
    const list = async () => {
        const l = await kubeRequest(conn, "GET", "/api/v1/nodes", { timeoutMs: 120000 });
        nodes.clear();
        for (const n of l.items ?? []) {
            nodes.set(n.metadata.name, n);
        }
        version = l.metadata?.resourceVersion;
    };
    return {
        async read(waitSeconds = 0) {
            if (version === undefined) {
                await list();
                return nodes;
            }
            const seconds = Math.max(1, Math.round(waitSeconds));
            const body = await kubeRequest<string>(
                conn,
                "GET",
                `/api/v1/nodes?watch=1&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(version)}&timeoutSeconds=${seconds}`,
                { timeoutMs: (seconds + 60) * 1000, text: true },
            );
            const next = applyWatchEvents(nodes, body, version);
            if (next === "gone") {
                await list();
            } else {
                version = next;
            }
            return nodes;
        },
        put: (node: any) => keepNewer(nodes, node),
    };
}
