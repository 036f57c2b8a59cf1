import * as automation from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { RawConfig, rawFromStackFile } from "./configEdit";
import { CliError, ExitCode } from "./errors";

/**
 * The Pulumi side: which project runs, with which state backend and secrets passphrase, and the
 * stack every command works on (Automation API over the project's own program and state).
 */

export interface Project {
    dir: string;
    name: string;
    /** Folder of the stack files (Pulumi.yaml `stackConfigDir`). */
    stackConfigDir: string;
    /** Defaults of the project's config schema, by key. */
    defaults: Record<string, unknown>;
}

/** The repository this CLI lives in. */
export const defaultProjectDir = path.resolve(__dirname, "..");

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

/** Where the state lives: $PULUMI_BACKEND_URL, a `pulumi login`, or a file backend in the project folder. */
export function backendUrl(project: Project, env: NodeJS.ProcessEnv): { url?: string; description: string } {
    if (env.PULUMI_BACKEND_URL) {
        return { url: env.PULUMI_BACKEND_URL, description: env.PULUMI_BACKEND_URL };
    }
    const home = env.PULUMI_HOME || path.join(os.homedir(), ".pulumi");
    try {
        const creds = JSON.parse(fs.readFileSync(path.join(home, "credentials.json"), "utf8"));
        if (creds?.current) {
            return { description: `${creds.current} (pulumi login)` };
        }
    } catch {
        /* not logged in */
    }
    // .gitignore keeps .pulumi/ out of the repository.
    const url = `file://${project.dir}`;
    return { url, description: `${url}, the default; PULUMI_BACKEND_URL changes it` };
}

/** Environment of the engine: the caller's, plus the backend and the offline-friendly defaults. */
export function engineEnv(project: Project, env: NodeJS.ProcessEnv): { envVars: Record<string, string>; backend: string } {
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
    if (fileBackend && env.PULUMI_CONFIG_PASSPHRASE === undefined && !env.PULUMI_CONFIG_PASSPHRASE_FILE) {
        throw new CliError(ExitCode.environment, "set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE): the stack keeps the kubeconfig and the bootstrap token encrypted with it");
    }
    return { envVars, backend: backend.description };
}

export interface OpenedStack {
    stack: automation.Stack;
    workspace: automation.LocalWorkspace;
    /** The stack did not exist and was created by this call. */
    created: boolean;
    /**
     * Undoes the creation of a stack made by this call (nothing when it existed): removes it from the
     * backend and puts its config file back exactly as it was (a committed stack file survives).
     */
    discard: () => Promise<void>;
}

function engineProblem(e: unknown): CliError {
    const text = String((e as Error)?.message ?? e);
    if (/ENOENT|not found|Failed to run pulumi|spawn pulumi/i.test(text) && /pulumi/.test(text) && !/stack/.test(text)) {
        return new CliError(ExitCode.environment, "the pulumi CLI was not found on PATH: build it with `bash scripts/toolchain.sh` and run `source scripts/env.sh`");
    }
    // The CLI's own "error: …" line says it best; the rest is the command line and a stack trace.
    const reason = /^error: (.*)$/m.exec(text)?.[1]?.trim() ?? text.split("\n").filter((l) => l.trim()).slice(-1)[0];
    const hint = /passphrase/i.test(reason) ? "; check PULUMI_CONFIG_PASSPHRASE (the stack file's encryptionsalt belongs to the passphrase it was made with)" : "";
    return new CliError(ExitCode.environment, `the Pulumi engine could not open the stack: ${reason}${hint}`);
}

/**
 * Opens the stack; with `create`, creates it when missing (a first `convert`). Without, a missing
 * stack is an error that says how to make one.
 */
export async function openStack(project: Project, name: string, envVars: Record<string, string>, create: boolean): Promise<OpenedStack> {
    let workspace: automation.LocalWorkspace;
    let names: string[];
    try {
        workspace = await automation.LocalWorkspace.create({ workDir: project.dir, envVars });
        names = (await workspace.listStacks()).map((s) => s.name);
    } catch (e) {
        throw engineProblem(e);
    }
    const exists = names.some((n) => n === name || n.endsWith(`/${name}`));
    if (!exists && !create) {
        throw new CliError(ExitCode.environment, `stack "${name}" does not exist${names.length > 0 ? ` (stacks: ${names.join(", ")})` : ""}; convert first with \`yurtctl convert --stack ${name} --cloud-nodes … --provider …\``);
    }
    const file = stackFile(project, name);
    const fileBefore = readStackFile(project, name);
    let stack: automation.Stack;
    try {
        stack = exists ? await automation.Stack.select(name, workspace) : await automation.Stack.create(name, workspace);
    } catch (e) {
        throw engineProblem(e);
    }
    const discard = async () => {
        if (exists) {
            return;
        }
        await workspace.removeStack(name, { preserveConfig: true }).catch(() => undefined);
        if (fileBefore === undefined) {
            fs.rmSync(file, { force: true });
        } else {
            fs.writeFileSync(file, fileBefore);
        }
    };
    return { stack, workspace, created: !exists, discard };
}

/** Logical names → URNs of the resources in the stack's state. */
export async function stateResources(stack: automation.Stack): Promise<Map<string, { urn: string; type: string }>> {
    const deployment = await stack.exportStack();
    const resources: any[] = (deployment as any)?.deployment?.resources ?? [];
    const out = new Map<string, { urn: string; type: string }>();
    for (const r of resources) {
        out.set(`${r.type}::${String(r.urn).split("::").pop()}`, { urn: r.urn, type: r.type });
    }
    return out;
}

/**
 * A copy of the stack file with some config changed, in a temporary folder: `preview --config-file`
 * shows what the change would do without writing the real stack file.
 */
export function writeTempStackFile(stack: string, text: string): { file: string; remove: () => void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yurtctl-"));
    const file = path.join(dir, `Pulumi.${stack.replace(/[\\/]/g, "_")}.yaml`);
    fs.writeFileSync(file, text, { mode: 0o600 });
    return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function readStackFile(project: Project, stack: string): string | undefined {
    try {
        return fs.readFileSync(stackFile(project, stack), "utf8");
    } catch {
        return undefined;
    }
}

/** The stack's project config (see rawFromStackFile), secret values decrypted through the engine. */
export async function currentConfig(project: Project, stack: automation.Stack): Promise<RawConfig> {
    const { raw, secure } = rawFromStackFile(readStackFile(project, stack.name), project.defaults, project.name);
    for (const key of secure) {
        try {
            raw[key] = (await stack.getConfig(`${project.name}:${key}`)).value;
        } catch (e) {
            throw new CliError(ExitCode.environment, `cannot decrypt the secret config value ${key} of stack "${stack.name}" (is PULUMI_CONFIG_PASSPHRASE right?): ${String((e as Error).message).split("\n").filter(Boolean).slice(-1)[0]}`);
        }
    }
    return raw;
}
