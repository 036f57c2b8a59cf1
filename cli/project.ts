import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { CliError, ExitCode } from "./errors";

/**
 * The project a command runs (its folder, name, stack files, config defaults) and where its state
 * lives. No engine here: `status`, `version` and `unlock`'s lock check read files only, so they start
 * without loading the Automation API (cli/workspace.ts).
 */

export interface Project {
    dir: string;
    name: string;
    /** Folder of the stack files (Pulumi.yaml `stackConfigDir`). */
    stackConfigDir: string;
    /** Defaults of the project's config schema, by key. */
    defaults: Record<string, unknown>;
}

/**
 * The repository this CLI lives in: the nearest folder above this file with a Pulumi.yaml. The same
 * whether the CLI runs from its sources (cli/) or compiled (bin/cli/).
 */
export function repositoryRoot(from = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            return path.resolve(__dirname, "..");
        }
    }
}

export const defaultProjectDir = repositoryRoot();

export function resolveProject(dir: string | undefined): Project {
    const projectDir = path.resolve(dir ?? defaultProjectDir);
    const file = path.join(projectDir, "Pulumi.yaml");
    let doc: any;
    try {
        doc = parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new CliError(ExitCode.environment, `no Pulumi project at ${projectDir} (${(e as NodeJS.ErrnoException).code === "ENOENT" ? "Pulumi.yaml missing" : (e as Error).message}); point --project-dir (or YURTCTL_PROJECT_DIR) at a copy of this repository`);
    }
    const defaults = Object.fromEntries(Object.entries(doc?.config ?? {}).map(([k, v]: [string, any]) => [k, v?.default]).filter(([, v]) => v !== undefined));
    return { dir: projectDir, name: String(doc?.name ?? "pulumi-openyurt"), stackConfigDir: path.join(projectDir, doc?.stackConfigDir ?? "."), defaults };
}

export function stackFile(project: Project, stack: string): string {
    return path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`);
}

export function readStackFile(project: Project, stack: string): string | undefined {
    try {
        return fs.readFileSync(stackFile(project, stack), "utf8");
    } catch {
        return undefined;
    }
}

export interface Backend {
    /** What the engine gets as PULUMI_BACKEND_URL (unset: the `pulumi login` one). */
    url?: string;
    /** For the header. */
    description: string;
    /** A file backend's folder (it holds `.pulumi/`), when the state is in files. */
    fileDir?: string;
}

/** The folder of a `file://` backend URL (`file://~` is the home folder, as the engine reads it). */
export function fileBackendDir(url: string | undefined): string | undefined {
    if (!url || !url.startsWith("file://")) {
        return undefined;
    }
    const rest = decodeURIComponent(url.slice("file://".length).replace(/\?.*$/, ""));
    return rest === "~" || rest.startsWith("~/") ? path.join(os.homedir(), rest.slice(1)) : path.resolve(rest);
}

/** Where the state lives: $PULUMI_BACKEND_URL, a `pulumi login`, or a file backend in the project folder. */
export function backendUrl(project: Project, env: NodeJS.ProcessEnv): Backend {
    if (env.PULUMI_BACKEND_URL) {
        return { url: env.PULUMI_BACKEND_URL, description: env.PULUMI_BACKEND_URL, fileDir: fileBackendDir(env.PULUMI_BACKEND_URL) };
    }
    const home = env.PULUMI_HOME || path.join(os.homedir(), ".pulumi");
    try {
        const creds = JSON.parse(fs.readFileSync(path.join(home, "credentials.json"), "utf8"));
        if (creds?.current) {
            return { description: `${creds.current} (pulumi login)`, fileDir: fileBackendDir(String(creds.current)) };
        }
    } catch {
        /* not logged in */
    }
    // .gitignore keeps .pulumi/ out of the repository.
    const url = `file://${project.dir}`;
    return { url, description: `${url}, the default; PULUMI_BACKEND_URL changes it`, fileDir: project.dir };
}

/**
 * Environment of the engine: the caller's, plus the backend and the offline-friendly defaults. A
 * file backend needs the passphrase for every command that reads or writes the stack's secrets
 * (`secrets: false`: only the lock is touched, as by `unlock`).
 */
export function engineEnv(project: Project, env: NodeJS.ProcessEnv, opts: { secrets?: boolean } = {}): { envVars: Record<string, string>; backend: Backend } {
    const backend = backendUrl(project, env);
    const envVars: Record<string, string> = {
        PULUMI_SKIP_UPDATE_CHECK: env.PULUMI_SKIP_UPDATE_CHECK ?? "true",
        // Type-checking is `npm run build`'s job; the engine only needs the program transpiled.
        PULUMI_NODEJS_TRANSPILE_ONLY: env.PULUMI_NODEJS_TRANSPILE_ONLY ?? "true",
    };
    if (backend.url) {
        envVars.PULUMI_BACKEND_URL = backend.url;
    }
    const fileBackend = (backend.url ?? "").startsWith("file://");
    if ((opts.secrets ?? true) && fileBackend && env.PULUMI_CONFIG_PASSPHRASE === undefined && !env.PULUMI_CONFIG_PASSPHRASE_FILE) {
        throw new CliError(ExitCode.environment, "set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE): the stack keeps the kubeconfig and the bootstrap token encrypted with it");
    }
    return { envVars, backend };
}
