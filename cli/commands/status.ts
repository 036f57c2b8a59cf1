import { KubeApiError } from "../../components/core/kube/client";
import { KubeconfigError, loadKubeconfig } from "../../components/core/kube/kubeconfig";
import { settings } from "../../components/core/config/settings";
import { releases } from "../../components/core/release";
import { ParsedArgs } from "../input/args";
import { rawFromStackFile, stackSetting } from "../../components/core/config/stackFile";
import { stackKubeconfig } from "../input/configEdit";
import { kubeconfigFlagsGiven } from "../input/localPlan";
import { CliError, ExitCode, UsageError } from "../input/errors";
import { Io } from "../output/io";
import { Project, readStackFile, resolveProject } from "../engine/project";
import { cliGeneration } from "../generations";

/**
 * The release `status` reads the cluster for: --release, else the stack's config, else the
 * project's default (v1.7.0). A stack's secret values are not needed for this.
 */
export function statusRelease(project: Project, stackFileText: string | undefined, flag: string | undefined, stack: string) {
    const { raw } = rawFromStackFile(stackFileText, project.defaults, project.name);
    const name = flag ?? (raw.release || settings.release.default);
    const release = releases[name];
    if (!release) {
        const where = flag !== undefined ? "--release" : `release (stack "${stack}" config; change it with --release)`;
        throw new UsageError(`${where}: unknown OpenYurt release "${name}"; use one of: ${Object.keys(releases).join(", ")}`);
    }
    return { release, namespace: raw.namespace || settings.namespace.default };
}

/** `yurtctl status`: the live cluster, without the engine. */
export async function status(args: ParsedArgs, io: Io): Promise<number> {
    const { flags } = args;
    const project = resolveProject(flags.projectDir);
    const stackText = readStackFile(project, flags.stack);
    const { release, namespace } = statusRelease(project, stackText, flags.settings.release, flags.stack);
    const setting = flags.settings.kubeconfig ?? stackKubeconfig(stackText);
    const context = flags.settings.kubeconfigContext ?? stackSetting(stackText, "kubeconfigContext");
    let loaded;
    try {
        loaded = loadKubeconfig(setting, io.env, { context });
    } catch (e) {
        if (e instanceof KubeconfigError) {
            throw new CliError(ExitCode.environment, `${kubeconfigFlagsGiven(args.given)}${e.message}`);
        }
        throw e;
    }
    const cluster = { server: loaded.connection.server, context: loaded.connection.context };
    const intro = (count: number) => `cluster: ${cluster.server}, context "${cluster.context}", ${count} nodes; OpenYurt ${release.version}\n\n`;
    try {
        const output = { json: flags.output === "json", intro, extra: { ...cluster, release: release.version } };
        io.out(await cliGeneration(release.generation).status(loaded.connection, release, namespace, output));
        return ExitCode.ok;
    } catch (e) {
        if (e instanceof KubeApiError) {
            throw new CliError(ExitCode.environment, `${e.message} (kubeconfig: ${loaded.source})`);
        }
        throw e;
    }
}
