import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { kubeRequest } from "../../../components/core/kube/client";
import { KubeConnection } from "../../../components/core/kube/kubeconfig";
import { projectCopy } from "../../../support/engineStack";
import { cluster, connection, kubeconfigFile, repo } from "../../../support/localCluster";
import { getOptional, jobComplete, jobFailed, managedLeftovers, node, tableRow } from "../harness";

/**
 * The yurtctl CLI end to end with OpenYurt v0.6.1 (the yurtctl generation): the real bin as a child
 * process (exit codes and output), the real engine through it, the local control plane. The local
 * control plane runs a Kubernetes newer than v0.6.1 supports, so the stack is converted with
 * `--release v0.6.1 --allow-unsupported-kubernetes` (later commands read both from the stack).
 * Self-contained: its own project copy, state and stack; it leaves the cluster as it found it
 * (revert at the end, and in `after` if a test failed). v1.7.0 (the default): cliV1.e2e.ts.
 */

const EDGE = "openyurt.io/is-edge-worker";
const AUTONOMY = "node.beta.openyurt.io/autonomy";
const NODE_CONTROLLER_BINDING = "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system:controller:node-controller";
const bin = path.join(repo, "cli", "yurtctl.js");
/** v0.6.1 on the local control plane (Kubernetes 1.34) needs the override. */
const V06 = ["--release", "v0.6.1", "--allow-unsupported-kubernetes"];
/** script(1) (util-linux) gives the prompt tests a terminal. */
const hasScript = (process.env.PATH ?? "").split(path.delimiter).some((d) => fs.existsSync(path.join(d, "script")));

interface Run {
    code: number;
    stdout: string;
    stderr: string;
    ms: number;
}

/** kube-public/cluster-info as the cluster had it before the suite (not created by pulumi-openyurt). */
const THEIR_CLUSTER_INFO = 'apiVersion: v1\nkind: Config\nclusters:\n- name: ""\n  cluster: {server: https://kubeadm.example:6443}\n';

describe("yurtctl CLI, OpenYurt v0.6.1, against a real API server (the bin, the engine, the local control plane)", function () {
    this.timeout(10 * 60 * 1000);
    let conn: KubeConnection;
    let dir: string;
    const stack = `cli${Date.now() % 100000}`;
    /** Every node but node1 (the cloud node), sorted, as the plan computes them. */
    let edge: string[] = [];
    const batches: string[][] = [];
    let failureInjected = false;

    const env = () => ({
        ...process.env,
        PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
        PULUMI_CONFIG_PASSPHRASE: "e2e-cli",
        KUBECONFIG: kubeconfigFile,
        YURTCTL_PROJECT_DIR: dir,
    });

    /**
     * Runs `yurtctl <args>`. With `answer`, it runs in a pseudo-terminal (script(1)) and types the
     * answer when the prompt appears; output then has stdout and stderr together.
     */
    const yurtctl = (args: string[], opts: { answer?: string } = {}): Promise<Run> =>
        new Promise((resolve, reject) => {
            const start = Date.now();
            const argv = [process.execPath, bin, ...args];
            const child =
                opts.answer === undefined
                    ? spawn(argv[0], argv.slice(1), { env: env(), cwd: repo, stdio: ["ignore", "pipe", "pipe"] })
                    : spawn("script", ["-qec", argv.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" "), "/dev/null"], {
                          env: env(),
                          cwd: repo,
                          stdio: ["pipe", "pipe", "pipe"],
                      });
            let stdout = "";
            let stderr = "";
            let answered = false;
            child.stdout!.on("data", (d: Buffer) => {
                stdout += d.toString();
                if (opts.answer !== undefined && !answered && stdout.includes("[y/N]")) {
                    answered = true;
                    child.stdin!.write(`${opts.answer}\n`);
                }
            });
            child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
            child.on("error", reject);
            child.on("close", (code) => {
                child.stdin?.end();
                const clean = (s: string) => s.replace(/\r/g, "");
                resolve({ code: code ?? -1, stdout: clean(stdout), stderr: clean(stderr), ms: Date.now() - start });
            });
        });
    const labelOf = async (n: string) => (await node(conn, n)).metadata.labels?.[EDGE];
    const autonomyOf = async (n: string) => (await node(conn, n)).metadata.annotations?.[AUTONOMY];
    const convertJob = (n: string) => getOptional(conn, `/apis/batch/v1/namespaces/kube-system/jobs/node-servant-convert-${n}`);
    const stackFile = () => path.join(dir, "stacks", `Pulumi.${stack}.yaml`);
    const stackConfig = () => parse(fs.readFileSync(stackFile(), "utf8")).config;
    const expectClean = async () => {
        for (const n of ["node1", ...edge]) {
            assert.strictEqual(await labelOf(n), undefined, `${n} label`);
            assert.strictEqual(await autonomyOf(n), undefined, `${n} annotation`);
        }
        assert.deepStrictEqual(await managedLeftovers(conn), []);
    };
    const row = (out: string, name: string) => tableRow(out, name);
    const summaryRow = (out: string, name: string) => tableRow(out, name, { last: true });

    before(async () => {
        conn = connection();
        const names: string[] = (await kubeRequest(conn, "GET", "/api/v1/nodes")).items.map((n: any) => n.metadata.name).sort();
        assert.ok(names.includes("node1") && names.length >= 3, `the local cluster has node1 and at least two more nodes (has ${names.join(", ")})`);
        edge = names.filter((n) => n !== "node1");
        for (let i = 0; i < edge.length; i += 2) {
            batches.push(edge.slice(i, i + 2));
        }
        // Another conversion live on this cluster would collide with this one (same Jobs, same labels).
        const labelled = [];
        for (const n of names) {
            if ((await labelOf(n)) !== undefined) {
                labelled.push(n);
            }
        }
        assert.deepStrictEqual(labelled, [], "no node is converted by another stack before this suite");
        assert.deepStrictEqual(await managedLeftovers(conn), [], "nothing managed by pulumi-openyurt before this suite");
        // This cluster's own cluster-info, as a kubeadm cluster has it: the conversion must leave it alone (issue 11).
        await kubeRequest(conn, "POST", "/api/v1/namespaces/kube-public/configmaps", {
            body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cluster-info" }, data: { kubeconfig: THEIR_CLUSTER_INFO } },
        });
        dir = projectCopy();
    });

    after(async () => {
        await kubeRequest(conn, "DELETE", "/api/v1/namespaces/kube-public/configmaps/cluster-info").catch(() => undefined);
        if (failureInjected) {
            cluster("heal-servant", batches[0][0]);
        }
        if (dir && fs.existsSync(stackFile())) {
            // A test failed half-way: leave the cluster as found.
            const r = await yurtctl(["revert", "--stack", stack, "--yes"]);
            if (r.code !== 0) {
                console.error(`cleanup revert failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
            }
        }
        if (dir) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("refuses bad flags and values naming the flag, with exit 2, before anything runs", async () => {
        const cases: Array<[string[], RegExp]> = [
            [["convert", "--clod-nodes", "node1", "--yes"], /unknown flag --clod-nodes for yurtctl convert \(did you mean --cloud-nodes\?\)/],
            [["convert", "--release", "", "--yes"], /--release: empty value/],
            [["convert", "-c", "--yes"], /-c needs a value/],
            // Values are the plan's to check, as in the stack file; it names the flag.
            [["convert", "-c", "node1", "-p", "minikube", "--yes"], /--provider: "minikube" was accepted by yurtctl but did nothing/],
            [
                ["convert", "-c", "node1", "-p", "ack", "--node-servant-image", "openyurt/node-servant:latest", "--yes"],
                /--node-servant-image: .*":latest"/,
            ],
            [["convert", "-c", "node1", "-p", "ack", "--batch-size", "0", "--yes"], /--batch-size: 0 is not a whole number of nodes ≥ 1/],
            // Checked against the cluster, still before the engine runs.
            [
                ["convert", "-c", "node9", "-p", "ack", "-a", "node7", ...V06, "--stack", stack, "--yes"],
                /--cloud-nodes: node "node9" is not in the cluster[\s\S]*--autonomous-nodes: node "node7" is not an edge node/,
            ],
            // v0.6.1 on Kubernetes 1.34 without the override: refused by the plan, the fix told in flags.
            [
                ["convert", "-c", "node1", "-p", "ack", "--release", "v0.6.1", "--stack", stack, "--yes"],
                /--release: OpenYurt v0.6.1 supports Kubernetes 1\.\d+–1\.21 .*and the cluster runs v1\.\d+[\s\S]*fix: use --release v1\.7\.0, .*add --allow-unsupported-kubernetes/,
            ],
            [
                ["convert", "-c", "node1", "--release", "v9.9.9", "--stack", stack, "--yes"],
                /--release: unknown OpenYurt release "v9\.9\.9"[\s\S]*fix: use one of: v1\.7\.0, v0\.6\.1/,
            ],
            // v0.6.1 still needs the node-lifecycle hand-over named.
            [
                ["convert", "-c", "node1", ...V06, "--stack", stack, "--yes"],
                /--provider \(ack, kubeadm or none; release v0\.6\.1 hands node lifecycle over\) is required/,
            ],
        ];
        for (const [args, re] of cases) {
            const r = await yurtctl(args);
            assert.strictEqual(r.code, 2, `${args.join(" ")}: exit code (stderr: ${r.stderr})`);
            assert.match(r.stderr, re, args.join(" "));
        }
        assert.ok(!fs.existsSync(stackFile()), "no stack was left behind");
        await expectClean();
    });

    it("refuses to change anything without a terminal and without --yes (exit 4)", async () => {
        for (const command of ["convert", "markautonomous", "revert"]) {
            const r = await yurtctl([command, "--stack", stack]);
            assert.strictEqual(r.code, 4, command);
            assert.match(r.stderr, /stdin is not a terminal; re-run with --yes/);
        }
    });

    it("plan: a per-node table of what convert would do, and nothing changes", async () => {
        const r = await yurtctl(["plan", "-c", "node1", "-p", "ack", ...V06, "--batch-size", "2", "-a", edge[0], "--stack", stack]);
        assert.strictEqual(r.code, 0, r.stderr);
        assert.match(r.stdout, /^NODE +ROLE +AUTONOMOUS +ACTION +BATCH +DETAIL$/m);
        // yurtctl v0.6.1 also runs yurt-hub in cloud mode on the cloud nodes: a servant Job of their own.
        assert.deepStrictEqual(row(r.stdout, "node1"), ["node1", "cloud", "-", "convert", "-", "servant Job, label cloud"]);
        assert.deepStrictEqual(row(r.stdout, edge[0]), [
            edge[0],
            "edge",
            "yes",
            "convert",
            `1/${batches.length}`,
            "servant Job, label edge, autonomy on",
        ]);
        for (const n of edge.slice(1)) {
            const b = batches.findIndex((batch) => batch.includes(n)) + 1;
            assert.deepStrictEqual(row(r.stdout, n), [n, "edge", "no", "convert", `${b}/${batches.length}`, "servant Job, label edge"]);
        }
        assert.match(r.stdout, new RegExp(`${edge.length + 1} to convert; cluster-wide: create: .*yurt-controller-manager`));
        assert.match(r.stdout, /preview only: nothing was changed/);
        assert.match(r.stdout, /^openyurt: v0\.6\.1, provider ack, /m);
        assert.match(r.stdout, /^note: +Kubernetes v1\.\d+\.\d+ is outside what OpenYurt v0\.6\.1 supports .*allowUnsupportedKubernetes is true/m);
        assert.ok(!fs.existsSync(stackFile()), "plan writes no stack");
        await expectClean();
    });

    it("convert --yes: config written (without -a every edge node autonomous, as yurtctl did), Jobs batch by batch with progress, a summary, exit 0", async () => {
        const r = await yurtctl([
            "convert",
            "-c",
            "node1",
            "-p",
            "ack",
            ...V06,
            "--batch-size",
            "2",
            "--wait-servant-job-timeout",
            "90s",
            "--stack",
            stack,
            "--yes",
        ]);
        assert.strictEqual(r.code, 0, `${r.stdout}\n${r.stderr}`);
        assert.deepStrictEqual(stackConfig(), {
            "pulumi-openyurt:cloudNodes": ["node1"],
            "pulumi-openyurt:provider": "ack",
            "pulumi-openyurt:release": "v0.6.1",
            "pulumi-openyurt:allowUnsupportedKubernetes": true,
            "pulumi-openyurt:rollout": { batchSize: 2, jobTimeout: "90s" },
            "pulumi-openyurt:autonomousNodes": ["*"],
        });
        const lines = r.stdout.split("\n");
        const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
        assert.ok(at(/\] node1: labelled cloud$/) >= 0, r.stdout);
        for (const [b, batch] of batches.entries()) {
            const label = `${b + 1}/${batches.length}`;
            for (const n of batch) {
                assert.ok(at(new RegExp(`\\] ${n}: servant Job started \\(batch ${label}\\)$`)) >= 0, `${n} started`);
                assert.ok(at(new RegExp(`\\] ${n}: converted in [0-9.]+s \\(batch ${label}\\)$`)) >= 0, `${n} converted`);
            }
            assert.ok(at(new RegExp(`\\] batch ${label} done: ${batch.length} converted$`)) >= 0, `batch ${label} done`);
            if (b > 0) {
                assert.ok(
                    at(new RegExp(`\\] ${batch[0]}: servant Job started`)) > at(new RegExp(`\\] batch ${b}/${batches.length} done`)),
                    "a batch starts after the previous one is done",
                );
            }
        }
        assert.match(r.stdout, /^NODE +ROLE +BATCH +RESULT +NOTE$/m);
        assert.deepStrictEqual(summaryRow(r.stdout, edge[0]), [edge[0], "edge", `1/${batches.length}`, "converted", "marked autonomous"]);
        assert.match(
            r.stdout,
            new RegExp(`yurtctl convert: done in [0-9.]+s: ${edge.length + 1} converted`),
            "the edge nodes and the cloud node (cloud-mode yurt-hub)",
        );
        assert.strictEqual(await labelOf("node1"), "false");
        for (const n of edge) {
            assert.strictEqual(await labelOf(n), "true", n);
            assert.ok(jobComplete(await convertJob(n)), `${n} Job Complete`);
            assert.strictEqual(await autonomyOf(n), "true", `${n}: yurtctl v0.6.1's convert marked every edge node autonomous without -a`);
        }
        // The tests below start from unmarked nodes.
        const unset = await yurtctl(["markautonomous", "--unset", "--stack", stack, "--yes"]);
        assert.strictEqual(unset.code, 0, unset.stderr);
        for (const n of edge) {
            assert.strictEqual(await autonomyOf(n), undefined, n);
        }
    });

    it("status: role, autonomy, conversion Job and Ready per node, as a table and as JSON", async () => {
        const t = await yurtctl(["status", "--stack", stack]);
        assert.strictEqual(t.code, 0, t.stderr);
        assert.deepStrictEqual(row(t.stdout, "node1"), ["node1", "cloud", "-", "Complete", "True"], "its cloud-mode Job");
        assert.deepStrictEqual(row(t.stdout, edge[0]), [edge[0], "edge", "no", "Complete", "True"]);
        const j = await yurtctl(["status", "--stack", stack, "--output", "json"]);
        assert.strictEqual(j.code, 0, j.stderr);
        const status = JSON.parse(j.stdout);
        assert.strictEqual(status.server, conn.server);
        assert.strictEqual(status.release, "v0.6.1", "the release comes from the stack");
        const byName = Object.fromEntries(status.nodes.map((n: any) => [n.name, n]));
        assert.deepStrictEqual(
            byName.node1,
            {
                name: "node1",
                role: "cloud",
                autonomous: false,
                ready: true,
                readyCondition: "True",
                conversionJob: { name: "node-servant-convert-node1", namespace: "kube-system", state: "Complete" },
            },
            "the cloud-mode yurt-hub Job",
        );
        for (const n of edge) {
            assert.strictEqual(byName[n].role, "edge");
            assert.deepStrictEqual(byName[n].conversionJob, { name: `node-servant-convert-${n}`, namespace: "kube-system", state: "Complete" });
        }
    });

    it("plan after convert: nothing to change (JSON for scripts)", async () => {
        const r = await yurtctl(["plan", "--stack", stack, "--output", "json"]);
        assert.strictEqual(r.code, 0, r.stderr);
        const plan = JSON.parse(r.stdout);
        assert.strictEqual(plan.changes, 0);
        assert.deepStrictEqual(
            plan.nodes.map((n: any) => n.action),
            plan.nodes.map(() => "none"),
        );
        assert.deepStrictEqual(plan.nodes.find((n: any) => n.name === edge[edge.length - 1]).batch, batches.length);
    });

    it("convert without --yes shows the plan and asks; declining changes nothing (exit 4)", async function () {
        if (!hasScript) {
            this.skip(); // no script(1): no pseudo-terminal to answer the prompt in
        }
        const jobBefore = (await convertJob(edge[0])).metadata.uid;
        const r = await yurtctl(["convert", "--node-servant-image", "openyurt/node-servant:v0.6.1-cli", "--stack", stack], { answer: "n" });
        assert.strictEqual(r.code, 4, r.stdout);
        for (const n of edge) {
            assert.deepStrictEqual(
                row(r.stdout, n)?.slice(3),
                ["convert", `${batches.findIndex((b) => b.includes(n)) + 1}/${batches.length}`, "servant Job re-runs"],
                n,
            );
        }
        assert.deepStrictEqual(row(r.stdout, "node1")?.slice(3), ["convert", "-", "servant Job re-runs"], "the cloud node's Job too");
        assert.match(r.stdout, new RegExp(`Convert ${edge.length + 1} node\\(s\\) on stack "${stack}"\\? \\[y/N\\]`));
        assert.match(r.stdout, /not confirmed; nothing was changed/);
        assert.strictEqual(stackConfig()["pulumi-openyurt:images"], undefined, "config not written");
        assert.strictEqual((await convertJob(edge[0])).metadata.uid, jobBefore, "Job not re-run");
    });

    it("markautonomous -a, confirmed at the prompt, annotates only that node", async function () {
        if (!hasScript) {
            this.skip(); // no script(1): no pseudo-terminal to answer the prompt in
        }
        const jobBefore = (await convertJob(edge[0])).metadata.uid;
        const r = await yurtctl(["markautonomous", "-a", edge[0], "--stack", stack], { answer: "y" });
        assert.strictEqual(r.code, 0, r.stdout);
        assert.deepStrictEqual(row(r.stdout, edge[0])?.slice(3), ["annotate", `1/${batches.length}`, "autonomy on"]);
        for (const n of ["node1", ...edge.slice(1)]) {
            assert.strictEqual(row(r.stdout, n)?.[3], "none", n);
        }
        assert.match(r.stdout, /Change the autonomy annotation of 1 node\(s\)/);
        assert.match(r.stdout, new RegExp(`\\] ${edge[0]}: marked autonomous`));
        assert.match(r.stdout, /yurtctl markautonomous: done in [0-9.]+s: 1 marked autonomous/);
        assert.strictEqual(await autonomyOf(edge[0]), "true");
        for (const n of edge.slice(1)) {
            assert.strictEqual(await autonomyOf(n), undefined, n);
        }
        assert.strictEqual((await convertJob(edge[0])).metadata.uid, jobBefore, "nothing else was touched");
        assert.deepStrictEqual(stackConfig()["pulumi-openyurt:autonomousNodes"], [edge[0]]);
    });

    it("markautonomous refuses a cloud node, naming the flag (exit 2)", async () => {
        const r = await yurtctl(["markautonomous", "-a", "node1", "--stack", stack, "--yes"]);
        assert.strictEqual(r.code, 2, r.stderr);
        assert.match(r.stderr, /--autonomous-nodes: node "node1" is a cloud node; only edge nodes can be autonomous/);
        assert.strictEqual(await autonomyOf("node1"), undefined);
    });

    it("markautonomous with no list marks every edge node; --unset -a removes one; --unset removes all", async () => {
        let unmarked = 0;
        for (const n of edge) {
            unmarked += (await autonomyOf(n)) === undefined ? 1 : 0;
        }
        let r = await yurtctl(["markautonomous", "--stack", stack, "--yes"]);
        assert.strictEqual(r.code, 0, `${r.stdout}\n${r.stderr}`);
        assert.deepStrictEqual(stackConfig()["pulumi-openyurt:autonomousNodes"], ["*"]);
        for (const n of edge) {
            assert.strictEqual(await autonomyOf(n), "true", n);
        }
        assert.match(r.stdout, new RegExp(`: ${unmarked} marked autonomous`), "nodes already marked are unchanged");

        r = await yurtctl(["markautonomous", "--unset", "-a", edge[1], "--stack", stack, "--yes"]);
        assert.strictEqual(r.code, 0, `${r.stdout}\n${r.stderr}`);
        assert.deepStrictEqual(
            stackConfig()["pulumi-openyurt:autonomousNodes"],
            edge.filter((n) => n !== edge[1]),
        );
        assert.strictEqual(await autonomyOf(edge[1]), undefined);
        assert.strictEqual(await autonomyOf(edge[0]), "true");
        assert.match(r.stdout, /: 1 autonomy removed/);

        r = await yurtctl(["markautonomous", "--unset", "--stack", stack, "--yes"]);
        assert.strictEqual(r.code, 0, `${r.stdout}\n${r.stderr}`);
        assert.deepStrictEqual(stackConfig()["pulumi-openyurt:autonomousNodes"], []);
        for (const n of edge) {
            assert.strictEqual(await autonomyOf(n), undefined, n);
        }
    });

    it("a failing node: exit 1 naming it, later batches not reached, the Job kept; the next convert converges", async function () {
        if (batches.length < 2) {
            this.skip();
        }
        const failing = batches[0][0];
        cluster("fail-servant", failing);
        failureInjected = true;
        const r = await yurtctl(["convert", "--node-servant-image", "openyurt/node-servant:v0.6.1-cli", "--stack", stack, "--yes"]);
        assert.strictEqual(r.code, 1, `${r.stdout}\n${r.stderr}`);
        assert.match(r.stdout, new RegExp(`\\] ${failing}: FAILED after [0-9.]+s \\(batch 1/${batches.length}\\): .*BackoffLimitExceeded`));
        assert.match(r.stdout, new RegExp(`\\] batch 1/${batches.length} FAILED: .*later batches do not start`));
        assert.deepStrictEqual(summaryRow(r.stdout, failing)?.slice(0, 4), [failing, "edge", `1/${batches.length}`, "FAILED"]);
        assert.match(summaryRow(r.stdout, failing)![4], /InjectedFailure/, "the pod's own reason is in the summary");
        for (const n of batches[1]) {
            assert.deepStrictEqual(summaryRow(r.stdout, n)?.slice(3), ["not reached", "batch 1 failed first"], n);
        }
        assert.match(r.stderr, /yurtctl convert: FAILED after [0-9.]+s: .*1 FAILED/);
        assert.match(r.stderr, new RegExp(`kubectl -n kube-system describe job node-servant-convert-${failing}`));
        assert.ok(jobFailed(await convertJob(failing)), "the failed Job is kept");
        assert.strictEqual(
            (await convertJob(batches[1][0])).spec.template.spec.containers[0].image,
            "openyurt/node-servant:v0.6.1",
            "later batch untouched",
        );
        const s = JSON.parse((await yurtctl(["status", "--stack", stack, "-o", "json"])).stdout);
        assert.strictEqual(s.nodes.find((n: any) => n.name === failing).conversionJob.state, "Failed");

        cluster("heal-servant", failing);
        failureInjected = false;
        const again = await yurtctl(["convert", "--stack", stack, "--yes"]);
        assert.strictEqual(again.code, 0, `${again.stdout}\n${again.stderr}`);
        for (const n of edge) {
            const j = await convertJob(n);
            assert.ok(jobComplete(j), `${n} Complete`);
            assert.strictEqual(j.spec.template.spec.containers[0].image, "openyurt/node-servant:v0.6.1-cli", n);
        }
    });

    it("revert --yes: revert Jobs, labels and annotations gone, nothing left, node lifecycle restored; again: nothing to revert", async () => {
        await yurtctl(["markautonomous", "-a", edge[0], "--stack", stack, "--yes"]);
        const r = await yurtctl(["revert", "--stack", stack, "--yes"]);
        assert.strictEqual(r.code, 0, `${r.stdout}\n${r.stderr}`);
        assert.match(r.stdout, new RegExp(`\\] running revert Jobs: ${["node1", ...edge].join(", ")}`));
        assert.match(r.stdout, /\] node lifecycle handed back to kube-controller-manager/);
        assert.deepStrictEqual(
            row(r.stdout, edge[0])?.slice(3),
            ["revert", "1/" + batches.length, "revert Job, label removed, autonomy off"],
            "the plan",
        );
        assert.deepStrictEqual(summaryRow(r.stdout, edge[0])?.slice(3), ["reverted", "autonomy annotation removed"], "the summary");
        assert.match(r.stdout, new RegExp(`yurtctl revert: done in [0-9.]+s: ${edge.length + 1} reverted`));
        await expectClean();
        const binding = await kubeRequest(conn, "GET", NODE_CONTROLLER_BINDING);
        assert.deepStrictEqual(
            binding.subjects,
            [{ kind: "ServiceAccount", name: "node-controller", namespace: "kube-system" }],
            "node lifecycle restored",
        );

        const info = await kubeRequest(conn, "GET", "/api/v1/namespaces/kube-public/configmaps/cluster-info");
        assert.deepStrictEqual(
            [info.data.kubeconfig, info.metadata.labels?.["app.kubernetes.io/managed-by"]],
            [THEIR_CLUSTER_INFO, undefined],
            "the cluster's own cluster-info is left as it was",
        );

        const again = await yurtctl(["revert", "--stack", stack, "--yes"]);
        assert.strictEqual(again.code, 0, again.stderr);
        assert.match(again.stdout, /nothing to revert/);
        fs.rmSync(stackFile());
    });
});
