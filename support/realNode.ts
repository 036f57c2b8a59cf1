import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { kubeRequest } from "../components/core/kube/client";
import { KubeConnection } from "../components/core/kube/kubeconfig";
import { repo } from "./localCluster";

/**
 * The real nodes of the local control plane (scripts/node.sh) as the suites reach them: which nodes
 * are real, a command run on one, a file of its disk, and the rig's power and link switches.
 */

/** The label scripts/node.sh gives every real node's kubelet (kwok's nodes have `type: kwok`). */
export const realNodeSelector = "openyurt.local/node=real";

function nodeScript(...args: string[]): string {
    return execFileSync("bash", [path.join(repo, "scripts", "node.sh"), ...args], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 5 * 60 * 1000,
    });
}

/** Why this machine cannot run a real node, or undefined when it can. */
export function realNodeUnsupported(): string | undefined {
    try {
        nodeScript("check");
        return undefined;
    } catch (e) {
        return String((e as { stdout?: string }).stdout ?? (e as Error).message).trim();
    }
}

/** Names of the real nodes registered in the cluster, sorted. */
export async function realNodes(conn: KubeConnection): Promise<string[]> {
    const list = await kubeRequest(conn, "GET", `/api/v1/nodes?labelSelector=${encodeURIComponent(realNodeSelector)}`);
    return (list.items ?? []).map((n: any) => n.metadata.name).sort();
}

/** Runs a command on the node (every namespace of its systemd); its stdout. Throws on a non-zero exit. */
export function onNode(node: string, ...cmd: string[]): string {
    return nodeScript("exec", node, ...cmd);
}

/** Like onNode, but returns the exit code and output instead of throwing. */
export function tryOnNode(node: string, ...cmd: string[]): { code: number; out: string } {
    try {
        return { code: 0, out: onNode(node, ...cmd) };
    } catch (e) {
        const x = e as { status?: number; stdout?: string; stderr?: string };
        return { code: x.status ?? 1, out: `${x.stdout ?? ""}${x.stderr ?? ""}` };
    }
}

/** A file of the node's disk, read from this machine; undefined when it does not exist. */
export function nodeFile(node: string, file: string): string | undefined {
    const p = path.join(nodeScript("root", node).trim(), file);
    return fs.existsSync(p) ? fs.readFileSync(p, "utf8") : undefined;
}

/** The path of a file of the node's disk on this machine. */
export function nodePath(node: string, file: string): string {
    return path.join(nodeScript("root", node).trim(), file);
}

/** The rig's switches: `link-down`, `link-up`, `reboot`. */
export function rig(action: "link-down" | "link-up" | "reboot", node: string): void {
    nodeScript(action, node);
}
