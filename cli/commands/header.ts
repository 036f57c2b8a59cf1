import { isYurtManagerPlan } from "../../components/edgecluster/plan";
import { LocalPlan } from "../input/localPlan";
import { Session } from "./session";

/** The header an engine-backed command prints first: the stack and its backend, the cluster, the OpenYurt plan and its notes. */

export function header(session: Session, local: LocalPlan | undefined): string {
    const { flags } = session.args;
    const lines = [`stack:    ${flags.stack}, state in ${session.backend.description}`];
    if (local) {
        const conn = local.kubeconfig.connection;
        lines.push(
            `cluster:  ${conn.server}, context "${conn.context}", ${local.inventory.nodes.length} nodes${local.inventory.serverVersion ? `, Kubernetes ${local.inventory.serverVersion}` : ""}`,
        );
        const p = local.plan;
        const edge = `${p.edgeNodes.length} edge node${p.edgeNodes.length === 1 ? "" : "s"}`;
        const batches = `${p.batches.length} batch${p.batches.length === 1 ? "" : "es"}`;
        if (isYurtManagerPlan(p)) {
            const cloudPool = p.pools.find((x) => x.type === "Cloud")?.name;
            const edgePools = p.pools.filter((x) => x.type === "Edge" && x.nodes.length > 0).map((x) => `${x.name} (${x.nodes.length})`);
            lines.push(
                `openyurt: ${p.release.version} (yurt-manager), cloud: ${p.cloudNodes.join(", ")} in NodePool ${cloudPool}, ${edge}${edgePools.length > 0 ? ` in NodePool${edgePools.length > 1 ? "s" : ""} ${edgePools.join(", ")}` : ""}, ${batches}`,
            );
            lines.push(`charts:   ${p.charts.kind === "path" ? p.charts.path : `${p.charts.repository}, version ${p.charts.version}`}`);
        } else {
            lines.push(
                `openyurt: ${p.release.version}, provider ${p.nodeLifecycleHandover}, cloud: ${p.cloudNodes.join(", ")}, ${edge} in ${batches}`,
            );
        }
        for (const note of p.notes) {
            lines.push(`note:     ${note}`);
        }
    }
    return lines.join("\n") + "\n";
}
