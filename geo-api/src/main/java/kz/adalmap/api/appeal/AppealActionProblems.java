package kz.adalmap.api.appeal;

import java.time.Duration;
import kz.adalmap.api.attachment.AttachmentRefusedException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem details for a refused submission, a refused step of an appeal's life and a refused file, for
 * the citizen's and the staff's endpoints; ordered before the application-wide handler, whose catch-all
 * would otherwise answer 500.
 */
@RestControllerAdvice(
        assignableTypes = {AppealSubmissionController.class, StaffAppealController.class, CitizenAppealController.class
        })
@Order(Ordered.HIGHEST_PRECEDENCE)
class AppealActionProblems {

    @ExceptionHandler
    ResponseEntity<ProblemDetail> submissionRefused(AppealRefusedException e) {
        return problem(e.status(), e.title(), e.getMessage(), e.retryAfter());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> stepRefused(AppealActionRefusedException e) {
        return problem(e.status(), e.title(), e.getMessage(), e.retryAfter());
    }

    /** The problem, with {@code Retry-After} when waiting helps (a limit per hour). */
    private static ResponseEntity<ProblemDetail> problem(
            HttpStatus status, String title, String detail, Duration retryAfter) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
        }
        return response.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> attachmentRefused(AttachmentRefusedException e) {
        HttpStatus status = e.unsupportedType() ? HttpStatus.UNSUPPORTED_MEDIA_TYPE : HttpStatus.BAD_REQUEST;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle("File not accepted");
        problem.setProperty("parameter", "files");
        if (!e.fileName().isEmpty()) {
            problem.setProperty("file", e.fileName());
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
