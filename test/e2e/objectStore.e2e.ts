import * as assert from "assert";
import { execFile, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { KubeConnection } from "../../components/core/kube/kubeconfig";
import { ObjectStore, startObjectStore } from "../../support/objectStore";
import { E2EStack, newStack } from "../../support/engineStack";
import { connection, kubeconfigFile, openyurtCharts as CHARTS } from "../../support/localCluster";
import { expectNoChange, getOptional, node, pathsContaining } from "./harness";

const POOL = "apps.openyurt.io/nodepool";
const EDGE = "openyurt.io/is-edge-worker";
const NODEPOOLS = "/apis/apps.openyurt.io/v1beta2/nodepools";
const PREFIX = "fleet";
/** What OSS needs (README, "Team use"): no aws-chunked uploads with trailing checksums. */
const OSS_CHECKSUMS = { request_checksum_calculation: "when_required", response_checksum_validation: "when_required" };

interface LockContent {
    pid: number;
    username: string;
    hostname: string;
    timestamp: string;
}

/**
 * Team use: the stack's state only in an S3-compatible object store (what OSS is to the engine), with
 * the engine's stack lock. The store is versitygw (a real S3 server, built by scripts/toolchain.sh) on
 * 127.0.0.1 over a folder in the cache; the engine reaches it through `s3://…?endpoint=…&region=…`.
 * Against the local control plane and the real yurt-manager, OpenYurt v1.7.0, one edge node.
 */
describe("state on an S3 object store (versitygw): no local state, the stack lock, an interrupted run", function () {
    this.timeout(10 * 60 * 1000);
    let conn: KubeConnection;
    let store: ObjectStore;
    let s: E2EStack;
    let backendUrl = "";
    const config = { cloudNodes: ["node1"], edgeNodes: ["node3"], charts: { path: CHARTS }, rollout: { jobTimeout: "2m" } };
    const noKubeconfig = path.join(os.tmpdir(), "openyurt-e2e-no-such-kubeconfig");

    /** Object keys (relative to the bucket) of this stack's lock files. */
    const locks = () =>
        store.objects().filter((k) => k.startsWith(`${PREFIX}/.pulumi/locks/`) && k.endsWith(".json") && k.split("/").slice(-2)[0] === s.name);
    const checkpointKey = () => `${PREFIX}/.pulumi/stacks/pulumi-openyurt/${s.name}.json`;
    const waitFor = async <T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const v = await probe();
            if (v !== undefined) {
                return v;
            }
            if (Date.now() > deadline) {
                throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
            }
            await new Promise((r) => setTimeout(r, 200));
        }
    };
    /** A project copy on "another machine": the committed stack file, no state folder in use, no kubeconfig file. */
    const otherCopy = async () => {
        const o = await newStack(s.name, { backendUrl, env: { ...store.engineEnv(), KUBECONFIG: noKubeconfig } });
        fs.copyFileSync(path.join(s.dir, "stacks", `Pulumi.${s.name}.yaml`), path.join(o.dir, "stacks", `Pulumi.${s.name}.yaml`));
        return o;
    };

    before(async () => {
        assert.ok(fs.existsSync(path.join(CHARTS, "yurt-manager", "Chart.yaml")), `OpenYurt's charts at ${CHARTS}`);
        assert.ok(!fs.existsSync(noKubeconfig));
        conn = connection();
        for (const n of ["node1", "node3"]) {
            const l = (await node(conn, n)).metadata.labels ?? {};
            assert.deepStrictEqual([l[POOL], l[EDGE]], [undefined, undefined], `${n} starts unconverted`);
        }
        store = await startObjectStore();
        backendUrl = store.backendUrl(PREFIX, OSS_CHECKSUMS);
        s = await newStack(`s3${Date.now() % 100000}`, { backendUrl, env: store.engineEnv() });
        s.configure(config);
        // The kubeconfig lives in the stack's config as a secret, so another machine needs no kubeconfig file.
        await s.stack.setConfig("pulumi-openyurt:kubeconfig", { value: fs.readFileSync(kubeconfigFile, "utf8"), secret: true });
    });

    after(async () => {
        await store?.stop({ keep: !!process.env.E2E_KEEP });
    });

    it("versitygw listens on 127.0.0.1 only; the engine signs for the URL's region with the given keys, and says so when they are wrong", async () => {
        const listening = await new Promise<string>((resolve) => execFile("ss", ["-Hltnp"], (_e, out) => resolve(out)));
        const mine = listening.split("\n").filter((l) => l.includes(`pid=${store.pid},`));
        assert.deepStrictEqual(
            mine.map((l) => l.trim().split(/\s+/)[3]),
            [`127.0.0.1:${store.port}`],
            `versitygw's listeners:\n${mine.join("\n")}`,
        );
        const stackLs = (env: Record<string, string>) =>
            new Promise<{ code: number; text: string }>((resolve) =>
                execFile(
                    "pulumi",
                    ["stack", "ls", "--non-interactive"],
                    {
                        cwd: s.dir,
                        env: { ...process.env, ...s.env, ...env },
                    },
                    (e, out, err) => resolve({ code: (e as any)?.code ?? 0, text: `${out}${err}` }),
                ),
            );
        const ok = await stackLs({});
        assert.strictEqual(ok.code, 0, ok.text);
        const wrongSecret = await stackLs({ AWS_SECRET_ACCESS_KEY: "not-the-secret" });
        assert.notStrictEqual(wrongSecret.code, 0);
        assert.match(wrongSecret.text, /\.pulumi\/meta\.yaml[\s\S]*StatusCode: 403[\s\S]*SignatureDoesNotMatch/, "S3's own error reaches the user");
        const wrongRegion = await stackLs({ PULUMI_BACKEND_URL: backendUrl.replace(`region=${store.region}`, "region=oss-cn-hangzhou") });
        assert.notStrictEqual(wrongRegion.code, 0);
        assert.match(
            wrongRegion.text,
            /AuthorizationHeaderMalformed[\s\S]*the region "oss-cn-hangzhou" is wrong; expecting "cn-hangzhou"/,
            "signed for the URL's region",
        );
        // Our own signed request with the engine's region works, a wrong secret does not.
        assert.strictEqual((await store.request("GET", store.bucket, { query: { "list-type": "2" } })).status, 200);
        assert.strictEqual((await store.request("GET", store.bucket, { query: { "list-type": "2" }, secretKey: "x" })).status, 403);
    });

    it("previews a fresh conversion with the stack only in the bucket: nothing local, nothing changed in the cluster", async () => {
        const { events } = await s.preview();
        assert.ok(events.names("create").includes("openyurt-nodepool-members"), `plans the conversion: ${events.names("create")}`);
        const objects = store.objects();
        assert.ok(objects.includes(checkpointKey()), `the stack lives in the bucket under its prefix: ${objects.join(", ")}`);
        assert.ok(objects.includes(`${PREFIX}/.pulumi/meta.yaml`), "the backend's meta.yaml too");
        assert.deepStrictEqual(fs.readdirSync(path.join(s.dir, "state")), [], "the file-backend folder is unused");
        assert.ok(!fs.existsSync(path.join(s.dir, ".pulumi")), "no .pulumi folder in the project");
        assert.deepStrictEqual(locks(), [], "a preview leaves no lock behind");
        assert.strictEqual((await node(conn, "node3")).metadata.labels?.[POOL], undefined, "preview changed nothing");
    });

    let killedPid = 0;
    it("a run killed mid-way leaves its lock; the next up is refused at once, naming the lock, who holds it and `pulumi cancel`", async () => {
        // A `pulumi up` of our own (its own process group), SIGKILLed while it waits for yurt-manager's webhooks:
        // the chart is applied and recorded, the gate's create is pending, and nothing the run created is
        // missing from the state. (Killed in the middle of the chart, objects it created but never recorded
        // collide with the next run's server-side apply; that recovery is documented, not tested here.)
        const run = spawn("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", s.name], {
            cwd: s.dir,
            env: { ...process.env, ...s.env },
            detached: true,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        run.stdout!.on("data", (d) => (output += d));
        run.stderr!.on("data", (d) => (output += d));
        const exited = new Promise<void>((r) => run.once("exit", () => r()));
        killedPid = run.pid!;
        try {
            await waitFor(
                "the webhook gate's create (the yurt-manager chart applied)",
                async () => (run.exitCode === null ? /openyurt-yurt-manager-ready creating/.test(output) || undefined : "exited"),
                180000,
            );
        } finally {
            try {
                process.kill(-run.pid!, "SIGKILL");
            } catch {
                /* the run had already ended: the assertion below says how */
            }
            await exited;
        }
        assert.strictEqual(run.signalCode, "SIGKILL", `the run was still going when killed:\n${output.slice(-2000)}`);

        const left = locks();
        assert.strictEqual(left.length, 1, `the killed run's lock is still in the bucket: ${store.objects().join(", ")}`);
        const lock: LockContent = JSON.parse(store.read(left[0]).toString());
        assert.strictEqual(lock.pid, killedPid, "the lock names the killed process");
        // Whether the gate's pending create reached the bucket before the SIGKILL depends on timing (under CI
        // load it did not): the next test clears whatever was left pending either way.

        const t = performance.now();
        const { error, events } = await s.upFails();
        const seconds = (performance.now() - t) / 1000;
        assert.match(error, /the stack is currently locked by 1 lock\(s\)/);
        assert.match(error, /`pulumi cancel`/, "the way to clear it");
        assert.ok(error.includes(`${lock.username}@${lock.hostname} (pid ${killedPid})`), `who holds it: ${error}`);
        assert.ok(error.includes(`s3://${store.bucket}/${left[0]}`), `where the lock is: ${error}`);
        assert.deepStrictEqual(events.changes(), [], "no resource step");
        assert.ok(seconds < 30, `refused in ${seconds.toFixed(1)} s, before running the program`);
    });

    it("after `pulumi cancel` (and a refresh that drops what the killed run left pending), an up converges while a second up from another machine is refused at once", async () => {
        await s.stack.cancel();
        assert.deepStrictEqual(locks(), [], "pulumi cancel removed the lock");
        await s.stack.refresh({ clearPendingCreates: true });
        const pending = (await s.stack.exportStack()).deployment?.pending_operations ?? [];
        assert.deepStrictEqual(pending, [], "no pending operation left after the refresh");
        assert.deepStrictEqual(locks(), [], "the refresh released its lock");

        const other = await otherCopy();
        let aDone = false;
        const a = s.up().finally(() => {
            aDone = true;
        });
        a.catch(() => undefined);
        const key = await waitFor("the lock of the running up", () => locks()[0], 60000);
        const lock: LockContent = JSON.parse(store.read(key).toString());
        assert.notStrictEqual(lock.pid, killedPid);
        const t = performance.now();
        const b = await other.upFails();
        const seconds = (performance.now() - t) / 1000;
        assert.ok(!aDone, "the first up was still running when the second was refused");
        assert.ok(seconds < 30, `refused in ${seconds.toFixed(1)} s`);
        assert.match(b.error, /the stack is currently locked by 1 lock\(s\)/);
        assert.ok(b.error.includes(`${lock.username}@${lock.hostname} (pid ${lock.pid})`), `names the holder: ${b.error}`);
        assert.ok(b.error.includes(`s3://${store.bucket}/${key}`), `names the lock: ${b.error}`);
        assert.deepStrictEqual(b.events.changes(), []);

        const { result } = await a;
        assert.strictEqual(result.summary.result, "succeeded");
        const n3 = await node(conn, "node3");
        assert.strictEqual(n3.metadata.labels?.[POOL], "edge");
        assert.strictEqual(n3.metadata.labels?.[EDGE], "true", "yurt-manager converted node3");
        assert.strictEqual((await node(conn, "node1")).metadata.labels?.[POOL], "cloud");
        for (const n of ["node2", "node4"]) {
            assert.strictEqual((await node(conn, n)).metadata.labels?.[POOL], undefined, `${n} is not in the edge set`);
        }
        assert.deepStrictEqual(locks(), [], "the up released its lock");
    });

    it("nothing is corrupted: the state has no pending operation, and the next preview and up change nothing", async () => {
        const d = (await s.stack.exportStack()).deployment;
        assert.deepStrictEqual(d?.pending_operations ?? [], []);
        assert.ok((d?.resources ?? []).some((r: any) => r.urn.endsWith("::openyurt-nodepool-members")));
        await expectNoChange(s);
    });

    it("the bucket holds no plaintext credential: the kubeconfig only as ciphertext, no S3 key", async () => {
        const keyData = /client-key-data:\s*(\S+)/.exec(fs.readFileSync(kubeconfigFile, "utf8"))?.[1];
        assert.ok(keyData);
        const keyPem = Buffer.from(keyData!, "base64").toString().split("\n")[1];
        const objects = store.objects();
        assert.ok(
            objects.some((k) => k.startsWith(`${PREFIX}/.pulumi/history/`)),
            `history objects among ${objects.length}`,
        );
        for (const k of objects) {
            const text = store.read(k).toString();
            for (const [what, needle] of [
                ["client key", keyData!.slice(0, 40)],
                ["client key (PEM)", keyPem],
                ["S3 secret key", store.secretKey],
            ] as const) {
                if (text.includes(needle)) {
                    assert.fail(
                        `${what} in plaintext in object ${k}${k.endsWith(".json") ? `: ${pathsContaining(JSON.parse(text), needle).join(", ")}` : ""}`,
                    );
                }
            }
        }
        // What a teammate's S3 GET returns is what the folder holds: the kubeconfig as a Pulumi secret.
        const got = await store.request("GET", `${store.bucket}/${checkpointKey()}`);
        assert.strictEqual(got.status, 200);
        assert.ok(got.body.equals(store.read(checkpointKey())), "S3 GET serves the folder's bytes");
        assert.match(got.body.toString(), /"ciphertext"/, "the kubeconfig is in the checkpoint, encrypted");
    });

    it("another project copy with no local state and no kubeconfig file previews no change, then destroys", async () => {
        const other = await otherCopy();
        const p = await other.preview();
        assert.deepStrictEqual(p.events.changes(), [], "the second machine sees the same converged stack");
        await other.destroy();
        for (const n of ["node1", "node3"]) {
            const l = (await node(conn, n)).metadata.labels ?? {};
            assert.deepStrictEqual([l[POOL], l[EDGE]], [undefined, undefined], `${n} reverted`);
        }
        assert.deepStrictEqual((await getOptional(conn, NODEPOOLS))?.items ?? [], [], "no NodePool left");
        assert.strictEqual(await getOptional(conn, "/apis/apps/v1/namespaces/kube-system/deployments/yurt-manager"), undefined, "chart uninstalled");
        assert.deepStrictEqual(fs.readdirSync(path.join(other.dir, "state")), []);
        await other.stack.workspace.removeStack(s.name);
        assert.ok(!store.objects().includes(checkpointKey()), "stack rm removed the checkpoint from the bucket");
        assert.deepStrictEqual(locks(), []);
    });
});
