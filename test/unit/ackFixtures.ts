import { AckSpec } from "../../components/ack/plan";
import { AlicloudEnvironment } from "../../components/ack/credentials";
import { poolNameLabel, poolRoleLabel } from "../../components/ack/roles";
import { ClusterInventory } from "../../components/core/plan/inventory";

/** A small valid ACK cluster: two zones, one cloud pool of 2, one edge pool of 3. */
export function ackSpec(): AckSpec {
    return {
        keyName: "openyurt",
        vswitches: [
            { zone: "cn-hangzhou-i", cidr: "192.168.1.0/24" },
            { zone: "cn-hangzhou-j", cidr: "192.168.2.0/24" },
        ],
        nodePools: [
            { name: "cloud", role: "cloud", size: 2, instanceTypes: ["ecs.g7.large"] },
            { name: "edge-a", role: "edge", size: 3, instanceTypes: ["ecs.c7.large", "ecs.c6.large"] },
        ],
    };
}

/** The provider's view: region and an AccessKey pair in stack config, nothing else. */
export function alicloudEnv(
    config: Record<string, string> = { region: "cn-hangzhou", accessKey: "LTAI-test", secretKey: "s3cr3t" },
    env: Record<string, string> = {},
    files: string[] = [],
): AlicloudEnvironment {
    return { config: (k) => config[k], env, fileExists: (f) => files.includes(f), homeDir: "/home/op" };
}

/** ACK-style node names (region.ip), each labelled with its pool the way the node pool labels it. */
export function poolInventory(pools: Record<string, { role: string; nodes: string[] }>, extra: string[] = []): ClusterInventory {
    const nodes = Object.entries(pools).flatMap(([pool, { role, nodes }]) =>
        nodes.map((name) => ({
            name,
            labels: { "kubernetes.io/hostname": name, [poolRoleLabel]: role, [poolNameLabel]: pool },
            annotations: {},
            ready: true,
            runsKubeControllerManager: false,
        })),
    );
    for (const name of extra) {
        nodes.push({ name, labels: { "kubernetes.io/hostname": name } as any, annotations: {}, ready: true, runsKubeControllerManager: false });
    }
    return { serverVersion: "v1.31.1-aliyun.1", apiServer: "https://192.168.0.10:6443", nodes };
}
