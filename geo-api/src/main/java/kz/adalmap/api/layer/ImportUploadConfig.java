package kz.adalmap.api.layer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import kz.adalmap.api.security.StaffUser;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.multipart.support.StandardMultipartHttpServletRequest;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * An upload into a layer is refused before its file is received when the layer code is none a layer can
 * have, or the editor may not change the layer: its form is read only when the upload's method asks for
 * it (lazily), and the layer and the editor's rights, which the request's path and credentials tell, are
 * checked before. A clerk on a slow line sending a large export into another region's layer is told at
 * once, and the server does not spool the file to disk for nothing. Other multipart requests are read
 * as they come, before their method is chosen.
 */
@Configuration(proxyBeanMethods = false)
class ImportUploadConfig implements WebMvcConfigurer {

    /** The upload's path; the layer code is its third part. */
    private static final String UPLOAD = "/api/v1/layers/*/imports";

    private static final java.util.regex.Pattern UPLOAD_PATH =
            java.util.regex.Pattern.compile("/api/v1/layers/[^/]+/imports/?");

    @Bean(name = DispatcherServlet.MULTIPART_RESOLVER_BEAN_NAME)
    MultipartResolver multipartResolver() {
        return new StandardServletMultipartResolver() {
            @Override
            public MultipartHttpServletRequest resolveMultipart(HttpServletRequest request) {
                String path = request.getRequestURI()
                        .substring(request.getContextPath().length());
                return new StandardMultipartHttpServletRequest(
                        request, UPLOAD_PATH.matcher(path).matches());
            }
        };
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
                    @Override
                    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                        if (handler instanceof HandlerMethod method
                                && method.getBean() instanceof LayerImportController controller
                                && method.getMethod().getName().equals("upload")) {
                            @SuppressWarnings("unchecked")
                            Map<String, String> path = (Map<String, String>)
                                    request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
                            Authentication who =
                                    SecurityContextHolder.getContext().getAuthentication();
                            if (path != null
                                    && path.get("code") != null
                                    && who != null
                                    && who.getPrincipal() instanceof StaffUser user) {
                                // refused here, the request is answered as the method's own refusals are
                                controller.checkBeforeTheFile(path.get("code"), user);
                            }
                            // then the form is read, as it is for other requests: a file over the limit, a
                            // name too long for a part's header are said as they are there (the server's
                            // own parameters would say them as its failure)
                            if (request instanceof MultipartHttpServletRequest form) {
                                form.getMultiFileMap();
                            }
                        }
                        return true;
                    }
                })
                .addPathPatterns(UPLOAD);
    }
}
