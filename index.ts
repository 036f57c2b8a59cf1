import * as pulumi from "@pulumi/pulumi";
import { ackStack } from "./components/ack/program";
import { projectConfig } from "./components/core/config/unknownSettings";
import { readStackConfig } from "./components/core/config/stackConfig";
import { EdgeCluster } from "./components/edgecluster/edgeCluster";
import { ClusterUnreachableError, discoverInventory } from "./components/core/kube/inventory";
import { KubeconfigError, loadKubeconfig } from "./components/core/kube/kubeconfig";
import { defaultComponentName } from "./components/core/names";
import { ConversionConfigError } from "./components/core/config/problems";
import { stackOutputs } from "./components/core/stackOutputs";

/**
 * The program: stack config → cluster inventory → validated plan → resources.
 * Every input problem is reported before any resource is registered.
 */
async function main() {
    // The whole config of the project's namespace (not key by key, as pulumi.Config reads it), so a key no setting defines is refused.
    const project = pulumi.getProject();
    const settings = readStackConfig(projectConfig(pulumi.runtime.allConfig(), project), project);
    if (settings.cluster === "ack") {
        // Provision the ACK cluster and convert its pools' nodes (docs/ack.md).
        return ackStack(settings);
    }
    const kubeconfig = loadKubeconfig(settings.kubeconfig, process.env, { context: settings.kubeconfigContext });
    const inventory = await discoverInventory(kubeconfig.connection);
    const edge = new EdgeCluster(defaultComponentName, {
        ...settings.conversion,
        kubeconfig: pulumi.secret(kubeconfig.text),
        inventory,
    });
    return stackOutputs(
        edge.plan.release.version,
        {
            nodeRoles: edge.nodeRoles,
            convertedNodes: edge.convertedNodes,
            autonomousNodes: edge.autonomousNodes,
            batches: edge.batches,
            unmanagedNodes: edge.plan.unmanagedNodes,
        },
        { nodePools: edge.nodePools, nodeReport: edge.nodeReport },
    );
}

/** The Node SDK's exit code for "the program failed and already told the user why" (the engine then bails). */
const EXIT_AFTER_MESSAGE = 32;

/**
 * Known input errors are shown as their message alone, and end the run without an uncaught
 * exception: the SDK's uncaught-error handler inspects the error with `util.inspect` (its stack
 * resolved through ts-node's source maps), which made a rejected config take seconds longer and
 * gigabytes more than a valid preview. Nothing is registered, and the engine bails without changes.
 */
export = main().catch((e: unknown) => {
    if (e instanceof ConversionConfigError || e instanceof KubeconfigError || e instanceof ClusterUnreachableError) {
        pulumi.log.error(e.message);
        process.exitCode = EXIT_AFTER_MESSAGE;
        return undefined;
    }
    throw e;
});
