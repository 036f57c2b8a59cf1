/** What a node is to the conversion. */
export type NodeRole = "cloud" | "edge";

/** A node the plan touches. */
export interface PlannedNode {
    name: string;
    role: NodeRole;
    /** Edge only: the node carries the autonomy annotation. */
    autonomous: boolean;
    /** Edge only: 0-based rollout batch. */
    batch?: number;
    /** v1.7.0: the node's NodePool. */
    pool?: string;
}
