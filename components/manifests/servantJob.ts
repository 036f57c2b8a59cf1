import * as t from "./types";
import { ConversionPlan, PlannedNode } from "../plan";
import { ServantAction } from "../release";
import { joinTokenKey, joinTokenSecretName } from "./bootstrapToken";
import { managedByLabels, servantActionLabel, servantNodeLabel, servantPodLabel } from "./labels";

const JOIN_TOKEN_ENV = "JOIN_TOKEN";

/** Where a host Job runs and how long it may take: the plan's settings (or, at run time, the state's). */
export type HostJobSettings = Pick<ConversionPlan, "namespace" | "backoffLimit" | "jobTimeoutSeconds">;

/** Pod-level settings shared by every privileged Job that works on a node's host. */
export function hostJob(args: {
    plan: HostJobSettings;
    name: string;
    node: string;
    action: string;
    image: string;
    command: string[];
    args: string[];
    env?: t.EnvVar[];
    mountHostRoot: boolean;
    /** Pod labels instead of the node-servant ones (`app.kubernetes.io/name`), e.g. for preflight pods. */
    podLabels?: Record<string, string>;
    /** Containers that must succeed first (e.g. pulling an image the conversion needs). */
    initContainers?: t.Container[];
}): t.Job {
    const { plan } = args;
    const labels = { ...managedByLabels, ...(args.podLabels ?? servantPodLabel), [servantNodeLabel]: args.node, [servantActionLabel]: args.action };
    return {
        metadata: { name: args.name, namespace: plan.namespace, labels },
        spec: {
            // Fail fast and keep the Job for debugging; the next `up` replaces an unfinished Job.
            backoffLimit: plan.backoffLimit,
            activeDeadlineSeconds: plan.jobTimeoutSeconds,
            template: {
                metadata: { labels },
                spec: {
                    nodeName: args.node,
                    hostPID: true,
                    hostNetwork: true,
                    restartPolicy: "Never",
                    tolerations: [{ operator: "Exists" }],
                    ...(args.mountHostRoot ? { volumes: [{ name: "host-root", hostPath: { path: "/", type: "Directory" } }] } : {}),
                    ...(args.initContainers ? { initContainers: args.initContainers } : {}),
                    containers: [
                        {
                            name: "node-servant",
                            image: args.image,
                            imagePullPolicy: "IfNotPresent",
                            command: args.command,
                            args: args.args,
                            securityContext: { privileged: true },
                            // A failed pod's last log lines become its termination message, which failure reports quote.
                            terminationMessagePolicy: "FallbackToLogsOnError",
                            env: [{ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }, ...(args.env ?? [])],
                            ...(args.mountHostRoot ? { volumeMounts: [{ name: "host-root", mountPath: "/openyurt" }] } : {}),
                        },
                    ],
                },
            },
        },
    };
}

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
