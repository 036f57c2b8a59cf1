import { Backend, backendUrl } from "./backend";
import { CliError, ExitCode } from "../input/errors";
import { Project } from "./project";

/** The environment the engine runs with, and the passphrase policy that goes with its backend. */

/**
 * Environment of the engine: the caller's, plus the backend and the offline-friendly defaults. A
 * file backend needs the passphrase for every command that reads or writes the stack's secrets
 * (`secrets: false`: only the lock is touched, as by `unlock`).
 */
export function engineEnv(
    project: Project,
    env: NodeJS.ProcessEnv,
    opts: { secrets?: boolean } = {},
): { envVars: Record<string, string>; backend: Backend } {
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
        throw new CliError(
            ExitCode.environment,
            "set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE): the stack keeps the kubeconfig and the bootstrap token encrypted with it",
        );
    }
    return { envVars, backend };
}
