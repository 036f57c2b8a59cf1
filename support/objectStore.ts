import { ChildProcess, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as os from "os";
import * as path from "path";

/**
 * A real S3 server for tests and benchmarks: versitygw (built by `bash scripts/toolchain.sh versitygw`
 * into the cache's bin/) with its POSIX backend over a folder in the cache, listening on a free
 * 127.0.0.1 port, with a bucket made through the S3 API. Every object it stores is a file under
 * `<root>/<bucket>/`, so a test can read what the engine wrote without going through S3.
 */
export interface ObjectStore {
    /** `http://127.0.0.1:<port>` */
    endpoint: string;
    port: number;
    /** The POSIX folder versitygw serves (one sub-folder per bucket). */
    root: string;
    bucket: string;
    /** The SigV4 region versitygw accepts (and the engine must sign with). */
    region: string;
    accessKey: string;
    secretKey: string;
    pid: number;
    /**
     * What `pulumi login` / `$PULUMI_BACKEND_URL` gets: the bucket, a key prefix inside it, the
     * endpoint, the region, path-style addressing (the bucket cannot go into the host of an IP address:
     * without it the SDK asks for `<bucket>.127.0.0.1`), plus `extra` query parameters.
     */
    backendUrl(prefix?: string, extra?: Record<string, string>): string;
    /** Environment the engine needs for it: the credentials and region, and no shared AWS config. */
    engineEnv(): Record<string, string>;
    /** A signed S3 request (path style) to this server. `key` is `bucket/key…` or "" for the service. */
    request(
        method: string,
        key: string,
        opts?: { query?: Record<string, string>; body?: Buffer | string; secretKey?: string },
    ): Promise<{ status: number; body: Buffer }>;
    /** Every object under the bucket (keys relative to it), read from the POSIX folder. */
    objects(): string[];
    /** An object's bytes, read from the POSIX folder. */
    read(key: string): Buffer;
    /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its folder unless `keep`. */
    stop(opts?: { keep?: boolean }): Promise<void>;
}

export interface ObjectStoreOptions {
    /** Cache root holding bin/versitygw (default $OPENYURT_CACHE or ~/.cache/pulumi-openyurt). */
    cache?: string;
    bucket?: string;
    /** SigV4 region; OSS-style region IDs (cn-hangzhou) by default, so nothing relies on us-east-1. */
    region?: string;
    /** A file versitygw appends one line per request to (its --access-log), e.g. to count checkpoint writes. */
    accessLog?: string;
}

const cacheRoot = () => process.env.OPENYURT_CACHE ?? path.join(os.homedir(), ".cache", "pulumi-openyurt");

/** A free TCP port on 127.0.0.1 (bound, then released for the server to take). */
export async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.once("error", reject);
        s.listen(0, "127.0.0.1", () => {
            const port = (s.address() as net.AddressInfo).port;
            s.close(() => resolve(port));
        });
    });
}

const sha256 = (data: Buffer | string) => crypto.createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) => crypto.createHmac("sha256", key).update(data).digest();
/** RFC 3986 encoding as SigV4 wants it (`/` kept in paths). */
const uriEncode = (s: string, keepSlash: boolean) =>
    encodeURIComponent(s)
        .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
        .replace(keepSlash ? /%2F/g : /$^/, "/");

/** Signs an S3 request with AWS Signature Version 4 (header form, signed payload). */
export function signV4(req: {
    method: string;
    host: string;
    path: string;
    query: Record<string, string>;
    body: Buffer;
    region: string;
    accessKey: string;
    secretKey: string;
    now?: Date;
}): Record<string, string> {
    const amzDate = (req.now ?? new Date())
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}/, "");
    const day = amzDate.slice(0, 8);
    const payload = sha256(req.body);
    const headers: Record<string, string> = { host: req.host, "x-amz-content-sha256": payload, "x-amz-date": amzDate };
    const names = Object.keys(headers).sort();
    const query = Object.keys(req.query)
        .sort()
        .map((k) => `${uriEncode(k, false)}=${uriEncode(req.query[k], false)}`)
        .join("&");
    const canonical = [
        req.method,
        uriEncode(req.path, true),
        query,
        names.map((n) => `${n}:${headers[n]}\n`).join(""),
        names.join(";"),
        payload,
    ].join("\n");
    const scope = `${day}/${req.region}/s3/aws4_request`;
    const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
    const key = hmac(hmac(hmac(hmac(`AWS4${req.secretKey}`, day), req.region), "s3"), "aws4_request");
    const signature = crypto.createHmac("sha256", key).update(toSign).digest("hex");
    return {
        ...headers,
        authorization: `AWS4-HMAC-SHA256 Credential=${req.accessKey}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`,
    };
}

function walk(dir: string, base = dir): string[] {
    if (!fs.existsSync(dir)) {
        return [];
    }
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? walk(p, base) : [path.relative(base, p)];
    });
}

/** GET /health answers 200. */
function healthy(port: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
        const r = http.get({ host: "127.0.0.1", port, path: "/health", timeout: 1000 }, (res) => {
            res.resume();
            resolve(res.statusCode === 200);
        });
        r.on("error", () => resolve(false));
        r.on("timeout", () => {
            r.destroy();
            resolve(false);
        });
    });
}

/**
 * Starts versitygw on a free 127.0.0.1 port and waits until it answers. The free port is released
 * before versitygw binds it: another process may take it meanwhile, so it tries three ports.
 */
async function startVersitygw(
    binary: string,
    root: string,
    home: string,
    logFile: string,
    opts: { region: string; env: NodeJS.ProcessEnv; accessLog?: string },
): Promise<{ child: ChildProcess; port: number }> {
    let port = 0;
    let lastError = "";
    for (let attempt = 0; attempt < 3; attempt++) {
        port = await freePort();
        const log = fs.openSync(logFile, "a");
        const args = ["--port", `127.0.0.1:${port}`, "--region", opts.region, "--health", "/health", "--quiet"];
        // Credentials through the environment, not the command line (ps shows arguments).
        const p = spawn(binary, [...args, ...(opts.accessLog ? ["--access-log", opts.accessLog] : []), "posix", root], {
            env: opts.env,
            stdio: ["ignore", log, log],
        });
        fs.closeSync(log);
        let exited = false;
        p.once("exit", () => {
            exited = true;
        });
        const deadline = Date.now() + 15000;
        while (Date.now() < deadline && !exited) {
            if (await healthy(port)) {
                return { child: p, port };
            }
            await new Promise((r) => setTimeout(r, 100));
        }
        p.kill("SIGKILL");
        lastError = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").trim().split("\n").slice(-5).join("\n") : "";
    }
    throw new Error(`versitygw did not answer GET http://127.0.0.1:${port}/health within 15 s (3 attempts); its log ${logFile}:\n${lastError}`);
}

/** S3 requests signed with Signature V4 to the store on `port`. */
function signedRequests(port: number, region: string, accessKey: string, secretKey: string): ObjectStore["request"] {
    const endpoint = `http://127.0.0.1:${port}`;
    return (method, key, o = {}) => {
        const body = o.body === undefined ? Buffer.alloc(0) : Buffer.from(o.body);
        const p = `/${key}`;
        const query = o.query ?? {};
        const headers = signV4({ method, host: `127.0.0.1:${port}`, path: p, query, body, region, accessKey, secretKey: o.secretKey ?? secretKey });
        const qs = Object.keys(query)
            .map((k) => `${uriEncode(k, false)}=${uriEncode(query[k], false)}`)
            .join("&");
        return new Promise((resolve, reject) => {
            const r = http.request(
                {
                    host: "127.0.0.1",
                    port,
                    method,
                    path: uriEncode(p, true) + (qs ? `?${qs}` : ""),
                    headers: { ...headers, "content-length": String(body.length) },
                    timeout: 30000,
                },
                (res) => {
                    const chunks: Buffer[] = [];
                    res.on("data", (c) => chunks.push(c));
                    res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
                },
            );
            r.on("error", reject);
            r.on("timeout", () => r.destroy(new Error(`${method} ${endpoint}/${key}: no answer within 30 s`)));
            r.end(body);
        });
    };
}

/** Starts versitygw on a free 127.0.0.1 port over a new folder in the cache and creates the bucket. */
export async function startObjectStore(opts: ObjectStoreOptions = {}): Promise<ObjectStore> {
    const cache = opts.cache ?? cacheRoot();
    const binary = path.join(cache, "bin", "versitygw");
    if (!fs.existsSync(binary)) {
        throw new Error(
            `versitygw is not built (${binary} missing): run \`bash scripts/toolchain.sh versitygw\` (npm run test:e2e and npm run bench:engine build it)`,
        );
    }
    const bucket = opts.bucket ?? "pulumi-state";
    const region = opts.region ?? "cn-hangzhou";
    fs.mkdirSync(path.join(cache, "objectstore"), { recursive: true });
    const home = fs.mkdtempSync(path.join(cache, "objectstore", "vgw-"));
    const root = path.join(home, "data");
    fs.mkdirSync(root);
    const accessKey = `E2E${crypto.randomBytes(8).toString("hex").toUpperCase()}`;
    const secretKey = crypto.randomBytes(20).toString("hex");
    const logFile = path.join(home, "versitygw.log");

    const { child, port } = await startVersitygw(binary, root, home, logFile, {
        region,
        env: { PATH: process.env.PATH ?? "", HOME: home, ROOT_ACCESS_KEY: accessKey, ROOT_SECRET_KEY: secretKey },
        accessLog: opts.accessLog,
    });
    const endpoint = `http://127.0.0.1:${port}`;
    const request = signedRequests(port, region, accessKey, secretKey);

    const made = await request("PUT", bucket);
    if (made.status !== 200) {
        child.kill("SIGKILL");
        throw new Error(`versitygw refused to create bucket ${bucket}: HTTP ${made.status} ${made.body.toString().slice(0, 300)}`);
    }

    return {
        endpoint,
        port,
        root,
        bucket,
        region,
        accessKey,
        secretKey,
        pid: child.pid!,
        backendUrl: (prefix = "", extra = {}) =>
            `s3://${bucket}${prefix ? `/${prefix}` : ""}?endpoint=${endpoint}&region=${region}&use_path_style=true` +
            Object.entries(extra)
                .map(([k, v]) => `&${k}=${v}`)
                .join(""),
        engineEnv: () => engineEnv(home, region, accessKey, secretKey),
        request,
        objects: () => walk(path.join(root, bucket)).sort(),
        read: (key) => fs.readFileSync(path.join(root, bucket, key)),
        stop: async ({ keep } = {}) => {
            await stopChild(child);
            if (!keep) {
                fs.rmSync(home, { recursive: true, force: true });
            }
        },
    };
}

/** The engine's environment for the store: its keys, and nothing from the machine's own AWS setup (profiles, instance metadata). */
function engineEnv(home: string, region: string, accessKey: string, secretKey: string): Record<string, string> {
    return {
        AWS_ACCESS_KEY_ID: accessKey,
        AWS_SECRET_ACCESS_KEY: secretKey,
        AWS_REGION: region,
        AWS_CONFIG_FILE: path.join(home, "no-aws-config"),
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, "no-aws-credentials"),
        AWS_EC2_METADATA_DISABLED: "true",
    };
}

/** SIGTERM, then SIGKILL after 5 s; returns once the process is gone. */
async function stopChild(child: ChildProcess): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        const t = setTimeout(() => child.kill("SIGKILL"), 5000);
        await gone;
        clearTimeout(t);
    }
}
