import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { openyurtCharts, repo } from "../../support/localCluster";

/**
 * The library as another Pulumi program gets it: `npm run pack:lib` packs components/ compiled
 * (JavaScript + declarations); a throwaway program outside the repository installs the tarball,
 * type-checks against it without ts-node or the project's tsconfig, builds a fleet under mocks, and
 * loads a dynamic provider from the text that would go into its state.
 */
describe("the packed library in a program outside the repository", function () {
    this.timeout(5 * 60 * 1000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openyurt-consumer-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("installs from the tarball, type-checks, builds a fleet and deserializes its providers from their own node_modules", () => {
        const tarball = execFileSync("node", [path.join(repo, "scripts", "pack-lib.js"), dir], { encoding: "utf8" })
            .trim()
            .split("\n")
            .pop()!;
        const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" });
        assert.match(listing, /package\/index\.d\.ts/);
        const files = listing.trim().split("\n");
        assert.deepStrictEqual(
            files.filter((f) => (f.endsWith(".ts") && !f.endsWith(".d.ts")) || /^package\/(cli|test|bench|scripts)\//.test(f)),
            [],
            "only compiled components: no TypeScript sources, no program, CLI, tests or scripts",
        );
        fs.writeFileSync(
            path.join(dir, "package.json"),
            JSON.stringify({ name: "consumer", private: true, dependencies: { "pulumi-openyurt": `file:${tarball}` } }),
        );
        execFileSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--prefer-offline"], { cwd: dir, stdio: "pipe" });
        for (const f of ["consumer.js", "consumer.ts"]) {
            fs.copyFileSync(path.join(repo, "test", "package", f), path.join(dir, f));
        }
        execFileSync(
            path.join(repo, "node_modules", ".bin", "tsc"),
            [
                "--noEmit",
                "--strict",
                "--esModuleInterop",
                "--skipLibCheck",
                "--module",
                "commonjs",
                "--moduleResolution",
                "node",
                "--target",
                "es2022",
                "consumer.ts",
            ],
            { cwd: dir, stdio: "pipe" },
        );
        // The program's own log lines come first under mocks (the SDK prints pulumi.log.info to stdout); the result is the last line.
        const printed = execFileSync("node", ["consumer.js", openyurtCharts], { cwd: dir, encoding: "utf8" }).trim().split("\n");
        assert.match(printed.join("\n"), /edge nodes not converted yet: 2 to convert: node2, node3/, "the library names what it will convert");
        const out = JSON.parse(printed[printed.length - 1]);
        assert.deepStrictEqual(out.converted, ["node2", "node3"]);
        assert.strictEqual(out.release, "v1.7.0");
        for (const t of [
            "kubernetes:helm.sh/v4:Chart",
            "kubernetes:apps.openyurt.io/v1beta2:NodePool",
            "pulumi-nodejs:dynamic/openyurt:NodePoolMembers",
        ]) {
            assert.ok(out.types.includes(t), `${t} in ${out.types}`);
        }
        assert.deepStrictEqual(out.providerMethods, ["create", "diff", "update", "delete"]);
        assert.ok(
            out.providerRequires.every((r: string) =>
                /^require\("(pulumi-openyurt\/|@pulumi\/|yaml|child_process|crypto|fs|http|https|net|os|path|tls|url)/.test(r),
            ),
            `the state's provider text requires packages by name, never a path on this machine: ${out.providerRequires}`,
        );
    });
});
