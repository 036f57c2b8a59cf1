import * as assert from "assert";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { ClusterUnreachableError, discoverInventory } from "../../components/core/kube/inventory";
import { KubeconfigError, loadKubeconfig, parseKubeconfig } from "../../components/core/kube/kubeconfig";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "openyurt-kubeconfig-"));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function kubeconfig(server: string, user: Record<string, unknown> = { token: "abc" }): string {
    return [
        "apiVersion: v1",
        "kind: Config",
        "current-context: local",
        "clusters:",
        "- name: c",
        "  cluster:",
        `    server: ${server}`,
        "    insecure-skip-tls-verify: true",
        "contexts:",
        "- name: local",
        "  context: {cluster: c, user: u}",
        "users:",
        "- name: u",
        `  user: ${JSON.stringify(user)}`,
        "",
    ].join("\n");
}

describe("kubeconfig", () => {
    it("names a missing file and how to fix it", () => {
        const missing = path.join(tmp, "nope.yaml");
        assert.throws(
            () => loadKubeconfig(missing),
            (e: Error) =>
                e instanceof KubeconfigError &&
                e.message.includes(missing) &&
                /does not exist/.test(e.message) &&
                /pulumi-openyurt:kubeconfig/.test(e.message),
        );
    });

    it("names an unreadable path (a directory)", () => {
        assert.throws(
            () => loadKubeconfig(tmp),
            (e: Error) => e instanceof KubeconfigError && e.message.includes(tmp) && /directory/.test(e.message),
        );
    });

    it("refuses a file that is not YAML or not a kubeconfig", () => {
        const bad = path.join(tmp, "bad.yaml");
        fs.writeFileSync(bad, "clusters: [unclosed\n");
        assert.throws(() => loadKubeconfig(bad), /not valid YAML/);
        fs.writeFileSync(bad, "hello: world\n");
        assert.throws(() => loadKubeconfig(bad), /is not a kubeconfig/);
    });

    it("refuses an auth-provider user, naming it and the exec plugin to use instead", () => {
        assert.throws(
            () => parseKubeconfig(kubeconfig("https://127.0.0.1:6443", { "auth-provider": { name: "oidc" } }), "x"),
            (e: Error) => e instanceof KubeconfigError && /user "u" uses auth-provider "oidc"/.test(e.message) && /exec plugin/.test(e.message),
        );
    });

    it("refuses exec plugins it cannot run: a removed apiVersion, a prompt that needs a terminal, no command", () => {
        assert.throws(
            () =>
                parseKubeconfig(
                    kubeconfig("https://127.0.0.1:6443", { exec: { apiVersion: "client.authentication.k8s.io/v1alpha1", command: "aws" } }),
                    "x",
                ),
            /exec.apiVersion "client.authentication.k8s.io\/v1alpha1" is not supported; use one of client.authentication.k8s.io\/v1, client.authentication.k8s.io\/v1beta1/,
        );
        assert.throws(
            () =>
                parseKubeconfig(
                    kubeconfig("https://127.0.0.1:6443", {
                        exec: { apiVersion: "client.authentication.k8s.io/v1", command: "login", interactiveMode: "Always" },
                    }),
                    "x",
                ),
            /interactiveMode "Always" needs a terminal/,
        );
        assert.throws(
            () => parseKubeconfig(kubeconfig("https://127.0.0.1:6443", { exec: { apiVersion: "client.authentication.k8s.io/v1" } }), "x"),
            /exec plugin without a command/,
        );
        assert.throws(
            () =>
                parseKubeconfig(
                    kubeconfig("https://127.0.0.1:6443", { exec: { apiVersion: "client.authentication.k8s.io/v1", command: "aws" } }),
                    "x",
                ),
            /exec.interactiveMode is missing; client.authentication.k8s.io\/v1 requires it. Set it to Never/,
        );
    });

    it("keeps an exec plugin (command, args, env, installHint) in the connection", () => {
        const conn = parseKubeconfig(
            kubeconfig("https://127.0.0.1:6443", {
                exec: {
                    apiVersion: "client.authentication.k8s.io/v1beta1",
                    command: "aws",
                    args: ["eks", "get-token"],
                    env: [{ name: "AWS_PROFILE", value: "edge" }],
                    installHint: "install the AWS CLI",
                },
            }),
            "x",
        );
        assert.deepStrictEqual(conn.exec, {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: ["eks", "get-token"],
            env: [{ name: "AWS_PROFILE", value: "edge" }],
            installHint: "install the AWS CLI",
            provideClusterInfo: false,
            user: "u",
        });
        assert.strictEqual(conn.token, undefined);
    });

    it("refuses a proxy-url our client cannot use (socks5), naming the cluster and the fix", () => {
        const text = kubeconfig("https://127.0.0.1:6443").replace("    insecure-skip-tls-verify: true", "    proxy-url: socks5://127.0.0.1:1080");
        assert.throws(() => parseKubeconfig(text, "x"), /cluster "c" proxy-url "socks5:\/\/127.0.0.1:1080" uses socks5.*Use an http:\/\/ proxy/);
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

    it("inlines files referenced relative to the kubeconfig's folder, so the text works after they are gone", () => {
        const dir = fs.mkdtempSync(path.join(tmp, "rel-"));
        fs.mkdirSync(path.join(dir, "certs"));
        fs.writeFileSync(path.join(dir, "certs", "ca.crt"), "CA-PEM\n");
        fs.writeFileSync(path.join(dir, "certs", "admin.crt"), "CERT-PEM\n");
        fs.writeFileSync(path.join(dir, "certs", "admin.key"), "KEY-PEM\n");
        fs.writeFileSync(path.join(dir, "token"), "tok-123\n");
        const file = path.join(dir, "config");
        fs.writeFileSync(
            file,
            [
                "apiVersion: v1",
                "kind: Config",
                "current-context: local",
                "clusters:",
                "- name: c",
                "  cluster: {server: 'https://127.0.0.1:6443', certificate-authority: certs/ca.crt}",
                "contexts:",
                "- name: local",
                "  context: {cluster: c, user: u}",
                "users:",
                "- name: u",
                "  user: {client-certificate: certs/admin.crt, client-key: certs/admin.key, tokenFile: token}",
                "",
            ].join("\n"),
        );
        const loaded = loadKubeconfig(file);
        assert.strictEqual(loaded.connection.ca, "CA-PEM\n");
        assert.strictEqual(loaded.connection.cert, "CERT-PEM\n");
        assert.strictEqual(loaded.connection.token, "tok-123");
        assert.doesNotMatch(loaded.text, /certs\/|tokenFile|certificate-authority:/);
        fs.rmSync(dir, { recursive: true });
        const again = parseKubeconfig(loaded.text, "in the stack state", { baseDir: os.tmpdir() });
        assert.deepStrictEqual(
            { ca: again.ca, cert: again.cert, key: again.key, token: again.token },
            { ca: "CA-PEM\n", cert: "CERT-PEM\n", key: "KEY-PEM\n", token: "tok-123" },
        );
    });

    it("names a referenced file that cannot be read, with the field and the fix", () => {
        const file = path.join(tmp, "missing-ca.yaml");
        fs.writeFileSync(
            file,
            kubeconfig("https://127.0.0.1:6443").replace("    insecure-skip-tls-verify: true", "    certificate-authority: nope/ca.crt"),
        );
        assert.throws(
            () => loadKubeconfig(file),
            (e: Error) =>
                e instanceof KubeconfigError &&
                e.message.includes(`cluster "c" certificate-authority file ${path.join(tmp, "nope", "ca.crt")} cannot be read`) &&
                /certificate-authority-data/.test(e.message),
        );
    });

    it("merges every $KUBECONFIG file as kubectl does: first file wins per name, current-context from the first that sets it", () => {
        const a = path.join(tmp, "merge-a.yaml");
        const b = path.join(tmp, "merge-b.yaml");
        fs.writeFileSync(
            a,
            [
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: c",
                "  cluster: {server: 'https://a.example:6443'}",
                "contexts:",
                "- name: first",
                "  context: {cluster: c, user: u}",
                "users:",
                "- name: u",
                "  user: {token: from-a}",
                "",
            ].join("\n"),
        );
        fs.writeFileSync(
            b,
            [
                "apiVersion: v1",
                "kind: Config",
                "current-context: second",
                "clusters:",
                "- name: c",
                "  cluster: {server: 'https://b.example:6443'}",
                "- name: d",
                "  cluster: {server: 'https://d.example:6443'}",
                "contexts:",
                "- name: second",
                "  context: {cluster: d, user: u}",
                "- name: first",
                "  context: {cluster: d, user: u}",
                "users:",
                "- name: u",
                "  user: {token: from-b}",
                "",
            ].join("\n"),
        );
        const env = { KUBECONFIG: [a, path.join(tmp, "absent.yaml"), b].join(path.delimiter) };
        const loaded = loadKubeconfig(undefined, env);
        assert.deepStrictEqual(
            [loaded.connection.context, loaded.connection.server, loaded.connection.token],
            ["second", "https://d.example:6443", "from-a"],
        );
        const first = loadKubeconfig(undefined, env, { context: "first" });
        assert.deepStrictEqual([first.connection.context, first.connection.server], ["first", "https://a.example:6443"]);
        assert.match(first.text, /current-context: first/);
        assert.doesNotMatch(first.text, /second|b\.example|d\.example/);
    });

    it("names an unknown context and the setting that chose it", () => {
        const file = path.join(tmp, "ctx.yaml");
        fs.writeFileSync(file, kubeconfig("https://127.0.0.1:6443"));
        assert.throws(
            () => loadKubeconfig(file, {}, { context: "prod" }),
            /has no context "prod" \(contexts: local\)\. Fix pulumi-openyurt:kubeconfigContext \(yurtctl --context\)/,
        );
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
        await assert.rejects(
            discoverInventory(conn, 2000),
            (e: Error) =>
                e instanceof ClusterUnreachableError &&
                e.message.includes(`https://127.0.0.1:${port}`) &&
                /Check that the cluster is running/.test(e.message),
        );
    });
});
