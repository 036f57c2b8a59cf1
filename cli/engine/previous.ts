import type { NodeMembership } from "../../components/yurtmanager/manifests";
import { parseMemberships } from "../../components/yurtmanager/membersState";
import { defaultComponentName, generationKinds, NamedResource, parseResource } from "../../components/core/names";
import { NodeRole } from "../../components/core/plan/plannedNode";
import { defaultRelease } from "../../components/core/release";

/**
 * What the last run left in the stack's state: node roles, autonomy, batches and which nodes have
 * a recorded revert Job (v0.6.1), or the NodePool membership of every node (v1.7.0). Read from
 * `pulumi stack export`, so it is right even after a failed run (stack outputs are only refreshed
 * by a run that gets to the end). Pure.
 */

export interface PreviousRun {
    /** Resources in the state (0: never converted, or reverted). */
    resourceCount: number;
    /** Role per node, from the role labels in the state. */
    roles: Record<string, NodeRole>;
    /** Nodes whose autonomy annotation is in the state. */
    autonomous: string[];
    /** Nodes whose revert Job is recorded (every edge node whose conversion ever started). */
    revertNodes: string[];
    /** Edge nodes per batch, from the batch records. */
    batches: string[][];
    /** URN per node of its role label and autonomy annotation. */
    urns: { role: Record<string, string>; autonomy: Record<string, string> };
    /**
     * Which generation the state is of: yurt-manager (v1.7.0), yurtctl (v0.6.1); undefined when empty.
     * A string, not the release table's union: a state outlives the code of the generation that made it.
     */
    generation?: string;
    /** v1.7.0: every node's NodePool membership, the NodePoolMembers' `nodes` input. */
    members?: Record<string, NodeMembership>;
    /** v1.7.0: URN of the NodePoolMembers resource (the only one markautonomous touches). */
    membersUrn?: string;
    /** v1.7.0: node → pool of every node `revert` takes out of its pool (the NodePoolReverts' `pools`). */
    revertPools?: Record<string, string>;
}

/** Pulumi's marker of a secret value in an exported state. */
const secretSig = "4dabf18193072939515e22adb298388d";

/** A state value, with secrets (exported with their plaintext) unwrapped. */
function plain(v: any): any {
    if (v && typeof v === "object" && secretSig in v) {
        try {
            return typeof v.plaintext === "string" ? JSON.parse(v.plaintext) : undefined;
        } catch {
            return undefined;
        }
    }
    return v;
}

export function previousFromState(resources: any[], component = defaultComponentName, edgeLabel = defaultRelease.edgeWorkerLabel): PreviousRun {
    const prev: PreviousRun = { resourceCount: 0, roles: {}, autonomous: [], revertNodes: [], batches: [], urns: { role: {}, autonomy: {} } };
    const batches: Array<[number, string[]]> = [];
    for (const r of resources) {
        const type: string = r.type ?? "";
        if (type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:")) {
            continue;
        }
        prev.resourceCount++;
        const which = parseResource(
            String(r.urn ?? "")
                .split("::")
                .pop() ?? "",
            type,
            component,
        );
        if (which && generationKinds["yurt-manager"].includes(which.kind)) {
            prev.generation = "yurt-manager";
        }
        readResource(prev, batches, r, which, edgeLabel);
    }
    prev.batches = batches.sort((a, b) => a[0] - b[0]).map(([, n]) => n);
    rolesFromMembers(prev);
    if (prev.generation === undefined && prev.resourceCount > 0) {
        prev.generation = "yurtctl";
    }
    prev.autonomous.sort();
    return prev;
}

/** What one resource of the state says of the previous run (v1.7.0's fleet resources, v0.6.1's per-node ones). */
function readResource(prev: PreviousRun, batches: Array<[number, string[]]>, r: any, which: NamedResource | undefined, edgeLabel: string): void {
    switch (which?.kind) {
        case "nodePoolMembers": {
            const nodes = plain(r.inputs?.nodes ?? r.outputs?.nodes);
            const batchList = plain(r.inputs?.batches ?? r.outputs?.batches);
            prev.members = nodes && typeof nodes === "object" ? parseMemberships(nodes) : {};
            prev.membersUrn = r.urn;
            if (Array.isArray(batchList)) {
                batches.push(...batchList.map((b: string[], i: number) => [i, b] as [number, string[]]));
            }
            break;
        }
        case "nodePoolReverts": {
            const pools = plain(r.inputs?.pools ?? r.outputs?.pools);
            prev.revertPools = pools && typeof pools === "object" ? pools : {};
            prev.revertNodes = Object.keys(prev.revertPools!).sort();
            break;
        }
        case "roleLabel": {
            const label = r.outputs?.metadata?.labels?.[edgeLabel] ?? r.inputs?.metadata?.labels?.[edgeLabel];
            prev.roles[which.node] = label === "false" ? "cloud" : "edge";
            prev.urns.role[which.node] = r.urn;
            break;
        }
        case "autonomy":
            prev.autonomous.push(which.node);
            prev.urns.autonomy[which.node] = r.urn;
            break;
        case "revert": {
            const jobs = plain(r.outputs?.jobs ?? r.inputs?.jobs);
            prev.revertNodes = jobs && typeof jobs === "object" ? Object.keys(jobs).sort() : [];
            break;
        }
        case "batch": {
            const nodes = String(plain(r.outputs?.data ?? r.inputs?.data)?.nodes ?? "")
                .split("\n")
                .filter(Boolean);
            batches.push([which.batch, nodes]);
            break;
        }
    }
}

/** v1.7.0: roles and autonomy from the NodePool membership. */
function rolesFromMembers(prev: PreviousRun): void {
    for (const [node, m] of Object.entries(prev.members ?? {})) {
        prev.roles[node] = m.edge ? "edge" : "cloud";
        if (m.autonomy !== undefined) {
            prev.autonomous.push(node);
        }
    }
}
