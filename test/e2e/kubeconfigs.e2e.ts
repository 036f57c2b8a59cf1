import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { kubeRequest } from "../../components/core/kube/client";
import { KubeConnection } from "../../components/core/kube/kubeconfig";
import { ConnectProxy, startConnectProxy } from "../../support/connectProxy";
import { E2EStack, newStack } from "../../support/engineStack";
import { connection, openyurtCharts } from "../../support/localCluster";
import { getOptional, node, stateFiles } from "./harness";

const POOL = "apps.openyurt.io/nodepool";
const SA = "openyurt-e2e-operator";

/**
 * Kubeconfigs as operators have them, end to end (real engine, local control plane, real
 * yurt-manager): two $KUBECONFIG files merged, a named context that is not the current one, a
 * certificate authority referenced by a relative path, `tls-server-name`, an HTTP CONNECT proxy
 * (`proxy-url`) and an exec credential plugin printing a ServiceAccount token. The current context
 * of the first file points nowhere, so using it anywhere (our reads or the Kubernetes provider)
 * fails the run. Destroy runs from a second project copy after the kubeconfig files are deleted.
 */
describe("kubeconfigs as operators have them (merged files, context, relative CA, exec plugin, proxy-url, tls-server-name)", function () {
    this.timeout(10 * 60 * 1000);
    let conn: KubeConnection;
    let proxy: ConnectProxy;
    let s: E2EStack;
    let token = "";
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "openyurt-kubeconfigs-"));
    const dirA = path.join(root, "a");
    const dirB = path.join(root, "b");
    const bin = path.join(root, "bin");
    const runs = path.join(bin, "runs");
    /** One line per plugin run: the command name of the process that ran it (node = our code), then its args. */
    const pluginRuns = (): string[] => (fs.existsSync(runs) ? fs.readFileSync(runs, "utf8").trim().split("\n") : []);
    const env = () => ({
        KUBECONFIG: [path.join(dirA, "config"), path.join(dirB, "config")].join(path.delimiter),
        PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    });
    const config = {
        kubeconfigContext: "edge",
        cloudNodes: ["node1"],
        edgeNodes: ["node2"],
        charts: { path: openyurtCharts },
        rollout: { jobTimeout: "2m" },
    };

    before(async () => {
        conn = connection();
        assert.ok(conn.ca, "the local cluster's kubeconfig carries its CA");
        // The operator's identity: a ServiceAccount with cluster-admin, its token from the TokenRequest API.
        const sa = `/api/v1/namespaces/kube-system/serviceaccounts`;
        if (!(await getOptional(conn, `${sa}/${SA}`))) {
            await kubeRequest(conn, "POST", sa, { body: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: SA } } });
        }
        const crb = "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings";
        if (!(await getOptional(conn, `${crb}/${SA}`))) {
            await kubeRequest(conn, "POST", crb, {
                body: {
                    apiVersion: "rbac.authorization.k8s.io/v1",
                    kind: "ClusterRoleBinding",
                    metadata: { name: SA },
                    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
                    subjects: [{ kind: "ServiceAccount", name: SA, namespace: "kube-system" }],
                },
            });
        }
        const tr = await kubeRequest(conn, "POST", `${sa}/${SA}/token`, {
            body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { expirationSeconds: 3600 } },
        });
        token = tr.status.token;
        proxy = await startConnectProxy();

        for (const d of [path.join(dirA, "certs"), dirB, bin]) {
            fs.mkdirSync(d, { recursive: true });
        }
        fs.writeFileSync(path.join(dirA, "certs", "ca.crt"), conn.ca!);
        fs.writeFileSync(path.join(bin, "token"), token);
        fs.writeFileSync(
            path.join(bin, "e2e-get-token"),
            [
                "#!/bin/sh",
                `echo "$(cat /proc/$PPID/comm) $*" >> ${runs}`,
                `printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"${tr.status.expirationTimestamp}"}}' "$(cat "$TOKEN_FILE")"`,
                "",
            ].join("\n"),
            { mode: 0o755 },
        );
        // File A: the cluster (relative CA, proxy, server name) and both contexts; current-context points nowhere.
        fs.writeFileSync(
            path.join(dirA, "config"),
            stringify({
                apiVersion: "v1",
                kind: "Config",
                "current-context": "decoy",
                clusters: [
                    {
                        name: "local",
                        cluster: {
                            server: conn.server,
                            "certificate-authority": "certs/ca.crt",
                            "tls-server-name": "kubernetes.default",
                            "proxy-url": `http://127.0.0.1:${proxy.port}`,
                        },
                    },
                    { name: "nowhere", cluster: { server: "https://127.0.0.1:1", "insecure-skip-tls-verify": true } },
                ],
                contexts: [
                    { name: "decoy", context: { cluster: "nowhere", user: "operator" } },
                    { name: "edge", context: { cluster: "local", user: "operator" } },
                ],
                users: [],
            }),
        );
        // File B: the user (an exec plugin on PATH) and a cluster of the same name that file A shadows.
        fs.writeFileSync(
            path.join(dirB, "config"),
            stringify({
                apiVersion: "v1",
                kind: "Config",
                "current-context": "edge",
                clusters: [{ name: "local", cluster: { server: "https://127.0.0.1:2", "insecure-skip-tls-verify": true } }],
                contexts: [],
                users: [
                    {
                        name: "operator",
                        user: {
                            exec: {
                                apiVersion: "client.authentication.k8s.io/v1",
                                interactiveMode: "Never",
                                command: "e2e-get-token",
                                args: ["--cluster", "edge"],
                                env: [{ name: "TOKEN_FILE", value: path.join(bin, "token") }],
                                installHint: "e2e: the plugin lives in the test's bin folder",
                            },
                        },
                    },
                ],
            }),
        );
        s = await newStack(`kc${Date.now() % 100000}`, { env: env() });
        s.configure(config);
    });

    after(async () => {
        await proxy?.close();
        await kubeRequest(conn, "DELETE", `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${SA}`).catch(() => undefined);
        await kubeRequest(conn, "DELETE", `/api/v1/namespaces/kube-system/serviceaccounts/${SA}`).catch(() => undefined);
        fs.rmSync(root, { recursive: true, force: true });
    });

    it("previews through them: the named context, the plugin's token, the proxy", async () => {
        const { events } = await s.preview();
        assert.ok(events.names("create").includes("openyurt-nodepool-members"), `preview plans the conversion: ${events.names("create")}`);
        assert.ok(
            events.list.some((o) => o.kind === "pre" && o.op === "create" && o.type === "kubernetes:apps/v1:Deployment"),
            "the provider rendered the chart against the cluster",
        );
        assert.ok(
            pluginRuns().some((r) => r.startsWith("node --cluster edge")),
            `the exec plugin ran for the program's inventory read: ${pluginRuns()}`,
        );
        assert.ok(
            proxy.tunnels.some((t) => t === conn.server.replace(/^https:\/\//, "")),
            `CONNECT tunnels: ${proxy.tunnels}`,
        );
    });

    it("converges through them, and the state holds the context alone, self-contained, without the token", async () => {
        const before = proxy.tunnels.length;
        await s.up();
        const n = await node(conn, "node2");
        assert.strictEqual(n.metadata.labels?.[POOL], "edge");
        assert.strictEqual(n.metadata.labels?.["openyurt.io/is-edge-worker"], "true", "yurt-manager converted node2");
        assert.ok(proxy.tunnels.length > before, "the engine's Kubernetes provider and our providers went through the proxy");
        const files = stateFiles(s);
        assert.ok(
            files.some((f) => f.endsWith(`${s.name}.json`)),
            `the stack's checkpoint among ${files}`,
        );
        for (const f of files) {
            const text = fs.readFileSync(f, "utf8");
            assert.ok(!text.includes(token), `${f} holds the plugin's token in plaintext`);
            assert.ok(!text.includes(root), `${f} refers to the kubeconfig files (${root})`);
        }
    });

    it("destroys from another project copy after every kubeconfig file is gone (the plugin stays on PATH)", async () => {
        fs.rmSync(dirA, { recursive: true });
        fs.rmSync(dirB, { recursive: true });
        const runsBefore = pluginRuns().length;
        const other = await newStack(s.name, { stateDir: path.join(s.dir, "state"), env: { ...env(), KUBECONFIG: path.join(root, "gone") } });
        fs.copyFileSync(path.join(s.dir, "stacks", `Pulumi.${s.name}.yaml`), path.join(other.dir, "stacks", `Pulumi.${s.name}.yaml`));
        await other.destroy();
        const n = await node(conn, "node2");
        assert.strictEqual(n.metadata.labels?.[POOL], undefined, "node2 reverted");
        assert.strictEqual(n.metadata.labels?.["openyurt.io/is-edge-worker"], undefined);
        assert.strictEqual(await getOptional(conn, "/apis/apps.openyurt.io/v1beta2/nodepools/edge"), undefined, "NodePool deleted");
        // destroy does not run the program: a run by `node` here is a dynamic provider deserialized from the state.
        const during = pluginRuns().slice(runsBefore);
        assert.ok(
            during.some((r) => r.startsWith("node ")),
            `our providers authenticated through the plugin at destroy: ${during}`,
        );
        assert.ok(
            during.some((r) => r.startsWith("pulumi-resource")),
            `so did the Kubernetes provider: ${during}`,
        );
    });
});
