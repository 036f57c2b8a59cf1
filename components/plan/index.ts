export * from "./edgeClusterPlan";
export * from "./errors";
export * from "./inventory";
export * from "./nodeSets";
export * from "./plan";
export * from "./validate";
export * from "./yurtManagerPlan";
