import * as assert from "assert";
import * as http from "http";
import * as net from "net";
import { podFailureReasons } from "../../components/core/kube/jobRunner";
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
