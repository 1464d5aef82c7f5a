package kz.adalmap.api.budget;

import kz.adalmap.api.attachment.AttachmentRefusedException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem details for a refused photo of the participatory budget, naming the form field; ordered before
 * the application-wide handler, whose catch-all would otherwise answer 500. Refused requests are
 * {@code RefusedException}s, which the application-wide handler answers.
 */
@RestControllerAdvice(assignableTypes = {BudgetController.class, BudgetReviewController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class BudgetProblems {

    @ExceptionHandler
    ResponseEntity<ProblemDetail> photoRefused(AttachmentRefusedException e) {
        HttpStatus status = e.unsupportedType() ? HttpStatus.UNSUPPORTED_MEDIA_TYPE : HttpStatus.BAD_REQUEST;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle("File not accepted");
        problem.setProperty("parameter", "photos");
        if (!e.fileName().isEmpty()) {
            problem.setProperty("file", e.fileName());
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
