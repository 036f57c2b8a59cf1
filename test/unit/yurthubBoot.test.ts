import * as assert from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import { startYurthubAtBoot } from "../../components/yurtmanager/yurthubBoot";

/**
 * The boot step as a rollout hands nodes to it one by one: against an HTTP server answering the Job
 * calls as the API server would (a Job completes 200 ms after it is created; on `bad-*` nodes it fails).
 */
describe("yurt-hub at boot: nodes handed in as they are converted", () => {
    let server: http.Server;
    let url = "";
    const jobs = new Map<string, { created: number; failed: boolean; version: number }>();
    let most = 0;
    let version = 1;
    /** Reads of the Jobs: one by one (GET of a Job) or of the whole step (a list or a watch of the collection). */
    const reads = { single: 0, collection: 0 };
    const jobObject = (name: string) => {
        const j = jobs.get(name)!;
        const done = Date.now() - j.created > 200;
        const conditions = done ? [{ type: j.failed ? "Failed" : "Complete", status: "True", reason: j.failed ? "BackoffLimitExceeded" : "" }] : [];
        // A Job changes once, when it finishes: a later version from then on.
        const resourceVersion = String(done ? j.version + 1_000_000 : j.version);
        return { metadata: { name, uid: `uid-${name}-${j.version}`, namespace: "kube-system", resourceVersion }, status: { conditions } };
    };

    before(async () => {
        server = http.createServer((req, res) => {
            const u = new URL(req.url ?? "/", "http://x");
            const name = decodeURIComponent(u.pathname.split("/").pop() ?? "");
            res.setHeader("Content-Type", "application/json");
            if (u.pathname.startsWith("/api/v1/nodes/")) {
                res.end(JSON.stringify({ metadata: { name }, status: { conditions: [{ type: "Ready", status: "True" }] } }));
            } else if (req.method === "POST") {
                let body = "";
                req.on("data", (c) => (body += c));
                req.on("end", () => {
                    const job = JSON.parse(body);
                    jobs.set(job.metadata.name, { created: Date.now(), failed: job.metadata.name.includes("bad-"), version: version++ });
                    // Jobs in flight: a failed one stays (kept for kubectl describe) but no longer runs.
                    const running = [...jobs.values()].filter((j) => !(j.failed && Date.now() - j.created > 200)).length;
                    most = Math.max(most, running);
                    res.end(JSON.stringify(jobObject(job.metadata.name)));
                });
            } else if (req.method === "DELETE") {
                jobs.delete(name);
                res.end("{}");
            } else if (u.pathname.endsWith("/jobs")) {
                reads.collection++;
                assert.strictEqual(u.searchParams.get("labelSelector"), "app.kubernetes.io/name=yurthub-at-boot");
                if (u.searchParams.get("watch") !== "1") {
                    res.end(JSON.stringify({ metadata: { resourceVersion: String(version) }, items: [...jobs.keys()].map(jobObject) }));
                    return;
                }
                // The watch: after its timeout, every Job as it is now (the view keeps the newest).
                setTimeout(() => {
                    res.end([...jobs.keys()].map((n) => JSON.stringify({ type: "MODIFIED", object: jobObject(n) }) + "\n").join(""));
                }, Number(u.searchParams.get("timeoutSeconds")) * 1000);
            } else {
                reads.single++;
                if (!jobs.has(name)) {
                    res.statusCode = 404;
                    res.end(JSON.stringify({ kind: "Status", code: 404, message: "not found" }));
                    return;
                }
                res.end(JSON.stringify(jobObject(name)));
            }
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => server.close());

    it("runs at most 50 Jobs at once, follows them through one watch, records each node once its Job completed, and names every node whose Job failed", async function () {
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
            assert.ok(![...jobs.keys()].some((j) => j.endsWith(n)), `${n}: its Job is complete and deleted before it is recorded`);
            recorded.push(n);
        });
        const good = Array.from({ length: 118 }, (_, i) => `edge-${i}`);
        // Handed in while earlier ones run, as a rollout does.
        good.slice(0, 60).forEach((n) => run.add(n));
        run.add("bad-1");
        await new Promise((r) => setTimeout(r, 300));
        good.slice(60).forEach((n) => run.add(n));
        run.add("bad-2");
        await assert.rejects(run.finish(), (e: Error) => {
            assert.match(e.message, /^making yurt-hub start at boot failed .*: 2 of 120 Job\(s\) failed:/s);
            assert.match(e.message, /yurthub-at-boot-bad-1/);
            assert.match(e.message, /yurthub-at-boot-bad-2/);
            return true;
        });
        assert.strictEqual(most, 50, "at most 50 Jobs at once, and that many in use");
        assert.deepStrictEqual([...recorded].sort(), [...good].sort(), "every good node recorded once, no failed one");
        assert.strictEqual(jobs.size, 2, "the failed Jobs are kept for kubectl describe");
        // 120 Jobs, each waited on for about a second: read one by one, that is 120 reads or more.
        assert.strictEqual(reads.single, 0, "no Job is read on its own");
        const seconds = (Date.now() - started) / 1000;
        assert.ok(reads.collection <= seconds + 2, `one read of the step's Jobs a second at most (${reads.collection} in ${seconds.toFixed(1)} s)`);
    });
});
