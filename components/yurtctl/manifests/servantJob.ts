import * as t from "../../core/manifests/types";
import { ConversionPlan } from "../plan";
import { PlannedNode } from "../../core/plan/plannedNode";
import { ServantAction } from "../../core/release/release";
import { joinTokenKey, joinTokenSecretName } from "./bootstrapToken";
import { managedByLabels } from "../../core/manifests/labels";
import { hostJob } from "../../core/manifests/hostJob";

const JOIN_TOKEN_ENV = "JOIN_TOKEN";

/**
 * The per-node node-servant Job (`node-servant-convert-<node>` / `node-servant-revert-<node>`):
 * privileged, hostPID and hostNetwork, pinned to its node, host root mounted at /openyurt.
 * Unlike yurtctl the join token is read from a Secret, so it never appears in the Job spec.
 */
export function servantJob(plan: ConversionPlan, node: PlannedNode, action: ServantAction): t.Job {
    const { command, args } = plan.release.servantCommand(action, {
        workingMode: node.role,
        yurthubImage: plan.images.yurthub,
        yurthubHealthCheckTimeout: plan.yurthubHealthCheckTimeout,
        joinTokenEnv: JOIN_TOKEN_ENV,
    });
    return hostJob({
        plan,
        name: plan.release.servantJobName(action, node.name),
        node: node.name,
        action,
        image: plan.images.nodeServant,
        command,
        args,
        env: [
            ...(action === "convert"
                ? [{ name: JOIN_TOKEN_ENV, valueFrom: { secretKeyRef: { name: joinTokenSecretName, key: joinTokenKey } } }]
                : []),
            // convert edits the drop-in, revert restores it: both must find it.
            ...(plan.kubeadmConfPath ? [{ name: plan.release.kubeletDropInEnv, value: plan.kubeadmConfPath }] : []),
        ],
        mountHostRoot: true,
    });
}

/**
 * A record of one finished rollout batch (`pulumi-openyurt-rollout-batch-<k>`). It is created only
 * after every convert Job of the batch completed, and the next batch's Jobs wait for it: one gate
 * instead of every Job of batch k+1 depending on every Job of batch k (quadratic in the batch size).
 * `kubectl -n kube-system get cm -l openyurt.io/rollout-batch` shows how far a rollout got.
 */
export function rolloutBatchRecord(plan: ConversionPlan, batch: number): t.ConfigMap {
    return {
        metadata: {
            name: `pulumi-openyurt-rollout-batch-${batch}`,
            namespace: plan.namespace,
            labels: { ...managedByLabels, "openyurt.io/rollout-batch": String(batch) },
        },
        data: { batch: String(batch), nodes: plan.batches[batch].join("\n") },
    };
}
