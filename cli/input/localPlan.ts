import * as path from "path";
import { readStackConfig, StackSettings } from "../../components/core/config/stackConfig";
import { ClusterUnreachableError, discoverInventory } from "../../components/core/kube/inventory";
import { KubeconfigError, LoadedKubeconfig, loadKubeconfig } from "../../components/core/kube/kubeconfig";
import { ClusterInventory } from "../../components/core/plan/inventory";
import { ConversionConfigError } from "../../components/core/config/problems";
import { ConversionSpec } from "../../components/core/config/spec";
import { EdgeClusterPlan, planEdgeCluster } from "../../components/edgecluster/plan";
import { RawConfig } from "../../components/core/config/stackFile";
import { CliError, ExitCode, UsageError } from "./errors";
import { describeProblems } from "./problems";

/**
 * The plan the program will build, computed here first: the same config reader, kubeconfig
 * loader, cluster inventory and validator (`planEdgeCluster`) as the program, so every bad value is reported (naming its
 * flag) before the engine runs, and the CLI knows roles and batches for its tables.
 */

export interface LocalPlan {
    settings: StackSettings;
    kubeconfig: LoadedKubeconfig;
    inventory: ClusterInventory;
    /** v0.6.1 (`release.generation === "yurtctl"`) or v1.7.0 (`isYurtManagerPlan`). */
    plan: EdgeClusterPlan;
}

export interface LocalPlanOptions {
    stack: string;
    /** Flags given on the command line (problems in their settings are named by the flag). */
    given: ReadonlySet<string>;
    env: NodeJS.ProcessEnv;
    /** The project folder, where the program runs: a relative `charts.path` is resolved against it (default: the working directory). */
    projectDir?: string;
}

export function readSettings(config: RawConfig, opts: LocalPlanOptions): StackSettings {
    try {
        const settings = readStackConfig(config);
        if (settings.cluster === "ack") {
            throw new CliError(
                ExitCode.environment,
                `stack "${opts.stack}" provisions an ACK cluster (cluster: ack); yurtctl converts existing clusters - use \`pulumi up\` for this stack (docs/ack.md)`,
            );
        }
        return settings;
    } catch (e) {
        if (e instanceof ConversionConfigError) {
            throw new UsageError(describeProblems(e.problems, opts.given, opts.stack));
        }
        throw e;
    }
}

export function loadClusterKubeconfig(settings: StackSettings, opts: LocalPlanOptions): LoadedKubeconfig {
    try {
        return loadKubeconfig(settings.kubeconfig, opts.env, { context: settings.kubeconfigContext });
    } catch (e) {
        if (e instanceof KubeconfigError) {
            throw new CliError(ExitCode.environment, `${kubeconfigFlagsGiven(opts.given)}${e.message}`);
        }
        throw e;
    }
}

/** "--kubeconfig: ", "--context: " or both, for a kubeconfig problem when those flags were given. */
export function kubeconfigFlagsGiven(given: ReadonlySet<string>): string {
    const named = ["kubeconfig", "context"].filter((f) => given.has(f)).map((f) => `--${f}`);
    return named.length > 0 ? `${named.join(", ")}: ` : "";
}

export async function localPlan(config: RawConfig, opts: LocalPlanOptions): Promise<LocalPlan> {
    const settings = readSettings(config, opts);
    const kubeconfig = loadClusterKubeconfig(settings, opts);
    let inventory: ClusterInventory;
    try {
        inventory = await discoverInventory(kubeconfig.connection);
    } catch (e) {
        if (e instanceof ClusterUnreachableError || e instanceof KubeconfigError) {
            throw new CliError(ExitCode.environment, `${e.message} (kubeconfig: ${kubeconfig.source})`);
        }
        throw e;
    }
    try {
        return { settings, kubeconfig, inventory, plan: planEdgeCluster(withProjectCharts(settings.conversion, opts.projectDir), inventory) };
    } catch (e) {
        if (e instanceof ConversionConfigError) {
            throw new UsageError(describeProblems(e.problems, opts.given, opts.stack));
        }
        throw e;
    }
}

/**
 * The conversion with a relative `charts.path` resolved against the project folder, as the program
 * (which runs there) resolves it: the plan looks at the folder, wherever yurtctl was started.
 */
export function withProjectCharts(conversion: ConversionSpec, projectDir: string | undefined): ConversionSpec {
    const folder = conversion.charts?.path;
    if (projectDir === undefined || typeof folder !== "string" || folder === "" || path.isAbsolute(folder)) {
        return conversion;
    }
    return { ...conversion, charts: { ...conversion.charts, path: path.resolve(projectDir, folder) } };
}
