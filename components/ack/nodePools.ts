import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { ackResourceNames } from "../core/names";
import { AckPlan, PlannedAckNodePool } from "./plan";
import { poolLabels } from "./roles";

/**
 * One ACK node pool per planned pool, spread over every vSwitch. Each node it adds carries the
 * pool's role label, which is how the conversion tells cloud from edge nodes.
 */
export function createNodePools(
    name: string,
    plan: AckPlan,
    clusterId: pulumi.Input<string>,
    vswitchIds: pulumi.Input<string>[],
    opts: pulumi.CustomResourceOptions,
): Record<string, alicloud.cs.NodePool> {
    return Object.fromEntries(
        plan.nodePools.map((pool: PlannedAckNodePool) => [
            pool.name,
            new alicloud.cs.NodePool(
                ackResourceNames(name).nodePool(pool.name),
                {
                    clusterId,
                    nodePoolName: pool.name,
                    vswitchIds,
                    instanceTypes: pool.instanceTypes,
                    desiredSize: String(pool.size),
                    systemDiskCategory: pool.systemDiskCategory,
                    systemDiskSize: pool.systemDiskSize,
                    keyName: plan.keyName,
                    labels: poolLabels(pool),
                    tags: plan.tags,
                },
                opts,
            ),
        ]),
    );
}
