package kz.adalmap.api.appeal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The public statistics of appeals ({@code adalmap.appeals.*}).
 *
 * @param rankingMinAppeals the fewest appeals an agency must have in the period to be ranked: a share of
 *     two or three appeals says more about chance than about the agency
 */
@ConfigurationProperties("adalmap.appeals")
record AppealStatsSettings(@DefaultValue("20") int rankingMinAppeals) {

    AppealStatsSettings {
        if (rankingMinAppeals < 1) {
            throw new IllegalArgumentException("adalmap.appeals.ranking-min-appeals must be at least 1");
        }
    }
}
