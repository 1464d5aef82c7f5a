package kz.adalmap.api.appeal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells "me too" supporters apart without keeping what identifies them: a person is the HMAC-SHA256 of
 * their client address under a server key ({@code adalmap.appeals.supporter-secret}). Without the key
 * the hashes cannot be turned back into addresses by trying all of them. When no key is configured, the
 * first instance draws a random one and keeps it in {@code service_key}, so that every instance and every
 * restart tell the same person apart the same way.
 */
@Component
class SupporterHash {

    private static final Logger log = LoggerFactory.getLogger(SupporterHash.class);

    private static final String KEY_NAME = "appeal_supporter";

    private final SecretKeySpec key;

    SupporterHash(AppealSettings settings, JdbcClient jdbc) {
        byte[] secret;
        if (settings.supporterSecret().isBlank()) {
            byte[] drawn = new byte[32];
            new SecureRandom().nextBytes(drawn);
            // the first instance to get here stores its key; every other one reads it
            jdbc.sql("INSERT INTO service_key (name, key_bytes) VALUES (:name, :key) ON CONFLICT (name) DO NOTHING")
                    .param("name", KEY_NAME)
                    .param("key", drawn)
                    .update();
            secret = jdbc.sql("SELECT key_bytes FROM service_key WHERE name = :name")
                    .param("name", KEY_NAME)
                    .query(byte[].class)
                    .single();
            log.info("appeals: no adalmap.appeals.supporter-secret set; \"me too\" supporters are told apart with"
                    + " the key kept in the database");
        } else {
            secret = settings.supporterSecret().getBytes(StandardCharsets.UTF_8);
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** 64 hexadecimal digits that stand for the person at {@code clientAddress}. */
    String of(String clientAddress) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(clientAddress.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
