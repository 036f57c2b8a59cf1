import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Project } from "./project";

/**
 * Where the stack's state lives: $PULUMI_BACKEND_URL, a `pulumi login`, or a file backend in the
 * project folder, and for a file backend the folder that holds its `.pulumi/`. Files only, no engine.
 */

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
