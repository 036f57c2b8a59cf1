import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { kubeGetOptional, kubeRequest } from "../../components/core/kube/client";
import { KubeConnection } from "../../components/core/kube/kubeconfig";
import { projectCopy } from "../../support/engineStack";
import { connection, kubeconfigFile, repo } from "../../support/localCluster";
import { CONDITION, EDGE, node, POOL, tableRow } from "./harness";

/**
 * The yurtctl CLI end to end with OpenYurt v1.7.0, the default release: the real bin, the real
 * engine, the local control plane with the real yurt-manager (run by scripts/cluster.sh's
 * supervisor once the chart's Deployment exists), the charts from OpenYurt's v1.7.0 source beside
 * the repository (no chart repository is reachable here). convert → status → plan (nothing to do)
 * → a killed run's lock → markautonomous → revert, a few minutes. Leaves the cluster as it found it.
 * From convert on, the stack reaches the cluster through a kubeconfig whose current-context points
 * at a port nothing listens on: only `--context` (kubeconfigContext) makes any of it work.
 */

const AUTONOMY = "node.openyurt.io/autonomy-duration";
const bin = path.join(repo, "cli", "yurtctl.js");
/** As the local stack names it, relative to the repository (the CLI stores it absolute). */
const chartsArg = process.env.OPENYURT_CHARTS_PATH ?? "../shared/third_party/openyurt-v1.7.0/charts";
const chartsDir = path.resolve(repo, chartsArg);
/** The context of the local cluster in the two-context kubeconfig the stack is converted with. */
const CONTEXT = "edge-admin";

interface Run {
    code: number;
    stdout: string;
    stderr: string;
    ms: number;
}

describe("yurtctl CLI, OpenYurt v1.7.0 (yurt-manager), against a real API server and the real yurt-manager", function () {
    this.timeout(10 * 60 * 1000);
    let conn: KubeConnection;
    let dir: string;
    const stack = `cliv1${Date.now() % 100000}`;
    let edge: string[] = [];
    const batches: string[][] = [];
    /** Two contexts: the current one unreachable, CONTEXT the local cluster. */
    let twoContexts: string;

    const env = () => ({
        ...process.env,
        PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
        PULUMI_CONFIG_PASSPHRASE: "e2e-cli-v1",
        KUBECONFIG: kubeconfigFile,
        YURTCTL_PROJECT_DIR: dir,
    });
    const yurtctl = (args: string[]): Promise<Run> =>
        new Promise((resolve, reject) => {
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
    const row = (out: string, name: string) => tableRow(out, name);
    const summaryRow = (out: string, name: string) => tableRow(out, name, { last: true });
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
        assert.ok(
            fs.existsSync(path.join(chartsDir, "yurt-manager", "Chart.yaml")),
            `OpenYurt's v1.7.0 charts at ${chartsDir} (set OPENYURT_CHARTS_PATH)`,
        );
        conn = connection();
        const names: string[] = (await kubeRequest(conn, "GET", "/api/v1/nodes")).items.map((n: any) => n.metadata.name).sort();
        assert.ok(names.includes("node1") && names.length >= 3, `the local cluster has node1 and at least two more nodes (has ${names.join(", ")})`);
        edge = names.filter((n) => n !== "node1");
        for (let i = 0; i < edge.length; i += 2) {
            batches.push(edge.slice(i, i + 2));
        }
        await expectClean();
        dir = projectCopy();
        const admin = parse(fs.readFileSync(kubeconfigFile, "utf8"));
        const real = admin.contexts.find((c: any) => c.name === admin["current-context"]) ?? admin.contexts[0];
        const cluster = admin.clusters.find((c: any) => c.name === real.context.cluster);
        twoContexts = path.join(dir, "two-contexts.kubeconfig");
        fs.writeFileSync(
            twoContexts,
            stringify({
                ...admin,
                "current-context": "unreachable",
                clusters: [...admin.clusters, { name: "unreachable", cluster: { ...cluster.cluster, server: "https://127.0.0.1:9" } }],
                contexts: [
                    { name: "unreachable", context: { ...real.context, cluster: "unreachable" } },
                    { name: CONTEXT, context: real.context },
                ],
            }),
            { mode: 0o600 },
        );
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
        assert.deepStrictEqual(row(r.stdout, edge[0]), [
            edge[0],
            "edge",
            "edge",
            "yes (0)",
            "convert",
            batchOf(edge[0]),
            "joins NodePool edge; yurt-manager converts it, autonomy on (autonomy-duration 0)",
        ]);
        for (const n of edge.slice(1)) {
            assert.deepStrictEqual(row(r.stdout, n), [
                n,
                "edge",
                "edge",
                "no",
                "convert",
                batchOf(n),
                "joins NodePool edge; yurt-manager converts it",
            ]);
        }
        assert.match(
            r.stdout,
            new RegExp(
                `${edge.length + 1} to convert; cluster-wide: create: yurt-manager chart, yurt-manager readiness gate, yurthub chart, NodePools`,
            ),
        );
        assert.ok(!fs.existsSync(stackFile()), "plan writes no stack");
        await expectClean();
    });

    it("convert --yes --context -o json: charts, NodePools, each node labelled and converted by yurt-manager batch by batch, progress on stderr, the JSON summary on stdout, exit 0", async () => {
        const r = await yurtctl([
            "convert",
            "-c",
            "node1",
            "--charts-path",
            chartsArg,
            "--batch-size",
            "2",
            "--wait-servant-job-timeout",
            "3m",
            "--stack",
            stack,
            "--kubeconfig",
            twoContexts,
            "--context",
            CONTEXT,
            "-yo",
            "json",
        ]);
        assert.strictEqual(r.code, 0, log(r));
        assert.deepStrictEqual(stackConfig(), {
            "pulumi-openyurt:cloudNodes": ["node1"],
            "pulumi-openyurt:charts": { path: chartsDir },
            "pulumi-openyurt:rollout": { batchSize: 2, jobTimeout: "3m" },
            "pulumi-openyurt:kubeconfig": twoContexts,
            "pulumi-openyurt:kubeconfigContext": CONTEXT,
        });
        const json = JSON.parse(r.stdout);
        assert.deepStrictEqual([json.command, json.stack, json.release, json.outcome, json.exitCode], ["convert", stack, "v1.7.0", "succeeded", 0]);
        assert.deepStrictEqual(json.totals, { converted: edge.length, labelled: 1 });
        assert.deepStrictEqual(json.configUpdated.sort(), ["charts", "cloudNodes", "kubeconfig", "kubeconfigContext", "rollout"]);
        assert.deepStrictEqual(
            json.nodes.find((n: any) => n.name === "node1"),
            { name: "node1", role: "cloud", pool: "cloud", batch: "-", result: "labelled", note: "NodePool cloud" },
        );
        for (const n of edge) {
            assert.deepStrictEqual(
                json.nodes.find((x: any) => x.name === n),
                { name: n, role: "edge", pool: "edge", batch: batchOf(n), result: "converted", note: "NodePool edge" },
            );
        }
        assert.ok(json.elapsedSeconds > 0 && json.errors.length === 0, r.stdout);
        // Everything for a human went to stderr, uncoloured (not a terminal).
        assert.match(r.stderr, new RegExp(`^cluster: +https://127\\.0\\.0\\.1:\\d+, context "${CONTEXT}", `, "m"));
        assert.ok(!r.stderr.includes("\x1b["), "no colour off a terminal");
        const lines = r.stderr.split("\n");
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
                assert.ok(
                    at(new RegExp(`\\] ${batches[b + 1][0]}: labelled into NodePool`)) > done,
                    "the next batch is labelled only after this one is converted",
                );
            }
        }
        assert.match(r.stderr, /^NODE +ROLE +POOL +BATCH +RESULT +NOTE$/m);
        assert.deepStrictEqual(summaryRow(r.stderr, "node1"), ["node1", "cloud", "cloud", "-", "labelled", "NodePool cloud"]);
        assert.deepStrictEqual(summaryRow(r.stderr, edge[0]), [edge[0], "edge", "edge", batchOf(edge[0]), "converted", "NodePool edge"]);
        assert.match(r.stderr, new RegExp(`yurtctl convert: done in [0-9.]+s: ${edge.length} converted, 1 labelled`));
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
        assert.match(
            t.stdout,
            new RegExp(`^cluster: https://127\\.0\\.0\\.1:\\d+, context "${CONTEXT}", \\d+ nodes; OpenYurt v1\\.7\\.0\\n`),
            "the stack's context",
        );
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
        assert.deepStrictEqual(
            plan.nodes.map((n: any) => n.action),
            plan.nodes.map(() => "none"),
        );
        assert.deepStrictEqual(
            plan.nodes.map((n: any) => n.pool),
            ["cloud", ...edge.map(() => "edge")],
        );
    });

    it("a run killed mid-way leaves the stack locked: the next command names that run and `yurtctl unlock`, which clears it", async () => {
        const locks = path.join(dir, "state", ".pulumi", "locks", "organization", "pulumi-openyurt", stack);
        const lockFiles = () => (fs.existsSync(locks) ? fs.readdirSync(locks).filter((f) => f.endsWith(".json")) : []);
        // A convert with nothing to change still runs `pulumi up` (no preview with --yes), which locks the stack.
        const child = spawn(process.execPath, [bin, "convert", "--stack", stack, "--yes"], {
            env: env(),
            cwd: repo,
            stdio: "ignore",
            detached: true,
        });
        const until = Date.now() + 120000;
        while (lockFiles().length === 0 && Date.now() < until && child.exitCode === null) {
            await new Promise((r) => setTimeout(r, 50));
        }
        assert.strictEqual(lockFiles().length, 1, "the engine took its lock");
        process.kill(-child.pid!, "SIGKILL");
        await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(undefined) : child.on("exit", r)));
        await new Promise((r) => setTimeout(r, 1000));
        assert.strictEqual(lockFiles().length, 1, "a killed run leaves its lock");
        const lock = JSON.parse(fs.readFileSync(path.join(locks, lockFiles()[0]), "utf8"));
        // The engine runs in a process group of its own and ends once its parent is gone: wait for that
        // (a second or two, longer on a loaded machine) so the run is really over before the next command.
        const alive = (pid: number) => {
            try {
                process.kill(pid, 0);
                return true;
            } catch {
                return false;
            }
        };
        for (const end = Date.now() + 60000; alive(lock.pid) && Date.now() < end;) {
            await new Promise((r) => setTimeout(r, 200));
        }
        assert.ok(!alive(lock.pid), `the killed run's engine (pid ${lock.pid}) ended`);

        const refused = await yurtctl(["markautonomous", "-a", edge[0], "--stack", stack, "--yes"]);
        assert.strictEqual(refused.code, 3, log(refused));
        assert.match(
            refused.stderr,
            new RegExp(
                `^yurtctl: stack "${stack}" is locked by a run that did not finish: pulumi pid ${lock.pid} of ${lock.username}@${lock.hostname.replace(/\./g, "\\.")}, started .*; that process is no longer running`,
            ),
        );
        assert.match(refused.stderr, new RegExp(`Clear the lock with \`yurtctl unlock --stack ${stack}\`, then run the command again\\.`));
        assert.ok(!/currently locked/.test(refused.stderr), "not the engine's raw text");
        assert.strictEqual(stackConfig()["pulumi-openyurt:autonomousNodes"], undefined, "nothing was written");

        const unlocked = await yurtctl(["unlock", "--stack", stack, "--yes"]);
        assert.strictEqual(unlocked.code, 0, log(unlocked));
        assert.match(unlocked.stdout, new RegExp(`stack "${stack}" unlocked; run `));
        assert.deepStrictEqual(lockFiles(), [], "pulumi cancel removed the lock");
        const again = await yurtctl(["unlock", "--stack", stack]);
        assert.match(again.stdout, /is not locked/);
    });

    it("markautonomous -a NODE --autonomy-duration 30m: only that node's annotation (the run after the killed one converges)", async () => {
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
        assert.deepStrictEqual(
            row(r.stdout, edge[0])?.slice(4),
            ["revert", batchOf(edge[0]), "leaves NodePool edge; yurt-manager reverts it, autonomy off"],
            "the plan",
        );
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
        assert.strictEqual(
            await kubeGetOptional(conn, "/apis/apps/v1/namespaces/kube-system/deployments/yurt-manager"),
            undefined,
            "yurt-manager uninstalled",
        );

        const again = await yurtctl(["revert", "--stack", stack, "--yes"]);
        assert.strictEqual(again.code, 0, log(again));
        assert.match(again.stdout, /nothing to revert/);
        fs.rmSync(stackFile());
    });
});
