/** Labels on every object this component creates, so leftovers are easy to find (and to assert absent). */
export const managedByLabels = {
    "app.kubernetes.io/managed-by": "pulumi-openyurt",
    "app.kubernetes.io/part-of": "openyurt",
} as const;

/** Pod label of every node-servant pod (convert, revert and node-lifecycle Jobs). */
export const servantPodLabel = { "app.kubernetes.io/name": "node-servant" } as const;

/** Label naming the node a servant Job works on. */
export const servantNodeLabel = "openyurt.io/servant-node";
/** Label naming what a servant Job does (convert, revert, disable-node-lifecycle, …). */
export const servantActionLabel = "openyurt.io/servant-action";
