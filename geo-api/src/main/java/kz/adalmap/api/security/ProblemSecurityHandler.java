package kz.adalmap.api.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 as problem details, like every other error of the API. */
@Component
class ProblemSecurityHandler implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final JsonMapper json;

    ProblemSecurityHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        // the pages of AdalMap ask for the password themselves: without the challenge the browser
        // does not put up its own login dialog over them
        if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"AdalMap\", charset=\"UTF-8\"");
        }
        write(
                response,
                HttpStatus.UNAUTHORIZED,
                "Authentication required",
                "This action needs a staff account: send its user name and password (HTTP Basic).");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(
                response,
                HttpStatus.FORBIDDEN,
                "Forbidden",
                "Your account's role does not allow this action (or its one-time password must be changed first).");
    }

    /** A change a page of another site asked a browser to make (CrossSiteWriteFilter): 403, code {@code cross_site}. */
    void crossSite(HttpServletResponse response, String why) throws IOException {
        write(
                response,
                HttpStatus.FORBIDDEN,
                "Cross-site request refused",
                "Refused: " + why + ". AdalMap takes changes from a browser only from its own pages; other"
                        + " programs send no Origin or Sec-Fetch-Site header.",
                "cross_site");
    }

    private void write(HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        write(response, status, title, detail, null);
    }

    private void write(HttpServletResponse response, HttpStatus status, String title, String detail, String code)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (code != null) {
            problem.setProperty("code", code);
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }
}
