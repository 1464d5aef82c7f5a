package kz.adalmap.api.ogc;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.QueryParameters;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;

/**
 * The query of {@code /ogc/collections/{id}/items} (and of one item, which takes only {@code crs} and
 * {@code f}), read with clear 400s: unknown parameters are rejected, never ignored.
 *
 * @param boxes the bounding box in EPSG:4326 longitude/latitude order (or in the metres of
 *     {@code bboxCrs} when it is projected): empty without {@code bbox}, two boxes when it crosses the
 *     antimeridian
 * @param after the keyset cursor: the key of the last feature of the previous page, 0 for the first page
 * @param from {@code datetime}'s start, empty when open
 * @param to {@code datetime}'s end (inclusive), empty when open
 * @param filters the values a property must have, one of them (equality)
 * @param mediaType {@code application/geo+json}, or {@code application/json} when the client asked for it
 */
record ItemsQuery(
        List<Box> boxes,
        OgcCrs bboxCrs,
        OgcCrs crs,
        int limit,
        long after,
        boolean hasDatetime,
        Optional<OffsetDateTime> from,
        Optional<OffsetDateTime> to,
        Map<OgcCollection.Property, List<String>> filters,
        MediaType mediaType) {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 10_000;

    static final MediaType GEO_JSON = MediaType.parseMediaType("application/geo+json");

    static final List<String> PARAMETERS = List.of("bbox", "bbox-crs", "crs", "limit", "cursor", "datetime", "f");

    /** A box {@code minX,minY,maxX,maxY}; x is longitude or easting. */
    record Box(double minX, double minY, double maxX, double maxY) {}

    /** The parameters {@code items} of {@code collection} takes: the standard ones and its property filters. */
    static List<String> parameters(OgcCollection collection) {
        List<String> names = new ArrayList<>(PARAMETERS);
        collection.filters().forEach(p -> names.add(p.name()));
        return names;
    }

    static ItemsQuery parse(OgcCollection collection, MultiValueMap<String, String> raw, String accept) {
        QueryParameters q = QueryParameters.of(raw, parameters(collection));
        OgcCrs crs = q.get("crs").map(t -> OgcCrs.parse("crs", t)).orElse(OgcCrs.CRS84);
        OgcCrs bboxCrs = q.get("bbox-crs").map(t -> OgcCrs.parse("bbox-crs", t)).orElse(OgcCrs.CRS84);
        Optional<String> bboxText = q.get("bbox");
        if (bboxText.isEmpty() && q.get("bbox-crs").isPresent()) {
            throw InvalidParameterException.of("bbox-crs", "given without bbox; it says in which CRS bbox is");
        }
        List<Box> boxes = bboxText.map(t -> parseBbox(t, bboxCrs)).orElse(List.of());
        int limit = q.intInRange("limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        long after = q.get("cursor").map(ItemsQuery::decodeCursor).orElse(0L);

        Optional<OffsetDateTime> from = Optional.empty();
        Optional<OffsetDateTime> to = Optional.empty();
        Optional<String> datetime = q.get("datetime");
        if (datetime.isPresent()) {
            if (collection.temporal().isEmpty()) {
                throw InvalidParameterException.of(
                        "datetime", "collection '" + collection.id() + "' has no time to filter on");
            }
            OffsetDateTime[] interval = parseDatetime(datetime.get());
            from = Optional.ofNullable(interval[0]);
            to = Optional.ofNullable(interval[1]);
        }

        Map<OgcCollection.Property, List<String>> filters = new LinkedHashMap<>();
        for (OgcCollection.Property p : collection.filters()) {
            q.get(p.name())
                    .ifPresent(text -> filters.put(
                            p,
                            Arrays.stream(text.split(","))
                                    .map(String::strip)
                                    .filter(s -> !s.isEmpty())
                                    .toList()));
        }
        return new ItemsQuery(
                boxes,
                bboxCrs,
                crs,
                limit,
                after,
                datetime.isPresent(),
                from,
                to,
                Map.copyOf(filters),
                negotiate(q.get("f"), accept));
    }

    /** The query of one item: only {@code crs} and {@code f}. */
    static ItemsQuery forFeature(MultiValueMap<String, String> raw, String accept) {
        QueryParameters q = QueryParameters.of(raw, List.of("crs", "f"));
        OgcCrs crs = q.get("crs").map(t -> OgcCrs.parse("crs", t)).orElse(OgcCrs.CRS84);
        return new ItemsQuery(
                List.of(),
                OgcCrs.CRS84,
                crs,
                1,
                0,
                false,
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                negotiate(q.get("f"), accept));
    }

    /**
     * {@code f=geojson} or {@code f=json}; without {@code f}, GeoJSON unless the Accept header prefers
     * plain JSON. A client that accepts neither still gets GeoJSON rather than a 406.
     */
    static MediaType negotiate(Optional<String> f, String accept) {
        if (f.isPresent()) {
            return switch (f.get()) {
                case "geojson" -> GEO_JSON;
                case "json" -> MediaType.APPLICATION_JSON;
                default ->
                    throw InvalidParameterException.of(
                            "f",
                            "unsupported format '" + QueryParameters.abbreviate(f.get()) + "'; use geojson or json");
            };
        }
        if (accept == null || accept.isBlank()) {
            return GEO_JSON;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            return GEO_JSON;
        }
        double geo = quality(accepted, GEO_JSON);
        double json = quality(accepted, MediaType.APPLICATION_JSON);
        return json > geo ? MediaType.APPLICATION_JSON : GEO_JSON;
    }

    private static double quality(List<MediaType> accepted, MediaType candidate) {
        return accepted.stream()
                .filter(a -> a.includes(candidate))
                .mapToDouble(MediaType::getQualityValue)
                .max()
                .orElse(0);
    }

    /**
     * Parses {@code bbox} in the axis order of {@code crs}. In a geographic CRS a box whose west edge is
     * east of its east edge crosses the antimeridian and is split into two.
     */
    static List<Box> parseBbox(String text, OgcCrs crs) {
        String[] names = crs.latLon()
                ? new String[] {"minLat", "minLon", "maxLat", "maxLon"}
                : crs.geographic()
                        ? new String[] {"minLon", "minLat", "maxLon", "maxLat"}
                        : new String[] {"minX", "minY", "maxX", "maxY"};
        String[] parts = text.split(",", -1);
        if (parts.length == 6) {
            throw InvalidParameterException.of("bbox", "only two-dimensional boxes (four numbers) are supported");
        }
        if (parts.length != 4) {
            throw InvalidParameterException.of(
                    "bbox",
                    "expected four numbers " + String.join(",", names) + " (in " + crs.shortName() + "), got '"
                            + QueryParameters.abbreviate(text) + "'");
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                v[i] = Double.NaN;
            }
            if (!Double.isFinite(v[i])) {
                throw InvalidParameterException.of(
                        "bbox", names[i] + " is not a number: '" + QueryParameters.abbreviate(parts[i].strip()) + "'");
            }
        }
        if (!crs.geographic()) {
            for (int axis = 0; axis < 2; axis++) {
                if (v[axis] > v[axis + 2]) {
                    throw InvalidParameterException.of(
                            "bbox",
                            names[axis] + " " + v[axis] + " is greater than " + names[axis + 2] + " " + v[axis + 2]);
                }
            }
            return List.of(new Box(v[0], v[1], v[2], v[3]));
        }
        int lon = crs.latLon() ? 1 : 0;
        int lat = 1 - lon;
        for (int i = 0; i < 4; i++) {
            double limit = i % 2 == lon ? 180 : 90;
            if (Math.abs(v[i]) > limit) {
                throw InvalidParameterException.of(
                        "bbox",
                        names[i] + " " + parts[i].strip() + " is outside -" + (int) limit + ".." + (int) limit
                                + " (degrees, " + crs.shortName() + ")");
            }
        }
        double minLon = v[lon], minLat = v[lat], maxLon = v[lon + 2], maxLat = v[lat + 2];
        if (minLat > maxLat) {
            throw InvalidParameterException.of(
                    "bbox", "minLat " + parts[lat].strip() + " is greater than maxLat " + parts[lat + 2].strip());
        }
        if (minLon > maxLon) {
            // OGC API – Features: the box crosses the antimeridian
            return List.of(new Box(minLon, minLat, 180, maxLat), new Box(-180, minLat, maxLon, maxLat));
        }
        return List.of(new Box(minLon, minLat, maxLon, maxLat));
    }

    /**
     * An RFC 3339 instant or an interval {@code start/end} with {@code ..} or nothing for an open end;
     * returns {start, end}, null for an open end.
     */
    static OffsetDateTime[] parseDatetime(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length > 2) {
            throw InvalidParameterException.of(
                    "datetime",
                    "expected an instant or an interval start/end, got '" + QueryParameters.abbreviate(text) + "'");
        }
        if (parts.length == 1) {
            OffsetDateTime t = instant(parts[0]);
            if (t == null) {
                throw InvalidParameterException.of("datetime", "'..' is only allowed as an end of an interval");
            }
            return new OffsetDateTime[] {t, t};
        }
        OffsetDateTime start = instant(parts[0]);
        OffsetDateTime end = instant(parts[1]);
        if (start != null && end != null && start.isAfter(end)) {
            throw InvalidParameterException.of("datetime", "the start " + parts[0] + " is after the end " + parts[1]);
        }
        return new OffsetDateTime[] {start, end};
    }

    private static OffsetDateTime instant(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.equals("..")) {
            return null;
        }
        try {
            return OffsetDateTime.parse(t.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw InvalidParameterException.of(
                    "datetime",
                    "'" + QueryParameters.abbreviate(t)
                            + "' is not an RFC 3339 date-time such as 2026-03-01T00:00:00Z");
        }
    }

    /** The opaque cursor of the page after the one that ended with key {@code lastKey}. */
    static String encodeCursor(long lastKey) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("k" + lastKey).getBytes(StandardCharsets.US_ASCII));
    }

    static long decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (text.startsWith("k")) {
                long key = Long.parseLong(text.substring(1));
                if (key >= 0) {
                    return key;
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below; NumberFormatException is an IllegalArgumentException
        }
        throw InvalidParameterException.of(
                "cursor",
                "'" + QueryParameters.abbreviate(cursor) + "' is not a cursor of this service; follow the next link");
    }
}
