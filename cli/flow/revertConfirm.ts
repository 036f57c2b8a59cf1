import { confirm } from "../output/confirm";
import { PlanRow, planTotals, renderPlanTable } from "../output/planTable";
import { stamped } from "../output/runLog";
import { notConfirmed } from "./outcome";
import { Session } from "./session";

/**
 * `revert`'s shared steps, whatever the generation: the rows' table (with NodePools for v1.7.0), then (unless --yes) their totals
 * with what else goes (`alsoRemoved`) and the question; then the destroy's first progress line.
 * Returns the exit code when the user declined, undefined to go on.
 */
export async function confirmRevert(session: Session, rows: PlanRow[], table: { pools: boolean }, alsoRemoved: string): Promise<number | undefined> {
    const {
        io,
        args: { flags },
    } = session;
    io.out("\n" + renderPlanTable(rows, table));
    if (!flags.yes) {
        io.out("\n");
        io.out(`${planTotals(rows)}; ${alsoRemoved}\n`);
        const count = rows.filter((r) => r.action === "revert").length;
        if (!(await confirm(io, `Revert ${count} node(s) and remove OpenYurt from stack "${flags.stack}"?`))) {
            return notConfirmed(session);
        }
    }
    io.out(`\n${stamped(0, `pulumi destroy on stack "${flags.stack}"`)}\n`);
    return undefined;
}
