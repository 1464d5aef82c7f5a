package kz.adalmap.api.common.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every error to an RFC 9457 problem detail ({@code application/problem+json}): domain errors
 * to 400/404/409 with a message a person understands, Spring's own errors through the base class,
 * and anything unexpected to a 500 that is logged once and shows no internals.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final org.springframework.util.unit.DataSize maxUpload;
    private final org.springframework.util.unit.DataSize maxPartHeader;

    private final kz.adalmap.api.audit.AuditLog audit;

    ApiExceptionHandler(
            @org.springframework.beans.factory.annotation.Value("${spring.servlet.multipart.max-file-size:512MB}")
                    org.springframework.util.unit.DataSize maxUpload,
            @org.springframework.beans.factory.annotation.Value("${server.tomcat.max-part-header-size:512B}")
                    org.springframework.util.unit.DataSize maxPartHeader,
            kz.adalmap.api.audit.AuditLog audit) {
        this.maxUpload = maxUpload;
        this.maxPartHeader = maxPartHeader;
        this.audit = audit;
    }

    @ExceptionHandler
    ProblemDetail invalidParameter(InvalidParameterException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid request parameter");
        problem.setProperty("parameter", e.parameter());
        return problem;
    }

    /** A well-formed request a feature refuses, with {@code Retry-After} when waiting helps. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> refused(RefusedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setTitle(e.title());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e.retryAfter() != null) {
            response.header(
                    HttpHeaders.RETRY_AFTER,
                    String.valueOf(Math.max(1, e.retryAfter().toSeconds())));
        }
        return response.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler
    ProblemDetail notFound(NotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return problem;
    }

    /**
     * A staff member acting outside their regions (the importers decide it too, for their own callers),
     * kept in the audit log ({@code access.denied}, the request's method and path, and why): an attempt
     * to change another region's layer is a fact of its own.
     */
    @ExceptionHandler
    ProblemDetail denied(
            kz.adalmap.importers.publish.AccessDeniedException e, jakarta.servlet.http.HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        problem.setTitle("Not allowed");
        if (e.code() != null) {
            // the editor's page words it in the reader's language (texts refusal.*)
            problem.setProperty("code", e.code());
        }
        var who = org.springframework.security.core.context.SecurityContextHolder.getContext()
                .getAuthentication();
        try {
            audit.record(
                    who == null ? "anonymous" : who.getName(),
                    "access.denied",
                    "request",
                    request.getMethod() + " " + request.getRequestURI(),
                    java.util.Map.of("reason", String.valueOf(e.getMessage())));
        } catch (RuntimeException unrecorded) {
            log.warn("a refusal could not be kept in the audit log: {}", unrecorded.getMessage());
        }
        return problem;
    }

    @ExceptionHandler
    ProblemDetail conflict(DuplicateKeyException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT, "Something with the same identifying value already exists.");
        problem.setTitle("Conflict");
        return problem;
    }

    @Override
    protected org.springframework.http.ResponseEntity<Object> handleMaxUploadSizeExceededException(
            org.springframework.web.multipart.MaxUploadSizeExceededException e,
            org.springframework.http.HttpHeaders headers,
            org.springframework.http.HttpStatusCode status,
            org.springframework.web.context.request.WebRequest request) {
        // the server's parser says which limit it was: a part's header (the file's name), a field of the form
        // besides the file, or the file (the request as a whole is the file and the form's small room)
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.apache.tomcat.util.http.fileupload.impl.FileSizeLimitExceededException part
                    && part.getFileName() == null
                    && part.getFieldName() != null) {
                return tooLarge(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "Form field too large",
                        "The form field '" + part.getFieldName() + "' holds more than "
                                + (part.getPermittedSize() / 1024 / 1024)
                                + " MB: the fields besides the file hold short values (a title, a code).",
                        "field_too_large");
            }
            String message = String.valueOf(cause.getMessage());
            if (message.startsWith("Header section has more than")) {
                return tooLarge(
                        HttpStatus.BAD_REQUEST,
                        "File name too long",
                        "A part of the form has a header of more than " + maxPartHeader.toKilobytes()
                                + " KB: the file's name is too long. Give the file a shorter name (it is kept to"
                                + " its last 120 characters anyway).",
                        "name_too_long");
            }
            if (message.contains("maxPostSize")) {
                return tooLarge(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "Form fields too large",
                        "The form's fields besides the file hold too much: they hold short values (a title,"
                                + " a code).",
                        "field_too_large");
            }
        }
        long limit = e.getMaxUploadSize() > 0 ? e.getMaxUploadSize() : maxUpload.toBytes();
        ResponseEntity<Object> refused = tooLarge(
                HttpStatus.CONTENT_TOO_LARGE,
                "File too large",
                "The file is larger than the limit" + (limit > 0 ? " of " + (limit / 1024 / 1024) + " MB" : "")
                        + ". Zip it, or split it by district.",
                "file_too_large");
        // the limit in megabytes, for a page to say in its reader's language
        if (limit > 0 && refused.getBody() instanceof ProblemDetail problem) {
            problem.setProperty("limitMb", limit / 1024 / 1024);
        }
        return refused;
    }

    private static ResponseEntity<Object> tooLarge(HttpStatus status, String title, String detail, String code) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (code != null) {
            problem.setProperty("code", code);
        }
        return ResponseEntity.status(status).body(problem);
    }

    /** A multipart body that cannot be read (a file name with a NUL, a part cut short); too large has its own. */
    @ExceptionHandler
    public ProblemDetail unreadableUpload(org.springframework.web.multipart.MultipartException e) {
        if (outOfRoom(e)) {
            return noRoom(e);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "The upload could not be read as a form with a file: send it again from the editor's page, with a"
                        + " file name of letters, digits and dots.");
        problem.setTitle("Unreadable upload");
        return problem;
    }

    /** Whether {@code e} was caused by a full disk (the upload's folder, the import folder). */
    private static boolean outOfRoom(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException
                    && String.valueOf(t.getMessage()).contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }

    /** 507: the server has no room for what it was sent; logged, as the administrator has to act. */
    private static ProblemDetail noRoom(Exception e) {
        log.error("no room left to store a request's data", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INSUFFICIENT_STORAGE,
                "The server has no room left to store the upload: nothing was kept. Try again later, and tell the"
                        + " administrator; the file is not at fault.");
        problem.setTitle("No room on the server");
        problem.setProperty("code", "no_room");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail unexpected(Exception e) {
        if (outOfRoom(e)) {
            return noRoom(e);
        }
        log.error("unexpected error", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "The server could not answer this request. It has been logged.");
        problem.setTitle("Internal error");
        return problem;
    }
}
