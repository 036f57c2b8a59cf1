// The yurtctl generation's manifest builders, for the resources that use them as `m.<builder>`.
export * from "./bootstrapToken";
export * from "./controllerManager";
export * from "./nodeLifecycle";
export * from "./nodePatch";
export * from "./preflight";
export * from "./servantJob";
export * from "./yurthub";
