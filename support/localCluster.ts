import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { KubeConnection, parseKubeconfig } from "../components/core/kube/kubeconfig";

/**
 * The local control plane of scripts/cluster.sh as the end-to-end suites and the engine benchmark
 * reach it: the repository, the toolchain cache, OpenYurt's charts beside the repository, the
 * cluster's kubeconfig and a connection to it, and scripts/cluster.sh itself.
 */

export const repo = path.resolve(__dirname, "..");
export const cache = process.env.OPENYURT_CACHE ?? path.join(os.homedir(), ".cache", "pulumi-openyurt");
/** OpenYurt v1.7.0's own Helm charts, from the source tree beside the repository (what every v1.7.0 suite installs). */
export const openyurtCharts = path.resolve(repo, "..", "shared", "third_party", "openyurt-v1.7.0", "charts");
export const kubeconfigFile = process.env.OPENYURT_KUBECONFIG ?? path.join(cache, "cluster", "kubeconfig");

export function connection(): KubeConnection {
    if (!fs.existsSync(kubeconfigFile)) {
        throw new Error(`no local cluster (${kubeconfigFile} missing): run \`bash scripts/cluster.sh up\`, or use \`npm run test:e2e\``);
    }
    return parseKubeconfig(fs.readFileSync(kubeconfigFile, "utf8"), kubeconfigFile);
}

/** Runs scripts/cluster.sh with arguments (add-node, remove-node, fail-servant, heal-servant). */
export function cluster(...args: string[]): string {
    return execFileSync("bash", [path.join(repo, "scripts", "cluster.sh"), ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}
