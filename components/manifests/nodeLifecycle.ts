import * as t from "./types";
import { ConversionPlan } from "../plan";
import { nodeJobName } from "../release";
import { hostJob } from "./servantJob";

/** ClusterRoleBinding that authorises kube-controller-manager's node-lifecycle controller. */
export const nodeControllerBinding = "system:controller:node-controller";

/** Where kubeadm keeps the kube-controller-manager static pod manifest. */
export const kcmManifestPath = "/etc/kubernetes/manifests/kube-controller-manager.yaml";

/**
 * Adds `-nodelifecycle` to kube-controller-manager's `--controllers` once, however often it runs
 * (yurtctl's sed prepended it again on every run, openyurt#485).
 */
export function disableNodeLifecycleScript(manifest = kcmManifestPath): string {
    return [
        "set -eu",
        `f=${manifest}`,
        `test -f "$f" || { echo "no $f on this node: is it a kubeadm control-plane node?" >&2; exit 1; }`,
        `if grep -q -- '-nodelifecycle' "$f"; then echo "node-lifecycle controller already disabled"; exit 0; fi`,
        `if grep -q -- '--controllers=' "$f"; then sed -i 's/--controllers=/--controllers=-nodelifecycle,/' "$f";`,
        `else sed -i 's/^\\([[:space:]]*\\)- kube-controller-manager$/&\\n\\1- --controllers=-nodelifecycle,*,bootstrapsigner,tokencleaner/' "$f"; fi`,
        `grep -q -- '-nodelifecycle' "$f" || { echo "could not add -nodelifecycle to $f" >&2; exit 1; }`,
    ].join("\n");
}

/** Removes every `-nodelifecycle,` again. */
export function enableNodeLifecycleScript(manifest = kcmManifestPath): string {
    return [
        "set -eu",
        `f=${manifest}`,
        `test -f "$f" || { echo "no $f on this node" >&2; exit 1; }`,
        `sed -i 's/-nodelifecycle,//g' "$f"`,
    ].join("\n");
}

/** A Job that edits the kube-controller-manager manifest on one control-plane node (provider kubeadm). */
export function nodeLifecycleJob(plan: ConversionPlan, node: string, action: "disable" | "enable"): t.Job {
    return hostJob({
        plan,
        name: nodeJobName(`yurtctl-${action}-node-controller-`, node),
        node,
        action: `${action}-node-lifecycle`,
        image: plan.images.nodeServant,
        command: ["nsenter", "-t", "1", "-m", "-u", "-n", "-i", "--", "sh", "-c"],
        args: [action === "disable" ? disableNodeLifecycleScript() : enableNodeLifecycleScript()],
        mountHostRoot: false,
    });
}
