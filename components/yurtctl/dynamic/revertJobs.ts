import * as pulumi from "@pulumi/pulumi";
import { parseKubeconfig } from "../../core/kube/kubeconfig";
import { dynamicModule, dynamicTypes } from "../../core/names";
import { runJobs } from "../../core/kube/jobRunner";

/** Inputs of a RevertJobs resource. */
export interface RevertJobsArgs {
    /** Kubeconfig contents; kept secret in the state, needed to run the Jobs at delete time. */
    kubeconfig: pulumi.Input<string>;
    /** Revert Job per key (a node name): run when the key disappears, and all of them on delete. */
    jobs: pulumi.Input<Record<string, any>>;
    /** How long each Job may take. */
    timeoutSeconds: pulumi.Input<number>;
    /** How many Jobs run at once. */
    parallelism?: pulumi.Input<number>;
}

interface RevertJobsState {
    kubeconfig: string;
    jobs: Record<string, any>;
    timeoutSeconds: number;
    parallelism?: number;
}

const stable = (v: unknown) => JSON.stringify(v);

function run(state: RevertJobsState, keys: string[]): Promise<void> {
    const conn = parseKubeconfig(state.kubeconfig, "in the stack state");
    return runJobs(
        conn,
        keys.map((k) => state.jobs[k]),
        state.timeoutSeconds,
        state.parallelism ?? 10,
    );
}

/**
 * The undo half of a conversion step. Creating it runs nothing; removing a key runs that key's
 * Job (a node leaving the edge set is reverted), and deleting the resource (`pulumi destroy`)
 * runs every Job. Kubernetes has no "run on delete", and Pulumi resource hooks do not run on a
 * plain `pulumi destroy`; a dynamic provider is stored in the state, so it does.
 */
export const revertJobsProvider: pulumi.dynamic.ResourceProvider = {
    async diff(_id: string, olds: RevertJobsState, news: RevertJobsState) {
        const changes =
            stable(olds.jobs) !== stable(news.jobs) ||
            olds.kubeconfig !== news.kubeconfig ||
            olds.timeoutSeconds !== news.timeoutSeconds ||
            olds.parallelism !== news.parallelism;
        return { changes, replaces: [], deleteBeforeReplace: false };
    },
    async create(inputs: RevertJobsState) {
        return { id: "revert-jobs", outs: inputs };
    },
    async update(_id: string, olds: RevertJobsState, news: RevertJobsState) {
        const removed = Object.keys(olds.jobs).filter((k) => !(k in news.jobs));
        // Run the removed keys' Jobs as they were recorded, with the newest credentials.
        await run({ ...olds, kubeconfig: news.kubeconfig, timeoutSeconds: news.timeoutSeconds }, removed);
        return { outs: news };
    },
    async delete(_id: string, props: RevertJobsState) {
        await run(props, Object.keys(props.jobs));
    },
};

export class RevertJobs extends pulumi.dynamic.Resource {
    declare public readonly jobs: pulumi.Output<Record<string, any>>;
    constructor(name: string, args: RevertJobsArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            revertJobsProvider,
            name,
            args,
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["kubeconfig"] }),
            dynamicModule,
            dynamicTypes.revertJobs,
        );
    }
}
