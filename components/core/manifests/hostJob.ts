import * as t from "./types";
import { managedByLabels, servantActionLabel, servantNodeLabel, servantPodLabel } from "./labels";

/** Where a host Job runs and how long it may take: the plan's settings (or, at run time, the state's). */
export interface HostJobSettings {
    namespace: string;
    backoffLimit: number;
    jobTimeoutSeconds: number;
}

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
