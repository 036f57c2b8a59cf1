import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { ackResourceNames } from "../core/names";
import { AckPlan } from "./plan";

/**
 * A standard ACK managed cluster (profile Default) on the planned vSwitches, with Flannel on the
 * pod block. Never profile "Edge": ACK Edge already runs OpenYurt-derived components.
 */
export function createManagedCluster(name: string, plan: AckPlan, vswitchIds: pulumi.Input<string>[], opts: pulumi.CustomResourceOptions) {
    return new alicloud.cs.ManagedKubernetes(
        ackResourceNames(name).cluster,
        {
            name: plan.clusterName,
            profile: plan.profile,
            clusterSpec: plan.clusterSpec,
            version: plan.kubernetesVersion,
            vswitchIds,
            podCidr: plan.podCidr,
            serviceCidr: plan.serviceCidr,
            nodeCidrMask: plan.nodeCidrMask,
            addons: [{ name: "flannel" }],
            newNatGateway: true,
            slbInternetEnabled: plan.publicApiServer,
            deletionProtection: plan.deletionProtection,
            tags: plan.tags,
        },
        opts,
    );
}

/**
 * The cluster's admin kubeconfig, as a secret. No `temporaryDurationMinutes`: ACK then returns the
 * caller's long-lived credential, the same text on every run. A temporary one would be a new text
 * each run, so the Kubernetes provider and every resource that keeps the kubeconfig in its state
 * (the revert records) would show a diff on every preview, and `pulumi destroy` days later would
 * find only an expired credential in the state. Revoke it in the ACK console; the next `up` picks up
 * the new one.
 */
export function clusterKubeconfig(cluster: alicloud.cs.ManagedKubernetes, opts: pulumi.InvokeOutputOptions): pulumi.Output<string> {
    const credential = alicloud.cs.getClusterCredentialOutput({ clusterId: cluster.id }, opts);
    return pulumi.secret(credential.kubeConfig);
}

/** The API server URL: the internet endpoint when the SLB is public, else the VPC one. */
export function apiEndpoint(cluster: alicloud.cs.ManagedKubernetes): pulumi.Output<string> {
    return cluster.connections.apply((c) => c?.apiServerInternet || c?.apiServerIntranet || "");
}
