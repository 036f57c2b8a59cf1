import { KubeApiError, kubeRequest } from "./client";
import { KubeConnection } from "./kubeconfig";

/**
 * Every object of a collection (the cluster's nodes, the Jobs of one label in a namespace) as last
 * seen, kept current the way an informer is: one list, then only the changes, read with a watch from
 * the last resourceVersion seen. A rollout waits minutes for thousands of verdicts; listing the nodes
 * at every poll (~8 KB of JSON per node: 40 MB for 5,000, every few seconds) costs nodes × polls, and
 * the polls themselves grow with the fleet; reading each of 50 Jobs once a second costs 50 requests
 * a second. Through a view a poll costs what changed since the last one, for every caller at once.
 *
 * The watch is a plain GET (`watch=1&timeoutSeconds=S`): the API server sends the events since the
 * version given, then those of the next S seconds, and closes; so a read with `waitSeconds` is also
 * the poll's pause. A version the server no longer has (410 Gone, e.g. after etcd's compaction)
 * means one list again.
 *
 * Plain functions and a closure, no class: dynamic providers are serialized into the state with
 * what they call.
 */
export interface ObjectView {
    /**
     * The objects now, by name. The first read lists them; later ones wait `waitSeconds` (at least 1)
     * for the changes since the previous read.
     */
    read(waitSeconds?: number): Promise<Map<string, any>>;
    /**
     * An object as one of our own writes returned it: the watch may not have delivered that version
     * yet, and an older event never replaces a newer copy.
     */
    put(obj: any): void;
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

/** Puts `obj` in `objects` unless the copy there is newer (our own write, ahead of the watch). */
function keepNewer(objects: Map<string, any>, obj: any): void {
    const name = obj?.metadata?.name;
    if (name && !olderVersion(obj.metadata.resourceVersion, objects.get(name)?.metadata?.resourceVersion)) {
        objects.set(name, obj);
    }
}

/**
 * Applies a watch response (one JSON event per line) to `objects`; returns the last resourceVersion
 * it carried (events and bookmarks), or "gone" when the server no longer has the version asked for.
 * Pure but for `objects`. `what` names the collection in errors.
 */
export function applyWatchEvents(objects: Map<string, any>, body: string, since: string, what = "nodes"): string | "gone" {
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
            throw new KubeApiError(obj.code ?? 0, `watching ${what}: ${obj.message ?? line.slice(0, 300)}`, obj.reason);
        }
        version = obj.metadata?.resourceVersion ?? version;
        if (event.type === "DELETED") {
            objects.delete(obj.metadata?.name);
        } else if (event.type !== "BOOKMARK") {
            keepNewer(objects, obj);
        }
    }
    return version;
}

/**
 * A view of the collection at `collectionPath` (e.g. `/api/v1/nodes`,
 * `/apis/batch/v1/namespaces/kube-system/jobs`), of the objects matching `labelSelector` if given.
 */
export function objectView(conn: KubeConnection, collectionPath: string, labelSelector?: string): ObjectView {
    const objects = new Map<string, any>();
    const selector = labelSelector ? `labelSelector=${encodeURIComponent(labelSelector)}` : "";
    const what = `${collectionPath.split("/").pop()}${labelSelector ? ` (${labelSelector})` : ""}`;
    let version: string | undefined;
    const list = async () => {
        const l = await kubeRequest(conn, "GET", `${collectionPath}${selector ? "?" + selector : ""}`, { timeoutMs: 120000 });
        objects.clear();
        for (const o of l.items ?? []) {
            objects.set(o.metadata.name, o);
        }
        version = l.metadata?.resourceVersion;
    };
    return {
        async read(waitSeconds = 0) {
            if (version === undefined) {
                await list();
                return objects;
            }
            const seconds = Math.max(1, Math.round(waitSeconds));
            const body = await kubeRequest<string>(
                conn,
                "GET",
                `${collectionPath}?watch=1&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(version)}&timeoutSeconds=${seconds}${selector ? "&" + selector : ""}`,
                { timeoutMs: (seconds + 60) * 1000, text: true },
            );
            const next = applyWatchEvents(objects, body, version, what);
            if (next === "gone") {
                await list();
            } else {
                version = next;
            }
            return objects;
        },
        put: (obj: any) => keepNewer(objects, obj),
    };
}
