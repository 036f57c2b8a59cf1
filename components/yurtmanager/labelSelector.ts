/**
 * Kubernetes label selectors in their string form, as `kubectl get nodes -l ...` accepts them
 * (grammar of k8s.io/apimachinery/pkg/labels `Parse`): parsing with problems in words, and matching.
 * The numeric operators `>` and `<` are refused, and so is the empty selector.
 */

/** One comma-separated part of a selector. `=`/`==` become In with one value, `!=` NotIn with one value. */
export interface LabelRequirement {
    key: string;
    operator: "Exists" | "DoesNotExist" | "In" | "NotIn";
    values: string[];
}

/** A parsed selector: the text as written and its requirements, all of which must hold. */
export interface LabelSelector {
    text: string;
    requirements: LabelRequirement[];
}

type TokenKind = "word" | "!" | "=" | "==" | "!=" | ">" | "<" | "(" | ")" | "," | "end";

interface Token {
    kind: TokenKind;
    text: string;
    /** 0-based offset of the token's first character. */
    start: number;
    /** 0-based offset just past the token. */
    end: number;
}

const WHITESPACE = new Set([" ", "\t", "\r", "\n"]);
const SYMBOLS = new Set(["=", "!", "(", ")", ",", ">", "<"]);
const LABEL_NAME_CHARS = /^[-A-Za-z0-9_.]*$/;
const ALPHANUMERIC = /^[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const OPERATORS_IN_WORDS = "=, ==, !=, in or notin";

/** Thrown inside the parser only, caught by parseLabelSelector. */
class SelectorProblem {
    constructor(
        readonly detail: string,
        readonly offset: number,
    ) {}
}

/**
 * The parsed selector, or a problem in words that names the bad part and the position, e.g.
 * `"zone in (a,b": missing ")" after "b" (character 12)`. Positions count characters from 1.
 */
export function parseLabelSelector(text: string): { selector: LabelSelector } | { problem: string } {
    if (typeof text !== "string") {
        return { problem: `a label selector must be a string, not a value of type ${typeof text}` };
    }
    if (text.trim() === "") {
        return { problem: 'an empty label selector matches every node; leave the setting unset instead of setting it to ""' };
    }
    try {
        return { selector: { text, requirements: new Parser(text).parse() } };
    } catch (e) {
        if (e instanceof SelectorProblem) {
            return { problem: `${JSON.stringify(text)}: ${e.detail} (character ${e.offset + 1})` };
        }
        throw e;
    }
}

/** Whether labels satisfy every requirement, with Kubernetes semantics: NotIn (`!=`, `notin`) holds when the key is absent. */
export function matchesLabels(selector: LabelSelector, labels: Record<string, string>): boolean {
    return selector.requirements.every((r) => {
        const present = Object.hasOwn(labels, r.key);
        switch (r.operator) {
            case "Exists":
                return present;
            case "DoesNotExist":
                return !present;
            case "In":
                return present && r.values.includes(labels[r.key]);
            case "NotIn":
                return !present || !r.values.includes(labels[r.key]);
        }
    });
}

/** Splits the text as the Kubernetes lexer does: symbols (longest of `==`, `!=`, else one character) and words between them. */
function tokenize(text: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    while (i < text.length) {
        const ch = text[i];
        if (WHITESPACE.has(ch)) {
            i++;
        } else if (SYMBOLS.has(ch)) {
            const two = text.slice(i, i + 2);
            const sym = two === "==" || two === "!=" ? two : ch;
            tokens.push({ kind: sym as TokenKind, text: sym, start: i, end: i + sym.length });
            i += sym.length;
        } else {
            const start = i;
            while (i < text.length && !WHITESPACE.has(text[i]) && !SYMBOLS.has(text[i])) {
                i++;
            }
            tokens.push({ kind: "word", text: text.slice(start, i), start, end: i });
        }
    }
    tokens.push({ kind: "end", text: "", start: text.length, end: text.length });
    return tokens;
}

class Parser {
    private readonly tokens: Token[];
    private index = 0;

    constructor(private readonly text: string) {
        this.tokens = tokenize(text);
    }

    parse(): LabelRequirement[] {
        const requirements: LabelRequirement[] = [];
        for (;;) {
            requirements.push(this.requirement());
            const sep = this.next();
            if (sep.kind === "end") {
                return requirements;
            }
            if (sep.kind !== ",") {
                throw this.unexpected(sep, 'expected "," or the end of the selector');
            }
            if (this.peek().kind === "end") {
                const fix = "remove the trailing comma or add a requirement after it";
                throw new SelectorProblem(`nothing follows the last ","; ${fix}`, sep.start);
            }
        }
    }

    private requirement(): LabelRequirement {
        const first = this.peek();
        const negated = first.kind === "!";
        if (negated) {
            this.next();
        }
        const keyToken = this.next();
        if (keyToken.kind !== "word") {
            const where = negated ? 'after "!"' : keyToken.start === 0 ? "at the start" : `after "${this.previousText(keyToken)}"`;
            const found = keyToken.kind === "end" ? "the selector ends" : `found "${keyToken.text}"`;
            throw new SelectorProblem(`expected a label key ${where} but ${found}`, keyToken.start);
        }
        const key = keyToken.text;
        checkKey(key, keyToken.start);

        const op = this.peek();
        if (op.kind === "," || op.kind === "end") {
            return { key, operator: negated ? "DoesNotExist" : "Exists", values: [] };
        }
        const soFar = this.text.slice(first.start, keyToken.end);
        if (negated) {
            const hint = op.kind === "!=" || op.kind === "=" || op.kind === "==" ? `; to exclude a value write "${key}!=…"` : "";
            throw new SelectorProblem(
                `unexpected "${op.text}" after "${soFar}": "!" means the key is absent, so no operator or value may follow${hint}`,
                op.start,
            );
        }
        this.next();
        const withOperator = this.text.slice(first.start, op.end);
        switch (op.kind) {
            case "=":
            case "==":
            case "!=":
                return { key, operator: op.kind === "!=" ? "NotIn" : "In", values: [this.exactValue(withOperator)] };
            case ">":
            case "<":
                throw new SelectorProblem(
                    `the numeric operator "${op.text}" is not supported here; compare "${key}" with ${OPERATORS_IN_WORDS} instead`,
                    op.start,
                );
            case "word":
                if (op.text === "in" || op.text === "notin") {
                    return { key, operator: op.text === "in" ? "In" : "NotIn", values: this.valueList(op, withOperator) };
                }
                if (op.text.toLowerCase() === "in" || op.text.toLowerCase() === "notin") {
                    throw new SelectorProblem(`unknown operator "${op.text}" after "${soFar}": write it in lower case`, op.start);
                }
                break;
        }
        throw this.unexpected(op, `expected an operator (${OPERATORS_IN_WORDS}), "," or the end of the selector`, soFar);
    }

    /** The value after `=`, `==` or `!=`; none written (end or ",") means the empty value. */
    private exactValue(soFar: string): string {
        const t = this.peek();
        if (t.kind === "," || t.kind === "end") {
            return "";
        }
        if (t.kind !== "word") {
            throw this.unexpected(t, "expected a label value", soFar);
        }
        this.next();
        checkValue(t.text, t.start);
        return t.text;
    }

    /** `( v1, v2, ... )` after in/notin. As in Kubernetes, a list item may be empty (`(a,)`), but the list may not. */
    private valueList(op: Token, soFar: string): string[] {
        const open = this.next();
        if (open.kind !== "(") {
            throw this.unexpected(open, `expected "(" and a list of values after "${op.text}"`, soFar);
        }
        if (this.peek().kind === ")") {
            throw new SelectorProblem(`"${op.text} ()" lists no values; put at least one value between the parentheses`, this.peek().start);
        }
        const values: string[] = [];
        const add = (v: string) => {
            if (!values.includes(v)) {
                values.push(v);
            }
        };
        let prev = open;
        for (;;) {
            // At an item: a value, or nothing before "," / ")".
            const item = this.peek();
            if (item.kind === "word") {
                this.next();
                checkValue(item.text, item.start);
                add(item.text);
                prev = item;
            } else if (item.kind === "," || item.kind === ")") {
                add("");
            } else if (item.kind === "end") {
                throw new SelectorProblem(`missing ")" after "${prev.text}"`, prev.start);
            } else {
                throw this.unexpected(item, 'expected a label value, "," or ")"', prev.text);
            }
            // After an item: "," or ")".
            const sep = this.next();
            if (sep.kind === ")") {
                return values;
            }
            if (sep.kind === "end") {
                throw new SelectorProblem(`missing ")" after "${prev.text}"`, prev.start);
            }
            if (sep.kind !== ",") {
                throw this.unexpected(sep, 'expected "," or ")"', prev.text);
            }
            prev = sep;
        }
    }

    private peek(): Token {
        return this.tokens[this.index];
    }

    private next(): Token {
        const t = this.tokens[this.index];
        if (t.kind !== "end") {
            this.index++;
        }
        return t;
    }

    /** The token before t, as written. */
    private previousText(t: Token): string {
        const i = this.tokens.indexOf(t);
        return i > 0 ? this.tokens[i - 1].text : "";
    }

    private unexpected(t: Token, expected: string, after = this.previousText(t)): SelectorProblem {
        if (t.kind === "end") {
            return new SelectorProblem(`the selector ends after "${after}"; ${expected}`, t.start);
        }
        return new SelectorProblem(`unexpected "${t.text}" after "${after}"; ${expected}`, t.start);
    }
}

/** A label key: optional DNS-subdomain prefix (≤ 253) and "/", then a name of ≤ 63 characters. */
function checkKey(key: string, offset: number): void {
    const parts = key.split("/");
    if (parts.length > 2) {
        throw new SelectorProblem(`the label key "${key}" has more than one "/"; write it as prefix/name`, offset);
    }
    const name = parts.length === 2 ? parts[1] : parts[0];
    if (parts.length === 2) {
        const prefix = parts[0];
        if (prefix === "") {
            throw new SelectorProblem(`the label key "${key}" has an empty prefix before "/"; drop the "/" or write a DNS prefix`, offset);
        }
        if (prefix.length > 253) {
            const length = prefix.length;
            throw new SelectorProblem(`the prefix of label key "${key}" is ${length} characters long; at most 253 are allowed`, offset);
        }
        if (!DNS_SUBDOMAIN.test(prefix)) {
            throw new SelectorProblem(
                `the prefix "${prefix}" of label key "${key}" must be a DNS subdomain (lower-case letters, digits, "-" and ".", ` +
                    "starting and ending with a letter or digit)",
                offset,
            );
        }
        if (name === "") {
            throw new SelectorProblem(`the label key "${key}" has no name after "/"`, offset);
        }
    }
    const subject = parts.length === 2 ? `the name "${name}" of label key "${key}"` : `the label key "${key}"`;
    const problem = labelNameProblem(name, subject);
    if (problem) {
        throw new SelectorProblem(problem, offset);
    }
}

/** A label value: empty, or ≤ 63 characters of [-A-Za-z0-9_.] starting and ending with a letter or digit. */
function checkValue(value: string, offset: number): void {
    const problem = value === "" ? undefined : labelNameProblem(value, `the label value "${value}"`);
    if (problem) {
        throw new SelectorProblem(problem, offset);
    }
}

/** What is wrong with a key's name or a value (the same rules), as a clause about subject. */
function labelNameProblem(name: string, subject: string): string | undefined {
    if (name.length > 63) {
        return `${subject} is ${name.length} characters long; at most 63 are allowed`;
    }
    const bad = [...name].find((c) => !LABEL_NAME_CHARS.test(c));
    if (bad !== undefined) {
        return `${subject} contains ${JSON.stringify(bad)}; only letters, digits, "-", "_" and "." are allowed`;
    }
    if (!ALPHANUMERIC.test(name[0])) {
        return `${subject} must start with a letter or digit`;
    }
    if (!ALPHANUMERIC.test(name[name.length - 1])) {
        return `${subject} must end with a letter or digit`;
    }
    return undefined;
}
