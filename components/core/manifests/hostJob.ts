import * as t from "./types";
import { managedByLabels, servantActionLabel, servantNodeLabel, servantPodLabel } from "./labels";

/** Where a host Job runs and how long it may take: the plan's settings (or, at run time, the state's). */
export interface HostJobSettings {
    namespace: string;
    backoffLimit: number;
    jobTimeoutSeconds: number;
}

/** What a privileged piece of work on a node's host is: where, what it runs, what it mounts. */
export interface HostWork {
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
}

/** Pod-level settings shared by every privileged Job that works on a node's host. */
export function hostJob(args: HostWork): t.Job {
    const pod = hostPod(args);
    return {
        metadata: pod.metadata,
        spec: {
            // Fail fast and keep the Job for debugging; the next `up` replaces an unfinished Job.
            backoffLimit: args.plan.backoffLimit,
            activeDeadlineSeconds: args.plan.jobTimeoutSeconds,
            template: { metadata: { labels: pod.metadata.labels }, spec: pod.spec },
        },
    };
}

/**
 * The same work as a bare Pod (no Job): created and read by the caller itself, so no controller
 * stands between (kube-controller-manager's Job controller, with 5 workers by default, can be
 * thousands of syncs behind while yurt-manager converts a fleet). Never restarted; the kubelet
 * fails it after the plan's timeout.
 */
export function hostPod(args: Omit<HostWork, "plan"> & { plan: Pick<HostJobSettings, "namespace"> }): {
    metadata: { name: string; namespace: string; labels: Record<string, string> };
    spec: any;
} {
    const { plan } = args;
    const labels = { ...managedByLabels, ...(args.podLabels ?? servantPodLabel), [servantNodeLabel]: args.node, [servantActionLabel]: args.action };
    return {
        metadata: { name: args.name, namespace: plan.namespace, labels },
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
    };
}
