import * as automation from "@pulumi/pulumi/automation";
import * as fs from "fs";
import { CliError, ExitCode } from "../input/errors";
import { Project, readStackFile, stackFile } from "./project";

/**
 * Opening the stack every command works on: an Automation API workspace over the project's own
 * program and state, the stack selected or (for a first `convert`) created, and that creation undone
 * again when nothing was kept. The project is cli/project.ts, its backend and passphrase
 * cli/backend.ts and cli/engineEnv.ts.
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
        return new CliError(
            ExitCode.environment,
            "the pulumi CLI was not found on PATH: build it with `bash scripts/toolchain.sh` and run `source scripts/env.sh`",
        );
    }
    // The CLI's own "error: …" line says it best; the rest is the command line and a stack trace.
    const reason =
        /^error: (.*)$/m.exec(text)?.[1]?.trim() ??
        text
            .split("\n")
            .filter((l) => l.trim())
            .slice(-1)[0];
    const hint = /passphrase/i.test(reason)
        ? "; check PULUMI_CONFIG_PASSPHRASE (the stack file's encryptionsalt belongs to the passphrase it was made with)"
        : "";
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
        throw new CliError(
            ExitCode.environment,
            `stack "${name}" does not exist${names.length > 0 ? ` (stacks: ${names.join(", ")})` : ""}; convert first with \`yurtctl convert --stack ${name} --cloud-nodes … --provider …\``,
        );
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
