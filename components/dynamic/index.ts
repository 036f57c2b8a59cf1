export * from "./bootstrapToken";
export * from "./jobRunner";
export * from "./nodeControllerHandover";
export * from "./nodePoolMembers";
export * from "./nodePoolReverts";
export * from "./revertJobs";
export * from "./yurtManagerReady";
export * from "./yurthubBoot";
