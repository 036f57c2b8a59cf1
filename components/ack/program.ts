import * as pulumi from "@pulumi/pulumi";
import { StackSettings } from "../core/config/stackConfig";
import { defaultComponentName } from "../core/names";
import { stackOutputs } from "../core/stackOutputs";
import { ConversionConfigError } from "../core/config/problems";
import { AckCluster, AckClusterArgs } from "./ackCluster";
import { AckSpec } from "./plan";

/** Keys of AckClusterArgs that are program wiring, not stack settings. */
const wiringKeys: (keyof AckClusterArgs)[] = ["conversion", "discoverInventory", "alicloudEnvironment"];

/**
 * The program for cluster "ack": provisions the cluster from `pulumi-openyurt:ack`, converts its
 * pools' nodes, and returns the stack outputs. Throws ConversionConfigError before anything is
 * registered when a setting is wrong.
 */
export function ackStack(settings: StackSettings, name = defaultComponentName): Record<string, pulumi.Output<unknown>> {
    const raw = (settings.ack ?? {}) as Record<string, unknown>;
    const wiring = wiringKeys.filter((k) => k in raw);
    if (wiring.length > 0) {
        throw new ConversionConfigError(
            wiring.map((k) => ({ setting: `ack.${k}`, message: "unknown setting", fix: "remove it; see docs/ack.md for the ack settings" })),
        );
    }
    const cluster = new AckCluster(name, { ...(raw as unknown as AckSpec), conversion: settings.conversion });
    return stackOutputs(settings.conversion.release, cluster, {
        clusterId: cluster.clusterId,
        apiEndpoint: cluster.apiEndpoint,
        kubeconfig: cluster.kubeconfig,
        pendingConversion: cluster.pendingConversion,
        pendingReason: cluster.pendingReason,
        nodesByPool: cluster.nodesByPool,
    });
}
