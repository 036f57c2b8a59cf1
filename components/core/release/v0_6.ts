import { createHash } from "crypto";
import { ServantAction, ServantCommandOptions, YurtctlRelease } from "./release";

/** Kubernetes limits a Job name to 63 characters (its pods carry it in the `job-name` label). */
const MAX_JOB_NAME = 63;

/**
 * `<prefix><node>` within Kubernetes' Job name limit: a node name too long to fit is cut and
 * suffixed with a short hash, so two long names never share a Job.
 */
export function nodeJobName(prefix: string, node: string): string {
    const full = `${prefix}${node}`;
    if (full.length <= MAX_JOB_NAME) {
        return full;
    }
    const hash = createHash("sha256").update(node).digest("hex").slice(0, 8);
    const head = full.slice(0, MAX_JOB_NAME - hash.length - 1).replace(/[-.]+$/, "");
    return `${head}-${hash}`;
}

/** `node-servant-<action>-<node>`, as yurtctl v0.6 named them. */
export function servantJobName(action: string, node: string): string {
    return nodeJobName(`node-servant-${action}-`, node);
}

/**
 * The yurtctl generation of OpenYurt: v0.6.1 is the last release that shipped `yurtctl convert`
 * and `revert`. Keys, names and the servant command line follow openyurt@v0.6.1
 * (pkg/yurtctl/constants, pkg/node-servant).
 */
export const v0_6_1: YurtctlRelease = {
    generation: "yurtctl",
    handsOverNodeLifecycle: true,
    convertMarksEveryEdgeNode: true,
    version: "v0.6.1",
    kubernetes: {
        min: "1.12",
        max: "1.21",
        why:
            "yurtctl v0.6.1 refused anything newer than 1.21, and its yurt-hub requests its certificate through " +
            "certificates.k8s.io/v1beta1 with signer kubernetes.io/legacy-unknown, which Kubernetes 1.22 removed",
    },
    edgeWorkerLabel: "openyurt.io/is-edge-worker",
    autonomyAnnotation: "node.beta.openyurt.io/autonomy",
    defaultImages: {
        yurthub: "openyurt/yurthub:v0.6.1",
        yurtControllerManager: "openyurt/yurt-controller-manager:v0.6.1",
        nodeServant: "openyurt/node-servant:v0.6.1",
    },
    yurthubConfigNamespace: "kube-system",
    kubeletDropInEnv: "KUBELET_SVC",
    servantJobName: (action: ServantAction, node: string) => servantJobName(action, node),
    servantCommand(action: ServantAction, opts: ServantCommandOptions) {
        // entry.sh copies node-servant onto the host (mounted at /openyurt) and chroots into it.
        const args: string[] = [action];
        if (action === "convert") {
            args.push(
                `--working-mode=${opts.workingMode}`,
                `--yurthub-image=${opts.yurthubImage}`,
                `--yurthub-healthcheck-timeout=${opts.yurthubHealthCheckTimeout}`,
                `--join-token=$(${opts.joinTokenEnv})`,
            );
        }
        return { command: ["/usr/local/bin/entry.sh"], args };
    },
};
