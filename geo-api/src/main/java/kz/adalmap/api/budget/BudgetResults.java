package kz.adalmap.api.budget;

import java.util.ArrayList;
import java.util.List;

/**
 * The results of a cycle: its accepted proposals by votes (ties to the one submitted first), and the
 * winners chosen greedily: going down the list, a proposal wins when its cost fits in what is left of the
 * cap; one that no longer fits is skipped and the next is considered, so a cheaper proposal with fewer
 * votes may still win.
 *
 * @param capTenge the district's budget for the cycle
 * @param allocatedTenge the cost of the winners together, never more than the cap
 * @param remainingTenge what is left of the cap
 */
record BudgetResults(long capTenge, long allocatedTenge, long remainingTenge, List<Row> proposals) {

    /**
     * One accepted proposal.
     *
     * @param skipped true when it had votes enough to be considered before a winner but did not fit in
     *     what was left
     */
    record Row(long id, String title, long costTenge, long votes, boolean winner, boolean skipped) {}

    /** Chooses the winners among {@code tally}, already ordered by votes. */
    static BudgetResults of(long capTenge, List<BudgetQueries.Tally> tally) {
        long left = capTenge;
        List<Row> rows = new ArrayList<>(tally.size());
        for (BudgetQueries.Tally t : tally) {
            // a proposal nobody voted for wins nothing, however cheap
            boolean fits = t.votes() > 0 && t.costTenge() <= left;
            if (fits) {
                left -= t.costTenge();
            }
            rows.add(new Row(t.id(), t.title(), t.costTenge(), t.votes(), fits, t.votes() > 0 && !fits));
        }
        return new BudgetResults(capTenge, capTenge - left, left, rows);
    }
}
