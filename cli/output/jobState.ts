/** A Kubernetes Job as the live cluster reports it (its conditions, its active pods); not a run's progress (cli/output/progress.ts). */
export type LiveJobState = "Complete" | "Failed" | "Running" | "Pending";

export function liveJobState(job: any): { state: LiveJobState; reason?: string } {
    const conditions: any[] = job?.status?.conditions ?? [];
    const failed = conditions.find((c) => (c.type === "Failed" || c.type === "FailureTarget") && c.status === "True");
    if (conditions.some((c) => c.type === "Complete" && c.status === "True")) {
        return { state: "Complete" };
    }
    if (failed) {
        return { state: "Failed", reason: [failed.reason, failed.message].filter(Boolean).join(": ") || undefined };
    }
    if ((job?.status?.active ?? 0) > 0) {
        return { state: "Running" };
    }
    return { state: "Pending" };
}
