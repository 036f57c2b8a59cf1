import * as pulumi from "@pulumi/pulumi";
import { parseKubeconfig } from "../core/kube/kubeconfig";
import { nodeView } from "../core/kube/nodeView";
import { dynamicModule, dynamicTypes } from "../core/names";
import { allowedFailures, FailureBudgetText, parseFailureBudget } from "./failureBudget";
import type { NodeMembership } from "./manifests";
import { applyAutonomy, canonicalJson, ConversionTarget, convertBatch, readMemberships } from "./nodeConversion";
import { isShortfall, NodeReport, summarizeReport } from "./rolloutReport";
import { membershipsText, MembershipText, parseMemberships, parseReports, reportsText, Stored } from "./membersState";

/** Inputs of NodePoolMembers. */
export interface NodePoolMembersArgs {
    /** Kubeconfig contents; kept secret in the state. */
    kubeconfig: pulumi.Input<string>;
    /** yurt-manager's working namespace (its conversion Jobs run there). */
    namespace: pulumi.Input<string>;
    /** Every managed node by name: its pool, whether it is converted (edge), its autonomy (`membershipsText`). */
    nodes: pulumi.Input<Record<string, MembershipText>>;
    /** Rollout batches of edge node names; batch k+1 is labelled only once batch k is converted. */
    batches: pulumi.Input<string[][]>;
    /** How long a batch may go without any node finishing. */
    timeoutSeconds: pulumi.Input<number>;
    /** The pinned node-servant image, for the component's own node step (yurt-hub at boot). */
    nodeServantImage: pulumi.Input<string>;
    /** rollout.maxFailures as the plan resolved it: "0", "3" or "5%". */
    maxFailures: pulumi.Input<FailureBudgetText>;
}

interface MembersState {
    kubeconfig: string;
    namespace: string;
    nodes: Record<string, NodeMembership>;
    batches: string[][];
    timeoutSeconds: number;
    nodeServantImage: string;
    /** Absent in the state of a stack made before the failure budget: "0". */
    maxFailures?: FailureBudgetText;
    /** Output: every managed node's outcome in the last run (and the nodes it reverted). */
    report?: Record<string, NodeReport>;
}

/** MembersState as the engine hands it over and keeps it: per-node maps of strings (objects in older states). */
type StoredMembers = Omit<MembersState, "nodes" | "report"> & { nodes: Stored<NodeMembership>; report?: Stored<NodeReport> };

const fromStored = (s: StoredMembers): MembersState => ({ ...s, nodes: parseMemberships(s.nodes), report: s.report && parseReports(s.report) });

const toStored = (s: MembersState): StoredMembers => ({ ...s, nodes: membershipsText(s.nodes), report: s.report && reportsText(s.report) });

const stable = canonicalJson;

/**
 * Cloud nodes first (labelled, nothing to wait for), then each batch of edge nodes, then autonomy.
 * Failed and offline nodes do not stop the rollout while they are within the failure budget; past
 * it, the run stops before the next batch. Returns the state to keep: `nodes` holds only the nodes
 * that reached what was asked (so the next run's diff names the others and retries them), `report`
 * every node's outcome.
 */
async function converge(state: MembersState, olds?: MembersState): Promise<MembersState> {
    const conn = parseKubeconfig(state.kubeconfig, "in the stack state");
    const t: ConversionTarget = {
        conn,
        nodes: nodeView(conn),
        namespace: state.namespace,
        timeoutSeconds: state.timeoutSeconds,
        nodeServantImage: state.nodeServantImage,
        log: (line) => console.error(`[openyurt] ${line}`),
    };
    const budget = runBudget(state, olds);
    const inBatch = new Set(state.batches.flat());
    const pick = (names: string[]) => Object.fromEntries(names.map((n) => [n, state.nodes[n]]));
    const report: Record<string, NodeReport> = await convertBatch(t, pick(Object.keys(state.nodes).filter((n) => !inBatch.has(n))));
    for (const [i, batch] of state.batches.entries()) {
        Object.assign(report, await convertBatch(t, pick(batch)));
        const short = Object.values(report).filter(isShortfall).length;
        if (short > budget.allowed) {
            throw pastBudget(state, report, i, short, budget);
        }
    }
    const nodes = Object.fromEntries(Object.entries(state.nodes).filter(([n, m]) => !m.edge || report[n]?.outcome === "converted"));
    await applyAutonomy(t, nodes);
    completeReport(report, nodes, state, olds);
    // The warning for nodes left within the budget is the program's (EdgeCluster), from this report.
    t.log?.(summarizeReport(report));
    return { ...state, nodes, report };
}

/** How many edge nodes this run converts (those not converted in their pool already) and how many of them may fail. */
function runBudget(state: MembersState, olds?: MembersState): { allowed: number; converting: number; text: string } {
    const parsed = parseFailureBudget(state.maxFailures ?? "0");
    if ("problem" in parsed) {
        throw new Error(`rollout.maxFailures: ${parsed.problem}`);
    }
    const done = (n: string) => olds?.nodes[n]?.edge === true && olds.nodes[n].pool === state.nodes[n].pool;
    const converting = state.batches.flat().filter((n) => !done(n)).length;
    return { allowed: allowedFailures(parsed.budget, converting), converting, text: parsed.text };
}

/** The error that stops the rollout after batch `i`: later batches are recorded pending, every shortfall is named. */
function pastBudget(state: MembersState, report: Record<string, NodeReport>, i: number, short: number, budget: ReturnType<typeof runBudget>): Error {
    const later = state.batches.slice(i + 1).flat();
    const now = new Date().toISOString();
    for (const n of later) {
        report[n] = { pool: state.nodes[n].pool, outcome: "pending", since: now };
    }
    const names = Object.keys(report).filter((n) => isShortfall(report[n]));
    return new Error(
        `the rollout stopped after batch ${i + 1} of ${state.batches.length}: ${short} node(s) failed or were skipped offline, ` +
            `more than rollout.maxFailures allows (${budget.text}: ${budget.allowed} of the ${budget.converting} node(s) this run converts).\n` +
            `${summarizeReport(report, 10)}\nEvery node that failed or was skipped: ${names.join(", ")}.\n` +
            `${later.length} node(s) of later batches were not touched. Fix the nodes (or raise rollout.maxFailures) and run \`pulumi up\` again: ` +
            `it retries them and goes on.`,
    );
}

/** Adds to a finished rollout's report each node's autonomy, the nodes that left (reverted), and cloud nodes' first time. */
function completeReport(report: Record<string, NodeReport>, nodes: Record<string, NodeMembership>, state: MembersState, olds?: MembersState): void {
    for (const [n, m] of Object.entries(nodes)) {
        if (m.autonomy !== undefined) {
            report[n] = { ...report[n], autonomy: m.autonomy };
        }
    }
    const now = new Date().toISOString();
    for (const n of Object.keys(olds?.nodes ?? {}).filter((x) => !state.nodes[x])) {
        report[n] = { pool: olds!.nodes[n].pool, outcome: "reverted", since: now };
    }
    // Verdicts and offline nodes carry the cluster's own transition times; a cloud node has none, so
    // it keeps the time of the run that first put it in its pool.
    for (const [n, r] of Object.entries(report)) {
        const before = olds?.report?.[n];
        if (r.outcome === "cloud" && before?.outcome === "cloud" && before.pool === r.pool) {
            r.since = before.since;
        }
    }
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
    async diff(_id: string, olds: StoredMembers, news: StoredMembers) {
        const changes =
            stable(membershipsText(olds.nodes)) !== stable(membershipsText(news.nodes)) ||
            stable(olds.batches) !== stable(news.batches) ||
            olds.kubeconfig !== news.kubeconfig ||
            olds.namespace !== news.namespace ||
            olds.timeoutSeconds !== news.timeoutSeconds ||
            olds.nodeServantImage !== news.nodeServantImage;
        return { changes, replaces: [], deleteBeforeReplace: false };
    },
    async create(inputs: StoredMembers) {
        return { id: "nodepool-members", outs: toStored(await converge(fromStored(inputs))) };
    },
    async update(_id: string, olds: StoredMembers, news: StoredMembers) {
        return { outs: toStored(await converge(fromStored(news), fromStored(olds))) };
    },
    /**
     * What `pulumi refresh` sees: a node counts as a member only while its pool label says so (and,
     * for an edge node, yurt-manager reports it converted); its autonomy is what its annotation says.
     * An edge node without the yurt-hub-at-boot record counts as not converted yet.
     * A node whose label was removed by hand drops out of the state and the inputs, so the next
     * `up` shows it by name and puts it back.
     */
    async read(id: string, stored: StoredMembers) {
        const props = fromStored(stored);
        const live = await readMemberships(parseKubeconfig(props.kubeconfig, "in the stack state"));
        const nodes: Record<string, NodeMembership> = {};
        for (const [name, want] of Object.entries(props.nodes)) {
            const have = live.get(name);
            if (have && have.pool === want.pool && (!want.edge || have.edge)) {
                nodes[name] =
                    have.autonomy === undefined
                        ? { pool: want.pool, edge: want.edge }
                        : { pool: want.pool, edge: want.edge, autonomy: have.autonomy };
            }
        }
        const refreshed = toStored({ ...props, nodes });
        return { id, props: refreshed, inputs: refreshed };
    },
    async delete() {
        // Nothing to do: NodePoolReverts takes the nodes out of their pools and waits for the revert.
    },
};

export class NodePoolMembers extends pulumi.dynamic.Resource {
    /** The nodes that reached what was asked: cloud nodes, and edge nodes yurt-manager converted (`parseMemberships`). */
    declare public readonly nodes: pulumi.Output<Stored<NodeMembership>>;
    /** Every managed node's outcome in the last run that changed the fleet (`parseReports`). */
    declare public readonly report: pulumi.Output<Stored<NodeReport> | undefined>;
    constructor(name: string, args: NodePoolMembersArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            nodePoolMembersProvider,
            name,
            { ...args, report: undefined },
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["kubeconfig"] }),
            dynamicModule,
            dynamicTypes.nodePoolMembers,
        );
    }
}
