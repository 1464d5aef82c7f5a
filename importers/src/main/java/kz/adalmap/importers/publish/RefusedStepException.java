package kz.adalmap.importers.publish;

import java.util.Locale;

/**
 * A step of a layer's life (publishing, rolling back, retitling) that the layer's state does not allow, with
 * why as a code that callers word in their own language; the message says it in English with the
 * layer's own names and numbers.
 */
public final class RefusedStepException extends IllegalStateException {

    /** Why the step cannot be taken. */
    public enum Reason {
        /** The revision is published, rolled back or superseded: only a draft can be published. */
        NOT_A_DRAFT,
        /** The draft was compared with a layer that has changed since. */
        STALE_DRAFT,
        /** The draft was made by an earlier version, which read the file or told plots apart otherwise. */
        EARLIER_VERSION_DRAFT,
        /** Publishing the draft would empty the layer. */
        EMPTY_DRAFT,
        /** The draft holds what the layer holds: publishing it would change nothing. */
        NOTHING_TO_PUBLISH,
        /** A cadastral number of the draft is the number of a current plot of another layer. */
        NUMBER_IN_OTHER_LAYER,
        /**
         * A plot the rollback would bring back has a cadastral number that a current plot of another
         * layer has had since.
         */
        ROLLBACK_NUMBER_IN_OTHER_LAYER,
        /** The layer has never been published. */
        NOTHING_PUBLISHED,
        /** The layer has no earlier revision to roll back to. */
        NO_EARLIER_REVISION,
        /** The layer is defined as data: its titles are changed with its definition. */
        TITLED_IN_DEFINITION,
        /** An import, a publish or a rollback of the layer is running: the step is to be tried again after it. */
        LAYER_BUSY,
        /**
         * The rollback names a revision to retire that is not the published one: another rollback, or a
         * publication, came first (a rollback sent again when its answer was lost).
         */
        NOT_THE_PUBLISHED;

        /** The reason in lower case, as the API and the editor's texts name it. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public RefusedStepException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
