import { KubeConnection } from "./kubeconfig";
import { objectView, ObjectView } from "./objectView";

/** Every node of the cluster as last seen: one list, then a watch (objectView.ts). */
export type NodeView = ObjectView;

export const nodeView = (conn: KubeConnection): NodeView => objectView(conn, "/api/v1/nodes");
