import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CliError, ExitCode } from "../input/errors";

/**
 * The project a command runs: its folder, its Pulumi.yaml (name, config defaults, stack folder) and
 * its stack files. No engine here: `status`, `version` and `unlock`'s lock check read files only, so
 * they start without loading the Automation API (cli/workspace.ts).
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
        throw new CliError(
            ExitCode.environment,
            `no Pulumi project at ${projectDir} (${(e as NodeJS.ErrnoException).code === "ENOENT" ? "Pulumi.yaml missing" : (e as Error).message}); point --project-dir (or YURTCTL_PROJECT_DIR) at a copy of this repository`,
        );
    }
    const defaults = Object.fromEntries(
        Object.entries(doc?.config ?? {})
            .map(([k, v]: [string, any]) => [k, v?.default])
            .filter(([, v]) => v !== undefined),
    );
    return {
        dir: projectDir,
        name: String(doc?.name ?? "pulumi-openyurt"),
        stackConfigDir: path.join(projectDir, doc?.stackConfigDir ?? "."),
        defaults,
    };
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
