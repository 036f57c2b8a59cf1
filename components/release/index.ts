import { OpenYurtRelease } from "./release";
import { v0_6_1 } from "./v0_6";

export * from "./release";
export { nodeJobName, servantJobName, v0_6_1 } from "./v0_6";

/** Releases this component can install, by version. */
export const releases: Readonly<Record<string, OpenYurtRelease>> = {
    [v0_6_1.version]: v0_6_1,
};

/** The release used when none is configured. */
export const defaultRelease = v0_6_1;
