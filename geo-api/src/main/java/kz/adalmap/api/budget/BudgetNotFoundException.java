package kz.adalmap.api.budget;

import kz.adalmap.api.common.web.NotFoundException;

/** A cycle, proposal, milestone, photo or confirmation of the participatory budget that does not exist. */
class BudgetNotFoundException extends NotFoundException {

    private BudgetNotFoundException(String message) {
        super(message);
    }

    static BudgetNotFoundException cycle(long id) {
        return new BudgetNotFoundException("There is no participatory-budget cycle " + id + ".");
    }

    static BudgetNotFoundException proposal(long id) {
        return new BudgetNotFoundException("There is no participatory-budget proposal " + id + ".");
    }

    static BudgetNotFoundException milestone(long id) {
        return new BudgetNotFoundException("There is no milestone " + id + ".");
    }

    static BudgetNotFoundException photo(long id) {
        return new BudgetNotFoundException("There is no photo " + id + ".");
    }

    static BudgetNotFoundException district(String kato) {
        return new BudgetNotFoundException("There is no district with KATO code " + kato + ".");
    }

    static BudgetNotFoundException verification() {
        return new BudgetNotFoundException("This confirmation is unknown for this cycle; ask for a new code.");
    }
}
