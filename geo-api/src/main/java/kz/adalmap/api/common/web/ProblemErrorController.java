package kz.adalmap.api.common.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page, reached when the server answers with an error before or outside a controller: most
 * often a request body cut off mid-upload (the connection lost, the client stopped), which the server
 * answers 400 itself. Answered as every other error is, a problem detail that says what went wrong, in
 * place of Spring Boot's bare status and timestamp.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping(path = "${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c && HttpStatus.resolve(c) != null
                ? HttpStatus.valueOf(c)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(status));
        problem.setTitle(status.getReasonPhrase());
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path) {
            problem.setInstance(java.net.URI.create(path.replaceAll("[^\\w/.~%-]", "_")));
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static String detail(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST ->
                "The request could not be read: it was cut off before its end (the connection was lost) or is"
                        + " malformed. Send it again.";
            case NOT_FOUND -> "There is nothing at this address.";
            case CONTENT_TOO_LARGE -> "The request is larger than the server takes.";
            default ->
                status.is5xxServerError()
                        ? "The server could not answer this request. It has been logged."
                        : "The request was refused: " + status.value() + " " + status.getReasonPhrase() + ".";
        };
    }
}
