package kz.adalmap.api.budget;

import java.time.Duration;
import java.time.LocalDate;
import kz.adalmap.api.common.web.RefusedException;
import org.springframework.http.HttpStatus;

/**
 * A well-formed request of the participatory budget that is refused: the wrong phase, a second vote, a
 * spent or wrong code (409), a reviewer of another region (403), too many requests from one address (429).
 */
class BudgetRefusedException extends RefusedException {

    private BudgetRefusedException(HttpStatus status, String title, String message, Duration retryAfter) {
        super(status, title, message, retryAfter);
    }

    /** {@code what} (e.g. "Proposals are accepted") only in {@code phase}, which runs {@code from}–{@code to}. */
    static BudgetRefusedException wrongPhase(
            String what, String phase, LocalDate from, LocalDate to, String currentPhase, LocalDate today) {
        return new BudgetRefusedException(
                HttpStatus.CONFLICT,
                "Not in this phase",
                what + " only in the " + phase + " phase of this cycle, from " + from + " to " + to
                        + " (Kazakhstan time); today is " + today + ", the cycle is "
                        + (currentPhase.equals("upcoming") || currentPhase.equals("closed")
                                ? currentPhase
                                : "in its " + currentPhase + " phase")
                        + ".",
                null);
    }

    static BudgetRefusedException otherRegion(String user, String regionKato) {
        return new BudgetRefusedException(
                HttpStatus.FORBIDDEN,
                "Not allowed",
                "User " + user + " is not a participatory-budget reviewer of region " + regionKato
                        + "; only its reviewers and administrators may do this.",
                null);
    }

    static BudgetRefusedException alreadyVoted() {
        return new BudgetRefusedException(
                HttpStatus.CONFLICT,
                "Already voted",
                "This phone number or e-mail address has already voted in this district's cycle; each resident"
                        + " votes once.",
                null);
    }

    static BudgetRefusedException codeSpent(String why) {
        return new BudgetRefusedException(HttpStatus.CONFLICT, "Confirmation code not valid", why, null);
    }

    static BudgetRefusedException notAccepted(long proposalId) {
        return new BudgetRefusedException(
                HttpStatus.CONFLICT,
                "Proposal not on the ballot",
                "proposals: proposal " + proposalId + " is not an accepted proposal of this cycle.",
                null);
    }

    static BudgetRefusedException alreadyReviewed(long proposalId, String status) {
        return new BudgetRefusedException(
                HttpStatus.CONFLICT,
                "Already reviewed",
                "Proposal " + proposalId + " has already been reviewed: it is " + status + ".",
                null);
    }

    static BudgetRefusedException notWinner(long proposalId) {
        return new BudgetRefusedException(
                HttpStatus.CONFLICT,
                "Not a winning proposal",
                "Proposal " + proposalId + " did not win the vote: only winners are implemented and get milestones.",
                null);
    }

    static BudgetRefusedException cycleExists(String districtKato, int year) {
        return new BudgetRefusedException(
                HttpStatus.CONFLICT,
                "Cycle exists",
                "District " + districtKato + " already has a participatory-budget cycle for " + year + ".",
                null);
    }

    static BudgetRefusedException noBoundary(String districtKato) {
        return new BudgetRefusedException(
                HttpStatus.CONFLICT,
                "District without boundary",
                "District " + districtKato + " has no boundary loaded, so a proposal's place cannot be checked.",
                null);
    }

    static BudgetRefusedException idempotencyKeyReused() {
        return new BudgetRefusedException(
                HttpStatus.CONFLICT,
                "Idempotency-Key reused",
                "Idempotency-Key: this key was used for a proposal with different content; use a new key for a"
                        + " new proposal",
                null);
    }

    static BudgetRefusedException tooMany(String what, int limit, Duration retryAfter) {
        return new BudgetRefusedException(
                HttpStatus.TOO_MANY_REQUESTS,
                "Too many requests",
                "At most " + limit + " " + what + " an hour may come from one address; try again in "
                        + Math.max(1, (retryAfter.toSeconds() + 59) / 60) + " minutes.",
                retryAfter);
    }
}
