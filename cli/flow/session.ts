import { ParsedArgs } from "../input/args";
import { Backend } from "../engine/backend";
import { engineEnv } from "../engine/engineEnv";
import { Io } from "../output/io";
import { Project, resolveProject } from "../engine/project";

/** The session of an engine-backed command: its flags, I/O, project, engine environment and backend, and what it wrote. */

/** What every engine-backed command starts from. */
export interface Session {
    args: ParsedArgs;
    io: Io;
    project: Project;
    envVars: Record<string, string>;
    /** Where the state lives (the header names it; a file backend's lock files are read from it). */
    backend: Backend;
    /** Stack config keys this command wrote (for --output json). */
    configUpdated: string[];
    /** The release the command works with, once known (for --output json). */
    release?: string;
}

export function startSession(args: ParsedArgs, io: Io, opts: { secrets?: boolean } = {}): Session {
    const project = resolveProject(args.flags.projectDir);
    const { envVars, backend } = engineEnv(project, io.env, opts);
    return { args, io, project, envVars, backend, configUpdated: [] };
}
