import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";

/** How to reach one API server: enough for the few calls this component makes itself. */
export interface KubeConnection {
    server: string;
    ca?: string;
    cert?: string;
    key?: string;
    token?: string;
    insecureSkipTlsVerify?: boolean;
    /** Context the connection was taken from, for messages. */
    context: string;
}

/** A kubeconfig that cannot be read or used; the message names the file or field and the fix. */
export class KubeconfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "KubeconfigError";
    }
}

/**
 * Where a kubeconfig comes from, in yurtctl's order: the given path, else `$KUBECONFIG`
 * (first entry), else `~/.kube/config`.
 */
export function kubeconfigPath(given?: string, env: NodeJS.ProcessEnv = process.env): string {
    const raw = given || (env.KUBECONFIG ?? "").split(path.delimiter).find((p) => p) || path.join(os.homedir(), ".kube", "config");
    return raw.startsWith("~/") ? path.join(os.homedir(), raw.slice(2)) : path.resolve(raw);
}

/** Reads a kubeconfig file, failing with the path and the fix. */
export function readKubeconfigFile(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why = code === "ENOENT" ? "does not exist" : code === "EACCES" ? "is not readable (permission denied)" : code === "EISDIR" ? "is a directory" : `cannot be read (${(e as Error).message})`;
        throw new KubeconfigError(`kubeconfig ${file} ${why}. Set pulumi-openyurt:kubeconfig (or $KUBECONFIG) to a readable kubeconfig file.`);
    }
}

/** True when a string is kubeconfig content rather than a path to one. */
export function looksLikeKubeconfigContent(value: string): boolean {
    return /\n/.test(value) && /(apiVersion|clusters)\s*:/.test(value);
}

function fileOrData(data: unknown, file: unknown, base: string, what: string): string | undefined {
    if (typeof data === "string" && data) {
        return Buffer.from(data, "base64").toString("utf8");
    }
    if (typeof file === "string" && file) {
        const p = path.isAbsolute(file) ? file : path.join(base, file);
        try {
            return fs.readFileSync(p, "utf8");
        } catch {
            throw new KubeconfigError(`kubeconfig ${what} file ${p} cannot be read. Embed it as *-data or fix the path.`);
        }
    }
    return undefined;
}

/**
 * Parses kubeconfig text and resolves its current (or the given) context into a connection.
 * `source` names where it came from in messages; `baseDir` resolves relative file references.
 */
export function parseKubeconfig(text: string, source: string, opts: { context?: string; baseDir?: string } = {}): KubeConnection {
    let doc: any;
    try {
        doc = parse(text);
    } catch (e) {
        throw new KubeconfigError(`kubeconfig ${source} is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
    }
    if (!doc || typeof doc !== "object" || !Array.isArray(doc.clusters) || !Array.isArray(doc.contexts)) {
        throw new KubeconfigError(`kubeconfig ${source} is not a kubeconfig (no clusters/contexts lists). Point it at the file \`kubectl config view --raw\` prints.`);
    }
    const contextName: string | undefined = opts.context || doc["current-context"];
    if (!contextName) {
        throw new KubeconfigError(`kubeconfig ${source} has no current-context. Set one with \`kubectl config use-context\`.`);
    }
    const ctx = doc.contexts.find((c: any) => c?.name === contextName)?.context;
    if (!ctx) {
        throw new KubeconfigError(`kubeconfig ${source} has no context "${contextName}" (contexts: ${doc.contexts.map((c: any) => c?.name).join(", ") || "none"}).`);
    }
    const cluster = doc.clusters.find((c: any) => c?.name === ctx.cluster)?.cluster;
    if (!cluster?.server) {
        throw new KubeconfigError(`kubeconfig ${source}: context "${contextName}" names cluster "${ctx.cluster}", which is missing or has no server.`);
    }
    const user = (doc.users ?? []).find((u: any) => u?.name === ctx.user)?.user ?? {};
    if (user.exec || user["auth-provider"]) {
        throw new KubeconfigError(`kubeconfig ${source}: user "${ctx.user}" uses an exec/auth-provider plugin, which this tool cannot run. Use a kubeconfig with client certificates or a token (on ACK: the cluster credential).`);
    }
    const base = opts.baseDir ?? process.cwd();
    const conn: KubeConnection = {
        server: String(cluster.server).replace(/\/+$/, ""),
        ca: fileOrData(cluster["certificate-authority-data"], cluster["certificate-authority"], base, "certificate-authority"),
        cert: fileOrData(user["client-certificate-data"], user["client-certificate"], base, "client-certificate"),
        key: fileOrData(user["client-key-data"], user["client-key"], base, "client-key"),
        token: user.token ?? (user.tokenFile ? fileOrData(undefined, user.tokenFile, base, "token")?.trim() : undefined),
        insecureSkipTlsVerify: cluster["insecure-skip-tls-verify"] === true,
        context: contextName,
    };
    if (!/^https?:\/\//.test(conn.server)) {
        throw new KubeconfigError(`kubeconfig ${source}: server "${conn.server}" is not an http(s) URL.`);
    }
    return conn;
}

/** A kubeconfig's text and where it came from, for messages. */
export interface LoadedKubeconfig {
    text: string;
    source: string;
    connection: KubeConnection;
}

/**
 * Loads the kubeconfig a stack names: contents given inline (e.g. a secret config value), or a path,
 * or `$KUBECONFIG`, or `~/.kube/config`. Fails with the file and the fix.
 */
export function loadKubeconfig(setting?: string, env: NodeJS.ProcessEnv = process.env): LoadedKubeconfig {
    if (setting && looksLikeKubeconfigContent(setting)) {
        return { text: setting, source: "(inline, from config)", connection: parseKubeconfig(setting, "(inline, from config)") };
    }
    const file = kubeconfigPath(setting, env);
    const text = readKubeconfigFile(file);
    return { text, source: file, connection: parseKubeconfig(text, file, { baseDir: path.dirname(file) }) };
}
