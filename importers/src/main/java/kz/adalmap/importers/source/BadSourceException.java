package kz.adalmap.importers.source;

/** A file that cannot be imported, with a message for the person who sent it and the kind of problem. */
public final class BadSourceException extends RuntimeException {

    private final SourceProblem problem;

    public BadSourceException(SourceProblem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public BadSourceException(SourceProblem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public SourceProblem problem() {
        return problem;
    }
}
