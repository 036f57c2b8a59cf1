import * as pulumi from "@pulumi/pulumi";
import { parseKubeconfig } from "../core/kube/kubeconfig";
import { nodeView } from "../core/kube/nodeView";
import { dynamicModule, dynamicTypes } from "../core/names";
import { v1_7_0 } from "../core/release/v1_7";
import { canonicalJson, revertNodes } from "./nodeConversion";

/** Inputs of NodePoolReverts. */
export interface NodePoolRevertsArgs {
    kubeconfig: pulumi.Input<string>;
    namespace: pulumi.Input<string>;
    /** Node name → pool, for every node this stack puts in a pool. */
    pools: pulumi.Input<Record<string, string>>;
    /** How long the revert may go without any node finishing. */
    timeoutSeconds: pulumi.Input<number>;
    /** The pinned node-servant image, which undoes the component's own node step (yurt-hub at boot). */
    nodeServantImage: pulumi.Input<string>;
}

interface RevertsState {
    kubeconfig: string;
    namespace: string;
    pools: Record<string, string>;
    timeoutSeconds: number;
    /** Absent in the state of a stack made before the yurt-hub-at-boot step: the release's image then. */
    nodeServantImage?: string;
}

/**
 * Nodes to revert when the pool map changes: the removed ones and the moved ones, since a pool label
 * cannot change in place (yurt-manager's webhook); a moved node is converted into its new pool after.
 */
export function leavingNodes(olds: Record<string, string>, news: Record<string, string>): string[] {
    return Object.keys(olds).filter((n) => news[n] !== olds[n]);
}

function run(state: RevertsState, names: string[]): Promise<void> {
    const conn = parseKubeconfig(state.kubeconfig, "in the stack state");
    return revertNodes(
        {
            conn,
            nodes: nodeView(conn),
            namespace: state.namespace,
            timeoutSeconds: state.timeoutSeconds,
            nodeServantImage: state.nodeServantImage ?? v1_7_0.defaultImages.nodeServant,
            log: (line) => console.error(`[openyurt] ${line}`),
        },
        names,
    );
}

/**
 * The undo half of NodePool membership, registered before it: creating it changes nothing; a node
 * that leaves the edge set, or moves to another pool, is taken out of its pool and reverted by
 * yurt-manager (the update waits); deleting it (`pulumi destroy`) reverts every node. Kept in the
 * state as a dynamic resource so a plain `pulumi destroy` runs it without the program.
 */
export const nodePoolRevertsProvider: pulumi.dynamic.ResourceProvider = {
    async diff(_id: string, olds: RevertsState, news: RevertsState) {
        const changes =
            canonicalJson(olds.pools) !== canonicalJson(news.pools) ||
            olds.kubeconfig !== news.kubeconfig ||
            olds.namespace !== news.namespace ||
            olds.timeoutSeconds !== news.timeoutSeconds ||
            olds.nodeServantImage !== news.nodeServantImage;
        return { changes, replaces: [], deleteBeforeReplace: false };
    },
    async create(inputs: RevertsState) {
        return { id: "nodepool-reverts", outs: inputs };
    },
    async update(_id: string, olds: RevertsState, news: RevertsState) {
        // Revert with the newest credentials.
        await run(
            { ...olds, kubeconfig: news.kubeconfig, timeoutSeconds: news.timeoutSeconds, nodeServantImage: news.nodeServantImage },
            leavingNodes(olds.pools, news.pools),
        );
        return { outs: news };
    },
    async delete(_id: string, props: RevertsState) {
        await run(props, Object.keys(props.pools));
    },
};

export class NodePoolReverts extends pulumi.dynamic.Resource {
    declare public readonly pools: pulumi.Output<Record<string, string>>;
    constructor(name: string, args: NodePoolRevertsArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            nodePoolRevertsProvider,
            name,
            args,
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["kubeconfig"] }),
            dynamicModule,
            dynamicTypes.nodePoolReverts,
        );
    }
}
