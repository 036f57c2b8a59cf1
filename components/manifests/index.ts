export * from "./bootstrapToken";
export * from "./controllerManager";
export * from "./labels";
export * from "./nodeLifecycle";
export * from "./nodePatch";
export * from "./servantJob";
export * from "./yurthub";
export * from "./yurtManager";
export * as types from "./types";
