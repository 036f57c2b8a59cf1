import * as pulumi from "@pulumi/pulumi";
import { Job } from "../core/manifests/types";
import { ConversionPlan } from "./plan";

/** Pulumi's own Job handling: a Job left failed or unfinished is replaced by the next `up`. */
export function withJobAnnotations(job: Job): Job {
    const metadata = job.metadata as Record<string, any>;
    return { ...job, metadata: { ...metadata, annotations: { ...(metadata.annotations ?? {}), "pulumi.com/replaceUnready": "true" } } };
}

/** Waits for the Job for as long as the Job itself may run, plus slack for scheduling. */
export function jobOptions(
    plan: ConversionPlan,
    opts: pulumi.CustomResourceOptions,
    dependsOn: pulumi.Input<pulumi.Resource>[],
): pulumi.CustomResourceOptions {
    const wait = `${plan.jobTimeoutSeconds + 60}s`;
    return pulumi.mergeOptions(opts, { dependsOn, customTimeouts: { create: wait, update: wait } });
}
