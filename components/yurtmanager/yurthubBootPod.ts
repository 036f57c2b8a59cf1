import * as t from "../core/manifests/types";
import { hostPod } from "../core/manifests/hostJob";

/**
 * The component's own node step of the yurt-manager generation, a workaround for an upstream defect:
 * OpenYurt v1.7.0's node-servant writes `/etc/systemd/system/yurthub.service` without an `[Install]`
 * section (pkg/yurtadm/constants, YurtHubServiceContent), so its `systemctl enable yurthub` does
 * nothing (`is-enabled`: static). After a reboot yurt-hub is not started, kubelet (already pointed at
 * yurt-hub) reaches nothing, and the node stays NotReady with its pods down even once the cloud is
 * back. The step adds the boot link node-servant meant to add (`systemctl add-wants
 * multi-user.target yurthub.service`) once yurt-manager reports the node Converted, and removes it
 * before the node is reverted, so a reverted node keeps nothing. It runs the way node-servant runs:
 * the pinned node-servant image, privileged, the node's root at /openyurt, chrooted there, in a bare
 * pod (no Job: see core/kube/podRunner.ts).
 * Drop it when a release fixes the unit (see README, "yurt-hub at boot").
 */

/** Set on a node once its boot link is in place; removed with the link. */
export const yurthubBootAnnotation = "pulumi-openyurt/yurthub-at-boot";

export type YurthubBootAction = "enable-yurthub-at-boot" | "disable-yurthub-at-boot";

/** The link `systemctl add-wants` makes, as seen from the Job (node root at /openyurt). */
const bootLink = "/openyurt/etc/systemd/system/multi-user.target.wants/yurthub.service";

/** What each action runs in the node-servant image's shell; both fail loudly when the node disagrees. */
export const yurthubBootScripts: Readonly<Record<YurthubBootAction, string>> = {
    "enable-yurthub-at-boot":
        "set -e; chroot /openyurt systemctl add-wants multi-user.target yurthub.service; " +
        'state=$(chroot /openyurt systemctl is-enabled yurthub.service || true); echo "yurthub.service: $state"; [ "$state" = enabled ]',
    "disable-yurthub-at-boot": `set -e; rm -f ${bootLink}; chroot /openyurt systemctl daemon-reload; echo "yurthub.service: boot link removed"`,
};

export const yurthubBootPodName = (node: string) => `yurthub-at-boot-${node}`;

/** The label every boot-step pod carries, instead of node-servant's own. */
const yurthubBootLabels = { "app.kubernetes.io/name": "yurthub-at-boot" };
/**
 * The boot-step pods, as a label selector: one watch follows all of them. Earlier releases of the
 * component ran the step as Jobs with the same label; a failed one left behind is found by it too.
 */
export const yurthubBootSelector = Object.entries(yurthubBootLabels)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");

/** Where the step runs and how long one node's pod may take. */
export interface YurthubBootSettings {
    namespace: string;
    timeoutSeconds: number;
}

/** The pod that adds or removes one node's boot link for yurt-hub; the kubelet fails it after the timeout. */
export function yurthubBootPod(settings: YurthubBootSettings, node: string, image: string, action: YurthubBootAction): t.Pod {
    const pod = hostPod({
        plan: settings,
        name: yurthubBootPodName(node),
        node,
        action,
        image,
        command: ["/bin/sh", "-c"],
        args: [yurthubBootScripts[action]],
        mountHostRoot: true,
        podLabels: yurthubBootLabels,
    });
    return { metadata: pod.metadata, spec: { ...pod.spec, activeDeadlineSeconds: settings.timeoutSeconds } };
}
