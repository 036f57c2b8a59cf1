import { execFile } from "child_process";
import { ExecPlugin, KubeConnection, KubeconfigError } from "./kubeconfig";

/** What an exec plugin hands back (ExecCredential `status`). */
export interface ExecCredential {
    token?: string;
    cert?: string;
    key?: string;
    /** Epoch ms after which the plugin is run again; undefined = for the life of the process (kubectl's rule). */
    expiresAt?: number;
}

/**
 * Cached credentials live on the global object, not in a module variable: the dynamic providers
 * are serialized into the state with the values their functions capture, and a token must never
 * be among them.
 */
const cacheKey = "__pulumiOpenyurtExecCredentials";
function cache(): Map<string, ExecCredential> {
    const g = globalThis as Record<string, any>;
    return (g[cacheKey] ??= new Map<string, ExecCredential>());
}

const keyOf = (conn: KubeConnection) => JSON.stringify([conn.server, conn.exec]);

/** Seconds before `expirationTimestamp` at which a credential counts as expired. */
const expirySkewMs = 10_000;
const pluginTimeoutMs = 120_000;

/** Forgets a connection's cached credential (after the server answered 401 to it). */
export function forgetExecCredential(conn: KubeConnection): void {
    cache().delete(keyOf(conn));
}

/**
 * Runs the connection's exec plugin as kubectl does (env, args, `KUBERNETES_EXEC_INFO`, not
 * interactive) and caches its credential until `expirationTimestamp`.
 */
export async function execCredential(conn: KubeConnection, now = Date.now()): Promise<ExecCredential> {
    const plugin = conn.exec;
    if (!plugin) {
        throw new Error("execCredential: the connection has no exec plugin");
    }
    const cached = cache().get(keyOf(conn));
    if (cached && (cached.expiresAt === undefined || cached.expiresAt - expirySkewMs > now)) {
        return cached;
    }
    const where = `kubeconfig user "${plugin.user}": exec plugin "${plugin.command}"`;
    const env = {
        ...process.env,
        ...Object.fromEntries(plugin.env.map((e) => [e.name, e.value])),
        KUBERNETES_EXEC_INFO: JSON.stringify(execInfo(conn, plugin)),
    };
    const cred = parseExecCredential(await runExecPlugin(plugin, env, where), plugin, where);
    cache().set(keyOf(conn), cred);
    return cred;
}

/** What the plugin is told in `KUBERNETES_EXEC_INFO`: not interactive, and the cluster when it asks for it. */
function execInfo(conn: KubeConnection, plugin: ExecPlugin) {
    return {
        apiVersion: plugin.apiVersion,
        kind: "ExecCredential",
        spec: {
            interactive: false,
            ...(plugin.provideClusterInfo
                ? {
                      cluster: {
                          server: conn.server,
                          ...(conn.ca ? { "certificate-authority-data": Buffer.from(conn.ca).toString("base64") } : {}),
                          ...(conn.tlsServerName ? { "tls-server-name": conn.tlsServerName } : {}),
                          ...(conn.insecureSkipTlsVerify ? { "insecure-skip-tls-verify": true } : {}),
                          ...(conn.proxyUrl ? { "proxy-url": conn.proxyUrl } : {}),
                      },
                  }
                : {}),
        },
    };
}

/** The plugin's standard output; each way it can fail becomes a KubeconfigError naming the fix. */
function runExecPlugin(plugin: ExecPlugin, env: NodeJS.ProcessEnv, where: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
        execFile(plugin.command, plugin.args, { env, timeout: pluginTimeoutMs, maxBuffer: 4 * 1024 * 1024 }, (err, out, errOut) => {
            if (!err) {
                resolve(out);
                return;
            }
            const code = (err as NodeJS.ErrnoException).code;
            if (code === "ENOENT") {
                reject(
                    new KubeconfigError(
                        `${where} was not found (not on PATH, or the path does not exist).${plugin.installHint ? ` ${plugin.installHint.trim()}` : " Install it, or use a kubeconfig with client certificates or a token."}`,
                    ),
                );
            } else if (code === "EACCES") {
                reject(new KubeconfigError(`${where} is not executable. Fix its permissions (chmod +x).`));
            } else if (err.killed) {
                reject(
                    new KubeconfigError(
                        `${where} gave no credential within ${pluginTimeoutMs / 1000} s (it may be waiting for a login prompt). Log in first so the plugin can answer without a terminal.`,
                    ),
                );
            } else {
                reject(
                    new KubeconfigError(`${where} failed (exit ${code}): ${String(errOut).trim().split("\n").slice(-3).join(" ") || err.message}`),
                );
            }
        });
    });
}

/** The credential in the plugin's output: an ExecCredential of the expected version with a token or a client certificate and key. */
function parseExecCredential(stdout: string, plugin: ExecPlugin, where: string): ExecCredential {
    let doc: any;
    try {
        doc = JSON.parse(stdout);
    } catch {
        throw new KubeconfigError(
            `${where} did not print an ExecCredential (its output is not JSON). Check that the plugin speaks ${plugin.apiVersion}.`,
        );
    }
    if (doc?.kind !== "ExecCredential" || doc?.apiVersion !== plugin.apiVersion) {
        throw new KubeconfigError(
            `${where} printed ${doc?.kind ?? "something"} ${doc?.apiVersion ?? ""}, not an ExecCredential of ${plugin.apiVersion}. Set exec.apiVersion to the version the plugin speaks.`,
        );
    }
    const status = doc.status ?? {};
    const cred: ExecCredential = {
        token: status.token || undefined,
        cert: status.clientCertificateData || undefined,
        key: status.clientKeyData || undefined,
        expiresAt: status.expirationTimestamp ? Date.parse(status.expirationTimestamp) : undefined,
    };
    if (!cred.token && !(cred.cert && cred.key)) {
        throw new KubeconfigError(`${where} returned neither a token nor a client certificate and key.`);
    }
    if (cred.expiresAt !== undefined && Number.isNaN(cred.expiresAt)) {
        throw new KubeconfigError(`${where} returned expirationTimestamp "${status.expirationTimestamp}", which is not an RFC 3339 time.`);
    }
    return cred;
}
