// The planners' input and problems are the config's (components/config); exported here too, with the plans.
export * from "../config/problems";
export * from "../config/spec";
export * from "./edgeClusterPlan";
export * from "./inventory";
export * from "./nodeSets";
export * from "./plan";
export * from "./validate";
export * from "./yurtManagerPlan";
