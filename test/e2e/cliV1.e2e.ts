import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { kubeGetOptional, kubeRequest } from "../../components/kube/client";
import { KubeConnection } from "../../components/kube/kubeconfig";
import { connection, kubeconfigFile, node, projectCopy, repo } from "./harness";

/**
 * The yurtctl CLI end to end with OpenYurt v1.7.0, the default release: the real bin, the real
 * engine, the local control plane with the real yurt-manager (run by scripts/cluster.sh's
 * supervisor once the chart's Deployment exists), the charts from OpenYurt's v1.7.0 source beside
 * the repository (no chart repository is reachable here). convert → status → plan (nothing to do)
 * → markautonomous → revert, a few minutes. Leaves the cluster as it found it.
 */

const POOL = "apps.openyurt.io/nodepool";
const EDGE = "openyurt.io/is-edge-worker";
const AUTONOMY = "node.openyurt.io/autonomy-duration";
const CONDITION = "YurtNodeConversionFailed";
const bin = path.join(repo, "cli", "yurtctl.js");
/** As the local stack names it, relative to the repository (the CLI stores it absolute). */
const chartsArg = process.env.OPENYURT_CHARTS_PATH ?? "../shared/third_party/openyurt-v1.7.0/charts";
const chartsDir = path.resolve(repo, chartsArg);

interface Run { code: number; stdout: string; stderr: string; ms: number }

describe("yurtctl CLI, OpenYurt v1.7.0 (yurt-manager), against a real API server and the real yurt-manager", function () {
    this.timeout(10 * 60 * 1000);
    let conn: KubeConnection;
    let dir: string;
    const stack = `cliv1${Date.now() % 100000}`;
    let edge: string[] = [];
    let batches: string[][] = [];

    const env = () => ({
        ...process.env,
        PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
        PULUMI_CONFIG_PASSPHRASE: "e2e-cli-v1",
        KUBECONFIG: kubeconfigFile,
        YURTCTL_PROJECT_DIR: dir,
    });
    const yurtctl = (args: string[]): Promise<Run> => new Promise((resolve, reject) => {
        const start = Date.now();
        const child = spawn(process.execPath, [bin, ...args], { env: env(), cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => {
            // YURTCTL_E2E_TRANSCRIPT=FILE keeps every command and its output (the docs' examples come from there).
            if (process.env.YURTCTL_E2E_TRANSCRIPT) {
                fs.appendFileSync(process.env.YURTCTL_E2E_TRANSCRIPT, `$ yurtctl ${args.join(" ")}\n${stdout}${stderr}$ echo $?\n${code}\n\n`);
            }
            resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - start });
        });
    });
    const stackFile = () => path.join(dir, "stacks", `Pulumi.${stack}.yaml`);
    const stackConfig = () => parse(fs.readFileSync(stackFile(), "utf8")).config;
    const row = (out: string, name: string) => out.split("\n").find((l) => l.startsWith(`${name} `))?.trim().split(/ {2,}/);
    const summaryRow = (out: string, name: string) => out.split("\n").reverse().find((l) => l.startsWith(`${name} `))?.trim().split(/ {2,}/);
    const conditionOf = (n: any) => (n.status?.conditions ?? []).find((c: any) => c.type === CONDITION);
    const batchOf = (n: string) => `${batches.findIndex((b) => b.includes(n)) + 1}/${batches.length}`;
    const log = (r: Run) => `exit ${r.code} after ${r.ms} ms\n${r.stdout}\n${r.stderr}`;
    const expectClean = async () => {
        for (const n of ["node1", ...edge]) {
            const labels = (await node(conn, n)).metadata.labels ?? {};
            assert.strictEqual(labels[POOL], undefined, `${n} pool label`);
            assert.strictEqual(labels[EDGE], undefined, `${n} edge label`);
            assert.strictEqual((await node(conn, n)).metadata.annotations?.[AUTONOMY], undefined, `${n} autonomy`);
        }
    };

    before(async () => {
        assert.ok(fs.existsSync(path.join(chartsDir, "yurt-manager", "Chart.yaml")), `OpenYurt's v1.7.0 charts at ${chartsDir} (set OPENYURT_CHARTS_PATH)`);
        conn = connection();
        const names: string[] = (await kubeRequest(conn, "GET", "/api/v1/nodes")).items.map((n: any) => n.metadata.name).sort();
        assert.ok(names.includes("node1") && names.length >= 3, `the local cluster has node1 and at least two more nodes (has ${names.join(", ")})`);
        edge = names.filter((n) => n !== "node1");
        for (let i = 0; i < edge.length; i += 2) {
            batches.push(edge.slice(i, i + 2));
        }
        await expectClean();
        dir = projectCopy();
    });

    after(async () => {
        if (dir && fs.existsSync(stackFile())) {
            const r = await yurtctl(["revert", "--stack", stack, "--yes"]);
            if (r.code !== 0) {
                console.error(`cleanup revert failed:\n${log(r)}`);
            }
        }
        if (dir) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("plan: per node its NodePool, action and batch; no --provider needed; nothing written", async () => {
        const r = await yurtctl(["plan", "-c", "node1", "--charts-path", chartsArg, "--batch-size", "2", "-a", edge[0], "--stack", stack]);
        assert.strictEqual(r.code, 0, log(r));
        assert.match(r.stdout, /^openyurt: v1\.7\.0 \(yurt-manager\), cloud: node1 in NodePool cloud, /m);
        assert.match(r.stdout, new RegExp(`^charts: +${chartsDir.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`, "m"));
        assert.match(r.stdout, /^NODE +ROLE +POOL +AUTONOMY +ACTION +BATCH +DETAIL$/m);
        assert.deepStrictEqual(row(r.stdout, "node1"), ["node1", "cloud", "cloud", "-", "convert", "-", "joins NodePool cloud"]);
        assert.deepStrictEqual(row(r.stdout, edge[0]), [edge[0], "edge", "edge", "yes (0)", "convert", batchOf(edge[0]), "joins NodePool edge; yurt-manager converts it, autonomy on (autonomy-duration 0)"]);
        for (const n of edge.slice(1)) {
            assert.deepStrictEqual(row(r.stdout, n), [n, "edge", "edge", "no", "convert", batchOf(n), "joins NodePool edge; yurt-manager converts it"]);
        }
        assert.match(r.stdout, new RegExp(`${edge.length + 1} to convert; cluster-wide: create: yurt-manager chart, yurt-manager readiness gate, yurthub chart, NodePools`));
        assert.ok(!fs.existsSync(stackFile()), "plan writes no stack");
        await expectClean();
    });

    it("convert --yes: charts, NodePools, each node labelled and converted by yurt-manager batch by batch, per-node progress, exit 0", async () => {
        const r = await yurtctl(["convert", "-c", "node1", "--charts-path", chartsArg, "--batch-size", "2", "--wait-servant-job-timeout", "3m", "--stack", stack, "--yes"]);
        assert.strictEqual(r.code, 0, log(r));
        assert.deepStrictEqual(stackConfig(), {
            "pulumi-openyurt:cloudNodes": ["node1"],
            "pulumi-openyurt:charts": { path: chartsDir },
            "pulumi-openyurt:rollout": { batchSize: 2, jobTimeout: "3m" },
        });
        const lines = r.stdout.split("\n");
        const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
        assert.ok(at(/\] installing the yurt-manager chart /) >= 0, `chart\n${r.stdout}`);
        assert.ok(at(/\] yurt-manager's webhooks answer$/) >= 0, "gate");
        assert.ok(at(/\] NodePool edge created$/) >= 0, "pool");
        assert.ok(at(/\] node1: labelled into NodePool cloud$/) >= 0, "cloud node");
        for (const n of edge) {
            const labelled = at(new RegExp(`\\] ${n}: labelled into NodePool edge \\(batch ${batchOf(n)}\\)$`));
            const converted = at(new RegExp(`\\] ${n}: converted in [0-9.]+s \\(batch ${batchOf(n)}\\)$`));
            assert.ok(labelled >= 0 && converted > labelled, `${n}: labelled, then converted`);
        }
        for (const [b, batch] of batches.entries()) {
            const done = at(new RegExp(`\\] batch ${b + 1}/${batches.length} done: ${batch.length} converted$`));
            assert.ok(done >= 0, `batch ${b + 1} done`);
            if (b + 1 < batches.length) {
                assert.ok(at(new RegExp(`\\] ${batches[b + 1][0]}: labelled into NodePool`)) > done, "the next batch is labelled only after this one is converted");
            }
        }
        assert.match(r.stdout, /^NODE +ROLE +POOL +BATCH +RESULT +NOTE$/m);
        assert.deepStrictEqual(summaryRow(r.stdout, "node1"), ["node1", "cloud", "cloud", "-", "labelled", "NodePool cloud"]);
        assert.deepStrictEqual(summaryRow(r.stdout, edge[0]), [edge[0], "edge", "edge", batchOf(edge[0]), "converted", "NodePool edge"]);
        assert.match(r.stdout, new RegExp(`yurtctl convert: done in [0-9.]+s: ${edge.length} converted, 1 labelled`));
        assert.strictEqual((await node(conn, "node1")).metadata.labels[POOL], "cloud");
        for (const n of edge) {
            const live = await node(conn, n);
            assert.strictEqual(live.metadata.labels[POOL], "edge", n);
            assert.strictEqual(live.metadata.labels[EDGE], "true", `${n} converted by yurt-manager`);
            assert.strictEqual(conditionOf(live)?.reason, "Converted", n);
        }
    });

    it("status: NodePool, is-edge-worker, conversion condition, Job, autonomy, Ready per node (the release from the stack)", async () => {
        const t = await yurtctl(["status", "--stack", stack]);
        assert.strictEqual(t.code, 0, log(t));
        assert.match(t.stdout, /; OpenYurt v1\.7\.0\n/);
        assert.match(t.stdout, /^NODE +ROLE +POOL +EDGE-WORKER +CONVERSION +JOB +AUTONOMY +READY$/m);
        assert.deepStrictEqual(row(t.stdout, "node1"), ["node1", "cloud", "cloud", "-", "-", "-", "-", "True"]);
        for (const n of edge) {
            assert.deepStrictEqual(row(t.stdout, n), [n, "edge", "edge", "true", "Converted", "Complete", "no", "True"], n);
        }
        const j = await yurtctl(["status", "--stack", stack, "-o", "json"]);
        assert.strictEqual(j.code, 0, log(j));
        const status = JSON.parse(j.stdout);
        assert.strictEqual(status.release, "v1.7.0");
        const n2 = status.nodes.find((n: any) => n.name === edge[0]);
        assert.strictEqual(n2.pool, "edge");
        assert.strictEqual(n2.edgeWorker, true);
        assert.strictEqual(n2.conversion.reason, "Converted");
        assert.deepStrictEqual(n2.conversionJob, { name: `node-servant-conversion-${edge[0]}`, namespace: "kube-system", state: "Complete" });
        assert.strictEqual(n2.unschedulable, false);
    });

    it("plan after convert: nothing to change (JSON)", async () => {
        const r = await yurtctl(["plan", "--stack", stack, "-o", "json"]);
        assert.strictEqual(r.code, 0, log(r));
        const plan = JSON.parse(r.stdout);
        assert.strictEqual(plan.release, "v1.7.0");
        assert.strictEqual(plan.changes, 0, JSON.stringify(plan.otherChanges));
        assert.deepStrictEqual(plan.nodes.map((n: any) => n.action), plan.nodes.map(() => "none"));
        assert.deepStrictEqual(plan.nodes.map((n: any) => n.pool), ["cloud", ...edge.map(() => "edge")]);
    });

    it("markautonomous -a NODE --autonomy-duration 30m: only that node's annotation", async () => {
        const r = await yurtctl(["markautonomous", "-a", edge[0], "--autonomy-duration", "30m", "--stack", stack, "--yes"]);
        assert.strictEqual(r.code, 0, log(r));
        assert.match(r.stdout, new RegExp(`\\] ${edge[0]}: autonomy on \\(autonomy-duration 30m\\)`));
        assert.deepStrictEqual(summaryRow(r.stdout, edge[0])?.slice(4), ["marked autonomous", "autonomy-duration 30m"]);
        assert.match(r.stdout, /yurtctl markautonomous: done in [0-9.]+s: 1 marked autonomous/);
        assert.strictEqual((await node(conn, edge[0])).metadata.annotations?.[AUTONOMY], "30m");
        for (const n of edge.slice(1)) {
            assert.strictEqual((await node(conn, n)).metadata.annotations?.[AUTONOMY], undefined, n);
        }
        assert.deepStrictEqual(stackConfig()["pulumi-openyurt:autonomousNodes"], [edge[0]]);
        assert.strictEqual(stackConfig()["pulumi-openyurt:autonomyDuration"], "30m");
    });

    it("revert --yes: every node out of its pool and reverted by yurt-manager, NodePools and charts gone; again: nothing to revert", async () => {
        const r = await yurtctl(["revert", "--stack", stack, "--yes"]);
        assert.strictEqual(r.code, 0, log(r));
        assert.deepStrictEqual(row(r.stdout, edge[0])?.slice(4), ["revert", batchOf(edge[0]), "leaves NodePool edge; yurt-manager reverts it, autonomy off"], "the plan");
        for (const n of edge) {
            assert.match(r.stdout, new RegExp(`\\] ${n}: taken out of NodePool edge; yurt-manager reverts it`), n);
            assert.match(r.stdout, new RegExp(`\\] ${n}: reverted`), n);
        }
        assert.match(r.stdout, /\] yurt-manager chart uninstalled/);
        assert.deepStrictEqual(summaryRow(r.stdout, edge[0])?.slice(4), ["reverted", "out of NodePool edge"], "the summary");
        assert.match(r.stdout, new RegExp(`yurtctl revert: done in [0-9.]+s: ${edge.length + 1} reverted`));
        await expectClean();
        for (const n of edge) {
            assert.strictEqual(conditionOf(await node(conn, n))?.reason, "Reverted", n);
        }
        assert.strictEqual(await kubeGetOptional(conn, "/apis/apps/v1/namespaces/kube-system/deployments/yurt-manager"), undefined, "yurt-manager uninstalled");

        const again = await yurtctl(["revert", "--stack", stack, "--yes"]);
        assert.strictEqual(again.code, 0, log(again));
        assert.match(again.stdout, /nothing to revert/);
        fs.rmSync(stackFile());
    });
});
