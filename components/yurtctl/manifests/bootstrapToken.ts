import * as t from "../../core/manifests/types";
import * as pulumi from "@pulumi/pulumi";
import { ConversionPlan } from "../plan";
import { managedByLabels } from "../../core/manifests/labels";

/** Group kubeadm gives node bootstrap tokens; yurt-hub's CSR is approved for it. */
export const bootstrapTokenGroup = "system:bootstrappers:kubeadm:default-node-token";

/** Secret (fixed name) the servant Jobs read the join token from, so the token never appears in a Job spec. */
export const joinTokenSecretName = "yurt-hub-join-token";
export const joinTokenKey = "token";

export interface BootstrapTokenValue {
    tokenId: pulumi.Input<string>;
    tokenSecret: pulumi.Input<string>;
    /** RFC 3339 time after which the API server rejects the token. */
    expiration: pulumi.Input<string>;
}

/**
 * A bootstrap token Secret (`bootstrap-token-<id>`) that expires, unlike the never-expiring
 * token yurtctl created and never removed.
 */
export function bootstrapTokenSecret(token: BootstrapTokenValue): t.Secret {
    return {
        metadata: { name: pulumi.interpolate`bootstrap-token-${token.tokenId}`, namespace: "kube-system", labels: { ...managedByLabels } },
        type: "bootstrap.kubernetes.io/token",
        stringData: {
            "token-id": token.tokenId,
            "token-secret": token.tokenSecret,
            expiration: token.expiration,
            description: "yurt-hub join token managed by pulumi-openyurt",
            "usage-bootstrap-authentication": "true",
            "usage-bootstrap-signing": "true",
            "auth-extra-groups": bootstrapTokenGroup,
        },
    };
}

export function joinTokenSecret(plan: ConversionPlan, joinToken: pulumi.Input<string>): t.Secret {
    return {
        metadata: { name: joinTokenSecretName, namespace: plan.namespace, labels: { ...managedByLabels } },
        type: "Opaque",
        stringData: { [joinTokenKey]: joinToken },
    };
}
