import { LocalPlan } from "../input/localPlan";
import { Session } from "../flow/session";
import { cliGeneration } from "../generations";

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
        lines.push(...cliGeneration(p.release.generation).describePlan(p, { edge, batches }));
        for (const note of p.notes) {
            lines.push(`note:     ${note}`);
        }
    }
    return lines.join("\n") + "\n";
}
