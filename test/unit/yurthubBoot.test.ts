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
    const jobs = new Map<string, { created: number; failed: boolean }>();
    let most = 0;

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
                    jobs.set(job.metadata.name, { created: Date.now(), failed: job.metadata.name.includes("bad-") });
                    // Jobs in flight: a failed one stays (kept for kubectl describe) but no longer runs.
                    const running = [...jobs.values()].filter((j) => !(j.failed && Date.now() - j.created > 200)).length;
                    most = Math.max(most, running);
                    res.end(JSON.stringify(job));
                });
            } else if (req.method === "DELETE") {
                jobs.delete(name);
                res.end("{}");
            } else {
                const j = jobs.get(name);
                if (!j) {
                    res.statusCode = 404;
                    res.end(JSON.stringify({ kind: "Status", code: 404, message: "not found" }));
                    return;
                }
                const done = Date.now() - j.created > 200;
                const conditions = done
                    ? [{ type: j.failed ? "Failed" : "Complete", status: "True", reason: j.failed ? "BackoffLimitExceeded" : "" }]
                    : [];
                res.end(JSON.stringify({ metadata: { name, uid: `uid-${name}`, namespace: "kube-system" }, status: { conditions } }));
            }
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => server.close());

    it("runs at most 50 Jobs at once, records each node once its Job completed, and names every node whose Job failed", async function () {
        this.timeout(30000);
        const target = {
            conn: { server: url } as any,
            namespace: "kube-system",
            nodeServantImage: "openyurt/node-servant:v1.7.0",
            timeoutSeconds: 30,
        };
        const recorded: string[] = [];
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
    });
});
