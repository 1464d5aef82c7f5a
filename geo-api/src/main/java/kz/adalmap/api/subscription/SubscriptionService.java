package kz.adalmap.api.subscription;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.outbox.Outbox;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes a subscription and queues its confirmation e-mail in one transaction (double opt-in: the
 * subscription receives notices only once the link in that e-mail has been followed).
 */
@Service
class SubscriptionService {

    // Kazakhstan's extent with a margin, as the importers check plots (CoordinateGuess)
    private static final double MIN_LON = 46;
    private static final double MAX_LON = 88;
    private static final double MIN_LAT = 40;
    private static final double MAX_LAT = 56;
    private static final int MAX_POINTS = 10_000;

    private final SecureRandom random = new SecureRandom();
    private final SubscriptionQueries queries;
    private final SubscriptionRateLimiter limiter;
    private final SubscriptionSettings settings;
    private final Outbox outbox;

    SubscriptionService(
            SubscriptionQueries queries,
            SubscriptionRateLimiter limiter,
            SubscriptionSettings settings,
            Outbox outbox) {
        this.queries = queries;
        this.limiter = limiter;
        this.settings = settings;
        this.outbox = outbox;
    }

    /** Checks the area, counts the client's subscription, saves it and queues the confirmation e-mail. */
    @Transactional
    void subscribe(NewSubscription subscription, String client) {
        checkArea(subscription.areaGeoJson());
        limiter.acquire(client);
        String token = newToken();
        queries.insert(subscription, token);
        SubscriptionTexts.Text mail = SubscriptionTexts.confirmationEmail(subscription.language(), token);
        outbox.queueEmail(subscription.email(), mail.title(), mail.body());
    }

    @Transactional
    SubscriptionQueries.LinkOutcome confirm(String token) {
        return queries.confirm(token).orElseThrow(SubscriptionNotFoundException::forToken);
    }

    @Transactional
    SubscriptionQueries.LinkOutcome unsubscribe(String token) {
        return queries.unsubscribe(token).orElseThrow(SubscriptionNotFoundException::forToken);
    }

    private void checkArea(String geojson) {
        SubscriptionQueries.AreaCheck a;
        try {
            a = queries.checkArea(geojson);
        } catch (DataAccessException e) {
            throw InvalidParameterException.of(
                    "area",
                    "PostGIS could not read the geometry; a Polygon's coordinates are a list of rings, each a"
                            + " list of [longitude, latitude] positions whose last repeats the first");
        }
        if (a.empty()) {
            throw InvalidParameterException.of("area", "the geometry is empty");
        }
        if (a.points() > MAX_POINTS) {
            throw InvalidParameterException.of(
                    "area", "has " + a.points() + " vertices; at most " + MAX_POINTS + " are accepted: simplify it");
        }
        if (a.minLon() < MIN_LON || a.maxLon() > MAX_LON || a.minLat() < MIN_LAT || a.maxLat() > MAX_LAT) {
            throw InvalidParameterException.of(
                    "area",
                    String.format(
                            Locale.ROOT,
                            "must lie in Kazakhstan (longitude %.0f to %.0f, latitude %.0f to %.0f, in that order);"
                                    + " it spans longitude %.4f to %.4f, latitude %.4f to %.4f",
                            MIN_LON,
                            MAX_LON,
                            MIN_LAT,
                            MAX_LAT,
                            a.minLon(),
                            a.maxLon(),
                            a.minLat(),
                            a.maxLat()));
        }
        if (!a.valid()) {
            throw InvalidParameterException.of("area", "is not a valid polygon: " + a.reason());
        }
        if (a.km2() == null || a.km2() <= 0) {
            throw InvalidParameterException.of("area", "has no area: draw a polygon, not a line or a point");
        }
        if (a.km2() > settings.maxAreaKm2()) {
            throw InvalidParameterException.of(
                    "area",
                    String.format(
                            Locale.ROOT,
                            "covers %,.0f km²; a subscription may cover at most %,.0f km² (a city or a district):"
                                    + " draw a smaller area",
                            a.km2(),
                            settings.maxAreaKm2()));
        }
    }

    /** 256 random bits, URL-safe: the only key to confirm or end a subscription. */
    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
