export * from "./client";
export * from "./inventory";
export * from "./kubeconfig";
export * from "./nodeStatus";
