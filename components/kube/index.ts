export * from "./client";
export * from "./inventory";
export * from "./kubeconfig";
