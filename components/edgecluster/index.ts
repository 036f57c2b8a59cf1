export * from "./edgeCluster";
