import * as assert from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import { startYurthubAtBoot, YURTHUB_BOOT_PARALLEL, yurthubBootError } from "../../components/yurtmanager/yurthubBoot";

/**
 * The boot step as a rollout hands nodes to it one by one: against an HTTP server answering the pod
 * calls as the API server would (a pod succeeds 200 ms after it is created; on `bad-*` nodes it fails,
 * its container exiting 1), with a boot-step Job that an earlier release of the component left.
 */
describe("yurt-hub at boot: nodes handed in as they are converted", () => {
    let server: http.Server;
    let url = "";
    const pods = new Map<string, { created: number; failed: boolean; version: number }>();
    const earlierJobs = new Set(["yurthub-at-boot-old-node"]);
    let most = 0;
    let version = 1;
    /** Reads of the pods: one by one (GET of a pod) or of the whole step (a list or a watch of the collection). */
    const reads = { single: 0, collection: 0, earlierJobLists: 0 };
    const podObject = (name: string) => {
        const p = pods.get(name)!;
        const done = Date.now() - p.created > 200;
        const phase = done ? (p.failed ? "Failed" : "Succeeded") : "Running";
        const containerStatuses =
            done && p.failed
                ? [{ name: "node-servant", state: { terminated: { exitCode: 1, reason: "Error", message: "yurthub.service: static" } } }]
                : [];
        // A pod changes once, when it finishes: a later version from then on.
        const resourceVersion = String(done ? p.version + 1_000_000 : p.version);
        return {
            metadata: { name, uid: `uid-${name}-${p.version}`, namespace: "kube-system", resourceVersion },
            status: { phase, containerStatuses },
        };
    };

    before(async () => {
        server = http.createServer((req, res) => {
            const u = new URL(req.url ?? "/", "http://x");
            const name = decodeURIComponent(u.pathname.split("/").pop() ?? "");
            res.setHeader("Content-Type", "application/json");
            if (u.pathname.startsWith("/api/v1/nodes/")) {
                res.end(JSON.stringify({ metadata: { name }, status: { conditions: [{ type: "Ready", status: "True" }] } }));
            } else if (u.pathname.startsWith("/apis/batch/v1/namespaces/kube-system/jobs")) {
                if (req.method === "DELETE") {
                    earlierJobs.delete(name);
                    res.end("{}");
                    return;
                }
                reads.earlierJobLists++;
                assert.strictEqual(u.searchParams.get("labelSelector"), "app.kubernetes.io/name=yurthub-at-boot");
                res.end(JSON.stringify({ items: [...earlierJobs].map((j) => ({ metadata: { name: j } })) }));
            } else if (req.method === "POST") {
                let body = "";
                req.on("data", (c) => (body += c));
                req.on("end", () => {
                    const pod = JSON.parse(body);
                    assert.strictEqual(pod.kind, "Pod");
                    pods.set(pod.metadata.name, { created: Date.now(), failed: pod.metadata.name.includes("bad-"), version: version++ });
                    // Pods at work: a failed one stays (kept for kubectl logs) but no longer runs.
                    const running = [...pods.values()].filter((p) => !(p.failed && Date.now() - p.created > 200)).length;
                    most = Math.max(most, running);
                    res.end(JSON.stringify(podObject(pod.metadata.name)));
                });
            } else if (req.method === "DELETE") {
                pods.delete(name);
                res.end("{}");
            } else if (u.pathname.endsWith("/pods")) {
                reads.collection++;
                assert.strictEqual(u.searchParams.get("labelSelector"), "app.kubernetes.io/name=yurthub-at-boot");
                if (u.searchParams.get("watch") !== "1") {
                    res.end(JSON.stringify({ metadata: { resourceVersion: String(version) }, items: [...pods.keys()].map(podObject) }));
                    return;
                }
                // The watch: after its timeout, every pod as it is now (the view keeps the newest).
                setTimeout(
                    () => {
                        res.end([...pods.keys()].map((n) => JSON.stringify({ type: "MODIFIED", object: podObject(n) }) + "\n").join(""));
                    },
                    Number(u.searchParams.get("timeoutSeconds")) * 1000,
                );
            } else {
                reads.single++;
                if (!pods.has(name)) {
                    res.statusCode = 404;
                    res.end(JSON.stringify({ kind: "Status", code: 404, message: "not found" }));
                    return;
                }
                res.end(JSON.stringify(podObject(name)));
            }
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => server.close());

    it("runs at most YURTHUB_BOOT_PARALLEL (200) pods at once, follows them through one watch, records each node once its pod succeeded, and names every node whose pod failed", async function () {
        this.timeout(30000);
        const target = {
            conn: { server: url } as any,
            namespace: "kube-system",
            nodeServantImage: "openyurt/node-servant:v1.7.0",
            timeoutSeconds: 30,
        };
        const recorded: string[] = [];
        const started = Date.now();
        const run = startYurthubAtBoot(target, true, async (n) => {
            assert.ok(![...pods.keys()].some((p) => p.endsWith(n)), `${n}: its pod succeeded and is deleted before it is recorded`);
            recorded.push(n);
        });
        const good = Array.from({ length: YURTHUB_BOOT_PARALLEL + 68 }, (_, i) => `edge-${i}`);
        // Handed in while earlier ones run, as a rollout does.
        good.slice(0, YURTHUB_BOOT_PARALLEL + 10).forEach((n) => run.add(n));
        run.add("bad-1");
        await new Promise((r) => setTimeout(r, 300));
        good.slice(YURTHUB_BOOT_PARALLEL + 10).forEach((n) => run.add(n));
        run.add("bad-2");
        // Each failed node with its reason, for the rollout to count against rollout.maxFailures.
        const failures = await run.finish();
        assert.deepStrictEqual([...failures.keys()].sort(), ["bad-1", "bad-2"]);
        assert.match(
            failures.get("bad-1")!,
            /^pod kube-system\/yurthub-at-boot-bad-1 failed on node bad-1: exit code 1 Error: yurthub.service: static\. The pod is kept/,
        );
        // A revert cannot go on without them: one error naming every node.
        const e = yurthubBootError(true, failures, good.length + 2)!;
        assert.match(e.message, new RegExp(`^making yurt-hub start at boot failed .*: 2 of ${good.length + 2} node\\(s\\) failed:`, "s"));
        assert.match(e.message, /yurthub-at-boot-bad-1 failed on node bad-1/);
        assert.match(e.message, /yurthub-at-boot-bad-2/);
        assert.strictEqual(yurthubBootError(false, new Map(), 3), undefined, "no failure, no error");
        assert.strictEqual(most, YURTHUB_BOOT_PARALLEL, "at most YURTHUB_BOOT_PARALLEL pods at once, and that many in use");
        assert.deepStrictEqual([...recorded].sort(), [...good].sort(), "every good node recorded once, no failed one");
        assert.strictEqual(pods.size, 2, "the failed pods are kept for kubectl logs and describe");
        assert.deepStrictEqual([...earlierJobs], [], "the Job an earlier release left is gone");
        assert.strictEqual(reads.earlierJobLists, 1, "looked for once per run");
        // 120 pods, each waited on for about a second: read one by one, that is 120 reads or more.
        assert.strictEqual(reads.single, 0, "no pod is read on its own");
        const seconds = (Date.now() - started) / 1000;
        assert.ok(reads.collection <= seconds + 2, `one read of the step's pods a second at most (${reads.collection} in ${seconds.toFixed(1)} s)`);
    });
});
