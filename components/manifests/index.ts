export * from "./bootstrapToken";
export * from "./controllerManager";
export * from "./labels";
export * from "./nodeLifecycle";
export * from "./nodePatch";
export * from "./servantJob";
export * from "./yurthub";
export * as types from "./types";
