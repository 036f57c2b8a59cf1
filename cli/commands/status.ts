import { KubeApiError, KubeconfigError, loadKubeconfig } from "../../components/kube";
import { ParsedArgs } from "../args";
import { stackKubeconfig } from "../configEdit";
import { CliError, ExitCode } from "../errors";
import { Io } from "../io";
import { readStatus, renderStatusTable, statusJson } from "../status";
import { readStackFile, resolveProject } from "../workspace";

/** `yurtctl status`: the live cluster, without the engine. */
export async function status(args: ParsedArgs, io: Io): Promise<number> {
    const { flags } = args;
    const project = resolveProject(flags.projectDir);
    const setting = flags.kubeconfig ?? stackKubeconfig(readStackFile(project, flags.stack));
    let loaded;
    try {
        loaded = loadKubeconfig(setting, io.env);
    } catch (e) {
        if (e instanceof KubeconfigError) {
            throw new CliError(ExitCode.environment, `${flags.kubeconfig ? "--kubeconfig: " : ""}${e.message}`);
        }
        throw e;
    }
    let rows;
    try {
        rows = await readStatus(loaded.connection);
    } catch (e) {
        if (e instanceof KubeApiError) {
            throw new CliError(ExitCode.environment, `${e.message} (kubeconfig: ${loaded.source})`);
        }
        throw e;
    }
    if (flags.output === "json") {
        io.out(statusJson(rows, { server: loaded.connection.server, context: loaded.connection.context }));
        return ExitCode.ok;
    }
    io.out(`cluster: ${loaded.connection.server}, context "${loaded.connection.context}", ${rows.length} nodes\n\n`);
    io.out(renderStatusTable(rows));
    return ExitCode.ok;
}
