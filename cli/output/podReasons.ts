import { LocalPlan } from "../input/localPlan";

/** Asking the cluster why a failed Job's pods failed, for the node's error in the summary (a direct Kubernetes read). */

/** `error`, plus what the Job's pods say about their failure (exit code, message), best effort. */
export async function withPodReasons(local: LocalPlan, namespace: string, job: string, error: string): Promise<string> {
    try {
        const { podFailureReasons } = await import("../../components/core/kube/jobRunner");
        const reasons = await podFailureReasons(local.kubeconfig.connection, namespace, job);
        if (reasons && !/no pod reported a reason/.test(reasons)) {
            return `${error}; pod: ${reasons}`;
        }
    } catch {
        /* the summary still has the reason it had */
    }
    return error;
}
