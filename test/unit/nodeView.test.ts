import * as assert from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import { nodeView } from "../../components/core/kube/nodeView";
import { applyWatchEvents, olderVersion } from "../../components/core/kube/objectView";

const node = (name: string, rv: string, labels: Record<string, string> = {}) => ({ metadata: { name, resourceVersion: rv, labels } });
const lines = (...events: unknown[]) => events.map((e) => JSON.stringify(e)).join("\n") + "\n";

describe("node view: one list, then only the changes", () => {
    it("orders etcd revisions as numbers (not as text), and assumes no order for anything else", () => {
        assert.strictEqual(olderVersion("9", "10"), true);
        assert.strictEqual(olderVersion("10", "9"), false);
        assert.strictEqual(olderVersion("10", "10"), false);
        assert.strictEqual(olderVersion("abc", "10"), false);
        assert.strictEqual(olderVersion(undefined, "10"), false);
    });

    it("applies added, modified and deleted nodes, follows bookmarks, keeps a newer copy of our own write", () => {
        const nodes = new Map<string, any>([
            ["a", node("a", "5")],
            ["b", node("b", "6")],
            ["c", node("c", "20", { pool: "hz" })], // as our PATCH returned it
        ]);
        const version = applyWatchEvents(
            nodes,
            lines(
                { type: "MODIFIED", object: node("a", "11", { x: "1" }) },
                { type: "DELETED", object: node("b", "12") },
                { type: "ADDED", object: node("d", "13") },
                { type: "MODIFIED", object: node("c", "14") }, // older than our write: ignored
                { type: "BOOKMARK", object: { metadata: { resourceVersion: "15" } } },
            ),
            "10",
        );
        assert.strictEqual(version, "15");
        assert.deepStrictEqual([...nodes.keys()].sort(), ["a", "c", "d"]);
        assert.strictEqual(nodes.get("a").metadata.labels.x, "1");
        assert.strictEqual(nodes.get("c").metadata.labels.pool, "hz");
        assert.strictEqual(applyWatchEvents(nodes, "", "15"), "15", "no event: the version stays");
    });

    it("a version the server no longer has means a list again; another error is raised with its message", () => {
        assert.strictEqual(
            applyWatchEvents(new Map(), lines({ type: "ERROR", object: { code: 410, message: "too old resource version" } }), "1"),
            "gone",
        );
        assert.throws(
            () => applyWatchEvents(new Map(), lines({ type: "ERROR", object: { code: 500, message: "etcd is down" } }), "1"),
            /watching nodes: etcd is down/,
        );
    });

    it("against an API server: lists once, then watches from the last version for the time asked, lists again after 410", async () => {
        const requests: string[] = [];
        let watchAnswer = lines({ type: "MODIFIED", object: node("a", "11", { pool: "hz" }) });
        const server = http.createServer((req, res) => {
            requests.push(req.url ?? "");
            const url = new URL(req.url ?? "", "http://x");
            res.setHeader("Content-Type", "application/json");
            if (url.searchParams.get("watch") === "1") {
                res.end(watchAnswer);
            } else {
                res.end(
                    JSON.stringify({ metadata: { resourceVersion: requests.length > 2 ? "30" : "10" }, items: [node("a", "5"), node("b", "6")] }),
                );
            }
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        try {
            const view = nodeView({ server: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } as any);
            assert.deepStrictEqual([...(await view.read(5)).keys()], ["a", "b"], "the first read lists");
            const after = await view.read(3);
            assert.strictEqual(after.get("a").metadata.labels.pool, "hz");
            watchAnswer = lines({ type: "ERROR", object: { code: 410, message: "too old" } });
            await view.read(0);
            assert.deepStrictEqual(
                requests.map((u) => u.replace(/^\/api\/v1\/nodes\??/, "")),
                [
                    "",
                    "watch=1&allowWatchBookmarks=true&resourceVersion=10&timeoutSeconds=3",
                    "watch=1&allowWatchBookmarks=true&resourceVersion=11&timeoutSeconds=1",
                    "",
                ],
            );
            assert.strictEqual((await view.read(0)).get("a").metadata.resourceVersion, "5", "the new list replaced the map");
        } finally {
            server.close();
        }
    });
});
