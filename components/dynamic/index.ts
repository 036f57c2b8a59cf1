export * from "./bootstrapToken";
export * from "./jobRunner";
export * from "./nodeControllerHandover";
export * from "./revertJobs";
