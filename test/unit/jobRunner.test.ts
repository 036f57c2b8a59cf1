import * as assert from "assert";
import * as http from "http";
import * as net from "net";
import { podFailureReasons, runJobToCompletion } from "../../components/core/kube/jobRunner";
import { parseKubeconfig } from "../../components/core/kube/kubeconfig";

/** A pod of a Job attempt: the labels the Job controller sets, and a failed container. */
const pod = (uid: string, exitCode: number, message: string) => ({
    metadata: {
        name: `servant-node1-${uid}`,
        labels: {
            "job-name": "servant-node1",
            "batch.kubernetes.io/job-name": "servant-node1",
            "controller-uid": uid,
            "batch.kubernetes.io/controller-uid": uid,
        },
    },
    status: { phase: "Failed", containerStatuses: [{ state: { terminated: { exitCode, reason: "Error", message } } }] },
});

describe("podFailureReasons", () => {
    let server: http.Server;
    let port = 0;
    const queries: string[] = [];
    // The Job was re-created under the same name; the old attempt's pod is still there (Background deletion).
    const pods = [pod("old-uid", 1, "failure of the replaced Job"), pod("new-uid", 2, "failure of this Job")];
    const job = {
        metadata: { name: "servant-node1", uid: "new-uid" },
        spec: { selector: { matchLabels: { "batch.kubernetes.io/controller-uid": "new-uid" } } },
    };

    before(async () => {
        // Serves the two reads with the API server's equality label selection.
        server = http.createServer((req, res) => {
            const url = new URL(req.url ?? "/", "http://x");
            queries.push(decodeURIComponent(url.search));
            if (url.pathname === "/apis/batch/v1/namespaces/kube-system/jobs/servant-node1") {
                res.end(JSON.stringify(job));
                return;
            }
            if (url.pathname.startsWith("/apis/batch/")) {
                res.writeHead(404).end(JSON.stringify({ message: "not found", reason: "NotFound" }));
                return;
            }
            const terms = (url.searchParams.get("labelSelector") ?? "")
                .split(",")
                .filter(Boolean)
                .map((t) => t.split("="));
            const items = pods.filter((p) => terms.every(([k, v]) => (p.metadata.labels as Record<string, string>)[k] === v));
            res.end(JSON.stringify({ items }));
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        port = (server.address() as net.AddressInfo).port;
    });
    after(() => server.close());

    const conn = () =>
        parseKubeconfig(
            JSON.stringify({
                apiVersion: "v1",
                "current-context": "t",
                clusters: [{ name: "c", cluster: { server: `http://127.0.0.1:${port}` } }],
                contexts: [{ name: "t", context: { cluster: "c", user: "u" } }],
                users: [{ name: "u", user: { token: "t" } }],
            }),
            "test",
        );

    it("reports only the pods of this Job (its UID), not those of a Job it replaced under the same name", async () => {
        const reasons = await podFailureReasons(conn(), "kube-system", "servant-node1");
        assert.strictEqual(reasons, "exit code 2 Error: failure of this Job");
        assert.ok(
            queries.some((q) => q.includes("labelSelector=batch.kubernetes.io/controller-uid=new-uid")),
            queries.join("\n"),
        );
    });

    it("says so when the Job is gone", async () => {
        assert.strictEqual(await podFailureReasons(conn(), "kube-system", "other"), "Job kube-system/other no longer exists");
    });
});

describe("unstartableConversions (v1.7.0)", () => {
    const pod = (node: string, waiting?: { reason: string; message?: string }, extra: Record<string, unknown> = {}) => ({
        metadata: { labels: { "openyurt.io/conversion-node": node }, ...extra },
        status: { containerStatuses: [{ image: "openyurt/node-servant:v9", state: waiting ? { waiting } : { running: {} } }] },
    });

    it("names each pending node whose conversion pod waits on an image it cannot get, with the reason and the image", async () => {
        const { unstartableConversions } = await import("../../components/yurtmanager/nodeConversion");
        const stuck = unstartableConversions(
            [
                pod("edge-1", { reason: "ImagePullBackOff", message: "Back-off pulling image" }),
                pod("edge-2", { reason: "ErrImagePull" }),
                pod("edge-3", { reason: "ContainerCreating" }),
                pod("edge-4"),
                pod("edge-5", { reason: "ErrImagePull" }, { deletionTimestamp: "2026-01-01T00:00:00Z" }),
                pod("done", { reason: "ErrImagePull" }),
            ],
            new Set(["edge-1", "edge-2", "edge-3", "edge-4", "edge-5"]),
        );
        assert.deepStrictEqual(Object.fromEntries(stuck), {
            "edge-1": "ImagePullBackOff: Back-off pulling image (image openyurt/node-servant:v9)",
            "edge-2": "ErrImagePull (image openyurt/node-servant:v9)",
        });
    });
});

/**
 * One host Job run to completion against an HTTP server answering as the API server would: a Job
 * completes 300 ms after it is created, a POST on a name in use is refused (409), a DELETE honours
 * its UID precondition.
 */
describe("running a Job to completion", () => {
    let server: http.Server;
    let url = "";
    const jobs = new Map<string, { uid: string; created: number; conditions: any[] }>();
    const calls: string[] = [];
    let uids = 0;
    const object = (name: string) => {
        const j = jobs.get(name)!;
        const conditions = j.conditions.length > 0 ? j.conditions : Date.now() - j.created > 300 ? [{ type: "Complete", status: "True" }] : [];
        return { metadata: { name, namespace: "kube-system", uid: j.uid }, status: { conditions } };
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
                    const job = JSON.parse(body);
                    if (jobs.has(job.metadata.name)) {
                        calls.push(`POST ${job.metadata.name}: 409`);
                        return answer(409, { kind: "Status", code: 409, reason: "AlreadyExists", message: "already exists" });
                    }
                    const uid = `uid-${++uids}`;
                    jobs.set(job.metadata.name, { uid, created: Date.now(), conditions: failing.has(job.metadata.name) ? failedConditions : [] });
                    calls.push(`POST ${job.metadata.name}: ${uid}`);
                    return answer(201, object(job.metadata.name));
                }
                if (req.method === "DELETE") {
                    const want = JSON.parse(body).preconditions?.uid;
                    calls.push(`DELETE ${name} ${want}`);
                    if (!jobs.has(name)) {
                        return answer(404, { kind: "Status", code: 404, message: "not found" });
                    }
                    if (want && jobs.get(name)!.uid !== want) {
                        return answer(409, { kind: "Status", code: 409, reason: "Conflict", message: "uid precondition" });
                    }
                    jobs.delete(name);
                    return answer(200, {});
                }
                if (!jobs.has(name)) {
                    return answer(404, { kind: "Status", code: 404, message: "not found" });
                }
                return answer(200, object(name));
            });
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    });
    after(() => server.close());

    /** Jobs the server fails as soon as they are created. */
    const failing = new Set<string>();
    const failedConditions = [
        { type: "Failed", status: "True", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" },
    ];
    const job = (name: string) => ({
        metadata: { name, namespace: "kube-system" },
        spec: { template: { spec: { nodeName: "edge-1", containers: [] } } },
    });

    it("replaces a leftover of the same name, waits for its own Job, then deletes it", async function () {
        this.timeout(10000);
        jobs.set("step-edge-1", { uid: "leftover", created: 0, conditions: [{ type: "Failed", status: "True" }] });
        calls.length = 0;
        const started = Date.now();
        const outcome = await runJobToCompletion({ server: url } as any, job("step-edge-1"), 10, 50);
        assert.strictEqual(outcome, "completed");
        assert.ok(Date.now() - started >= 300, "not before its own Job completed");
        assert.deepStrictEqual(calls, [
            "POST step-edge-1: 409",
            "DELETE step-edge-1 leftover",
            "POST step-edge-1: uid-1",
            "DELETE step-edge-1 uid-1",
        ]);
        assert.strictEqual(jobs.size, 0, "nothing left behind");
    });

    it("fails naming the node and the Job when the Job fails, and keeps the Job", async function () {
        this.timeout(10000);
        calls.length = 0;
        failing.add("step-edge-2");
        await assert.rejects(
            runJobToCompletion({ server: url } as any, job("step-edge-2"), 10, 50),
            /Job kube-system\/step-edge-2 failed on node edge-1: BackoffLimitExceeded .*kept for debugging/,
        );
        assert.ok(jobs.has("step-edge-2"), "the failed Job stays for kubectl describe");
        jobs.delete("step-edge-2");
    });
});
