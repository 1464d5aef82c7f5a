package kz.adalmap.api.appeal;

import java.util.List;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.QueryParameters;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Checks that the codes of a {@link PublicAppealFilter} name existing categories, an existing agency
 * and an existing region: a misspelt code is a 400, not an empty answer that looks like "no appeals".
 */
@Component
public class PublicAppealFilterCodes {

    private final JdbcClient jdbc;

    PublicAppealFilterCodes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws InvalidParameterException naming the first parameter whose code is unknown */
    public void check(PublicAppealFilter filter) {
        if (!filter.categories().isEmpty()) {
            List<String> known = jdbc.sql("SELECT code FROM appeal_category ORDER BY position")
                    .query(String.class)
                    .list();
            for (String code : filter.categories()) {
                if (!known.contains(code)) {
                    throw InvalidParameterException.of(
                            "category",
                            "unknown appeal category '" + QueryParameters.abbreviate(code) + "'; use "
                                    + String.join(", ", known) + " (comma-separated)");
                }
            }
        }
        filter.agency().ifPresent(code -> {
            if (!exists("SELECT EXISTS (SELECT 1 FROM agency WHERE code = :code)", code)) {
                throw InvalidParameterException.of(
                        "agency", "no agency has the code '" + code + "'; see /api/v1/agencies");
            }
        });
        filter.region().ifPresent(kato -> {
            if (!exists("SELECT EXISTS (SELECT 1 FROM region WHERE kato_code = :code)", kato)) {
                throw InvalidParameterException.of("region", "no region has the KATO code " + kato);
            }
        });
    }

    private boolean exists(String sql, String code) {
        return jdbc.sql(sql).param("code", code).query(Boolean.class).single();
    }
}
