import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as m from "../../../components/yurtctl/manifests";
import { planConversion } from "../../../components/yurtctl/plan";
import { inventory } from "../../../support/inventory";

const plan = planConversion(
    { cloudNodes: ["node1"], provider: "ack", rollout: { jobTimeout: "5m", backoffLimit: 1 } },
    inventory(["node1", "node2", "node3"]),
);
const edge = plan.nodes.find((n) => n.name === "node2")!;

describe("manifest builders", () => {
    describe("node-servant Jobs", () => {
        const job: any = m.servantJob(plan, edge, "convert");
        const pod = job.spec.template.spec;
        const container = pod.containers[0];

        it("pins the Job to its node, privileged with hostPID and the host root mounted", () => {
            assert.strictEqual(job.metadata.name, "node-servant-convert-node2");
            assert.strictEqual(job.metadata.namespace, "kube-system");
            assert.strictEqual(pod.nodeName, "node2");
            assert.strictEqual(pod.hostPID, true);
            assert.strictEqual(pod.hostNetwork, true);
            assert.strictEqual(container.securityContext.privileged, true);
            assert.deepStrictEqual(pod.volumes, [{ name: "host-root", hostPath: { path: "/", type: "Directory" } }]);
            assert.deepStrictEqual(container.volumeMounts, [{ name: "host-root", mountPath: "/openyurt" }]);
        });

        it("bounds the Job: no retries forever, a deadline, pods never restarted in place", () => {
            assert.strictEqual(job.spec.backoffLimit, 1);
            assert.strictEqual(job.spec.activeDeadlineSeconds, 300);
            assert.strictEqual(pod.restartPolicy, "Never");
        });

        it("runs node-servant convert with the pinned yurthub image and the edge working mode", () => {
            assert.strictEqual(container.image, "openyurt/node-servant:v0.6.1");
            assert.deepStrictEqual(container.command, ["/usr/local/bin/entry.sh"]);
            assert.deepStrictEqual(container.args, [
                "convert",
                "--working-mode=edge",
                "--yurthub-image=openyurt/yurthub:v0.6.1",
                "--yurthub-healthcheck-timeout=2m",
                "--join-token=$(JOIN_TOKEN)",
            ]);
        });

        it("reads the join token from a Secret, so it never appears in the Job spec", () => {
            const env = container.env.find((e: any) => e.name === "JOIN_TOKEN");
            assert.deepStrictEqual(env.valueFrom, { secretKeyRef: { name: "yurt-hub-join-token", key: "token" } });
        });

        it("labels its pods so a node's servant pods can be found", () => {
            assert.strictEqual(job.spec.template.metadata.labels["app.kubernetes.io/name"], "node-servant");
            assert.strictEqual(job.spec.template.metadata.labels["openyurt.io/servant-node"], "node2");
            assert.strictEqual(job.metadata.labels["app.kubernetes.io/managed-by"], "pulumi-openyurt");
        });

        it("reverts with node-servant revert and no token", () => {
            const revert: any = m.servantJob(plan, edge, "revert");
            assert.strictEqual(revert.metadata.name, "node-servant-revert-node2");
            assert.deepStrictEqual(revert.spec.template.spec.containers[0].args, ["revert"]);
            assert.ok(!revert.spec.template.spec.containers[0].env.some((e: any) => e.name === "JOIN_TOKEN"));
        });

        it("tells convert and revert where the kubelet drop-in is (KUBELET_SVC) only when kubeadmConfPath is set", () => {
            const dropIn = "/etc/kubelet.d/10-kubeadm.conf";
            const custom = planConversion({ cloudNodes: ["node1"], provider: "ack", kubeadmConfPath: dropIn }, inventory(["node1", "node2"]));
            const node2 = custom.nodes.find((n) => n.name === "node2")!;
            for (const action of ["convert", "revert"] as const) {
                const env = (m.servantJob(custom, node2, action) as any).spec.template.spec.containers[0].env;
                assert.deepStrictEqual(
                    env.filter((e: any) => e.name === "KUBELET_SVC"),
                    [{ name: "KUBELET_SVC", value: dropIn }],
                    action,
                );
            }
            assert.ok(!container.env.some((e: any) => e.name === "KUBELET_SVC"), "unset: node-servant's own search");
        });
    });

    describe("yurt-controller-manager", () => {
        it("is scheduled only on cloud nodes (required affinity, openyurt#502)", () => {
            const d: any = m.controllerManagerDeployment(plan);
            const terms = d.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
            assert.deepStrictEqual(terms, [{ matchExpressions: [{ key: "openyurt.io/is-edge-worker", operator: "In", values: ["false"] }] }]);
            assert.strictEqual(d.spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution, undefined);
            assert.strictEqual(d.spec.template.spec.serviceAccountName, "yurt-controller-manager");
            assert.deepStrictEqual(d.spec.template.spec.tolerations, [{ operator: "Exists" }]);
            assert.strictEqual(d.spec.template.spec.containers[0].image, "openyurt/yurt-controller-manager:v0.6.1");
        });

        it("has no wildcard permissions and approves only the legacy-unknown signer", () => {
            const role: any = m.controllerManagerClusterRole();
            for (const rule of role.rules) {
                assert.ok(!rule.verbs.includes("*") && !rule.resources.includes("*"), JSON.stringify(rule));
            }
            const approve = role.rules.filter((r: any) => r.verbs.includes("approve"));
            assert.deepStrictEqual(
                approve.map((r: any) => r.resourceNames),
                [["kubernetes.io/legacy-unknown"]],
            );
            assert.ok(!role.rules.some((r: any) => r.resources.includes("secrets")), "never reads secrets");
        });
    });

    describe("yurt-hub prerequisites", () => {
        it("binds the yurt-hub role to every node", () => {
            const b: any = m.yurthubClusterRoleBinding();
            assert.deepStrictEqual(b.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:nodes" }]);
            assert.deepStrictEqual((m.yurthubConfigMap(plan) as any).data, { cache_agents: "" });
        });

        it("puts yurt-hub-cfg in kube-system, where yurt-hub reads it, whatever namespace the rest uses", () => {
            const elsewhere = planConversion({ cloudNodes: ["node1"], provider: "ack", namespace: "openyurt" }, inventory(["node1", "node2"]));
            assert.strictEqual((m.yurthubConfigMap(elsewhere) as any).metadata.namespace, "kube-system");
            assert.strictEqual(
                (
                    m.servantJob(
                        elsewhere,
                        elsewhere.nodes.find((n) => n.name === "node2")!,
                        "convert",
                    ) as any
                ).metadata.namespace,
                "openyurt",
            );
        });

        it("makes a bootstrap token Secret that expires", () => {
            const s: any = m.bootstrapTokenSecret({ tokenId: "abc123", tokenSecret: "0123456789abcdef", expiration: "2026-11-29T00:00:00Z" });
            assert.strictEqual(s.type, "bootstrap.kubernetes.io/token");
            assert.strictEqual(s.metadata.namespace, "kube-system");
            assert.strictEqual(s.stringData.expiration, "2026-11-29T00:00:00Z");
            assert.strictEqual(s.stringData["auth-extra-groups"], "system:bootstrappers:kubeadm:default-node-token");
        });
    });

    describe("node patches", () => {
        it("labels cloud nodes false and edge nodes true, forcing ownership", () => {
            const cloud: any = m.roleLabelPatch(plan, plan.nodes[0]);
            assert.deepStrictEqual(cloud.metadata.labels, { "openyurt.io/is-edge-worker": "false" });
            assert.deepStrictEqual((m.roleLabelPatch(plan, edge) as any).metadata.labels, { "openyurt.io/is-edge-worker": "true" });
            assert.strictEqual(cloud.metadata.annotations["pulumi.com/patchForce"], "true");
        });

        it("annotates autonomy with the v0.6 key", () => {
            const a: any = m.autonomyPatch(plan, edge);
            assert.strictEqual(a.metadata.annotations["node.beta.openyurt.io/autonomy"], "true");
            assert.strictEqual(a.metadata.labels, undefined);
        });
    });

    it("names node-lifecycle Jobs like yurtctl, bounded like servant Jobs for long node names", () => {
        assert.strictEqual((m.nodeLifecycleJob(plan, "master1", "disable") as any).metadata.name, "yurtctl-disable-node-controller-master1");
        const long = "cn-hangzhou.i-bp1" + "x".repeat(60);
        const a: any = m.nodeLifecycleJob(plan, long, "enable");
        const b: any = m.nodeLifecycleJob(plan, long + "y", "enable");
        assert.ok(a.metadata.name.length <= 63);
        assert.notStrictEqual(a.metadata.name, b.metadata.name, "two long node names never share a Job");
    });

    describe("v0.6.1 preflight (the script run for real with sh against a sample host)", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-"));
        const proc = path.join(root, "proc");
        const put = (p: string, text = "") => {
            fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
            fs.writeFileSync(path.join(root, p), text);
        };
        const tcpHeader = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
        const listening = (port: number) =>
            `   0: 0100007F:${port.toString(16).toUpperCase().padStart(4, "0")} 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n`;
        const run = (env: Record<string, string> = {}) => {
            try {
                return {
                    ok: true,
                    out: execFileSync("sh", ["-c", m.preflightScript()], {
                        encoding: "utf8",
                        stdio: "pipe",
                        env: { ...process.env, ROOT: root, PROC: proc, NODE_NAME: "node2", ...env },
                    }),
                };
            } catch (e: any) {
                return { ok: false, out: String(e.stderr) };
            }
        };
        const asRoot = process.getuid?.() === 0;
        after(() => fs.rmSync(root, { recursive: true, force: true }));
        beforeEach(() => {
            fs.rmSync(root, { recursive: true, force: true });
            put("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", "[Service]\n");
            put("/var/lib/kubelet/kubeadm-flags.env", "KUBELET_KUBEADM_ARGS=\n");
            put("/etc/kubernetes/kubelet.conf");
            put("/var/lib/kubelet/pki/kubelet-client-current.pem");
            put("/proc/net/tcp", tcpHeader + listening(22));
            put("/proc/net/tcp6", tcpHeader);
        });

        it("passes on a kubeadm node with yurt-hub's ports free, naming the drop-in it found", function () {
            if (!asRoot) this.skip();
            const r = run();
            assert.ok(r.ok, r.out);
            assert.match(r.out, /preflight passed on node node2 \(kubelet drop-in \/etc\/systemd\/system\/kubelet.service.d\/10-kubeadm.conf\)/);
        });

        it("lists every problem: no drop-in (and the setting that fixes it), a missing kubeadm file, a taken yurt-hub port", () => {
            fs.rmSync(path.join(root, "etc/systemd"), { recursive: true });
            fs.rmSync(path.join(root, "var/lib/kubelet/kubeadm-flags.env"));
            put("/proc/net/tcp6", tcpHeader + listening(10267));
            const r = run();
            assert.ok(!r.ok);
            assert.match(r.out, /preflight failed on node node2:/);
            assert.match(r.out, /no kubelet kubeadm drop-in at .*: set kubeadmConfPath \(yurtctl --kubeadm-conf-path\)/);
            assert.match(r.out, /\/var\/lib\/kubelet\/kubeadm-flags.env is missing/);
            assert.match(r.out, /port 10267 is in use; yurt-hub needs 10261, 10267, 10268/);
            assert.doesNotMatch(r.out, /port 10261|port 22/);
        });

        it("finds the drop-in at KUBELET_SVC (kubeadmConfPath), and skips the ports where yurt-hub already runs", function () {
            if (!asRoot) this.skip();
            fs.rmSync(path.join(root, "etc/systemd"), { recursive: true });
            put("/opt/kubelet/10-kubeadm.conf", "[Service]\n");
            put("/proc/net/tcp", tcpHeader + listening(10261));
            put("/etc/kubernetes/manifests/yurt-hub.yaml", "kind: Pod\n");
            const r = run({ KUBELET_SVC: "/opt/kubelet/10-kubeadm.conf" });
            assert.ok(r.ok, r.out);
            assert.match(r.out, /yurt-hub already runs here: its ports are not checked/);
            assert.match(r.out, /kubelet drop-in \/opt\/kubelet\/10-kubeadm.conf/);
        });

        it("runs on the host (nsenter) in its own pod kind, after pulling the yurt-hub image; KUBELET_SVC only when set", () => {
            const job: any = m.preflightJob(plan, edge);
            assert.strictEqual(job.metadata.name, "node-servant-preflight-convert-node2");
            const pod = job.spec.template.spec;
            assert.strictEqual(
                job.spec.template.metadata.labels["app.kubernetes.io/name"],
                "node-servant-preflight",
                "fail-servant and the CLI's servant views leave it alone",
            );
            assert.deepStrictEqual(pod.containers[0].command.slice(0, 3), ["nsenter", "-t", "1"]);
            assert.deepStrictEqual(
                [pod.initContainers[0].image, pod.initContainers[0].command],
                ["openyurt/yurthub:v0.6.1", ["yurthub", "--version"]],
            );
            assert.ok(!pod.containers[0].env.some((e: any) => e.name === "KUBELET_SVC"));
            assert.strictEqual(pod.containers[0].terminationMessagePolicy, "FallbackToLogsOnError");
        });
    });

    describe("kubeadm node-lifecycle scripts (run for real with sh)", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kcm-"));
        const manifest = path.join(dir, "kube-controller-manager.yaml");
        const run = (script: string) => execFileSync("sh", ["-c", script], { encoding: "utf8" });
        const withControllers = [
            "spec:",
            "  containers:",
            "  - command:",
            "    - kube-controller-manager",
            "    - --controllers=*,bootstrapsigner,tokencleaner",
            "    - --leader-elect=true",
            "",
        ].join("\n");

        const record = path.join(dir, "record");
        const disable = () => run(m.disableNodeLifecycleScript(manifest, record));
        const enable = () => run(m.enableNodeLifecycleScript(manifest, record));
        beforeEach(() => fs.rmSync(record, { force: true }));
        after(() => fs.rmSync(dir, { recursive: true, force: true }));

        it("adds -nodelifecycle exactly once, however often it runs (openyurt#485)", () => {
            fs.writeFileSync(manifest, withControllers);
            disable();
            disable();
            const text = fs.readFileSync(manifest, "utf8");
            assert.match(text, /- --controllers=-nodelifecycle,\*,bootstrapsigner,tokencleaner\n/);
            assert.strictEqual(text.match(/-nodelifecycle/g)!.length, 1);
        });

        it("adds a --controllers flag when the manifest has none", () => {
            fs.writeFileSync(manifest, withControllers.replace("    - --controllers=*,bootstrapsigner,tokencleaner\n", ""));
            disable();
            assert.match(
                fs.readFileSync(manifest, "utf8"),
                / {4}- kube-controller-manager\n {4}- --controllers=-nodelifecycle,\*,bootstrapsigner,tokencleaner\n/,
            );
        });

        it("enable restores the original manifest after a prefix edit", () => {
            fs.writeFileSync(manifest, withControllers);
            disable();
            enable();
            assert.strictEqual(fs.readFileSync(manifest, "utf8"), withControllers);
            assert.ok(!fs.existsSync(record), "the record is gone");
        });

        it("enable removes the whole flag when disable had added it (no --controllers left behind)", () => {
            const without = withControllers.replace("    - --controllers=*,bootstrapsigner,tokencleaner\n", "");
            fs.writeFileSync(manifest, without);
            disable();
            enable();
            assert.strictEqual(fs.readFileSync(manifest, "utf8"), without);
        });

        it("leaves an operator's own -nodelifecycle alone on both disable and enable", () => {
            const operators = withControllers.replace("--controllers=*,", "--controllers=-nodelifecycle,*,");
            fs.writeFileSync(manifest, operators);
            disable();
            assert.ok(!fs.existsSync(record), "nothing recorded: nothing changed");
            assert.match(enable(), /was not changed by the conversion/);
            assert.strictEqual(fs.readFileSync(manifest, "utf8"), operators);
        });

        it("fails with a clear message on a node without the manifest", () => {
            assert.throws(
                () => execFileSync("sh", ["-c", m.disableNodeLifecycleScript(path.join(dir, "absent.yaml"))], { stdio: "pipe" }),
                (e: any) => /is it a kubeadm control-plane node/.test(String(e.stderr)),
            );
        });
    });
});
