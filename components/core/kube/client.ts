import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as tls from "tls";
import { ExecCredential, execCredential, forgetExecCredential } from "./execCredential";
import { KubeConnection } from "./kubeconfig";

/** An API call that failed: HTTP status (0 when the server was not reached) and the server's message. */
export class KubeApiError extends Error {
    constructor(
        public readonly status: number,
        message: string,
        public readonly reason?: string,
    ) {
        super(message);
        this.name = "KubeApiError";
    }
}

export interface RequestOptions {
    body?: unknown;
    /** Content type of the body; default application/json. */
    contentType?: string;
    timeoutMs?: number;
    /** Answer with the body as text, not parsed: a watch's events come one JSON object per line. */
    text?: boolean;
}

/**
 * One call to the Kubernetes API. A deliberately small client: the component needs a handful of
 * reads (inventory, Job status) and writes (revert Jobs, RBAC hand-over), and its dynamic providers
 * are serialized into the state, so they must not depend on a large ESM client library.
 * Honours what a kubeconfig can say about the connection: CA, client certificate, token, basic
 * auth, exec plugins (run again once when the server answers 401), impersonation, `tls-server-name`
 * and an http:// `proxy-url`.
 */
export async function kubeRequest<T = any>(conn: KubeConnection, method: string, apiPath: string, opts: RequestOptions = {}): Promise<T> {
    if (!conn.exec) {
        return send<T>(conn, undefined, method, apiPath, opts);
    }
    try {
        return await send<T>(conn, await execCredential(conn), method, apiPath, opts);
    } catch (e) {
        if (!(e instanceof KubeApiError && e.status === 401)) {
            throw e;
        }
        forgetExecCredential(conn);
        return send<T>(conn, await execCredential(conn), method, apiPath, opts);
    }
}

function headersFor(
    conn: KubeConnection,
    cred: ExecCredential | undefined,
    payload: string | undefined,
    contentType?: string,
): Record<string, string | string[]> {
    const headers: Record<string, string | string[]> = { Accept: "application/json" };
    if (payload !== undefined) {
        headers["Content-Type"] = contentType ?? "application/json";
        headers["Content-Length"] = String(Buffer.byteLength(payload));
    }
    const token = cred?.token ?? conn.token;
    if (token) {
        headers.Authorization = `Bearer ${token}`;
    } else if (conn.username !== undefined && conn.password !== undefined && !cred) {
        headers.Authorization = `Basic ${Buffer.from(`${conn.username}:${conn.password}`).toString("base64")}`;
    }
    const as = conn.impersonate;
    if (as?.user) headers["Impersonate-User"] = as.user;
    if (as?.uid) headers["Impersonate-Uid"] = as.uid;
    if (as?.groups?.length) headers["Impersonate-Group"] = as.groups;
    for (const [k, v] of Object.entries(as?.extra ?? {})) {
        headers[`Impersonate-Extra-${encodeURIComponent(k)}`] = v;
    }
    return headers;
}

/**
 * Opens a tunnel through an http:// proxy (HTTP CONNECT) to `host:port`; fails naming the proxy.
 * Proxy credentials in the URL are sent as Proxy-Authorization.
 */
function connectThroughProxy(proxyUrl: string, host: string, port: string, timeoutMs: number): Promise<net.Socket> {
    const proxy = new URL(proxyUrl);
    const headers: Record<string, string> = { Host: `${host}:${port}` };
    if (proxy.username) {
        headers["Proxy-Authorization"] =
            `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString("base64")}`;
    }
    return new Promise((resolve, reject) => {
        const req = http.request({
            host: proxy.hostname,
            port: proxy.port || 80,
            method: "CONNECT",
            path: `${host}:${port}`,
            headers,
            timeout: timeoutMs,
        });
        req.on("connect", (res, socket) => {
            if (res.statusCode === 200) {
                resolve(socket);
            } else {
                socket.destroy();
                reject(
                    new KubeApiError(
                        0,
                        `proxy ${proxy.host} (kubeconfig proxy-url) refused CONNECT ${host}:${port}: ${res.statusCode} ${res.statusMessage ?? ""}`.trim(),
                    ),
                );
            }
        });
        req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on("error", (e) => reject(new KubeApiError(0, `cannot reach the proxy ${proxy.host} (kubeconfig proxy-url): ${e.message}`)));
        req.end();
    });
}

/** TLS settings of a connection: its CA, the client certificate (the exec plugin's first), server name. */
function tlsOptionsFor(conn: KubeConnection, cred: ExecCredential | undefined): tls.ConnectionOptions {
    return {
        ca: conn.ca,
        cert: cred?.cert ?? conn.cert,
        key: cred?.key ?? conn.key,
        rejectUnauthorized: !conn.insecureSkipTlsVerify,
        ...(conn.tlsServerName ? { servername: conn.tlsServerName } : {}),
    };
}

async function send<T>(conn: KubeConnection, cred: ExecCredential | undefined, method: string, apiPath: string, opts: RequestOptions): Promise<T> {
    const url = new URL(conn.server + apiPath);
    const isHttps = url.protocol === "https:";
    const timeoutMs = opts.timeoutMs ?? 15000;
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const headers = headersFor(conn, cred, payload, opts.contentType);
    const tlsOptions = tlsOptionsFor(conn, cred);
    const port = url.port || (isHttps ? "443" : "80");
    // https through a proxy: a CONNECT tunnel; plain http: the absolute URL goes to the proxy.
    const tunnel = conn.proxyUrl && isHttps ? await connectThroughProxy(conn.proxyUrl, url.hostname, port, timeoutMs) : undefined;
    const httpProxy = conn.proxyUrl && !isHttps ? new URL(conn.proxyUrl) : undefined;
    const lib = isHttps ? https : http;
    return new Promise<T>((resolve, reject) => {
        const requestOptions: https.RequestOptions = {
            method,
            headers,
            timeout: timeoutMs,
            ...(isHttps ? tlsOptions : {}),
            ...(tunnel
                ? {
                      createConnection: () =>
                          tls.connect({
                              ...tlsOptions,
                              socket: tunnel,
                              servername: conn.tlsServerName ?? (net.isIP(url.hostname) ? undefined : url.hostname),
                              host: url.hostname,
                          }),
                  }
                : {}),
        };
        const req = httpProxy
            ? http.request({
                  ...requestOptions,
                  host: httpProxy.hostname,
                  port: httpProxy.port || 80,
                  path: url.toString(),
                  headers: { ...headers, Host: url.host },
              })
            : lib.request(url, requestOptions);
        req.on("response", (res) => readResponse<T>(res, method, apiPath, opts.text === true).then(resolve, reject));
        req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on("error", (e) =>
            reject(
                new KubeApiError(
                    0,
                    `cannot reach the Kubernetes API server at ${conn.server}${conn.proxyUrl ? ` through ${new URL(conn.proxyUrl).host}` : ""}: ${e.message}`,
                ),
            ),
        );
        if (payload !== undefined) {
            req.write(payload);
        }
        req.end();
    });
}

/** A response's body: parsed JSON (or the text, when asked for), or a KubeApiError with the server's message. */
function readResponse<T>(res: http.IncomingMessage, method: string, apiPath: string, asText: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const status = res.statusCode ?? 0;
            if (asText && status >= 200 && status < 300) {
                resolve(text as T);
                return;
            }
            let body: any = text;
            try {
                body = text ? JSON.parse(text) : undefined;
            } catch {
                /* keep text */
            }
            if (status >= 200 && status < 300) {
                resolve(body as T);
            } else {
                const msg = typeof body === "object" && body?.message ? body.message : String(text).slice(0, 300);
                reject(new KubeApiError(status, `${method} ${apiPath}: ${status} ${msg}`, body?.reason));
            }
        });
    });
}

/** GET that answers undefined for 404. */
export async function kubeGetOptional<T = any>(conn: KubeConnection, apiPath: string): Promise<T | undefined> {
    try {
        return await kubeRequest<T>(conn, "GET", apiPath);
    } catch (e) {
        if (e instanceof KubeApiError && e.status === 404) {
            return undefined;
        }
        throw e;
    }
}

/**
 * DELETE `apiPath` with `body` (a UID precondition, a propagation policy, a grace period); false when
 * the object was already gone or is another one by now (404, 409).
 */
export async function deleteIfStill(conn: KubeConnection, apiPath: string, body: unknown): Promise<boolean> {
    try {
        await kubeRequest(conn, "DELETE", apiPath, { body });
        return true;
    } catch (e) {
        if (e instanceof KubeApiError && (e.status === 404 || e.status === 409)) {
            return false;
        }
        throw e;
    }
}

/**
 * Deletes the object at `apiPath` as it is now (`body(uid)`: the UID precondition and whatever else
 * the kind needs) and waits until that object, by UID, is gone. Not "until no object of that name
 * exists": a controller may create the next one under the same name at once (yurt-manager does,
 * for a node's next conversion round). `what` names it in the error after `timeoutMs`.
 */
export async function deleteAndWaitGone(
    conn: KubeConnection,
    apiPath: string,
    body: (uid: string) => unknown,
    what: string,
    timeoutMs = 60000,
): Promise<void> {
    const uid: string | undefined = (await kubeGetOptional(conn, apiPath))?.metadata?.uid;
    if (!uid || !(await deleteIfStill(conn, apiPath, body(uid)))) {
        return;
    }
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if ((await kubeGetOptional(conn, apiPath))?.metadata?.uid !== uid) {
            return;
        }
        await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`${what} was not deleted within ${timeoutMs / 1000}s`);
}

/**
 * POSTs `obj` to `collectionPath`; when its name is taken (409: a leftover of an earlier attempt,
 * kept for debugging), runs `removeLeftover` and posts once more.
 */
export async function createReplacingLeftover(
    conn: KubeConnection,
    collectionPath: string,
    obj: unknown,
    removeLeftover: () => Promise<void>,
): Promise<any> {
    const create = () => kubeRequest(conn, "POST", collectionPath, { body: obj });
    try {
        return await create();
    } catch (e) {
        if (!(e instanceof KubeApiError && e.status === 409)) {
            throw e;
        }
    }
    await removeLeftover();
    return create();
}
