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

    /**
     * What the message of {@code e} says, as the key of a sentence and the values it names ({@code
     * {"key": "crs_try_code", "code": "EPSG:4326"}}), for a reader's own language; null when the failure
     * has no such wording (its kind and English message are all there is).
     */
    public static java.util.Map<String, Object> detail(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FailureWording wording) {
                return wording.detail();
            }
        }
        return null;
    }
}
