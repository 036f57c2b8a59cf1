import type * as automation from "@pulumi/pulumi/automation";
import { KubeConnection } from "../../components/core/kube/kubeconfig";
import { ResourceKind } from "../../components/core/names";
import { OpenYurtRelease } from "../../components/core/release/release";
import { EdgeClusterPlan } from "../../components/edgecluster/plan";
import { PreviousRun } from "../engine/previous";
import { PlanRow } from "../output/planTable";
import { Step } from "../output/steps";
import { ApplyInput, AutonomyRun } from "./applyInput";
import { Session } from "./session";

/**
 * What the CLI does differently per OpenYurt generation: cli/yurtctl (v0.6.1) and cli/yurtmanager
 * (v1.7.0) each give one, and cli/generations/index.ts picks it by `release.generation`. A command's
 * own file keeps its flow (flags and stack, plan, preview, confirm, run, summary); the steps that
 * differ are called through this.
 */
export interface CliGeneration {
    /** The header's `openyurt:` (and `charts:`) lines for a plan of this generation; `words` count its edge nodes and batches. */
    describePlan(plan: EdgeClusterPlan, words: { edge: string; batches: string }): string[];
    /** `yurtctl plan`'s rows: what the run would do to each node, from the plan, the preview's steps and the last run. */
    planRows(plan: EdgeClusterPlan, steps: Step[], previous: PreviousRun): PlanRow[];
    renderPlanTable(rows: PlanRow[]): string;
    /** The kinds of resource the rows are made from; changes to any other are listed as cluster-wide. */
    rowKinds: ResourceKind[];
    /** `convert` (and `markautonomous`'s run): preview unless --yes, confirm, write the config, `up` with progress, summary. */
    apply(input: ApplyInput): Promise<number>;
    /** The autonomy line's addition for `markautonomous` (", autonomy-duration 1h"); undefined: the generation has no duration. */
    autonomyDuration(plan: EdgeClusterPlan): string | undefined;
    /** `markautonomous`: apply only the autonomy change. */
    autonomy(run: AutonomyRun): Promise<number>;
    /** `revert`: rows, confirm, `destroy` with progress, summary. */
    revert(session: Session, stack: automation.Stack, previous: PreviousRun): Promise<number>;
    /** `status`: the live cluster's nodes as a table or JSON (`intro` heads the table). */
    status(conn: KubeConnection, release: OpenYurtRelease, namespace: string, output: StatusOutput): Promise<string>;
}

/** How `status` prints: JSON (with `extra` on top) or a table under `intro`. */
export interface StatusOutput {
    json: boolean;
    intro: (count: number) => string;
    extra: Record<string, unknown>;
}
