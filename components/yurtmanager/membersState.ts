import type { NodeMembership } from "./manifests";
import type { NodeReport } from "./rolloutReport";

/**
 * How NodePoolMembers keeps its per-node maps in the stack state: one string per node, still keyed
 * by node name (so `pulumi preview --diff` names every node that joins, moves or changes autonomy).
 * Every run carries these maps through several gRPC calls as `google.protobuf.Struct`, whose cost
 * grows with the number of values: at 5,000 nodes a map of strings crosses about 5× cheaper than a map
 * of objects, and its cost grows with the fleet, not faster (`npm run bench:state-wire`). Readers
 * accept both forms: states written before this keep objects until their next update. Pure.
 */

/** One node's membership as the state keeps it: `pool=shops role=edge autonomy=30m`. */
export type MembershipText = string;
/** One node's report line as the state keeps it: the NodeReport as JSON. */
export type ReportText = string;

/** A per-node map as read back from a state: this code's strings, or an older state's objects. */
export type Stored<T> = Record<string, string | T>;

/**
 * `pool=<pool> role=<edge|cloud>[ autonomy=<duration>]`. Fields split on spaces: the plan lets no
 * space into either value (pool names are RFC 1123 names, the duration a Go duration).
 */
export function membershipText(m: NodeMembership): MembershipText {
    const autonomy = m.autonomy === undefined ? "" : ` autonomy=${m.autonomy}`;
    return `pool=${m.pool} role=${m.edge ? "edge" : "cloud"}${autonomy}`;
}

export function parseMembership(v: string | NodeMembership): NodeMembership {
    if (typeof v !== "string") {
        return v;
    }
    const fields = new Map(
        v
            .split(" ")
            .filter(Boolean)
            .map((f) => {
                const at = f.indexOf("=");
                return [f.slice(0, at), f.slice(at + 1)] as const;
            }),
    );
    const pool = fields.get("pool");
    if (pool === undefined) {
        throw new Error(`NodePoolMembers' state holds a membership without a pool: "${v}"; run \`pulumi refresh\` to read it again from the nodes`);
    }
    const autonomy = fields.get("autonomy");
    return { pool, edge: fields.get("role") === "edge", ...(autonomy === undefined ? {} : { autonomy }) };
}

export const reportText = (r: NodeReport): ReportText => JSON.stringify(r);

export const parseReport = (v: string | NodeReport): NodeReport => (typeof v === "string" ? JSON.parse(v) : v);

/** Applies `f` to every value of a per-node map. */
function mapValues<A, B>(m: Record<string, A> | undefined, f: (a: A) => B): Record<string, B> {
    const out: Record<string, B> = {};
    for (const [k, v] of Object.entries(m ?? {})) {
        out[k] = f(v);
    }
    return out;
}

export const membershipsText = (m: Stored<NodeMembership> | undefined) => mapValues(m, (x) => membershipText(parseMembership(x)));
export const parseMemberships = (m: Stored<NodeMembership> | undefined) => mapValues(m, parseMembership);
export const reportsText = (r: Stored<NodeReport> | undefined) => mapValues(r, (x) => reportText(parseReport(x)));
export const parseReports = (r: Stored<NodeReport> | undefined) => mapValues(r, parseReport);
