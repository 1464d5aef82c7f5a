package kz.adalmap.api.attachment;

import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.nio.file.Files;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Receives the parts of multipart requests into the attachment store's folder of unfinished uploads
 * when {@code adalmap.attachments.dir} is set and {@code spring.servlet.multipart.location} is not:
 * the server deletes them at the end of each request, and {@link AttachmentSweep} those a killed
 * process left (by default they would stay for ever in a new temporary folder per start).
 *
 * <p>A request may be {@link #FORM_ROOM} larger than the largest file ({@code
 * spring.servlet.multipart.max-file-size}, {@code ADALMAP_MAX_UPLOAD}): it also carries the
 * form's other fields and the parts' headers, and with the two limits equal a file a few hundred
 * bytes under the limit was refused as larger than it.
 */
@Configuration(proxyBeanMethods = false)
class UploadPartsConfig {

    /** Room in a request for the form's other fields and the multipart framing. */
    static final long FORM_ROOM = 1024 * 1024;

    @Bean
    MultipartConfigElement multipartConfigElement(MultipartProperties multipart, AttachmentSettings settings)
            throws IOException {
        MultipartConfigElement configured = multipart.createMultipartConfig();
        long request = configured.getMaxFileSize() < 0 ? -1 : configured.getMaxFileSize() + FORM_ROOM;
        String location = configured.getLocation();
        if (!settings.dir().isBlank() && multipart.getLocation() == null) {
            location =
                    Files.createDirectories(settings.directory().resolve("tmp")).toString();
        }
        return new MultipartConfigElement(
                location, configured.getMaxFileSize(), request, configured.getFileSizeThreshold());
    }
}
