import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";

/**
 * A credential plugin (`users[].user.exec`), run by us as kubectl runs it
 * (client.authentication.k8s.io v1 / v1beta1); see execCredential.ts.
 */
export interface ExecPlugin {
    apiVersion: string;
    command: string;
    args: string[];
    env: { name: string; value: string }[];
    installHint?: string;
    provideClusterInfo: boolean;
    /** The kubeconfig user the plugin belongs to, for messages. */
    user: string;
}

/** How to reach one API server: enough for the few calls this component makes itself. */
export interface KubeConnection {
    server: string;
    ca?: string;
    cert?: string;
    key?: string;
    token?: string;
    username?: string;
    password?: string;
    insecureSkipTlsVerify?: boolean;
    /** `tls-server-name`: the name the server certificate is checked against (and sent as SNI). */
    tlsServerName?: string;
    /** `proxy-url`: an http:// proxy; https servers are reached through CONNECT. */
    proxyUrl?: string;
    exec?: ExecPlugin;
    /** `as`, `as-uid`, `as-groups`, `as-user-extra`: sent as Impersonate-* headers. */
    impersonate?: { user?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
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

/** The exec plugin API versions Kubernetes still serves (v1alpha1 was removed in 1.24). */
export const execApiVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"];

const expandHome = (p: string) => (p.startsWith("~/") ? path.join(os.homedir(), p.slice(2)) : p);

/**
 * The kubeconfig files to read, in kubectl's order: the given path alone, else every entry of
 * `$KUBECONFIG` (merged, first file wins), else `~/.kube/config`.
 */
export function kubeconfigPaths(given?: string, env: NodeJS.ProcessEnv = process.env): string[] {
    if (given) {
        return [path.resolve(expandHome(given))];
    }
    const listed = (env.KUBECONFIG ?? "").split(path.delimiter).filter((p) => p);
    return (listed.length > 0 ? listed : [path.join(os.homedir(), ".kube", "config")]).map((p) => path.resolve(expandHome(p)));
}

/** Reads a kubeconfig file, failing with the path and the fix. */
export function readKubeconfigFile(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why =
            code === "ENOENT"
                ? "does not exist"
                : code === "EACCES"
                  ? "is not readable (permission denied)"
                  : code === "EISDIR"
                    ? "is a directory"
                    : `cannot be read (${(e as Error).message})`;
        throw new KubeconfigError(`kubeconfig ${file} ${why}. Set pulumi-openyurt:kubeconfig (or $KUBECONFIG) to a readable kubeconfig file.`);
    }
}

/** True when a string is kubeconfig content rather than a path to one. */
export function looksLikeKubeconfigContent(value: string): boolean {
    return /\n/.test(value) && /(apiVersion|clusters)\s*:/.test(value);
}

type Named = { name?: unknown; [k: string]: any };
interface KubeconfigDoc {
    clusters: Named[];
    contexts: Named[];
    users: Named[];
    "current-context"?: string;
    [k: string]: any;
}

function parseDoc(text: string, source: string): KubeconfigDoc {
    let doc: any;
    try {
        doc = parse(text);
    } catch (e) {
        throw new KubeconfigError(`kubeconfig ${source} is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
    }
    if (!doc || typeof doc !== "object" || !Array.isArray(doc.clusters) || !Array.isArray(doc.contexts)) {
        throw new KubeconfigError(
            `kubeconfig ${source} is not a kubeconfig (no clusters/contexts lists). Point it at the file \`kubectl config view --raw\` prints.`,
        );
    }
    return { ...doc, users: Array.isArray(doc.users) ? doc.users : [] };
}

/** The file references of a kubeconfig, and the `*-data` field each is inlined as. */
const clusterFiles = { "certificate-authority": "certificate-authority-data" } as const;
const userFiles = { "client-certificate": "client-certificate-data", "client-key": "client-key-data" } as const;

/**
 * Makes every relative reference absolute against the folder of the file that holds it (kubectl's
 * rule): certificate and key files, `tokenFile`, and an exec `command` that contains a path separator.
 */
function resolveRelative(doc: KubeconfigDoc, baseDir: string): KubeconfigDoc {
    const abs = (p: unknown) =>
        typeof p === "string" && p && !path.isAbsolute(expandHome(p)) ? path.join(baseDir, p) : typeof p === "string" ? expandHome(p) : p;
    const clusters = doc.clusters.map((c) => {
        const cluster = { ...(c?.cluster ?? {}) };
        for (const f of Object.keys(clusterFiles)) {
            if (cluster[f]) cluster[f] = abs(cluster[f]);
        }
        return { ...c, cluster };
    });
    const users = doc.users.map((u) => {
        const user = { ...(u?.user ?? {}) };
        for (const f of [...Object.keys(userFiles), "tokenFile"]) {
            if (user[f]) user[f] = abs(user[f]);
        }
        if (user.exec && typeof user.exec.command === "string" && user.exec.command.includes("/")) {
            user.exec = { ...user.exec, command: abs(user.exec.command) };
        }
        return { ...u, user };
    });
    return { ...doc, clusters, users };
}

/** Merges kubeconfigs as kubectl does: per name the first file wins; current-context from the first that sets it. */
function mergeDocs(docs: KubeconfigDoc[]): KubeconfigDoc {
    const firstByName = (lists: Named[][]) => {
        const seen = new Map<unknown, Named>();
        for (const entry of lists.flat()) {
            if (!seen.has(entry?.name)) seen.set(entry?.name, entry);
        }
        return [...seen.values()];
    };
    return {
        apiVersion: "v1",
        kind: "Config",
        clusters: firstByName(docs.map((d) => d.clusters)),
        contexts: firstByName(docs.map((d) => d.contexts)),
        users: firstByName(docs.map((d) => d.users)),
        "current-context": docs.map((d) => d["current-context"]).find((c) => c),
    };
}

function readReferenced(file: string, field: string, owner: string, source: string): Buffer {
    try {
        return fs.readFileSync(file);
    } catch (e) {
        throw new KubeconfigError(
            `kubeconfig ${source}: ${owner} ${field} file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Fix the path, or embed the file as ${field === "tokenFile" ? "token" : `${field}-data`}.`,
        );
    }
}

/**
 * The chosen context alone (kubectl's `config view --minify --flatten`): one cluster, one user,
 * every referenced file inlined, so the text works on any machine — it is what goes into the state.
 */
function minifyAndFlatten(doc: KubeconfigDoc, source: string, context?: string): KubeconfigDoc {
    const contextName = context || doc["current-context"];
    if (!contextName) {
        throw new KubeconfigError(
            `kubeconfig ${source} has no current-context. Set one with \`kubectl config use-context\`, or name one with pulumi-openyurt:kubeconfigContext (yurtctl --context).`,
        );
    }
    const ctxEntry = doc.contexts.find((c) => c?.name === contextName);
    if (!ctxEntry?.context) {
        const known = doc.contexts.map((c) => c?.name).join(", ") || "none";
        throw new KubeconfigError(
            `kubeconfig ${source} has no context "${contextName}" (contexts: ${known}).${context ? " Fix pulumi-openyurt:kubeconfigContext (yurtctl --context)." : ""}`,
        );
    }
    const clusterEntry = doc.clusters.find((c) => c?.name === ctxEntry.context.cluster);
    if (!clusterEntry?.cluster?.server) {
        throw new KubeconfigError(
            `kubeconfig ${source}: context "${contextName}" names cluster "${ctxEntry.context.cluster}", which is missing or has no server.`,
        );
    }
    const userName = ctxEntry.context.user;
    const userEntry = doc.users.find((u) => u?.name === userName) ?? { name: userName ?? "", user: {} };
    const cluster = { ...clusterEntry.cluster };
    for (const [file, data] of Object.entries(clusterFiles)) {
        if (cluster[file] && !cluster[data])
            cluster[data] = readReferenced(cluster[file], file, `cluster "${clusterEntry.name}"`, source).toString("base64");
        delete cluster[file];
    }
    const user = { ...(userEntry.user ?? {}) };
    for (const [file, data] of Object.entries(userFiles)) {
        if (user[file] && !user[data]) user[data] = readReferenced(user[file], file, `user "${userEntry.name}"`, source).toString("base64");
        delete user[file];
    }
    if (user.tokenFile) {
        if (!user.token) user.token = readReferenced(user.tokenFile, "tokenFile", `user "${userEntry.name}"`, source).toString("utf8").trim();
        delete user.tokenFile;
    }
    return {
        apiVersion: "v1",
        kind: "Config",
        "current-context": contextName,
        clusters: [{ name: clusterEntry.name, cluster }],
        contexts: [{ name: contextName, context: ctxEntry.context }],
        users: [{ name: userEntry.name, user }],
    };
}

const decode = (data: unknown) => (typeof data === "string" && data ? Buffer.from(data, "base64").toString("utf8") : undefined);

function execPlugin(exec: any, userName: string, source: string): ExecPlugin {
    const where = `kubeconfig ${source}: user "${userName}"`;
    if (!exec.command || typeof exec.command !== "string") {
        throw new KubeconfigError(`${where} has an exec plugin without a command. Set users[].user.exec.command.`);
    }
    if (!execApiVersions.includes(exec.apiVersion)) {
        throw new KubeconfigError(
            `${where}: exec.apiVersion "${exec.apiVersion ?? ""}" is not supported; use one of ${execApiVersions.join(", ")} (v1alpha1 was removed in Kubernetes 1.24; a current plugin release speaks v1beta1 or v1).`,
        );
    }
    if (exec.apiVersion === "client.authentication.k8s.io/v1" && !["Never", "IfAvailable", "Always"].includes(exec.interactiveMode)) {
        // client-go (the Kubernetes provider) refuses a v1 plugin without it: say so before it does, mid-run.
        throw new KubeconfigError(
            `${where}: exec.interactiveMode ${exec.interactiveMode === undefined ? "is missing" : `"${exec.interactiveMode}" is not one of Never, IfAvailable, Always`}; client.authentication.k8s.io/v1 requires it. Set it to Never (or IfAvailable).`,
        );
    }
    if (exec.interactiveMode === "Always") {
        throw new KubeconfigError(
            `${where}: exec.interactiveMode "Always" needs a terminal, and Pulumi runs plugins without one. Use a plugin mode that does not prompt (for example a cached login), then set interactiveMode to IfAvailable or Never.`,
        );
    }
    const env = Array.isArray(exec.env) ? exec.env : [];
    return {
        apiVersion: exec.apiVersion,
        command: exec.command,
        args: Array.isArray(exec.args) ? exec.args.map(String) : [],
        env: env.map((e: any) => ({ name: String(e?.name), value: String(e?.value ?? "") })),
        installHint: typeof exec.installHint === "string" ? exec.installHint : undefined,
        provideClusterInfo: exec.provideClusterInfo === true,
        user: userName,
    };
}

function proxyUrl(value: unknown, clusterName: string, source: string): string | undefined {
    if (value === undefined || value === "") {
        return undefined;
    }
    let url: URL;
    try {
        url = new URL(String(value));
    } catch {
        throw new KubeconfigError(`kubeconfig ${source}: cluster "${clusterName}" proxy-url "${value}" is not a URL. Use http://host:port.`);
    }
    if (url.protocol !== "http:") {
        throw new KubeconfigError(
            `kubeconfig ${source}: cluster "${clusterName}" proxy-url "${value}" uses ${url.protocol.replace(/:$/, "")}, which pulumi-openyurt's own API calls cannot use. Use an http:// proxy (HTTPS servers are reached through CONNECT).`,
        );
    }
    return url.toString();
}

/** The connection a minified kubeconfig describes; refuses what our client cannot honour. */
function connectionOf(doc: KubeconfigDoc, source: string): KubeConnection {
    const contextName = doc["current-context"] as string;
    const clusterEntry = doc.clusters[0];
    const cluster = clusterEntry.cluster;
    const userEntry = doc.users[0];
    const user = userEntry.user ?? {};
    if (user["auth-provider"]) {
        const name = user["auth-provider"].name ?? "";
        throw new KubeconfigError(
            `kubeconfig ${source}: user "${userEntry.name}" uses auth-provider "${name}", which Kubernetes has replaced by exec plugins and this tool does not run. Use the exec plugin for it (gke-gcloud-auth-plugin, kubelogin, \`kubectl oidc-login\`), or a kubeconfig with client certificates or a token.`,
        );
    }
    const as = user.as || user["as-uid"] || user["as-groups"] || user["as-user-extra"];
    const conn: KubeConnection = {
        server: String(cluster.server).replace(/\/+$/, ""),
        ca: decode(cluster["certificate-authority-data"]),
        cert: decode(user["client-certificate-data"]),
        key: decode(user["client-key-data"]),
        token: user.token || undefined,
        username: user.username || undefined,
        password: user.password || undefined,
        insecureSkipTlsVerify: cluster["insecure-skip-tls-verify"] === true,
        tlsServerName: cluster["tls-server-name"] || undefined,
        proxyUrl: proxyUrl(cluster["proxy-url"], String(clusterEntry.name), source),
        exec: user.exec ? execPlugin(user.exec, String(userEntry.name), source) : undefined,
        impersonate: as ? { user: user.as, uid: user["as-uid"], groups: user["as-groups"], extra: user["as-user-extra"] } : undefined,
        context: contextName,
    };
    if (!/^https?:\/\//.test(conn.server)) {
        throw new KubeconfigError(`kubeconfig ${source}: server "${conn.server}" is not an http(s) URL.`);
    }
    return conn;
}

/**
 * Parses kubeconfig text and resolves its current (or the given) context into a connection.
 * `source` names where it came from in messages; `baseDir` resolves relative file references.
 */
export function parseKubeconfig(text: string, source: string, opts: { context?: string; baseDir?: string } = {}): KubeConnection {
    const doc = resolveRelative(parseDoc(text, source), opts.baseDir ?? process.cwd());
    return connectionOf(minifyAndFlatten(doc, source, opts.context), source);
}

/** A kubeconfig's self-contained text (one context, files inlined), where it came from, and its connection. */
export interface LoadedKubeconfig {
    text: string;
    source: string;
    connection: KubeConnection;
}

/**
 * Loads the kubeconfig a stack names: contents given inline (e.g. a secret config value), or a path,
 * or `$KUBECONFIG` (every file, merged), or `~/.kube/config`; picks the context (`opts.context`, else
 * current-context) and returns it minified and flattened. Fails with the file or field and the fix.
 */
export function loadKubeconfig(setting?: string, env: NodeJS.ProcessEnv = process.env, opts: { context?: string } = {}): LoadedKubeconfig {
    let merged: KubeconfigDoc;
    let source: string;
    if (setting && looksLikeKubeconfigContent(setting)) {
        source = "(inline, from config)";
        merged = resolveRelative(parseDoc(setting, source), process.cwd());
    } else {
        const files = kubeconfigPaths(setting, env);
        // Like kubectl, a $KUBECONFIG entry that does not exist is skipped, unless none exists.
        const present = files.length > 1 ? files.filter((f) => fs.existsSync(f)) : files;
        const read = (present.length > 0 ? present : files.slice(0, 1)).map((f) =>
            resolveRelative(parseDoc(readKubeconfigFile(f), f), path.dirname(f)),
        );
        source = (present.length > 0 ? present : files).join(path.delimiter);
        merged = read.length === 1 ? read[0] : mergeDocs(read);
    }
    const flat = minifyAndFlatten(merged, source, opts.context);
    return { text: stringify(flat), source, connection: connectionOf(flat, source) };
}
