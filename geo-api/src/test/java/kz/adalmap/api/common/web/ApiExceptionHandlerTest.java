package kz.adalmap.api.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MultipartException;

/** The answers to failures no request is at fault for. */
class ApiExceptionHandlerTest {

    private final ApiExceptionHandler handler =
            // these answers keep nothing in the audit log
            new ApiExceptionHandler(DataSize.ofMegabytes(512), DataSize.ofKilobytes(8), null);

    @Test
    void aFullDiskIsSaidToBeTheServersWantOfRoomNotTheFilesFault() {
        // the import folder full while an upload is saved, and Tomcat's folder of parts full while it is read
        for (Exception full : new Exception[] {
            new IOException("No space left on device"),
            new java.io.UncheckedIOException(new IOException("No space left on device")),
        }) {
            ProblemDetail problem = handler.unexpected(full);
            assertThat(problem.getStatus()).isEqualTo(HttpStatus.INSUFFICIENT_STORAGE.value());
            assertThat(problem.getProperties()).containsEntry("code", "no_room");
        }
        ProblemDetail parts = handler.unreadableUpload(new MultipartException(
                "Failed to parse multipart servlet request", new IOException("No space left on device")));
        assertThat(parts.getStatus()).isEqualTo(507);
        assertThat(parts.getDetail()).contains("no room left", "the file is not at fault");
        // a body cut off by the client is still its own fault
        assertThat(handler.unreadableUpload(new MultipartException("cut", new java.io.EOFException()))
                        .getStatus())
                .isEqualTo(400);
    }
}
