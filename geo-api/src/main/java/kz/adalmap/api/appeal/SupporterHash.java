package kz.adalmap.api.appeal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells "me too" supporters apart without keeping what identifies them: a person is the HMAC-SHA256 of
 * their client address under a server key ({@code adalmap.appeals.supporter-secret}). Without the key
 * the hashes cannot be turned back into addresses by trying all of them. When no key is configured, a
 * random one is drawn at start: then a restart lets a person support an appeal once more.
 */
@Component
class SupporterHash {

    private static final Logger log = LoggerFactory.getLogger(SupporterHash.class);

    private final SecretKeySpec key;

    SupporterHash(AppealSettings settings) {
        byte[] secret;
        if (settings.supporterSecret().isBlank()) {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            log.info("appeals: no adalmap.appeals.supporter-secret set; \"me too\" supporters are told apart with a"
                    + " key drawn at this start");
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
