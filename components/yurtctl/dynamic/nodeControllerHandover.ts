import * as pulumi from "@pulumi/pulumi";
import { kubeGetOptional, kubeRequest } from "../../core/kube/client";
import { parseKubeconfig } from "../../core/kube/kubeconfig";
import { dynamicModule, dynamicTypes } from "../../core/names";

export interface NodeControllerHandoverArgs {
    kubeconfig: pulumi.Input<string>;
    /** ClusterRoleBinding authorising kube-controller-manager's node-lifecycle controller. */
    bindingName: pulumi.Input<string>;
}

interface HandoverState {
    kubeconfig: string;
    bindingName: string;
    /** Subjects the binding had before the hand-over (restored on delete). */
    originalSubjects: any[] | null;
}

const AUTOUPDATE = "rbac.authorization.kubernetes.io/autoupdate";
const HANDED_OVER = "openyurt.io/node-lifecycle-handed-over-to";
const ORIGINAL = "openyurt.io/original-subjects";

function bindingPath(name: string) {
    return `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${encodeURIComponent(name)}`;
}

/**
 * Takes node lifecycle away from kube-controller-manager on a managed control plane (provider
 * `ack`), where its flags cannot be edited: the node-controller's ClusterRoleBinding keeps existing
 * but loses its subjects, and is marked `autoupdate: "false"` so the API server does not restore it
 * at its next start. The original subjects are stored in the state and on the binding itself, and
 * put back on delete. (yurtctl deleted the binding, which the API server recreated on restart.)
 */
export const nodeControllerHandoverProvider: pulumi.dynamic.ResourceProvider = {
    async diff(_id: string, olds: HandoverState, news: HandoverState) {
        const replace = olds.bindingName !== news.bindingName;
        return { changes: replace || olds.kubeconfig !== news.kubeconfig, replaces: replace ? ["bindingName"] : [], deleteBeforeReplace: true };
    },
    async create(inputs: HandoverState) {
        const conn = parseKubeconfig(inputs.kubeconfig, "of the EdgeCluster");
        const live = await kubeGetOptional(conn, bindingPath(inputs.bindingName));
        if (!live) {
            throw new Error(
                `ClusterRoleBinding ${inputs.bindingName} does not exist, so kube-controller-manager's node-lifecycle controller cannot be handed over. Recreate it, or use provider "none" if node lifecycle is disabled another way.`,
            );
        }
        const recorded = live.metadata?.annotations?.[ORIGINAL];
        const originalSubjects = recorded ? JSON.parse(recorded) : (live.subjects ?? []);
        await kubeRequest(conn, "PATCH", bindingPath(inputs.bindingName), {
            contentType: "application/merge-patch+json",
            body: {
                metadata: {
                    annotations: { [AUTOUPDATE]: "false", [HANDED_OVER]: "yurt-controller-manager", [ORIGINAL]: JSON.stringify(originalSubjects) },
                },
                subjects: null,
            },
        });
        return { id: inputs.bindingName, outs: { ...inputs, originalSubjects } };
    },
    async update(_id: string, olds: HandoverState, news: HandoverState) {
        return { outs: { ...news, originalSubjects: olds.originalSubjects } };
    },
    async delete(_id: string, props: HandoverState) {
        const conn = parseKubeconfig(props.kubeconfig, "in the stack state");
        const subjects = props.originalSubjects ?? [];
        const live = await kubeGetOptional(conn, bindingPath(props.bindingName));
        if (!live) {
            await kubeRequest(conn, "POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", {
                body: {
                    apiVersion: "rbac.authorization.k8s.io/v1",
                    kind: "ClusterRoleBinding",
                    metadata: { name: props.bindingName, annotations: { [AUTOUPDATE]: "true" } },
                    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: props.bindingName },
                    subjects,
                },
            });
            return;
        }
        await kubeRequest(conn, "PATCH", bindingPath(props.bindingName), {
            contentType: "application/merge-patch+json",
            body: { metadata: { annotations: { [AUTOUPDATE]: "true", [HANDED_OVER]: null, [ORIGINAL]: null } }, subjects },
        });
    },
};

export class NodeControllerHandover extends pulumi.dynamic.Resource {
    declare public readonly originalSubjects: pulumi.Output<any[]>;
    constructor(name: string, args: NodeControllerHandoverArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            nodeControllerHandoverProvider,
            name,
            { originalSubjects: undefined, ...args },
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["kubeconfig"] }),
            dynamicModule,
            dynamicTypes.nodeControllerHandover,
        );
    }
}
