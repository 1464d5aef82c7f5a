package kz.adalmap.api.customlayer;

import kz.adalmap.api.layer.LayerImportController;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem details for what the importers refuse when a layer is changed, through an import or an edit:
 * a step not possible in the layer's present state (409, e.g. publishing a stale draft) and a revision or
 * feature that does not exist (404). Ordered before the application-wide handler, whose catch-all would
 * otherwise answer 500.
 */
@RestControllerAdvice(assignableTypes = {LayerImportController.class, LayerFeatureEditController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class LayerChangeProblems {

    @ExceptionHandler
    ProblemDetail conflict(IllegalStateException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Not possible now");
        if (e instanceof kz.adalmap.importers.publish.RefusedStepException refused) {
            problem.setProperty("code", refused.reason().code());
        }
        return problem;
    }

    /**
     * A name the server's file system cannot hold: an {@link java.nio.file.InvalidPathException} is an
     * IllegalArgumentException too, but nothing is missing, and its message is the server's.
     */
    @ExceptionHandler
    ProblemDetail unusableName(java.nio.file.InvalidPathException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "The file's name cannot be kept on the server: give the file a name of letters, digits and dots.");
        problem.setTitle("Unusable file name");
        return problem;
    }

    /**
     * A number or an id in the path or the query that is none ({@code limit=abc}, a job's id that is
     * no UUID): a request to correct, said by its parameter, not a thing missing in Java's words.
     */
    @ExceptionHandler
    ProblemDetail notAValue(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        String expected = type == java.util.UUID.class
                ? "an id such as 3f2b6c1e-9a4d-4c1b-8f0e-2d7a5b9c4e11"
                : type != null && (Number.class.isAssignableFrom(type) || type.isPrimitive())
                        ? "a whole number (at most " + Integer.MAX_VALUE + ")"
                        : "a value of another kind";
        String value = String.valueOf(e.getValue());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                e.getName() + ": '" + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "' is not "
                        + expected);
        problem.setTitle("Invalid request parameter");
        problem.setProperty("parameter", e.getName());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail missing(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return problem;
    }
}
