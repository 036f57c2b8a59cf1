import * as t from "../../core/manifests/types";
import { ConversionPlan } from "../plan";
import { PlannedNode } from "../../core/plan/plannedNode";
import { nodeJobName } from "../../core/release/v0_6";
import { managedByLabels } from "../../core/manifests/labels";
import { hostJob } from "../../core/manifests/hostJob";

/** Pod label of preflight pods: not node-servant's, so a preflight is never mistaken for a conversion. */
export const preflightPodLabel = { "app.kubernetes.io/name": "node-servant-preflight" } as const;

/** Where node-servant v0.6.1 looks for kubelet's kubeadm drop-in when `KUBELET_SVC` is not set. */
export const defaultKubeletDropIns = [
    "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
    "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
];
/** What the conversion reads on the host besides the drop-in (yurtctl v0.6.1 pkg/preflight). */
const requiredHostPaths = ["/var/lib/kubelet/kubeadm-flags.env", "/etc/kubernetes", "/var/lib/kubelet/pki"];
/** yurt-hub's ports (pkg/yurthub/util): HTTP proxy, server/healthz, HTTPS proxy. */
export const yurthubPorts = [10261, 10267, 10268];
/** yurt-hub's static pod, once a node is converted (its ports are then yurt-hub's own). */
const yurthubManifest = "/etc/kubernetes/manifests/yurt-hub.yaml";

/**
 * yurtctl v0.6.1's per-node preflight, as a script run on the host (nsenter): the kubelet drop-in
 * (`KUBELET_SVC`, else the default paths), the kubeadm files node-servant edits, root, and yurt-hub's
 * ports free (skipped once yurt-hub runs there). Every problem is listed, then it exits 1.
 * `ROOT` and `PROC` (empty and /proc on a node) let the tests run it against a sample host.
 */
export function preflightScript(): string {
    return [
        "set -u",
        'ROOT="${ROOT:-}"; PROC="${PROC:-/proc}"; problems=""',
        'add() { problems="$problems\n  - $*"; }',
        'svc=""',
        `for f in \${KUBELET_SVC:-} ${defaultKubeletDropIns.join(" ")}; do if [ -f "$ROOT$f" ]; then svc=$f; break; fi; done`,
        `[ -n "$svc" ] || add "no kubelet kubeadm drop-in at \${KUBELET_SVC:+$KUBELET_SVC, }${defaultKubeletDropIns.join(" or ")}: set kubeadmConfPath (yurtctl --kubeadm-conf-path) to where this node has it"`,
        `for p in ${requiredHostPaths.join(" ")}; do [ -e "$ROOT$p" ] || add "$p is missing: node-servant converts kubeadm-joined nodes only"; done`,
        '[ "$(id -u)" = 0 ] || add "not running as root"',
        `if [ -f "$ROOT${yurthubManifest}" ]; then echo "yurt-hub already runs here: its ports are not checked"; else`,
        `  for port in ${yurthubPorts.join(" ")}; do`,
        `    hex=$(printf '%04X' "$port")`,
        `    if awk -v h=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == h { f = 1 } END { exit !f }' "$PROC/net/tcp" "$PROC/net/tcp6" 2>/dev/null; then`,
        `      add "port $port is in use; yurt-hub needs ${yurthubPorts.join(", ")}"`,
        "    fi",
        "  done",
        "fi",
        'if [ -n "$problems" ]; then printf "preflight failed on node %s:%s\\n" "${NODE_NAME:-?}" "$problems" >&2; exit 1; fi',
        'echo "preflight passed on node ${NODE_NAME:-?} (kubelet drop-in $svc)"',
    ].join("\n");
}

/**
 * `node-servant-preflight-convert-<node>` (yurtctl's name): the host checks above, after an init
 * container proved the node can pull the yurt-hub image. Changes nothing on the node.
 */
export function preflightJob(plan: ConversionPlan, node: PlannedNode): t.Job {
    return hostJob({
        plan,
        name: nodeJobName("node-servant-preflight-convert-", node.name),
        node: node.name,
        action: "preflight-convert",
        image: plan.images.nodeServant,
        command: ["nsenter", "-t", "1", "-m", "-u", "-n", "-i", "--", "sh", "-c"],
        args: [preflightScript()],
        env: plan.kubeadmConfPath ? [{ name: plan.release.kubeletDropInEnv, value: plan.kubeadmConfPath }] : [],
        mountHostRoot: false,
        podLabels: preflightPodLabel,
        initContainers: [{ name: "pull-yurthub", image: plan.images.yurthub, imagePullPolicy: "IfNotPresent", command: ["yurthub", "--version"] }],
    });
}

/** The record that every node to be converted (cloud and edge) passed its preflight (`pulumi-openyurt-preflight`); convert Jobs wait for it. */
export function preflightRecord(plan: ConversionPlan): t.ConfigMap {
    return {
        metadata: { name: "pulumi-openyurt-preflight", namespace: plan.namespace, labels: { ...managedByLabels } },
        data: { nodes: [...plan.cloudNodes, ...plan.edgeNodes].sort().join("\n") },
    };
}
