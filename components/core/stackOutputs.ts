import * as pulumi from "@pulumi/pulumi";
import { requestedRelease } from "./release";

/** What a converted fleet reports, whichever source the cluster comes from. */
export interface FleetOutputs {
    nodeRoles: pulumi.Input<Record<string, string>>;
    convertedNodes: pulumi.Input<string[]>;
    autonomousNodes: pulumi.Input<string[]>;
    batches: pulumi.Input<string[][]>;
    unmanagedNodes: pulumi.Input<string[]>;
}

/**
 * The stack outputs, built in one place for both programs (an existing cluster, ACK): the fleet's
 * facts, the OpenYurt release, and what only that cluster source knows (`extra`).
 */
export function stackOutputs(
    release: string | undefined,
    fleet: FleetOutputs,
    extra: Record<string, pulumi.Input<unknown>> = {},
): Record<string, pulumi.Output<unknown>> {
    const outputs: Record<string, pulumi.Input<unknown>> = {
        ...extra,
        nodeRoles: fleet.nodeRoles,
        convertedNodes: fleet.convertedNodes,
        autonomousNodes: fleet.autonomousNodes,
        batches: fleet.batches,
        unmanagedNodes: fleet.unmanagedNodes,
        openyurtRelease: requestedRelease(release),
    };
    return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, pulumi.output(v)]));
}
