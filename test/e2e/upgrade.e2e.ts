import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { KubeConnection } from "../../components/core/kube/kubeconfig";
import { E2EStack, newStack } from "../../support/engineStack";
import { cluster, connection, openyurtCharts, repo } from "../../support/localCluster";
import { assertConverted, assertUntouched, conversionCondition, expectNoChange, managedLeftovers, node } from "./harness";

/**
 * The release a user upgrades from: its program and dynamic providers made the stack. The dynamic
 * providers' code is serialized into the state, so a change of this project's layout or of a
 * provider's code must still preview, update and destroy a stack the earlier code made. Move it
 * forward when a release is cut (OPENYURT_UPGRADE_FROM overrides it for one run).
 * 8ca1420: the last commit before the rollout read the nodes through a watch (its providers list).
 */
const PREVIOUS_RELEASE = process.env.OPENYURT_UPGRADE_FROM ?? "8ca1420";

/** The previous release's program (index.ts, components/, Pulumi.yaml, package.json, tsconfig.json) in a temporary folder. */
function checkOut(commit: string): string {
    const git = (...args: string[]) => execFileSync("git", ["-C", repo, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    try {
        git("cat-file", "-e", `${commit}^{commit}`);
    } catch {
        throw new Error(
            `the previous release ${commit} is not in this clone's history (a shallow clone?): fetch it (git fetch --unshallow) or set OPENYURT_UPGRADE_FROM`,
        );
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openyurt-previous-"));
    const archive = path.join(dir, "release.tar");
    execFileSync("git", ["-C", repo, "archive", "-o", archive, commit, "index.ts", "components", "Pulumi.yaml", "package.json", "tsconfig.json"]);
    execFileSync("tar", ["-xf", archive, "-C", dir]);
    fs.rmSync(archive);
    // Node resolves a module from its real path: the program's packages must be found beside it.
    fs.symlinkSync(path.join(repo, "node_modules"), path.join(dir, "node_modules"));
    return dir;
}

describe(`upgrading the library: a stack made by the previous release (${PREVIOUS_RELEASE}), then run by this code (real yurt-manager)`, function () {
    this.timeout(15 * 60 * 1000);
    let conn: KubeConnection;
    let previousRoot: string;
    let previous: E2EStack;
    let current: E2EStack;
    const nodes = ["up-a", "up-b", "up-c"];
    const config = {
        cloudNodes: ["node1"],
        edgeNodes: ["up-a", "up-b"],
        charts: { path: openyurtCharts },
        rollout: { jobTimeout: "2m" },
    };
    const verdictTime = async (n: string) => conversionCondition(await node(conn, n))?.lastTransitionTime;

    before(async () => {
        conn = connection();
        previousRoot = checkOut(PREVIOUS_RELEASE);
        for (const n of nodes) {
            cluster("add-node", n);
        }
        const name = `upg${Date.now() % 100000}`;
        previous = await newStack(name, { projectRoot: previousRoot });
        // The same stack (same state folder) with this checkout's program: the user's upgrade.
        current = await newStack(name, { stateDir: path.join(previous.dir, "state") });
    });

    after(async () => {
        await current?.destroy().catch(() => undefined);
        for (const n of nodes) {
            try {
                cluster("remove-node", n);
            } catch {
                // best effort
            }
        }
        fs.rmSync(previousRoot, { recursive: true, force: true });
    });

    it("the previous release converts the fleet", async () => {
        previous.configure(config);
        await previous.up();
        await assertConverted(conn, "up-a");
        await assertConverted(conn, "up-b");
    });

    it("this code previews and applies no change for the unchanged config", async () => {
        const times = [await verdictTime("up-a"), await verdictTime("up-b")];
        current.configure(config);
        await expectNoChange(current);
        assert.deepStrictEqual([await verdictTime("up-a"), await verdictTime("up-b")], times, "no node converted again");
    });

    it("this code converges a changed config: the new node is converted, the others are left as they are", async () => {
        const times = [await verdictTime("up-a"), await verdictTime("up-b")];
        current.configure({ ...config, edgeNodes: nodes });
        const u = await current.up();
        assert.ok(
            u.events.changes().some((c) => c.startsWith("update ")),
            `an update of the fleet: ${u.events.changes()}`,
        );
        await assertConverted(conn, "up-c");
        assert.deepStrictEqual([await verdictTime("up-a"), await verdictTime("up-b")], times, "no node converted again");
        assert.deepStrictEqual([...(u.result.outputs.convertedNodes.value as string[])].sort(), nodes);
    });

    it("this code destroys it cleanly: every node reverted, nothing of the component left", async () => {
        for (const n of nodes) {
            await assertConverted(conn, n); // what there is to destroy
        }
        await current.destroy();
        for (const n of nodes) {
            await assertUntouched(conn, n);
        }
        assert.deepStrictEqual(await managedLeftovers(conn), []);
    });
});
