import * as t from "../../core/manifests/types";
import { ConversionPlan } from "../plan";
import { nodeJobName } from "../../core/release/v0_6";
import { hostJob } from "../../core/manifests/hostJob";

/** ClusterRoleBinding that authorises kube-controller-manager's node-lifecycle controller. */
export const nodeControllerBinding = "system:controller:node-controller";

/** Where kubeadm keeps the kube-controller-manager static pod manifest. */
export const kcmManifestPath = "/etc/kubernetes/manifests/kube-controller-manager.yaml";

/**
 * Where the disable script records what it changed in the manifest, so enable undoes exactly that:
 * outside the manifests folder (kubelet would run any manifest-like file there).
 */
export const kcmChangeRecordPath = "/etc/kubernetes/openyurt-kcm-nodelifecycle";

/** The controllers flag the disable script adds when the manifest has none (kube-controller-manager's default set). */
const insertedControllersFlag = "--controllers=-nodelifecycle,*,bootstrapsigner,tokencleaner";

/**
 * Adds `-nodelifecycle` to kube-controller-manager's `--controllers` once, however often it runs
 * (yurtctl's sed prepended it again on every run, openyurt#485), and records which edit it made:
 * `prefix` (inserted into an existing flag) or `line` (added the whole flag). When the operator had
 * already disabled the controller, nothing is changed and nothing recorded.
 */
export function disableNodeLifecycleScript(manifest = kcmManifestPath, record = kcmChangeRecordPath): string {
    return [
        "set -eu",
        `f=${manifest}`,
        `r=${record}`,
        `test -f "$f" || { echo "no $f on this node: is it a kubeadm control-plane node?" >&2; exit 1; }`,
        `if grep -q -- '-nodelifecycle' "$f"; then echo "node-lifecycle controller already disabled"; exit 0; fi`,
        `if grep -q -- '--controllers=' "$f"; then echo prefix > "$r.tmp"; sed -i 's/--controllers=/--controllers=-nodelifecycle,/' "$f";`,
        `else echo line > "$r.tmp"; sed -i 's/^\\([[:space:]]*\\)- kube-controller-manager$/&\\n\\1- ${insertedControllersFlag}/' "$f"; fi`,
        `grep -q -- '-nodelifecycle' "$f" || { rm -f "$r.tmp"; echo "could not add -nodelifecycle to $f" >&2; exit 1; }`,
        `mv "$r.tmp" "$r"`,
    ].join("\n");
}

/**
 * Undoes exactly what the disable script recorded, then forgets the record; with no record (the
 * operator had disabled the controller before conversion) the manifest is left as it is.
 */
export function enableNodeLifecycleScript(manifest = kcmManifestPath, record = kcmChangeRecordPath): string {
    return [
        "set -eu",
        `f=${manifest}`,
        `r=${record}`,
        `test -f "$f" || { echo "no $f on this node" >&2; exit 1; }`,
        `if ! test -f "$r"; then echo "kube-controller-manager was not changed by the conversion; left as it is"; exit 0; fi`,
        `case "$(cat "$r")" in`,
        `prefix) sed -i 's/--controllers=-nodelifecycle,/--controllers=/' "$f" ;;`,
        `line) sed -i '/^[[:space:]]*- ${insertedControllersFlag.replace(/[*]/g, "\\*")}$/d' "$f" ;;`,
        `*) echo "unknown record in $r: $(cat "$r")" >&2; exit 1 ;;`,
        `esac`,
        `rm -f "$r"`,
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
