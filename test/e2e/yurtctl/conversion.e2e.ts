import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { kubeRequest } from "../../../components/core/kube/client";
import { KubeConnection } from "../../../components/core/kube/kubeconfig";
import { E2EStack, newStack } from "../../../support/engineStack";
import { cluster, connection, kubeconfigFile } from "../../../support/localCluster";
import {
    expectNoChange,
    stateFiles,
    getOptional,
    jobComplete,
    jobFailed,
    jobs,
    managedLeftovers,
    node,
    pathsContaining,
    refreshedNames,
    watchWhile,
} from "../harness";

const EDGE = "openyurt.io/is-edge-worker";
const AUTONOMY = "node.beta.openyurt.io/autonomy";
const NODE_CONTROLLER_BINDING = "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system:controller:node-controller";

/**
 * node2,node3 | node4 (+node5 later); node1 is the cloud node. The v0.6.1 resource contract, on the
 * local control plane's Kubernetes 1.34 that v0.6.1 does not support (its yurt-hub would fail on a
 * real node; kwok nodes never run it): hence the explicit override.
 */
const baseConfig = {
    release: "v0.6.1",
    allowUnsupportedKubernetes: true,
    cloudNodes: ["node1"],
    provider: "ack",
    autonomousNodes: ["node2"],
    rollout: { batchSize: 2, jobTimeout: "90s", backoffLimit: 0 },
};

describe("v0.6.1 conversion against a real API server (Automation API + local control plane)", function () {
    this.timeout(10 * 60 * 1000);
    let conn: KubeConnection;
    let s: E2EStack;
    let config: Record<string, unknown> = { ...baseConfig };
    let stateBeforeDestroy = "";

    const labelOf = async (n: string) => (await node(conn, n)).metadata.labels?.[EDGE];
    const autonomyOf = async (n: string) => (await node(conn, n)).metadata.annotations?.[AUTONOMY];
    const convertJob = (n: string) => getOptional(conn, `/apis/batch/v1/namespaces/kube-system/jobs/node-servant-convert-${n}`);
    const reconfigure = (patch: Record<string, unknown>) => {
        config = { ...config, ...patch };
        s.configure(config);
    };

    before(async () => {
        conn = connection();
        s = await newStack(`e2e${Date.now() % 100000}`);
        s.configure(config);
    });

    it("refuses a bad config before changing anything", async () => {
        const rss = path.join(os.tmpdir(), `openyurt-e2e-rss-${process.pid}`);
        const bad = await newStack(`bad${Date.now() % 100000}`, { peakRssFile: rss });
        bad.configure({ ...baseConfig, cloudNodes: ["node1", "node9"], autonomousNodes: ["node1"] });
        const { error, events } = await bad.upFails();
        // A rejected config must cost no more than a valid preview (it once took 3.3 GB in util.inspect).
        const peakMiB = Number(fs.readFileSync(rss, "utf8")) / 1024;
        fs.rmSync(rss);
        assert.ok(peakMiB > 50 && peakMiB < 500, `the program's peak RSS was ${peakMiB.toFixed(0)} MiB (limit 500)`);
        assert.match(error, /cloudNodes: node "node9" is not in the cluster/);
        assert.match(error, /autonomousNodes: node "node1" is a cloud node/);
        assert.deepStrictEqual(events.changes(), [], "no resource step at all");
        assert.strictEqual(await labelOf("node1"), undefined);
    });

    it("without the override, refuses v0.6.1 on this Kubernetes 1.34 cluster before changing anything, naming the version, the range and the fix", async () => {
        const bad = await newStack(`old${Date.now() % 100000}`);
        bad.configure({ release: "v0.6.1", cloudNodes: ["node1"], provider: "ack" });
        const { error, events } = await bad.upFails();
        assert.match(error, /OpenYurt v0\.6\.1 supports Kubernetes 1\.12–1\.21/);
        assert.match(error, /the cluster runs v1\.34\.\d+/);
        assert.match(error, /set release to "v1\.7\.0"[\s\S]*allowUnsupportedKubernetes: true/);
        assert.deepStrictEqual(events.changes(), [], "no resource step at all");
    });

    it("previews a fresh conversion: the expected creates per node, and no change in the cluster", async () => {
        const { events, result } = await s.preview();
        const creates = events.names("create");
        for (const n of ["node2", "node3", "node4"]) {
            assert.ok(creates.includes(`openyurt-convert-${n}`), `convert Job for ${n}`);
            assert.ok(creates.includes(`openyurt-role-${n}`), `edge label for ${n}`);
        }
        assert.ok(creates.includes("openyurt-role-node1"));
        assert.ok(creates.includes("openyurt-convert-node1"), "yurt-hub in cloud mode on the cloud node, as yurtctl v0.6.1 ran it");
        for (const n of ["node1", "node2", "node3", "node4"]) {
            assert.ok(creates.includes(`openyurt-preflight-${n}`), `preflight Job for ${n}`);
        }
        assert.deepStrictEqual(
            creates.filter((c) => c.includes("autonomy")),
            ["openyurt-autonomy-node2"],
        );
        assert.deepStrictEqual(
            creates.filter((c) => c.startsWith("openyurt-batch-")),
            ["openyurt-batch-0", "openyurt-batch-1"],
        );
        for (const c of [
            "openyurt-ycm",
            "openyurt-yurthub",
            "openyurt-yurthub-cfg",
            "openyurt-bootstrap-token",
            "openyurt-join-token",
            "openyurt-revert",
            "openyurt-node-lifecycle",
        ]) {
            assert.ok(creates.includes(c), `${c} in ${creates}`);
        }
        assert.deepStrictEqual(
            events.changes().filter((c) => !c.startsWith("create ")),
            [],
        );
        assert.ok((result.changeSummary.create ?? 0) >= 20);
        // Nothing happened in the cluster.
        assert.strictEqual(await labelOf("node2"), undefined);
        assert.deepStrictEqual(await managedLeftovers(conn), []);
        assert.ok(((await kubeRequest(conn, "GET", NODE_CONTROLLER_BINDING)).subjects ?? []).length > 0);
    });

    it("converges: labels, annotation, controller manager, RBAC, token, one Complete convert Job per edge node", async () => {
        const { result } = await s.up();
        assert.strictEqual(result.summary.result, "succeeded");
        assert.strictEqual(await labelOf("node1"), "false");
        for (const n of ["node2", "node3", "node4"]) {
            assert.strictEqual(await labelOf(n), "true", n);
            assert.ok(jobComplete(await convertJob(n)), `convert Job of ${n} Complete`);
        }
        const cloudJob = await convertJob("node1");
        assert.ok(jobComplete(cloudJob), "the cloud node's convert Job Complete");
        assert.ok(cloudJob.spec.template.spec.containers[0].args.includes("--working-mode=cloud"));
        for (const n of ["node1", "node2", "node3", "node4"]) {
            const pre = await getOptional(conn, `/apis/batch/v1/namespaces/kube-system/jobs/node-servant-preflight-convert-${n}`);
            assert.ok(jobComplete(pre), `preflight of ${n} Complete`);
            assert.ok(
                Date.parse(pre.status.completionTime) <= Date.parse((await convertJob("node2")).metadata.creationTimestamp) + 999,
                `preflight of ${n} done before any convert Job`,
            );
        }
        assert.strictEqual(await autonomyOf("node2"), "true");
        assert.strictEqual(await autonomyOf("node3"), undefined);
        const ycm = await kubeRequest(conn, "GET", "/apis/apps/v1/namespaces/kube-system/deployments/yurt-controller-manager");
        assert.strictEqual(ycm.status.availableReplicas, 1);
        const ycmPods = await kubeRequest(conn, "GET", "/api/v1/namespaces/kube-system/pods?labelSelector=app%3Dyurt-controller-manager");
        assert.deepStrictEqual(
            ycmPods.items.map((p: any) => p.spec.nodeName),
            ["node1"],
            "runs on the cloud node",
        );
        for (const p of [
            "/apis/rbac.authorization.k8s.io/v1/clusterroles/yurt-controller-manager",
            "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/yurt-hub",
            "/api/v1/namespaces/kube-system/configmaps/yurt-hub-cfg",
            "/api/v1/namespaces/kube-system/secrets/yurt-hub-join-token",
        ]) {
            assert.ok(await getOptional(conn, p), p);
        }
        // This cluster was not built by kubeadm: cluster-info and its RBAC come from the stack (yurt-hub v0.6.1 reads the CA there).
        const info = await kubeRequest(conn, "GET", "/api/v1/namespaces/kube-public/configmaps/cluster-info");
        assert.strictEqual(info.metadata.labels["app.kubernetes.io/managed-by"], "pulumi-openyurt");
        assert.strictEqual(parseYaml(info.data.kubeconfig).clusters[0].cluster.server, conn.server);
        assert.ok(
            await getOptional(conn, "/apis/rbac.authorization.k8s.io/v1/namespaces/kube-public/rolebindings/kubeadm:bootstrap-signer-clusterinfo"),
        );
        const tokens = (await kubeRequest(conn, "GET", "/api/v1/namespaces/kube-system/secrets?fieldSelector=type%3Dbootstrap.kubernetes.io%2Ftoken"))
            .items;
        assert.strictEqual(tokens.length, 1);
        const expiration = Date.parse(Buffer.from(tokens[0].data.expiration, "base64").toString());
        assert.ok(expiration > Date.now() && expiration < Date.now() + 25 * 3600 * 1000, "the token expires (24h)");
        const binding = await kubeRequest(conn, "GET", NODE_CONTROLLER_BINDING);
        assert.deepStrictEqual(binding.subjects ?? [], [], "node lifecycle handed over");
        assert.strictEqual(binding.metadata.annotations["rbac.authorization.kubernetes.io/autoupdate"], "false");
    });

    it("a second preview and up change nothing", async () => {
        await expectNoChange(s);
    });

    it("a node that joins is converted alone", async () => {
        cluster("add-node", "node5");
        const { events } = await s.up();
        assert.deepStrictEqual(events.names("create"), ["openyurt-convert-node5", "openyurt-preflight-node5", "openyurt-role-node5"]);
        // The only other steps are the fleet-wide records that list nodes.
        assert.deepStrictEqual(events.names("update"), ["openyurt-batch-1", "openyurt-preflight", "openyurt-revert"]);
        assert.deepStrictEqual(
            events.changes().filter((c) => !/^(create|update) /.test(c)),
            [],
        );
        assert.strictEqual(await labelOf("node5"), "true");
        assert.ok(jobComplete(await convertJob("node5")));
    });

    it("marking one node autonomous changes only its annotation", async () => {
        reconfigure({ autonomousNodes: ["node2", "node3"] });
        const { events } = await s.up();
        assert.deepStrictEqual(events.changes(), ["create openyurt-autonomy-node3"]);
        assert.strictEqual(await autonomyOf("node3"), "true");
        assert.strictEqual(await autonomyOf("node4"), undefined);
    });

    it("a node removed from the edge set is reverted: revert Job, then label and annotation removed", async () => {
        reconfigure({ edgeNodes: ["node2", "node3", "node4"], autonomousNodes: ["node2", "node3"] });
        const work = s.up();
        const { result, seen } = await watchWhile(
            work,
            async () => !!(await getOptional(conn, "/apis/batch/v1/namespaces/kube-system/jobs/node-servant-revert-node5")),
        );
        assert.ok(seen, "the revert Job of node5 ran");
        assert.deepStrictEqual(result.events.names("delete"), ["openyurt-convert-node5", "openyurt-preflight-node5", "openyurt-role-node5"]);
        assert.strictEqual(await labelOf("node5"), undefined);
        assert.strictEqual(await convertJob("node5"), undefined);
        assert.strictEqual(
            await getOptional(conn, "/apis/batch/v1/namespaces/kube-system/jobs/node-servant-revert-node5"),
            undefined,
            "revert Job cleaned up",
        );
        assert.strictEqual(await labelOf("node4"), "true", "other nodes untouched");
    });

    it("a new servant image re-runs the Jobs batch by batch", async () => {
        reconfigure({ images: { nodeServant: "openyurt/node-servant:v0.6.1-e2e" } });
        const { events } = await s.up();
        const replaced = events.names("replace");
        assert.deepStrictEqual(
            replaced.filter((n) => n.startsWith("openyurt-convert-")),
            ["openyurt-convert-node1", "openyurt-convert-node2", "openyurt-convert-node3", "openyurt-convert-node4"],
        );
        const done = (n: string) =>
            Math.max(...events.list.filter((o) => o.name === `openyurt-convert-${n}` && o.kind === "outputs").map((o) => o.sequence));
        const started = (n: string) =>
            Math.min(...events.list.filter((o) => o.name === `openyurt-convert-${n}` && o.kind === "pre").map((o) => o.sequence));
        assert.ok(started("node4") > done("node2") && started("node4") > done("node3"), "batch 1 starts after batch 0 completed");
        for (const n of ["node2", "node3", "node4"]) {
            const j = await convertJob(n);
            assert.strictEqual(j.spec.template.spec.containers[0].image, "openyurt/node-servant:v0.6.1-e2e");
            assert.ok(jobComplete(j));
        }
    });

    it("a failing servant Job fails up with the node, keeps the Job, leaves later batches alone; the next up converges", async () => {
        cluster("fail-servant", "node2");
        reconfigure({ images: { nodeServant: "openyurt/node-servant:v0.6.1-e2e2" } });
        const { error } = await s.upFails();
        assert.match(error, /node-servant-convert-node2/);
        assert.match(error, /BackoffLimitExceeded|backoff limit/i, "the reason is reported");
        const failed = await convertJob("node2");
        assert.ok(failed && jobFailed(failed), "the failed Job is kept for debugging");
        assert.strictEqual(
            (await convertJob("node4")).spec.template.spec.containers[0].image,
            "openyurt/node-servant:v0.6.1-e2e",
            "batch 1 untouched",
        );

        cluster("heal-servant", "node2");
        const { result } = await s.up();
        assert.strictEqual(result.summary.result, "succeeded");
        for (const n of ["node2", "node3", "node4"]) {
            const j = await convertJob(n);
            assert.strictEqual(j.spec.template.spec.containers[0].image, "openyurt/node-servant:v0.6.1-e2e2");
            assert.ok(jobComplete(j), `${n} Complete`);
        }
        assert.deepStrictEqual((await s.up()).events.changes(), [], "converged");
    });

    it("a node that fails its preflight fails up naming it before anything on it changes; healed, the next up converts it", async () => {
        cluster("add-node", "node6");
        cluster("fail-preflight", "node6");
        reconfigure({ edgeNodes: ["node2", "node3", "node4", "node6"] });
        const { error } = await s.upFails();
        assert.match(error, /node-servant-preflight-convert-node6/);
        assert.strictEqual(await convertJob("node6"), undefined, "no convert Job on a node that failed its preflight");
        assert.strictEqual(await labelOf("node6"), undefined);
        cluster("heal-preflight", "node6");
        await s.up();
        assert.strictEqual(await labelOf("node6"), "true");
        assert.ok(jobComplete(await convertJob("node6")));
    });

    it("a label or annotation removed by hand is reported by refresh and restored by up", async () => {
        await kubeRequest(conn, "PATCH", "/api/v1/nodes/node3", {
            contentType: "application/merge-patch+json",
            body: { metadata: { labels: { [EDGE]: null }, annotations: { [AUTONOMY]: null } } },
        });
        const r = await s.refresh();
        assert.deepStrictEqual(
            refreshedNames(r.result.stdout),
            ["openyurt-autonomy-node3", "openyurt-role-node3"],
            "refresh reports the drift, and only it",
        );
        const { events } = await s.up();
        assert.deepStrictEqual(
            events.names("update").filter((n) => n.includes("node3")),
            ["openyurt-autonomy-node3", "openyurt-role-node3"],
        );
        assert.strictEqual(await labelOf("node3"), "true");
        assert.strictEqual(await autonomyOf("node3"), "true");
    });

    it("keeps the kubeconfig's credentials and the bootstrap token out of the state files in plaintext", async () => {
        // Every file the file backend wrote: the stack's checkpoint and its history.
        const files = stateFiles(s);
        const checkpoint = files.find((f) => f.endsWith(`stacks/pulumi-openyurt/${s.name}.json`));
        assert.ok(checkpoint, `state file among ${files.length} files`);
        stateBeforeDestroy = fs.readFileSync(checkpoint!, "utf8");

        const kubeconfigText = fs.readFileSync(kubeconfigFile, "utf8");
        const keyData = /client-key-data:\s*(\S+)/.exec(kubeconfigText)?.[1];
        assert.ok(keyData, "the local kubeconfig has a client key");
        const keyPem = Buffer.from(keyData!, "base64").toString().split("\n")[1];
        const tokens = (await kubeRequest(conn, "GET", "/api/v1/namespaces/kube-system/secrets?fieldSelector=type%3Dbootstrap.kubernetes.io%2Ftoken"))
            .items;
        const secret = Buffer.from(tokens[0].data["token-secret"], "base64").toString();
        assert.strictEqual(secret.length, 16);
        for (const f of files) {
            const text = fs.readFileSync(f, "utf8");
            const where = (needle: string) => (f.endsWith(".json") ? pathsContaining(JSON.parse(text), needle).join(", ") : "");
            if (text.includes(keyData!.slice(0, 40)) || text.includes(keyPem)) {
                assert.fail(`client key in plaintext in ${f}: ${where(keyData!.slice(0, 40))}`);
            }
            if (text.includes(secret)) {
                assert.fail(`bootstrap token secret in plaintext in ${f}: ${where(secret)}`);
            }
        }
        assert.ok(stateBeforeDestroy.includes("ciphertext"), "secrets are stored encrypted");
        // And the engine does hold them, as secrets: decrypted export shows the token to its owner.
        assert.ok(pathsContaining(await s.stack.exportStack(), secret).some((p) => p.includes("openyurt-bootstrap-token.outputs")));
    });

    it("destroy reverts everything and leaves nothing behind", async () => {
        if (process.env.E2E_KEEP) {
            return;
        }
        assert.ok(stateBeforeDestroy.length > 0);
        const work = s.destroy();
        const { seen } = await watchWhile(work, async () => (await jobs(conn, "openyurt.io/servant-action=revert")).length > 0);
        assert.ok(seen, "revert Jobs ran");
        for (const n of ["node1", "node2", "node3", "node4", "node5"]) {
            assert.strictEqual(await labelOf(n), undefined, `${n} label`);
            assert.strictEqual(await autonomyOf(n), undefined, `${n} annotation`);
            assert.strictEqual((await node(conn, n)).metadata.annotations?.["pulumi.com/patchForce"], undefined, `${n} bookkeeping annotation`);
        }
        assert.deepStrictEqual(await managedLeftovers(conn), []);
        const tokens = (await kubeRequest(conn, "GET", "/api/v1/namespaces/kube-system/secrets?fieldSelector=type%3Dbootstrap.kubernetes.io%2Ftoken"))
            .items;
        assert.deepStrictEqual(tokens, []);
        const binding = await kubeRequest(conn, "GET", NODE_CONTROLLER_BINDING);
        assert.deepStrictEqual(
            binding.subjects,
            [{ kind: "ServiceAccount", name: "node-controller", namespace: "kube-system" }],
            "node lifecycle restored",
        );
        assert.strictEqual(binding.metadata.annotations["rbac.authorization.kubernetes.io/autoupdate"], "true");
        await s.stack.workspace.removeStack(s.name);
    });
});
