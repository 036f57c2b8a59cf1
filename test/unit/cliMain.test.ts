import * as assert from "assert";
import { main } from "../../cli/main";
import { fakeIo } from "./cliFixtures";

describe("yurtctl exit codes before anything runs", () => {
    it("bad flags: exit 2, the message on stderr, nothing on stdout", async () => {
        const io = fakeIo();
        assert.strictEqual(await main(["convert", "--batch-size", "x"], io), 2);
        assert.match(io.stderr, /^yurtctl: --batch-size: "x" is not a whole number/);
        assert.strictEqual(io.stdout, "");
    });

    it("no command: usage and exit 2; --help: exit 0", async () => {
        const io = fakeIo();
        assert.strictEqual(await main([], io), 2);
        assert.match(io.stdout, /Usage: yurtctl <command> \[flags\]/);
        assert.strictEqual(await main(["--help"], fakeIo()), 0);
        const h = fakeIo();
        assert.strictEqual(await main(["help", "revert"], h), 0);
        assert.match(h.stdout, /^yurtctl revert: /);
    });

    it("changing commands without a terminal and without --yes refuse with exit 4 before touching anything", async () => {
        for (const command of ["convert", "markautonomous", "revert"]) {
            // No project dir, backend or passphrase is needed to refuse.
            const io = fakeIo({ interactive: false, env: { YURTCTL_PROJECT_DIR: "/nonexistent" } });
            assert.strictEqual(await main([command], io), 4, command);
            assert.match(
                io.stderr,
                new RegExp(`yurtctl ${command} changes the cluster and asks for confirmation first, but stdin is not a terminal; re-run with --yes`),
            );
        }
    });

    it("a project dir without Pulumi.yaml: exit 3", async () => {
        const io = fakeIo({ env: { YURTCTL_PROJECT_DIR: "/nonexistent" } });
        assert.strictEqual(await main(["plan"], io), 3);
        assert.match(io.stderr, /no Pulumi project at \/nonexistent \(Pulumi.yaml missing\)/);
    });

    it("a file backend without a passphrase: exit 3, naming the variable", async () => {
        const io = fakeIo({ env: { PULUMI_BACKEND_URL: "file:///tmp/x" } });
        assert.strictEqual(await main(["plan"], io), 3);
        assert.match(io.stderr, /set PULUMI_CONFIG_PASSPHRASE/);
    });
});
