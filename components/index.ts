/** pulumi-openyurt: OpenYurt conversion as Pulumi resources. */
export * from "./edgecluster";
export * from "./kube";
export * from "./manifests";
export * from "./plan";
export * from "./release";
export { BootstrapToken, NodeControllerHandover, RevertJobs } from "./dynamic";
