import * as assert from "assert";
import { LabelSelector, matchesLabels, parseLabelSelector } from "../../components/yurtmanager/labelSelector";

/** The parsed selector; fails the test with the problem when there is one. */
function parsed(text: string): LabelSelector {
    const result = parseLabelSelector(text);
    if ("problem" in result) {
        assert.fail(`${JSON.stringify(text)} was refused: ${result.problem}`);
    }
    return result.selector;
}

/** The problem; fails the test when the text parses. */
function problem(text: string): string {
    const result = parseLabelSelector(text);
    if ("selector" in result) {
        assert.fail(`${JSON.stringify(text)} was accepted: ${JSON.stringify(result.selector.requirements)}`);
    }
    return result.problem;
}

function matches(text: string, labels: Record<string, string>): boolean {
    return matchesLabels(parsed(text), labels);
}

describe("label selectors", () => {
    describe("parsing", () => {
        it("turns each operator into its requirement", () => {
            assert.deepStrictEqual(parsed("zone").requirements, [{ key: "zone", operator: "Exists", values: [] }]);
            assert.deepStrictEqual(parsed("!zone").requirements, [{ key: "zone", operator: "DoesNotExist", values: [] }]);
            assert.deepStrictEqual(parsed("zone=a").requirements, [{ key: "zone", operator: "In", values: ["a"] }]);
            assert.deepStrictEqual(parsed("zone==a").requirements, [{ key: "zone", operator: "In", values: ["a"] }]);
            assert.deepStrictEqual(parsed("zone!=a").requirements, [{ key: "zone", operator: "NotIn", values: ["a"] }]);
            assert.deepStrictEqual(parsed("zone in (a,b)").requirements, [{ key: "zone", operator: "In", values: ["a", "b"] }]);
            assert.deepStrictEqual(parsed("zone notin (a,b)").requirements, [{ key: "zone", operator: "NotIn", values: ["a", "b"] }]);
            assert.strictEqual(parsed("zone=a").text, "zone=a");
        });

        it("reads an omitted value as the empty value, as Kubernetes does", () => {
            assert.deepStrictEqual(parsed("zone=").requirements, [{ key: "zone", operator: "In", values: [""] }]);
            assert.deepStrictEqual(parsed("zone!=,b").requirements[0], { key: "zone", operator: "NotIn", values: [""] });
            assert.deepStrictEqual(parsed("zone in (a,,b,a)").requirements[0].values, ["a", "", "b"]);
        });

        it("allows whitespace around every token", () => {
            const spaced = parsed("  zone  in  ( a , b ) ,\t! gpu ,\nrole != edge , tier == web , x  ");
            const tight = parsed("zone in (a,b),!gpu,role!=edge,tier==web,x");
            assert.deepStrictEqual(spaced.requirements, tight.requirements);
            assert.strictEqual(spaced.requirements.length, 5);
        });

        it("accepts ACK and well-known prefixed keys", () => {
            assert.deepStrictEqual(parsed("alibabacloud.com/nodepool-id=np1234").requirements, [
                { key: "alibabacloud.com/nodepool-id", operator: "In", values: ["np1234"] },
            ]);
            assert.deepStrictEqual(parsed("node-role.kubernetes.io/edge").requirements, [
                { key: "node-role.kubernetes.io/edge", operator: "Exists", values: [] },
            ]);
            assert.deepStrictEqual(parsed("!node-role.kubernetes.io/control-plane").requirements, [
                { key: "node-role.kubernetes.io/control-plane", operator: "DoesNotExist", values: [] },
            ]);
            parsed("A_b.c-D=Value_1.x-Y");
            parsed("a".repeat(253) + "/" + "b".repeat(63) + "=" + "c".repeat(63));
        });

        it("takes in and notin as keys or values where they cannot be operators", () => {
            assert.deepStrictEqual(parsed("in in (in,notin)").requirements, [{ key: "in", operator: "In", values: ["in", "notin"] }]);
            assert.deepStrictEqual(parsed("notin=in").requirements, [{ key: "notin", operator: "In", values: ["in"] }]);
        });
    });

    describe("matching", () => {
        it("Exists: needs the key, whatever its value (also empty)", () => {
            assert.strictEqual(matches("node-role.kubernetes.io/edge", { "node-role.kubernetes.io/edge": "" }), true);
            assert.strictEqual(matches("node-role.kubernetes.io/edge", { "node-role.kubernetes.io/worker": "" }), false);
            assert.strictEqual(matches("node-role.kubernetes.io/edge", {}), false);
        });

        it("!key: needs the key to be absent", () => {
            assert.strictEqual(matches("!gpu", {}), true);
            assert.strictEqual(matches("!gpu", { other: "x" }), true);
            assert.strictEqual(matches("!gpu", { gpu: "" }), false);
            assert.strictEqual(matches("!gpu", { gpu: "true" }), false);
        });

        it("= and ==: need the key with that value", () => {
            const key = "alibabacloud.com/nodepool-id";
            for (const op of ["=", "=="]) {
                assert.strictEqual(matches(`${key}${op}np1234`, { [key]: "np1234" }), true, op);
                assert.strictEqual(matches(`${key}${op}np1234`, { [key]: "np9" }), false, op);
                assert.strictEqual(matches(`${key}${op}np1234`, {}), false, op);
            }
            assert.strictEqual(matches("zone=", { zone: "" }), true);
            assert.strictEqual(matches("zone=", {}), false);
            assert.strictEqual(matches("zone=", { zone: "a" }), false);
        });

        it("!=: matches other values and nodes without the key", () => {
            assert.strictEqual(matches("zone!=a", { zone: "b" }), true);
            assert.strictEqual(matches("zone!=a", {}), true);
            assert.strictEqual(matches("zone!=a", { zone: "a" }), false);
        });

        it("in: needs the key with one of the values", () => {
            assert.strictEqual(matches("zone in (a,b)", { zone: "a" }), true);
            assert.strictEqual(matches("zone in (a,b)", { zone: "b" }), true);
            assert.strictEqual(matches("zone in (a,b)", { zone: "c" }), false);
            assert.strictEqual(matches("zone in (a,b)", {}), false);
        });

        it("notin: matches other values and nodes without the key", () => {
            assert.strictEqual(matches("zone notin (a,b)", { zone: "c" }), true);
            assert.strictEqual(matches("zone notin (a,b)", {}), true);
            assert.strictEqual(matches("zone notin (a,b)", { zone: "a" }), false);
            assert.strictEqual(matches("zone notin (a,b)", { zone: "b" }), false);
        });

        it("ANDs the requirements", () => {
            const selector = "node-role.kubernetes.io/edge, zone in (a,b), !gpu, tier!=db";
            assert.strictEqual(matches(selector, { "node-role.kubernetes.io/edge": "", zone: "a", tier: "web" }), true);
            assert.strictEqual(matches(selector, { zone: "a", tier: "web" }), false, "no edge role");
            assert.strictEqual(matches(selector, { "node-role.kubernetes.io/edge": "", zone: "c" }), false, "zone c");
            assert.strictEqual(matches(selector, { "node-role.kubernetes.io/edge": "", zone: "a", gpu: "1" }), false, "has gpu");
            assert.strictEqual(matches(selector, { "node-role.kubernetes.io/edge": "", zone: "b", tier: "db" }), false, "tier db");
        });

        it("does not take inherited object properties for labels", () => {
            assert.strictEqual(matches("constructor", {}), false);
            assert.strictEqual(matches("!toString", {}), true);
        });
    });

    describe("problems", () => {
        it("refuses the empty selector, which would match every node", () => {
            for (const empty of ["", "   ", "\t\n"]) {
                assert.match(problem(empty), /empty label selector matches every node; leave the setting unset/, JSON.stringify(empty));
            }
        });

        it("refuses a trailing comma and empty requirements", () => {
            assert.strictEqual(
                problem("zone=a,"),
                '"zone=a,": nothing follows the last ","; remove the trailing comma or add a requirement after it (character 7)',
            );
            assert.strictEqual(problem("zone=a,,gpu"), '"zone=a,,gpu": expected a label key after "," but found "," (character 8)');
            assert.strictEqual(problem(",zone"), '",zone": expected a label key at the start but found "," (character 1)');
        });

        it("refuses an unclosed value list, naming the last value and its position", () => {
            assert.strictEqual(problem("zone in (a,b"), '"zone in (a,b": missing ")" after "b" (character 12)');
            assert.strictEqual(problem("zone notin (a"), '"zone notin (a": missing ")" after "a" (character 13)');
            assert.strictEqual(
                problem("zone in a"),
                '"zone in a": unexpected "a" after "zone in"; expected "(" and a list of values after "in" (character 9)',
            );
            assert.strictEqual(problem("zone in (a b)"), '"zone in (a b)": unexpected "b" after "a"; expected "," or ")" (character 12)');
        });

        it("refuses an empty value list", () => {
            assert.strictEqual(
                problem("zone in ()"),
                '"zone in ()": "in ()" lists no values; put at least one value between the parentheses (character 10)',
            );
            assert.match(problem("zone notin ( )"), /"notin \(\)" lists no values/);
        });

        it("refuses keys that are not Kubernetes label keys", () => {
            assert.strictEqual(problem("Zone_"), '"Zone_": the label key "Zone_" must end with a letter or digit (character 1)');
            assert.strictEqual(problem("a=b, _z"), '"a=b, _z": the label key "_z" must start with a letter or digit (character 6)');
            assert.match(problem("zo$ne=a"), /the label key "zo\$ne" contains "\$"; only letters, digits/);
            assert.match(problem("k".repeat(64)), /the label key "k{64}" is 64 characters long; at most 63 are allowed/);
            assert.match(problem("Alibabacloud.com/nodepool-id=np1"), /the prefix "Alibabacloud.com" of label key .* DNS subdomain/);
            assert.match(problem("a".repeat(254) + "/b"), /is 254 characters long; at most 253 are allowed/);
            assert.match(problem("example.com/x-"), /the name "x-" of label key "example.com\/x-" must end with a letter or digit/);
            assert.match(problem("/zone"), /the label key "\/zone" has an empty prefix before "\/"/);
            assert.match(problem("example.com/"), /the label key "example.com\/" has no name after "\/"/);
            assert.match(problem("a/b/c"), /the label key "a\/b\/c" has more than one "\/"/);
            assert.match(problem("zone In (a)"), /unknown operator "In" after "zone": write it in lower case \(character 6\)/);
            assert.match(problem("zone a"), /unexpected "a" after "zone"; expected an operator \(=, ==, !=, in or notin\)/);
        });

        it("refuses values that are not Kubernetes label values", () => {
            assert.strictEqual(problem("zone=-a"), '"zone=-a": the label value "-a" must start with a letter or digit (character 6)');
            assert.match(problem("zone in (a,b_)"), /the label value "b_" must end with a letter or digit \(character 12\)/);
            assert.match(problem("zone!=a" + "v".repeat(63)), /the label value "av{63}" is 64 characters long; at most 63 are allowed/);
            assert.match(problem("zone=a$b"), /the label value "a\$b" contains "\$"/);
            assert.strictEqual(problem("zone===a"), '"zone===a": unexpected "=" after "zone=="; expected a label value (character 7)');
            assert.match(problem("zone=a b"), /unexpected "b" after "a"; expected "," or the end of the selector \(character 8\)/);
        });

        it("refuses the numeric operators > and <", () => {
            assert.strictEqual(
                problem("gpu>1"),
                '"gpu>1": the numeric operator ">" is not supported here; compare "gpu" with =, ==, !=, in or notin instead (character 4)',
            );
            assert.match(problem("zone=a, cpus < 4"), /the numeric operator "<" is not supported here.*\(character 14\)/);
        });

        it("refuses a value or operator after !key", () => {
            assert.strictEqual(
                problem("!zone=a"),
                '"!zone=a": unexpected "=" after "!zone": "!" means the key is absent, so no operator or value may follow; ' +
                    'to exclude a value write "zone!=…" (character 6)',
            );
            assert.match(problem("!zone in (a)"), /unexpected "in" after "!zone": "!" means the key is absent/);
            assert.match(problem("!"), /expected a label key after "!" but the selector ends \(character 2\)/);
        });

        it("answers every input with a selector or a one-line problem, never an exception", () => {
            const inputs = ["(", ")", "=", "!!a", "a!", "a==", "a in", "a in (", "a in (,", "a,(", "a=b)", "a>", "<", "é=1", "!,"];
            for (const text of inputs) {
                const result = parseLabelSelector(text);
                if ("problem" in result) {
                    assert.match(result.problem, /^"[^\n]*\(character \d+\)$/, text);
                } else {
                    assert.ok(result.selector.requirements.length > 0, text);
                }
            }
            assert.match(problem("a in ("), /missing "\)" after "\(" \(character 6\)/);
            const notString = parseLabelSelector(42 as unknown as string);
            assert.ok("problem" in notString && /must be a string/.test(notString.problem));
        });
    });
});
