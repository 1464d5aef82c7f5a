package kz.adalmap.api.budget;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Stands for a voter's phone number or e-mail address, and for a confirmation code, by its HMAC-SHA256
 * under a server key ({@code adalmap.budget.voter-secret}): one person is told from another without the
 * address being kept, and without the key the hashes cannot be turned back by trying every phone number.
 * When no key is configured, the first instance draws one and keeps it in {@code service_key}, so that a
 * restart does not let anyone vote again.
 */
@Component
class VoterHash {

    private static final String KEY_NAME = "budget_voter";

    private final SecretKeySpec key;

    VoterHash(BudgetSettings settings, JdbcClient jdbc) {
        byte[] secret;
        if (settings.voterSecret().isBlank()) {
            byte[] drawn = new byte[32];
            new SecureRandom().nextBytes(drawn);
            jdbc.sql("INSERT INTO service_key (name, key_bytes) VALUES (:name, :key) ON CONFLICT (name) DO NOTHING")
                    .param("name", KEY_NAME)
                    .param("key", drawn)
                    .update();
            secret = jdbc.sql("SELECT key_bytes FROM service_key WHERE name = :name")
                    .param("name", KEY_NAME)
                    .query(byte[].class)
                    .single();
        } else {
            secret = settings.voterSecret().getBytes(StandardCharsets.UTF_8);
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** 64 hexadecimal digits for {@code text}. */
    String of(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
