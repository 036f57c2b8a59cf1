/** A Node object's Ready condition, as kubelet (or the node-lifecycle controller) last wrote it; undefined before any. */
export const readyCondition = (node: any): any | undefined => (node?.status?.conditions ?? []).find((c: any) => c.type === "Ready");

/** The node's Ready condition is True. */
export const isNodeReady = (node: any): boolean => readyCondition(node)?.status === "True";
