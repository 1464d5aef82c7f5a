package kz.adalmap.importers.gdal;

import kz.adalmap.importers.source.SourceProblem;

/**
 * GDAL could not be run, or could not read or write a file; the message says what GDAL reported,
 * the problem what kind of failure it is (unless said otherwise, a file GDAL cannot read).
 */
public class GdalException extends RuntimeException {

    private final SourceProblem problem;

    public GdalException(String message) {
        this(SourceProblem.UNREADABLE, message, null);
    }

    public GdalException(String message, Throwable cause) {
        this(cause instanceof GdalException g ? g.problem() : SourceProblem.UNREADABLE, message, cause);
    }

    public GdalException(SourceProblem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public SourceProblem problem() {
        return problem;
    }
}
