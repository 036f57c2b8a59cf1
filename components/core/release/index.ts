import { OpenYurtRelease, YurtctlRelease } from "./release";
import { v0_6_1 } from "./v0_6";
import { v1_7_0 } from "./v1_7";

export * from "./release";
export { nodeJobName, servantJobName, v0_6_1 } from "./v0_6";
export { v1_7_0 } from "./v1_7";

/** Releases this component can install, by version. */
export const releases: Readonly<Record<string, OpenYurtRelease>> = {
    [v1_7_0.version]: v1_7_0,
    [v0_6_1.version]: v0_6_1,
};

/** The release used when none is configured: the newest, which supports current Kubernetes. */
export const defaultRelease: OpenYurtRelease = v1_7_0;

/** The version a stack installs: the one it asks for, else the default. */
export const requestedRelease = (requested?: string): string => requested ?? defaultRelease.version;

/** The only release of the yurtctl generation (for clusters up to Kubernetes 1.21). */
export const yurtctlRelease: YurtctlRelease = v0_6_1;

/** Every release but this one: where an error about an unsupported Kubernetes version points to. */
export const otherReleases = (release: OpenYurtRelease): OpenYurtRelease[] => Object.values(releases).filter((r) => r.version !== release.version);
