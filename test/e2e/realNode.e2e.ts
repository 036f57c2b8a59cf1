import * as assert from "assert";
import * as fs from "fs";
import { kubeRequest } from "../../components/core/kube/client";
import { KubeConnection } from "../../components/core/kube/kubeconfig";
import { E2EStack, newStack } from "../../support/engineStack";
import { connection, openyurtCharts } from "../../support/localCluster";
import { nodeFile, nodePath, onNode, realNodes, realNodeUnsupported, rig, tryOnNode } from "../../support/realNode";
import { CONDITION, EDGE, getOptional, node, POOL } from "./harness";

const BOOT = "pulumi-openyurt/yurthub-at-boot";
const WORKLOAD_IMAGE = "localhost/busybox:1.35.0";

/** The files node-servant changes on convert and must give back on revert. */
const KUBELET_FILES = [
    "var/lib/kubelet/kubeadm-flags.env",
    "etc/kubernetes/kubelet.conf",
    "etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
    "etc/systemd/system/kubelet.service",
];
/** What OpenYurt v1.7.0's node-servant installs on a node; a reverted node has none of it. */
const YURTHUB_FILES = [
    "etc/systemd/system/yurthub.service",
    "etc/systemd/system/yurthub.service.d",
    "etc/systemd/system/multi-user.target.wants/yurthub.service",
    "usr/local/bin/yurthub",
    "var/lib/openyurt/kubelet.conf",
    "var/lib/yurthub",
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false>): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const v = await probe().catch(() => undefined);
        if (v) {
            return v;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
        }
        await sleep(1000);
    }
}

/**
 * OpenYurt v1.7.0 on REAL nodes (scripts/node.sh: systemd, containerd, a real kubelet 1.34 in
 * systemd-nspawn, each in a network namespace of its own) next to a kwok cloud node, converted by the
 * component's own `pulumi up` with the real yurt-manager: node-servant runs on the node, yurt-hub
 * serves kubelet, autonomy keeps pods through a lost link and through reboots, and revert gives the
 * node back as it was. The walkthrough of OpenYurt's announcement of yurtctl, as a test.
 * The lane (scripts/e2e.sh) starts the cluster with OPENYURT_REAL_NODES and a 30 s eviction window.
 */
describe("v1.7.0 on real nodes: node-servant, yurt-hub, autonomy, reboots, revert", function () {
    this.timeout(15 * 60 * 1000);
    let conn: KubeConnection;
    let s: E2EStack;
    let config: Record<string, unknown> = {};
    /** The autonomous node and the converted but not autonomous one. */
    let autonomous = "";
    let plain = "";
    const original: Record<string, Record<string, string | undefined>> = {};

    const get = (n: string) => node(conn, n);
    const ready = async (n: string) => (await get(n)).status?.conditions?.find((c: any) => c.type === "Ready")?.status;
    const pod = (name: string) => getOptional(conn, `/api/v1/namespaces/default/pods/${name}`);
    const reconfigure = (patch: Record<string, unknown>) => {
        config = { ...config, ...patch };
        s.configure(config);
    };
    const systemd = (n: string, verb: string, unit: string) => tryOnNode(n, "systemctl", verb, unit).out.trim();
    /** Running containers named `name` on the node, by crictl. */
    const containers = (n: string, name: string) =>
        onNode(n, "crictl", "ps", "--name", name, "--state", "running", "-q")
            .split("\n")
            .filter((x) => x.trim() !== "");
    const createTopPod = async (name: string, on: string) => {
        await kubeRequest(conn, "POST", "/api/v1/namespaces/default/pods", {
            body: {
                apiVersion: "v1",
                kind: "Pod",
                metadata: { name },
                spec: {
                    nodeName: on,
                    terminationGracePeriodSeconds: 1,
                    containers: [{ name: "top", image: WORKLOAD_IMAGE, imagePullPolicy: "Never", command: ["top", "-b", "-d", "10"] }],
                },
            },
        });
        return waitFor(`pod ${name} Running on ${on}`, 120000, async () => {
            const p = await pod(name);
            return p?.status?.phase === "Running" && p;
        });
    };
    /** What a converted real node shows: the Job's pod ran there, yurt-hub serves kubelet, yurt-manager's verdict. */
    const assertConvertedOnNode = async (n: string) => {
        const x = await get(n);
        assert.strictEqual(x.metadata.labels?.[EDGE], "true", `${n} is-edge-worker`);
        const c = (x.status?.conditions ?? []).find((y: any) => y.type === CONDITION);
        assert.deepStrictEqual([c?.status, c?.reason], ["False", "Converted"], `${n} condition`);
        assert.strictEqual(x.metadata.annotations?.[BOOT], "true", `${n} carries the yurt-hub-at-boot record`);
        assert.strictEqual(await ready(n), "True", `${n} Ready through yurt-hub`);
        const pods = await kubeRequest(
            conn,
            "GET",
            `/api/v1/namespaces/kube-system/pods?labelSelector=${encodeURIComponent(`openyurt.io/conversion-node=${n}`)}`,
        );
        const ran = (pods.items ?? []).filter((p: any) => p.status?.phase === "Succeeded");
        assert.ok(ran.length >= 1, `a node-servant pod succeeded on ${n}`);
        const cs = ran[0].status.containerStatuses[0];
        assert.match(cs.containerID, /^containerd:\/\//, "run by the node's containerd, not simulated");
        assert.strictEqual(cs.state.terminated.exitCode, 0);
        assert.strictEqual(ran[0].spec.containers[0].image, "openyurt/node-servant:v1.7.0");
        assert.strictEqual(systemd(n, "is-active", "yurthub"), "active", `yurthub.service on ${n}`);
        assert.strictEqual(systemd(n, "is-enabled", "yurthub"), "enabled", `yurthub.service starts at boot on ${n}`);
        assert.match(nodeFile(n, "var/lib/kubelet/kubeadm-flags.env") ?? "", /--kubeconfig=\/var\/lib\/openyurt\/kubelet\.conf/);
        assert.match(nodeFile(n, "var/lib/openyurt/kubelet.conf") ?? "", /server: http:\/\/127\.0\.0\.1:10261/);
        assert.match(onNode(n, "cat", `/proc/${onNode(n, "pidof", "kubelet").trim()}/cmdline`), /--kubeconfig=\/var\/lib\/openyurt\/kubelet\.conf/);
        assert.match(onNode(n, "ss", "-tnp", "state", "established", "( dport = :10261 )"), /kubelet/, "kubelet's connections go to yurt-hub");
    };
    /** How many times each node has been reverted in this suite. */
    const reverts: Record<string, number> = {};
    /** A reverted node: nothing of OpenYurt or of the component left; kubelet's files as before, but for node-servant's known trailing spaces. */
    const assertRevertedOnNode = async (n: string) => {
        reverts[n] = (reverts[n] ?? 0) + 1;
        const x = await get(n);
        assert.strictEqual(x.metadata.labels?.[EDGE], undefined, `${n} is-edge-worker gone`);
        assert.strictEqual(x.metadata.labels?.[POOL], undefined, `${n} pool label gone`);
        assert.strictEqual(x.metadata.annotations?.[BOOT], undefined, `${n} boot record gone`);
        for (const f of YURTHUB_FILES) {
            assert.ok(!fs.existsSync(nodePath(n, f)), `${n}: /${f} removed`);
        }
        assert.notStrictEqual(systemd(n, "is-active", "yurthub"), "active");
        for (const f of KUBELET_FILES) {
            const was = original[n][f]!;
            const now = nodeFile(n, f);
            // node-servant v1.7.0's revert takes its flags out of KUBELET_KUBEADM_ARGS="… --kubeconfig=… --bootstrap-kubeconfig= "
            // but leaves the space before the closing quote, one more with every convert/revert round: the one
            // difference accepted, exactly (kubelet's arguments are the same).
            const accepted = f.endsWith("kubeadm-flags.env") ? was.replace(/"\n?$/, (q) => `${" ".repeat(reverts[n])}${q}`) : was;
            assert.strictEqual(now, accepted, `${n}: /${f} as before the conversion\n--- before\n${was}\n--- now\n${now}`);
        }
        assert.doesNotMatch(
            onNode(n, "cat", `/proc/${onNode(n, "pidof", "kubelet").trim()}/cmdline`),
            /\/var\/lib\/openyurt/,
            "kubelet talks to the API server again",
        );
        await waitFor(`${n} Ready after the revert`, 120000, async () => (await ready(n)) === "True");
    };

    before(async function () {
        const why = realNodeUnsupported();
        if (why) {
            console.log(`    real nodes not run: ${why.replace(/\n/g, "; ")}`);
            this.skip();
        }
        conn = connection();
        const real = await realNodes(conn);
        assert.strictEqual(real.length, 2, `two real nodes in this cluster (OPENYURT_REAL_NODES), found ${real.join(", ")}`);
        [autonomous, plain] = real;
        for (const n of real) {
            assert.strictEqual(await ready(n), "True", `${n} Ready`);
            original[n] = Object.fromEntries(KUBELET_FILES.map((f) => [f, nodeFile(n, f)]));
        }
        s = await newStack(`real${Date.now() % 100000}`);
        config = {
            cloudNodes: ["node1"],
            edgeNodes: real,
            autonomousNodes: [autonomous],
            charts: { path: openyurtCharts },
            rollout: { batchSize: 1, jobTimeout: "3m" },
        };
        s.configure(config);
    });

    after(async () => {
        for (const n of [autonomous, plain].filter(Boolean)) {
            rig("link-up", n);
        }
    });

    it("converts each real node: node-servant's Job runs there, yurt-hub serves kubelet, the node stays Ready and starts yurt-hub at boot", async () => {
        const { result } = await s.up();
        assert.strictEqual(result.summary.result, "succeeded");
        for (const n of [autonomous, plain]) {
            await assertConvertedOnNode(n);
        }
        assert.strictEqual((await get(autonomous)).metadata.annotations?.["node.openyurt.io/autonomy-duration"], "0");
        assert.strictEqual((await get(plain)).metadata.annotations?.["node.openyurt.io/autonomy-duration"], undefined);
        const left = await kubeRequest(conn, "GET", "/api/v1/namespaces/kube-system/pods?labelSelector=app.kubernetes.io%2Fname%3Dyurthub-at-boot");
        assert.deepStrictEqual(left.items, [], "the component's boot pods leave nothing behind");
    });

    it("autonomy: with the link to the API server cut, the autonomous node's pod keeps running past the eviction window; the other node's pod is evicted", async () => {
        await createTopPod("top-autonomous", autonomous);
        await createTopPod("top-plain", plain);
        // yurt-manager's pod binding gives the autonomous node's pods unlimited tolerations.
        await waitFor("unlimited unreachable toleration on top-autonomous", 60000, async () => {
            const t = ((await pod("top-autonomous"))?.spec?.tolerations ?? []).find((x: any) => x.key === "node.kubernetes.io/unreachable");
            return t && t.tolerationSeconds === undefined;
        });
        const plainToleration = ((await pod("top-plain")).spec.tolerations ?? []).find((x: any) => x.key === "node.kubernetes.io/unreachable");
        assert.strictEqual(
            plainToleration?.tolerationSeconds,
            30,
            "the lane's eviction window (kube-apiserver --default-unreachable-toleration-seconds)",
        );
        const uid = (await pod("top-autonomous")).metadata.uid;

        rig("link-down", autonomous);
        rig("link-down", plain);
        for (const n of [autonomous, plain]) {
            await waitFor(`${n} NotReady/Unknown`, 180000, async () => (await ready(n)) !== "True");
        }
        await waitFor("top-plain evicted", 180000, async () => (await pod("top-plain"))?.metadata?.deletionTimestamp !== undefined);
        const kept = await pod("top-autonomous");
        assert.strictEqual(kept.metadata.uid, uid);
        assert.strictEqual(kept.metadata.deletionTimestamp, undefined, "the autonomous node's pod is not evicted");
        assert.strictEqual(kept.spec.nodeName, autonomous);
        assert.strictEqual(containers(autonomous, "top").length, 1, "its container runs on the node");
    });

    it("autonomy: kubelet stopped, its container stopped, kubelet started while offline: the container runs again from yurt-hub's cache", async () => {
        const [old] = containers(autonomous, "top");
        // kubelet stopped first, so nothing restarts the container until the new kubelet has its pods,
        // which it can only get from yurt-hub's cache.
        onNode(autonomous, "systemctl", "stop", "kubelet");
        onNode(autonomous, "crictl", "stop", old);
        assert.deepStrictEqual(containers(autonomous, "top"), [], "no top container runs while kubelet is down");
        onNode(autonomous, "systemctl", "start", "kubelet");
        await waitFor("a new running top container", 180000, async () => {
            const c = containers(autonomous, "top");
            return c.length === 1 && c[0] !== old;
        });
        assert.notStrictEqual(await ready(autonomous), "True", "still offline");
    });

    it("reboot while offline: yurt-hub starts at boot, the pod's container runs again, and once the link is back the node is Ready with nothing recreated", async () => {
        const uid = (await pod("top-autonomous")).metadata.uid;
        rig("reboot", autonomous);
        await waitFor("yurthub active after the reboot", 120000, async () => systemd(autonomous, "is-active", "yurthub") === "active");
        await waitFor("the top container running after the reboot, offline", 180000, async () => containers(autonomous, "top").length === 1);
        rig("link-up", autonomous);
        rig("link-up", plain);
        await waitFor(`${autonomous} Ready`, 180000, async () => (await ready(autonomous)) === "True");
        const p = await pod("top-autonomous");
        assert.strictEqual(p.metadata.uid, uid, "the same pod");
        assert.strictEqual(p.metadata.deletionTimestamp, undefined);
        await waitFor("top-autonomous Running", 60000, async () => (await pod("top-autonomous"))?.status?.phase === "Running");
        await waitFor("top-plain gone once its node confirmed the eviction", 180000, async () => (await pod("top-plain")) === undefined);
    });

    it("reboot while online: yurt-hub starts at boot, the node is Ready, the pod runs, nothing recreated", async () => {
        const uid = (await pod("top-autonomous")).metadata.uid;
        rig("reboot", autonomous);
        await waitFor("yurthub active after the reboot", 120000, async () => systemd(autonomous, "is-active", "yurthub") === "active");
        await waitFor(`${autonomous} Ready`, 180000, async () => (await ready(autonomous)) === "True");
        await waitFor("the top container running after the reboot", 180000, async () => containers(autonomous, "top").length === 1);
        assert.strictEqual((await pod("top-autonomous")).metadata.uid, uid);
        await assertConvertedOnNode(autonomous);
    });

    it("reverts a node taken out of the edge set: yurt-hub and the boot link gone, kubelet's files as before, the node Ready and its pods running", async () => {
        reconfigure({ edgeNodes: [autonomous] });
        const { result } = await s.up();
        assert.strictEqual(result.summary.result, "succeeded");
        await assertRevertedOnNode(plain);
        await createTopPod("top-plain-after", plain);
        await assertConvertedOnNode(autonomous);
    });

    it("a node-servant that fails on the node (kubelet's drop-in missing) fails up naming the node and yurt-manager's message; fixed, the next up converts it", async () => {
        const dropIn = nodePath(plain, "etc/systemd/system/kubelet.service.d/10-kubeadm.conf");
        fs.renameSync(dropIn, `${dropIn}.moved`);
        try {
            reconfigure({ edgeNodes: [autonomous, plain] });
            const { error } = await s.upFails();
            const c = ((await get(plain)).status?.conditions ?? []).find((y: any) => y.type === CONDITION);
            assert.strictEqual(c?.reason, "ConvertFailed");
            assert.match(error, new RegExp(`node ${plain} \\(failed\\): YurtNodeConversionFailed=ConvertFailed: `));
            assert.ok(error.includes(String(c.message).trim().slice(0, 60)), `the error quotes yurt-manager's message: ${c.message}\n${error}`);
        } finally {
            fs.renameSync(`${dropIn}.moved`, dropIn);
        }
        const { result } = await s.up();
        assert.strictEqual(result.summary.result, "succeeded");
        await assertConvertedOnNode(plain);
    });

    it("a node-servant image the node cannot get fails up within seconds naming the node, the reason and the image; pinned right again, the next up converts it", async () => {
        reconfigure({ edgeNodes: [autonomous] });
        await s.up();
        await assertRevertedOnNode(plain);
        reconfigure({ edgeNodes: [autonomous, plain], images: { nodeServant: "openyurt/node-servant:v1.6.9" } });
        const started = Date.now();
        const { error } = await s.upFails();
        assert.match(
            error,
            new RegExp(
                `node ${plain} \\(failed\\): yurt-manager's conversion Job cannot start: (ErrImagePull|ImagePullBackOff)[^\n]*\\(image openyurt/node-servant:v1\\.6\\.9\\)`,
            ),
        );
        assert.match(error, /images\.nodeServant/);
        assert.ok(Date.now() - started < 150000, "well before rollout.jobTimeout (3m) runs out");
        const { images: _, ...pinned } = config;
        config = pinned;
        s.configure(config);
        const { result } = await s.up();
        assert.strictEqual(result.summary.result, "succeeded");
        await assertConvertedOnNode(plain);
    });

    it("destroy reverts every real node to plain Kubernetes: nothing of OpenYurt left, kubelet's files as before, pods running", async () => {
        const { result } = await s.destroy();
        assert.strictEqual(result.summary.result, "succeeded");
        for (const n of [autonomous, plain]) {
            await assertRevertedOnNode(n);
        }
        await waitFor("top-autonomous Running after the revert", 120000, async () => (await pod("top-autonomous"))?.status?.phase === "Running");
        assert.strictEqual(containers(autonomous, "top").length, 1);
        for (const p of ["top-autonomous", "top-plain-after"]) {
            await kubeRequest(conn, "DELETE", `/api/v1/namespaces/default/pods/${p}`).catch(() => undefined);
        }
    });
});
