package kz.adalmap.api.appeal;

import kz.adalmap.api.common.keys.KeyedHash;
import kz.adalmap.api.common.keys.ServiceKeys;
import org.springframework.stereotype.Component;

/**
 * Tells "me too" supporters apart without keeping what identifies them: a person is the keyed hash of
 * their client address under the key {@code adalmap.appeals.supporter-secret}, or the one kept by
 * {@link ServiceKeys} when none is configured.
 */
@Component
class SupporterHash {

    private final KeyedHash hash;

    SupporterHash(AppealSettings settings, ServiceKeys keys) {
        this.hash = keys.hash("appeal_supporter", settings.supporterSecret());
    }

    /** 64 hexadecimal digits that stand for the person at {@code clientAddress}. */
    String of(String clientAddress) {
        return hash.of(clientAddress);
    }
}
