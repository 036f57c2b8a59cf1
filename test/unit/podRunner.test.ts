import * as assert from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import { runPodToCompletion } from "../../components/core/kube/podRunner";

/**
 * One bare pod run to completion against an HTTP server answering as the API server would: a pod
 * succeeds 300 ms after it is created, a POST on a name in use is refused (409), a DELETE honours its
 * UID precondition.
 */
describe("running a bare pod to completion", () => {
    let server: http.Server;
    let url = "";
    const pods = new Map<string, { uid: string; created: number; phase?: string }>();
    const calls: string[] = [];
    let uids = 0;
    const object = (name: string) => {
        const p = pods.get(name)!;
        const phase = p.phase ?? (Date.now() - p.created > 300 ? "Succeeded" : "Running");
        return { metadata: { name, namespace: "kube-system", uid: p.uid }, status: { phase } };
    };

    before(async () => {
        server = http.createServer((req, res) => {
            let body = "";
            req.on("data", (c) => (body += c));
            req.on("end", () => {
                const u = new URL(req.url ?? "/", "http://x");
                const name = decodeURIComponent(u.pathname.split("/").pop() ?? "");
                res.setHeader("Content-Type", "application/json");
                const answer = (code: number, obj: unknown) => {
                    res.statusCode = code;
                    res.end(JSON.stringify(obj));
                };
                if (u.pathname.startsWith("/api/v1/nodes/")) {
                    return answer(200, { metadata: { name }, status: { conditions: [{ type: "Ready", status: "True" }] } });
                }
                if (req.method === "POST") {
                    const pod = JSON.parse(body);
                    if (pods.has(pod.metadata.name)) {
                        calls.push(`POST ${pod.metadata.name}: 409`);
                        return answer(409, { kind: "Status", code: 409, reason: "AlreadyExists", message: "already exists" });
                    }
                    const uid = `uid-${++uids}`;
                    pods.set(pod.metadata.name, { uid, created: Date.now() });
                    calls.push(`POST ${pod.kind} ${pod.metadata.name}: ${uid}`);
                    return answer(201, object(pod.metadata.name));
                }
                if (req.method === "DELETE") {
                    const want = JSON.parse(body);
                    calls.push(`DELETE ${name} ${want.preconditions?.uid} grace ${want.gracePeriodSeconds}`);
                    if (!pods.has(name)) {
                        return answer(404, { kind: "Status", code: 404, message: "not found" });
                    }
                    if (pods.get(name)!.uid !== want.preconditions?.uid) {
                        return answer(409, { kind: "Status", code: 409, reason: "Conflict", message: "uid precondition" });
                    }
                    pods.delete(name);
                    return answer(200, {});
                }
                return pods.has(name) ? answer(200, object(name)) : answer(404, { kind: "Status", code: 404, message: "not found" });
            });
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => server.close());

    const pod = (name: string) => ({ metadata: { name, namespace: "kube-system" }, spec: { nodeName: "edge-1", containers: [] } });
    // Reads the pod itself, as a watch would deliver it, and keeps to the pace of one.
    const read = async (name: string) => {
        await new Promise((r) => setTimeout(r, 50));
        return pods.has(name) ? object(name) : undefined;
    };

    it("replaces a failed leftover of the same name, waits until its own pod succeeded, then deletes it at once", async function () {
        this.timeout(10000);
        pods.set("step-edge-1", { uid: "leftover", created: 0, phase: "Failed" });
        calls.length = 0;
        const started = Date.now();
        assert.strictEqual(await runPodToCompletion({ server: url } as any, pod("step-edge-1"), 10, read), "completed");
        assert.ok(Date.now() - started >= 300, "not before its own pod succeeded");
        assert.deepStrictEqual(calls, [
            "POST step-edge-1: 409",
            "DELETE step-edge-1 leftover grace 0",
            "POST Pod step-edge-1: uid-1",
            "DELETE step-edge-1 uid-1 grace 0",
        ]);
        assert.strictEqual(pods.size, 0, "nothing left behind");
    });

    it("fails naming the node, the pod and the container's exit, and keeps the pod for kubectl logs", async function () {
        this.timeout(10000);
        const failing = async (name: string) => {
            const p = pods.get(name);
            return p
                ? {
                      ...object(name),
                      status: {
                          phase: "Failed",
                          containerStatuses: [{ state: { terminated: { exitCode: 1, reason: "Error", message: "yurthub.service: static" } } }],
                      },
                  }
                : undefined;
        };
        await assert.rejects(
            runPodToCompletion({ server: url } as any, pod("step-edge-2"), 10, failing),
            /pod kube-system\/step-edge-2 failed on node edge-1: exit code 1 Error: yurthub\.service: static\. The pod is kept for debugging \(kubectl -n kube-system logs step-edge-2/,
        );
        assert.ok(pods.has("step-edge-2"), "the failed pod stays");
        pods.delete("step-edge-2");
    });
});
