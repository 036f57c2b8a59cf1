import * as pulumi from "@pulumi/pulumi";
import { parseKubeconfig } from "../kube/kubeconfig";
import { dynamicModule, dynamicTypes } from "../names";
import { applyAutonomy, canonicalJson, ConversionTarget, convertBatch, Membership, readMemberships } from "./nodeConversion";

/** Inputs of NodePoolMembers. */
export interface NodePoolMembersArgs {
    /** Kubeconfig contents; kept secret in the state. */
    kubeconfig: pulumi.Input<string>;
    /** yurt-manager's working namespace (its conversion Jobs run there). */
    namespace: pulumi.Input<string>;
    /** Every managed node by name: its pool, whether it is converted (edge), its autonomy. */
    nodes: pulumi.Input<Record<string, Membership>>;
    /** Rollout batches of edge node names; batch k+1 is labelled only once batch k is converted. */
    batches: pulumi.Input<string[][]>;
    /** How long a batch may go without any node finishing. */
    timeoutSeconds: pulumi.Input<number>;
    /** The pinned node-servant image, for the component's own node step (yurt-hub at boot). */
    nodeServantImage: pulumi.Input<string>;
}

interface MembersState {
    kubeconfig: string;
    namespace: string;
    nodes: Record<string, Membership>;
    batches: string[][];
    timeoutSeconds: number;
    nodeServantImage: string;
}

const stable = canonicalJson;

/** Cloud nodes first (labelled, nothing to wait for), then each batch of edge nodes, then autonomy. */
async function converge(state: MembersState): Promise<void> {
    const t: ConversionTarget = {
        conn: parseKubeconfig(state.kubeconfig, "in the stack state"),
        namespace: state.namespace,
        timeoutSeconds: state.timeoutSeconds,
        nodeServantImage: state.nodeServantImage,
        log: (line) => console.error(`[openyurt] ${line}`),
    };
    const inBatch = new Set(state.batches.flat());
    const pick = (names: string[]) => Object.fromEntries(names.map((n) => [n, state.nodes[n]]));
    await convertBatch(t, pick(Object.keys(state.nodes).filter((n) => !inBatch.has(n))));
    for (const batch of state.batches) {
        await convertBatch(t, pick(batch));
    }
    await applyAutonomy(t, state.nodes);
}

/**
 * Puts every managed node into its NodePool (label `apps.openyurt.io/nodepool`) and waits until
 * yurt-manager has converted each edge node, batch by batch; then sets each node's autonomy.
 * One resource for the whole fleet, so a run's checkpoints do not grow with the node count; its
 * `nodes` input is a map by node name, so `pulumi preview --diff` names every node that joins,
 * moves or changes autonomy. Taking nodes out of their pools is `NodePoolReverts`' job, which runs
 * before this resource on every update (moves: revert first, then convert into the new pool).
 */
export const nodePoolMembersProvider: pulumi.dynamic.ResourceProvider = {
    async diff(_id: string, olds: MembersState, news: MembersState) {
        const changes =
            stable(olds.nodes) !== stable(news.nodes) ||
            stable(olds.batches) !== stable(news.batches) ||
            olds.kubeconfig !== news.kubeconfig ||
            olds.namespace !== news.namespace ||
            olds.timeoutSeconds !== news.timeoutSeconds ||
            olds.nodeServantImage !== news.nodeServantImage;
        return { changes, replaces: [], deleteBeforeReplace: false };
    },
    async create(inputs: MembersState) {
        await converge(inputs);
        return { id: "nodepool-members", outs: inputs };
    },
    async update(_id: string, _olds: MembersState, news: MembersState) {
        await converge(news);
        return { outs: news };
    },
    /**
     * What `pulumi refresh` sees: a node counts as a member only while its pool label says so (and,
     * for an edge node, yurt-manager reports it converted); its autonomy is what its annotation says.
     * An edge node without the yurt-hub-at-boot record counts as not converted yet.
     * A node whose label was removed by hand drops out of the state and the inputs, so the next
     * `up` shows it by name and puts it back.
     */
    async read(id: string, props: MembersState) {
        const live = await readMemberships(parseKubeconfig(props.kubeconfig, "in the stack state"));
        const nodes: Record<string, Membership> = {};
        for (const [name, want] of Object.entries(props.nodes)) {
            const have = live.get(name);
            if (have && have.pool === want.pool && (!want.edge || have.edge)) {
                nodes[name] =
                    have.autonomy === undefined
                        ? { pool: want.pool, edge: want.edge }
                        : { pool: want.pool, edge: want.edge, autonomy: have.autonomy };
            }
        }
        const refreshed = { ...props, nodes };
        return { id, props: refreshed, inputs: refreshed };
    },
    async delete() {
        // Nothing to do: NodePoolReverts takes the nodes out of their pools and waits for the revert.
    },
};

export class NodePoolMembers extends pulumi.dynamic.Resource {
    declare public readonly nodes: pulumi.Output<Record<string, Membership>>;
    constructor(name: string, args: NodePoolMembersArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            nodePoolMembersProvider,
            name,
            args,
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["kubeconfig"] }),
            dynamicModule,
            dynamicTypes.nodePoolMembers,
        );
    }
}
