package kz.adalmap.api.common.keys;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The keys of the service's keyed hashes. A key set in the configuration is used as it is; without one,
 * the first instance draws a random key and keeps it in {@code service_key} under its name, so that every
 * instance and every restart hash the same value the same way (a restart must not let a person support
 * an appeal or vote again).
 */
@Component
public class ServiceKeys {

    private final JdbcClient jdbc;
    private final SecureRandom random = new SecureRandom();

    ServiceKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The keyed hash named {@code name}, under {@code configured} when it is not blank. */
    public KeyedHash hash(String name, String configured) {
        if (configured != null && !configured.isBlank()) {
            return new KeyedHash(configured.getBytes(StandardCharsets.UTF_8));
        }
        byte[] drawn = new byte[32];
        random.nextBytes(drawn);
        // the first instance to get here stores its key; every other one reads it
        jdbc.sql("INSERT INTO service_key (name, key_bytes) VALUES (:name, :key) ON CONFLICT (name) DO NOTHING")
                .param("name", name)
                .param("key", drawn)
                .update();
        return new KeyedHash(jdbc.sql("SELECT key_bytes FROM service_key WHERE name = :name")
                .param("name", name)
                .query(byte[].class)
                .single());
    }
}
