// Type-checked against the packed library's declarations (no ts-node, no project tsconfig).
import * as pulumi from "@pulumi/pulumi";
import { EdgeCluster, EdgeClusterArgs, loadKubeconfig, releases } from "pulumi-openyurt";

const kubeconfig = loadKubeconfig();
const args: EdgeClusterArgs = {
    kubeconfig: pulumi.secret(kubeconfig.text),
    inventory: { nodes: [] },
    cloudNodes: ["node1"],
    autonomousNodes: "all",
    rollout: { batchSize: 10 },
};
export const fleet = new EdgeCluster("openyurt", args);
export const known: string[] = Object.keys(releases);
