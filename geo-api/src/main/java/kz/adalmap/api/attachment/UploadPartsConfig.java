package kz.adalmap.api.attachment;

import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Receives the parts of multipart requests into the attachment store's folder of unfinished uploads
 * when {@code adalmap.attachments.dir} is set and {@code spring.servlet.multipart.location} is not:
 * the server deletes them at the end of each request, and {@link AttachmentSweep} those a killed
 * process left (by default they would stay for ever in a new temporary folder per start).
 */
@Configuration(proxyBeanMethods = false)
class UploadPartsConfig {

    @Bean
    MultipartConfigElement multipartConfigElement(MultipartProperties multipart, AttachmentSettings settings)
            throws IOException {
        MultipartConfigElement configured = multipart.createMultipartConfig();
        if (settings.dir().isBlank() || multipart.getLocation() != null) {
            return configured;
        }
        Path parts = Files.createDirectories(settings.directory().resolve("tmp"));
        return new MultipartConfigElement(
                parts.toString(),
                configured.getMaxFileSize(),
                configured.getMaxRequestSize(),
                configured.getFileSizeThreshold());
    }
}
