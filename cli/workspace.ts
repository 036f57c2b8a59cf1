import * as automation from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RawConfig, rawFromStackFile } from "./configEdit";
import { CliError, ExitCode } from "./errors";
import { Project, readStackFile, stackFile } from "./project";

/**
 * The Pulumi side: the stack every command works on (Automation API over the project's own program
 * and state). The project, its backend and passphrase are cli/project.ts.
 */

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
