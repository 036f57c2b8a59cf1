import { NamedResource } from "../../../components/core/names";
import { Progress, ProgressOptions } from "../../output/progress";
import { ChangeOp, Step } from "../../output/steps";

/**
 * The engine side of a v1.7.0 `up` or `destroy`: the steps that start long waits (the charts, the
 * webhook gate, the fleet's membership and reverts) say what they wait for, and the fleet's
 * milestones when they are done. What happens to each node is read from the cluster (poolProgress.ts),
 * since the engine reports one step for the whole fleet. Pure.
 */

export interface PoolStepOptions extends ProgressOptions {
    /** markautonomous: the NodePoolMembers step only changes autonomy. */
    autonomyOnly?: boolean;
}

export class PoolStepProgress extends Progress {
    private readonly autonomyOnly: boolean;

    constructor(opts: PoolStepOptions) {
        super(opts);
        this.autonomyOnly = opts.autonomyOnly ?? false;
    }

    protected stepLines(s: Step, r: NamedResource | undefined, op: ChangeOp | undefined, now: number): string[] | undefined {
        if (!op) {
            return undefined;
        }
        return this.onLongWait(s, r, op, now) ?? this.milestone(s, r, op, now);
    }

    private get revertNodes(): string[] {
        return this.opts.revertNodes ?? [];
    }

    /** The steps that start long waits say what they wait for. */
    private onLongWait(s: Step, r: NamedResource | undefined, op: ChangeOp, now: number): string[] | undefined {
        if (s.kind === "pre" && r?.kind === "nodePoolMembers" && op !== "delete") {
            return [
                this.at(
                    now,
                    this.autonomyOnly
                        ? "setting the autonomy of the NodePool members"
                        : "labelling the nodes into their NodePools, batch by batch; yurt-manager converts the edge nodes",
                ),
            ];
        }
        const chart =
            r?.kind === "yurtManagerChart" && r.object === undefined
                ? "yurt-manager chart"
                : r?.kind === "yurthubChart" && r.object === undefined
                  ? "yurthub chart"
                  : undefined;
        if (chart && s.kind === "pre" && op === "create") {
            // A chart is a component: an `up` reports no outputs step for it, so say when it starts.
            return [this.at(now, `installing the ${chart}${chart === "yurt-manager chart" ? " (CRDs, RBAC, webhooks, Deployment)" : ""}`)];
        }
        if (chart && s.kind === "outputs" && op === "delete") {
            return [this.at(now, `${chart} uninstalled`)];
        }
        if (s.kind === "pre" && r?.kind === "nodePoolReverts" && (op === "delete" || op === "update") && this.revertNodes.length > 0) {
            const one = this.revertNodes.length === 1;
            return [
                this.at(
                    now,
                    `taking ${this.revertNodes.join(", ")} out of ${one ? "its NodePool" : "their NodePools"}; yurt-manager reverts ${one ? "it" : "them"}`,
                ),
            ];
        }
        if (s.kind === "pre" && r?.kind === "yurtManagerReady" && op !== "delete") {
            return [this.at(now, "waiting until yurt-manager's webhooks answer")];
        }
        return undefined;
    }

    /** The fleet's milestones, once done. */
    private milestone(s: Step, r: NamedResource | undefined, op: ChangeOp, now: number): string[] | undefined {
        if (s.kind !== "outputs") {
            return undefined;
        }
        const removed = op === "delete";
        if (r?.kind === "yurtManagerReady" && !removed) {
            return [this.at(now, "yurt-manager's webhooks answer")];
        }
        if (r?.kind === "pool") {
            return [this.at(now, `NodePool ${r.pool} ${removed ? "deleted" : op === "create" ? "created" : "updated"}`)];
        }
        if (r?.kind === "nodePoolMembers" && !removed) {
            return [this.at(now, "every node is in its NodePool; yurt-manager reports every edge node converted")];
        }
        if (r?.kind === "nodePoolReverts" && this.revertNodes.length > 0 && (removed || op === "update")) {
            const one = this.revertNodes.length === 1;
            return [
                this.at(
                    now,
                    `out of ${one ? "its NodePool" : "their NodePools"}: ${this.revertNodes.join(", ")} (yurt-manager reverted the edge nodes)`,
                ),
            ];
        }
        return undefined;
    }
}
