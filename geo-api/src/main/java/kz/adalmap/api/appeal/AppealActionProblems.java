package kz.adalmap.api.appeal;

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
 * Problem details for a refused file of an appeal or an answer, naming the form field; ordered before the
 * application-wide handler, whose catch-all would otherwise answer 500. Refused submissions and steps are
 * {@code RefusedException}s, which the application-wide handler answers.
 */
@RestControllerAdvice(
        assignableTypes = {AppealSubmissionController.class, StaffAppealController.class, CitizenAppealController.class
        })
@Order(Ordered.HIGHEST_PRECEDENCE)
class AppealActionProblems {

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
