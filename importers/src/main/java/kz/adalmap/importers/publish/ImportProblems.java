package kz.adalmap.importers.publish;

import kz.adalmap.importers.gdal.GdalException;
import kz.adalmap.importers.source.BadSourceException;

/**
 * The kind of an import's failure as a code, the one the API's import jobs and the command line's
 * {@code --json} both give: a {@code SourceProblem}'s, a refused step's reason, or a word for the
 * rest of what the input or the layer's state explains.
 */
public final class ImportProblems {

    private ImportProblems() {}

    /** The code of {@code e}, or null when it is no failure of the input or the layer's state (a fault). */
    public static String code(Exception e) {
        if (e instanceof BadSourceException b) {
            return b.problem().code();
        } else if (e instanceof GdalException g) {
            return g.problem().code();
        } else if (e instanceof AccessDeniedException) {
            return "not_allowed";
        } else if (e instanceof RefusedStepException r) {
            return r.reason().code();
        } else if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return "bad_request";
        }
        return null;
    }
}
