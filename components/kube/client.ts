import * as http from "http";
import * as https from "https";
import { KubeConnection } from "./kubeconfig";

/** An API call that failed: HTTP status (0 when the server was not reached) and the server's message. */
export class KubeApiError extends Error {
    constructor(public readonly status: number, message: string, public readonly reason?: string) {
        super(message);
        this.name = "KubeApiError";
    }
}

export interface RequestOptions {
    body?: unknown;
    /** Content type of the body; default application/json. */
    contentType?: string;
    timeoutMs?: number;
}

/**
 * One call to the Kubernetes API. A deliberately small client: the component needs a handful of
 * reads (inventory, Job status) and writes (revert Jobs, RBAC hand-over), and its dynamic providers
 * are serialized into the state, so they must not depend on a large ESM client library.
 */
export function kubeRequest<T = any>(conn: KubeConnection, method: string, apiPath: string, opts: RequestOptions = {}): Promise<T> {
    const url = new URL(conn.server + apiPath);
    const isHttps = url.protocol === "https:";
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const headers: Record<string, string> = { Accept: "application/json" };
    if (payload !== undefined) {
        headers["Content-Type"] = opts.contentType ?? "application/json";
        headers["Content-Length"] = String(Buffer.byteLength(payload));
    }
    if (conn.token) {
        headers.Authorization = `Bearer ${conn.token}`;
    }
    const lib = isHttps ? https : http;
    return new Promise<T>((resolve, reject) => {
        const req = lib.request(url, {
            method,
            headers,
            ...(isHttps ? { ca: conn.ca, cert: conn.cert, key: conn.key, rejectUnauthorized: !conn.insecureSkipTlsVerify } : {}),
            timeout: opts.timeoutMs ?? 15000,
        }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
                const text = Buffer.concat(chunks).toString("utf8");
                let body: any = text;
                try {
                    body = text ? JSON.parse(text) : undefined;
                } catch {
                    /* keep text */
                }
                const status = res.statusCode ?? 0;
                if (status >= 200 && status < 300) {
                    resolve(body as T);
                } else {
                    const msg = typeof body === "object" && body?.message ? body.message : String(text).slice(0, 300);
                    reject(new KubeApiError(status, `${method} ${apiPath}: ${status} ${msg}`, body?.reason));
                }
            });
        });
        req.on("timeout", () => req.destroy(new Error(`no answer within ${opts.timeoutMs ?? 15000} ms`)));
        req.on("error", (e) => reject(new KubeApiError(0, `cannot reach the Kubernetes API server at ${conn.server}: ${e.message}`)));
        if (payload !== undefined) {
            req.write(payload);
        }
        req.end();
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
