package kz.adalmap.api.security;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import kz.adalmap.api.audit.AuditLog;
import kz.adalmap.api.config.AdalMapProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * At start, when no administrator exists, creates one: with {@code ADALMAP_ADMIN_PASSWORD} when it is
 * set, otherwise with a generated one-time password printed once, which must be changed before the
 * account can do anything else.
 */
@Component
class FirstAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final StaffUserQueries users;
    private final PasswordEncoder encoder;
    private final AdalMapProperties.Security settings;
    private final AuditLog audit;

    FirstAdmin(StaffUserQueries users, PasswordEncoder encoder, AdalMapProperties properties, AuditLog audit) {
        this.users = users;
        this.encoder = encoder;
        this.settings = properties.security();
        this.audit = audit;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (users.anyAdmin()) {
            return;
        }
        boolean generated = settings.adminPassword().isBlank();
        String password = generated ? oneTimePassword() : settings.adminPassword();
        users.create(
                settings.adminUsername(),
                "Administrator",
                encoder.encode(password),
                generated,
                null,
                Set.of("admin"),
                Set.of());
        audit.record(
                "system",
                "user.create",
                "app_user",
                settings.adminUsername(),
                Map.of("roles", "admin", "one_time_password", generated));
        if (generated) {
            // printed once, on the console of the first start; change it with POST /api/v1/me/password
            System.out.println("AdalMap: created administrator '" + settings.adminUsername()
                    + "' with one-time password " + password + " (change it: POST /api/v1/me/password)");
        } else {
            log.info(
                    "created administrator '{}' with the password from ADALMAP_ADMIN_PASSWORD",
                    settings.adminUsername());
        }
    }

    private static String oneTimePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
