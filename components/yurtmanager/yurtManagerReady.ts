import * as pulumi from "@pulumi/pulumi";
import { parseKubeconfig } from "../core/kube/kubeconfig";
import { dynamicModule, dynamicTypes } from "../core/names";
import { waitForYurtManager } from "./nodeConversion";

export interface YurtManagerReadyArgs {
    kubeconfig: pulumi.Input<string>;
    namespace: pulumi.Input<string>;
    /** Changing it (e.g. the chart values) waits again. */
    revision: pulumi.Input<string>;
    timeoutSeconds: pulumi.Input<number>;
}

interface ReadyState {
    kubeconfig: string;
    namespace: string;
    revision: string;
    timeoutSeconds: number;
}

const wait = (s: ReadyState) => waitForYurtManager(parseKubeconfig(s.kubeconfig, "in the stack state"), s.timeoutSeconds, s.namespace);

/**
 * A gate between the yurt-manager chart and everything that yurt-manager's webhooks check
 * (NodePools, YurtStaticSets, pool labels): a Deployment can be Ready before its webhooks serve.
 */
export const yurtManagerReadyProvider: pulumi.dynamic.ResourceProvider = {
    async diff(_id: string, olds: ReadyState, news: ReadyState) {
        return {
            changes: olds.revision !== news.revision || olds.kubeconfig !== news.kubeconfig || olds.namespace !== news.namespace,
            replaces: [],
            deleteBeforeReplace: false,
        };
    },
    async create(inputs: ReadyState) {
        await wait(inputs);
        return { id: "yurt-manager-ready", outs: inputs };
    },
    async update(_id: string, _olds: ReadyState, news: ReadyState) {
        await wait(news);
        return { outs: news };
    },
};

export class YurtManagerReady extends pulumi.dynamic.Resource {
    constructor(name: string, args: YurtManagerReadyArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            yurtManagerReadyProvider,
            name,
            args,
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["kubeconfig"] }),
            dynamicModule,
            dynamicTypes.yurtManagerReady,
        );
    }
}
