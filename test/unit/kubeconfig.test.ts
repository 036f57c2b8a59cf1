import * as assert from "assert";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { ClusterUnreachableError, discoverInventory, KubeconfigError, loadKubeconfig, parseKubeconfig } from "../../components/kube";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "openyurt-kubeconfig-"));

function kubeconfig(server: string, user: Record<string, unknown> = { token: "abc" }): string {
    return [
        "apiVersion: v1", "kind: Config", "current-context: local",
        "clusters:", "- name: c", "  cluster:", `    server: ${server}`, "    insecure-skip-tls-verify: true",
        "contexts:", "- name: local", "  context: {cluster: c, user: u}",
        "users:", "- name: u", `  user: ${JSON.stringify(user)}`, "",
    ].join("\n");
}

describe("kubeconfig", () => {
    it("names a missing file and how to fix it", () => {
        const missing = path.join(tmp, "nope.yaml");
        assert.throws(() => loadKubeconfig(missing), (e: Error) => e instanceof KubeconfigError && e.message.includes(missing) && /does not exist/.test(e.message) && /pulumi-openyurt:kubeconfig/.test(e.message));
    });

    it("names an unreadable path (a directory)", () => {
        assert.throws(() => loadKubeconfig(tmp), (e: Error) => e instanceof KubeconfigError && e.message.includes(tmp) && /directory/.test(e.message));
    });

    it("refuses a file that is not YAML or not a kubeconfig", () => {
        const bad = path.join(tmp, "bad.yaml");
        fs.writeFileSync(bad, "clusters: [unclosed\n");
        assert.throws(() => loadKubeconfig(bad), /not valid YAML/);
        fs.writeFileSync(bad, "hello: world\n");
        assert.throws(() => loadKubeconfig(bad), /is not a kubeconfig/);
    });

    it("refuses exec credential plugins, which cannot run inside the engine", () => {
        assert.throws(() => parseKubeconfig(kubeconfig("https://127.0.0.1:6443", { exec: { command: "aws" } }), "x"), /exec\/auth-provider/);
    });

    it("falls back to $KUBECONFIG and resolves the current context", () => {
        const file = path.join(tmp, "good.yaml");
        fs.writeFileSync(file, kubeconfig("https://127.0.0.1:6443/"));
        const loaded = loadKubeconfig(undefined, { KUBECONFIG: file });
        assert.strictEqual(loaded.source, file);
        assert.strictEqual(loaded.connection.server, "https://127.0.0.1:6443");
        assert.strictEqual(loaded.connection.token, "abc");
        assert.strictEqual(loaded.connection.context, "local");
    });

    it("accepts inline kubeconfig content (a secret config value)", () => {
        const loaded = loadKubeconfig(kubeconfig("https://10.0.0.1:6443"));
        assert.strictEqual(loaded.source, "(inline, from config)");
        assert.strictEqual(loaded.connection.server, "https://10.0.0.1:6443");
    });

    it("reports an unreachable cluster with its address", async () => {
        // A port that was just free: nothing listens there.
        const port = await new Promise<number>((resolve) => {
            const srv = net.createServer().listen(0, "127.0.0.1", () => {
                const p = (srv.address() as net.AddressInfo).port;
                srv.close(() => resolve(p));
            });
        });
        const conn = parseKubeconfig(kubeconfig(`https://127.0.0.1:${port}`), "test");
        await assert.rejects(discoverInventory(conn, 2000), (e: Error) =>
            e instanceof ClusterUnreachableError && e.message.includes(`https://127.0.0.1:${port}`) && /Check that the cluster is running/.test(e.message));
    });
});
