package kz.adalmap.api.budget;

import kz.adalmap.api.common.keys.KeyedHash;
import kz.adalmap.api.common.keys.ServiceKeys;
import org.springframework.stereotype.Component;

/**
 * Stands for a voter's phone number or e-mail address, and for a confirmation code, by its keyed hash
 * under the key {@code adalmap.budget.voter-secret}, or the one kept by {@link ServiceKeys} when none is
 * configured: one person is told from another without the address being kept, and a restart does not let
 * anyone vote again.
 */
@Component
class VoterHash {

    private final KeyedHash hash;

    VoterHash(BudgetSettings settings, ServiceKeys keys) {
        this.hash = keys.hash("budget_voter", settings.voterSecret());
    }

    /** 64 hexadecimal digits for {@code text}. */
    String of(String text) {
        return hash.of(text);
    }
}
