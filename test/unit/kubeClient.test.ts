import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { ConnectProxy, startConnectProxy } from "../../support/connectProxy";
import { KubeApiError, kubeRequest } from "../../components/core/kube/client";
import { KubeconfigError, parseKubeconfig } from "../../components/core/kube/kubeconfig";

/**
 * The small client against a real TLS server on 127.0.0.1 whose certificate names only
 * `kubernetes.default` (no IP): what a kubeconfig says about the connection must reach the wire.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openyurt-kubeclient-"));
const file = (name: string) => path.join(dir, name);

function makeCertificates() {
    const ssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=test-ca");
    ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=kubernetes");
    fs.writeFileSync(file("san.ext"), "subjectAltName=DNS:kubernetes.default\n");
    ssl(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.crt",
        "-days",
        "1",
        "-extfile",
        "san.ext",
    );
}

interface Seen {
    headers: http.IncomingHttpHeaders;
    url?: string;
}

function kubeconfigFor(server: string, cluster: Record<string, unknown>, user: Record<string, unknown>): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        "current-context": "t",
        clusters: [{ name: "c", cluster: { server, "certificate-authority-data": fs.readFileSync(file("ca.crt")).toString("base64"), ...cluster } }],
        contexts: [{ name: "t", context: { cluster: "c", user: "u" } }],
        users: [{ name: "u", user }],
    });
}

describe("kube client: what the kubeconfig says reaches the wire", function () {
    this.timeout(60000);
    let server: https.Server;
    let proxy: ConnectProxy;
    let port = 0;
    let proxyPort = 0;
    const seen: Seen[] = [];
    /** Tokens the server accepts; anything else is 401. */
    let accepted = new Set<string>(["static-token"]);

    before(async () => {
        makeCertificates();
        server = https.createServer({ key: fs.readFileSync(file("server.key")), cert: fs.readFileSync(file("server.crt")) }, (req, res) => {
            seen.push({ headers: req.headers, url: req.url });
            const auth = req.headers.authorization ?? "";
            if (auth.startsWith("Bearer ") && !accepted.has(auth.slice(7))) {
                res.writeHead(401, { "Content-Type": "application/json" }).end(JSON.stringify({ message: "Unauthorized", reason: "Unauthorized" }));
                return;
            }
            res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ gitVersion: "v1.34.4" }));
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        port = (server.address() as net.AddressInfo).port;
        proxy = await startConnectProxy();
        proxyPort = proxy.port;
    });
    after(() => {
        server.close();
        void proxy.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });
    beforeEach(() => {
        seen.length = 0;
        proxy.tunnels.length = 0;
        accepted = new Set(["static-token"]);
    });

    const conn = (cluster: Record<string, unknown> = {}, user: Record<string, unknown> = { token: "static-token" }) =>
        parseKubeconfig(kubeconfigFor(`https://127.0.0.1:${port}`, cluster, user), "test");

    it("tls-server-name: checks the certificate against that name (the IP alone fails, a wrong name fails)", async () => {
        assert.deepStrictEqual(await kubeRequest(conn({ "tls-server-name": "kubernetes.default" }), "GET", "/version"), { gitVersion: "v1.34.4" });
        await assert.rejects(
            kubeRequest(conn(), "GET", "/version"),
            (e: Error) => e instanceof KubeApiError && /IP: 127.0.0.1 is not in the cert's list/.test(e.message),
        );
        await assert.rejects(
            kubeRequest(conn({ "tls-server-name": "wrong.example" }), "GET", "/version"),
            /Host: wrong.example. is not in the cert's altnames/,
        );
    });

    it("proxy-url: https goes through an HTTP CONNECT tunnel (with the proxy's credentials), and an unreachable proxy is named", async () => {
        const c = conn({ "tls-server-name": "kubernetes.default", "proxy-url": `http://edge:s3cret@127.0.0.1:${proxyPort}` });
        assert.deepStrictEqual(await kubeRequest(c, "GET", "/version"), { gitVersion: "v1.34.4" });
        assert.deepStrictEqual(proxy.tunnels, [`127.0.0.1:${port} Basic ${Buffer.from("edge:s3cret").toString("base64")}`]);
        assert.strictEqual(seen[0].headers.authorization, "Bearer static-token");
        const closed = await new Promise<number>((r) => {
            const s = net.createServer().listen(0, "127.0.0.1", () => {
                const p = (s.address() as net.AddressInfo).port;
                s.close(() => r(p));
            });
        });
        await assert.rejects(
            kubeRequest(conn({ "proxy-url": `http://127.0.0.1:${closed}` }), "GET", "/version"),
            (e: Error) => e instanceof KubeApiError && e.message.includes(`cannot reach the proxy 127.0.0.1:${closed} (kubeconfig proxy-url)`),
        );
    });

    it("impersonation and basic auth become the headers kubectl sends", async () => {
        const c = conn(
            { "tls-server-name": "kubernetes.default" },
            { username: "admin", password: "pw", as: "jane", "as-groups": ["ops", "edge"], "as-uid": "42", "as-user-extra": { scopes: ["view"] } },
        );
        await kubeRequest(c, "GET", "/version");
        const h = seen[0].headers;
        assert.deepStrictEqual(
            [h.authorization, h["impersonate-user"], h["impersonate-group"], h["impersonate-uid"], h["impersonate-extra-scopes"]],
            [`Basic ${Buffer.from("admin:pw").toString("base64")}`, "jane", "ops, edge", "42", "view"],
        );
    });

    describe("exec credential plugins", () => {
        const calls = file("calls");
        /** A plugin script: prints an ExecCredential with the token in $TOKEN_FILE, counts its runs, echoes what it was told. */
        function plugin(extraStatus = ""): string {
            const script = file(`plugin-${Math.random().toString(36).slice(2)}.sh`);
            fs.writeFileSync(
                script,
                [
                    "#!/bin/sh",
                    `echo "$KUBERNETES_EXEC_INFO|$EDGE_ENV|$*" >> ${calls}`,
                    `printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"${extraStatus}}}' "$(cat ${file("token")})"`,
                    "",
                ].join("\n"),
                { mode: 0o755 },
            );
            return script;
        }
        const execUser = (command: string, more: Record<string, unknown> = {}) => ({
            exec: {
                apiVersion: "client.authentication.k8s.io/v1",
                interactiveMode: "Never",
                command,
                args: ["get-token", "--cluster", "edge"],
                env: [{ name: "EDGE_ENV", value: "prod" }],
                ...more,
            },
        });
        const runs = () => (fs.existsSync(calls) ? fs.readFileSync(calls, "utf8").trim().split("\n") : []);
        beforeEach(() => {
            fs.rmSync(calls, { force: true });
            fs.writeFileSync(file("token"), "exec-token-1");
            accepted = new Set(["exec-token-1"]);
        });

        it("runs the plugin with its args and env, not interactive, sends its token, and caches it", async () => {
            const c = conn({ "tls-server-name": "kubernetes.default" }, execUser(plugin()));
            await kubeRequest(c, "GET", "/version");
            await kubeRequest(c, "GET", "/version");
            assert.strictEqual(runs().length, 1);
            const [info, env, args] = runs()[0].split("|");
            assert.deepStrictEqual(JSON.parse(info), {
                apiVersion: "client.authentication.k8s.io/v1",
                kind: "ExecCredential",
                spec: { interactive: false },
            });
            assert.deepStrictEqual([env, args], ["prod", "get-token --cluster edge"]);
            assert.deepStrictEqual(
                seen.map((s) => s.headers.authorization),
                ["Bearer exec-token-1", "Bearer exec-token-1"],
            );
        });

        it("runs the plugin again when its credential has expired, and once after a 401", async () => {
            const past = new Date(Date.now() - 60_000).toISOString();
            const c = conn({ "tls-server-name": "kubernetes.default" }, execUser(plugin(`,"expirationTimestamp":"${past}"`)));
            await kubeRequest(c, "GET", "/version");
            await kubeRequest(c, "GET", "/version");
            assert.strictEqual(runs().length, 2, "an expired credential is not reused");
            const fresh = conn({ "tls-server-name": "kubernetes.default" }, execUser(plugin()));
            await kubeRequest(fresh, "GET", "/version");
            fs.writeFileSync(file("token"), "exec-token-2");
            accepted = new Set(["exec-token-2"]);
            await kubeRequest(fresh, "GET", "/version");
            assert.strictEqual(runs().length, 4, "a 401 runs the plugin again once");
            assert.strictEqual(seen[seen.length - 1].headers.authorization, "Bearer exec-token-2");
        });

        it("passes cluster info when provideClusterInfo is set", async () => {
            const c = conn({ "tls-server-name": "kubernetes.default" }, execUser(plugin(), { provideClusterInfo: true }));
            await kubeRequest(c, "GET", "/version");
            const info = JSON.parse(runs()[0].split("|")[0]);
            assert.deepStrictEqual(
                [info.spec.cluster.server, info.spec.cluster["tls-server-name"], Boolean(info.spec.cluster["certificate-authority-data"])],
                [`https://127.0.0.1:${port}`, "kubernetes.default", true],
            );
        });

        it("names a missing plugin with its installHint, and output that is not an ExecCredential", async () => {
            const missing = conn({}, execUser("/nonexistent/kubectl-login", { installHint: "Install kubelogin: https://example.invalid/kubelogin" }));
            await assert.rejects(
                kubeRequest(missing, "GET", "/version"),
                (e: Error) =>
                    e instanceof KubeconfigError &&
                    /exec plugin "\/nonexistent\/kubectl-login" was not found/.test(e.message) &&
                    /Install kubelogin/.test(e.message),
            );
            const liar = file("liar.sh");
            fs.writeFileSync(
                liar,
                '#!/bin/sh\necho \'{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"x"}}\'\n',
                { mode: 0o755 },
            );
            await assert.rejects(
                kubeRequest(conn({}, execUser(liar)), "GET", "/version"),
                /printed ExecCredential client.authentication.k8s.io\/v1beta1, not an ExecCredential of client.authentication.k8s.io\/v1/,
            );
            const failing = file("failing.sh");
            fs.writeFileSync(failing, "#!/bin/sh\necho 'error: not logged in, run edge-login' >&2\nexit 3\n", { mode: 0o755 });
            await assert.rejects(
                kubeRequest(conn({}, execUser(failing)), "GET", "/version"),
                /failed \(exit 3\): error: not logged in, run edge-login/,
            );
        });
    });
});

describe("exec credentials and the state", () => {
    it("a cached plugin token is not serialized with the dynamic providers (they go into the state)", async function () {
        this.timeout(60000);
        const pulumi = await import("@pulumi/pulumi");
        const { execCredential } = await import("../../components/core/kube/execCredential");
        const { nodePoolMembersProvider } = await import("../../components/yurtmanager/nodePoolMembers");
        const d = fs.mkdtempSync(path.join(os.tmpdir(), "openyurt-exec-state-"));
        const script = path.join(d, "plugin.sh");
        fs.writeFileSync(
            script,
            '#!/bin/sh\necho \'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"token-that-must-stay-out-of-the-state"}}\'\n',
            { mode: 0o755 },
        );
        const conn = parseKubeconfig(
            JSON.stringify({
                apiVersion: "v1",
                "current-context": "t",
                clusters: [{ name: "c", cluster: { server: "https://127.0.0.1:6443" } }],
                contexts: [{ name: "t", context: { cluster: "c", user: "u" } }],
                users: [{ name: "u", user: { exec: { apiVersion: "client.authentication.k8s.io/v1", interactiveMode: "Never", command: script } } }],
            }),
            "test",
        );
        assert.strictEqual((await execCredential(conn)).token, "token-that-must-stay-out-of-the-state");
        const serialized = await pulumi.runtime.serializeFunction(() => nodePoolMembersProvider, { allowSecrets: true });
        assert.match(serialized.text, /execCredential/, "the provider's code includes the exec plugin runner");
        assert.doesNotMatch(serialized.text, /token-that-must-stay-out-of-the-state/);
        fs.rmSync(d, { recursive: true });
    });
});
