package kz.adalmap.api.ogc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import kz.adalmap.api.customlayer.CustomAttribute;
import kz.adalmap.api.customlayer.CustomLayer;

/**
 * The collections of the OGC API (the built-in ones and one per public custom layer) and the SQL each is read with: the allow-list of every identifier and
 * fragment that goes into a query (values are always bound). All geometries are stored in EPSG:4326.
 *
 * <p>The appeal collection reads the view {@code public_appeal}, where the privacy rule of every public
 * appeal query lives: only appeals of a public category, the masked text and not even that when the
 * citizen asked to keep it private, never {@code appeal_contact}.
 */
final class OgcCollection {
    static final OgcCollection PLOTS = new OgcCollection(
            "plots",
            "Land plots",
            "Land plots that akimats offer or have given out, with their cadastral facts and current status."
                    + " Only the current revision of each plot layer.",
            List.of("MultiPolygon"),
            "land_plot p LEFT JOIN region r ON r.id = p.region_id LEFT JOIN district d ON d.id = p.district_id",
            // plots a later revision dropped keep their history but are no longer on the map
            "p.retired_revision_id IS NULL",
            "p.id",
            "p.id",
            true,
            "p.geom",
            "p.geom",
            7,
            "p.updated_at",
            List.of(
                    Property.filter(
                            "cadastral_number",
                            "p.cadastral_number",
                            "string",
                            "RR-DDD-QQQ-NNN; null while unregistered"),
                    Property.filter(
                            "status",
                            "p.status",
                            "string",
                            "free, auction_scheduled, in_application, allocated or withdrawn"),
                    Property.filter("land_category", "p.land_category", "string", "one of the seven land categories"),
                    Property.of(
                            "area_declared_ha", "p.area_declared_ha", "number", "as in the title documents, hectares"),
                    Property.of(
                            "area_ha",
                            "round((ST_Area(p.geom::geography) / 10000)::numeric, 4)",
                            "number",
                            "computed on the spheroid, hectares"),
                    Property.of("intended_purpose_kk", "p.intended_purpose_kk", "string", "intended purpose, Kazakh"),
                    Property.of("intended_purpose_ru", "p.intended_purpose_ru", "string", "intended purpose, Russian"),
                    Property.of("permitted_use", "p.permitted_use", "string", "permitted use"),
                    Property.of("right_type", "p.right_type", "string", "kind of right to the land"),
                    Property.of("divisible", "p.divisible", "boolean", "whether the plot may be divided"),
                    Property.of("address", "p.address", "string", "address"),
                    Property.filter("region_kato", "r.kato_code", "string", "KATO code of the region"),
                    Property.of("region_name_kk", "r.name_kk", "string", "region, Kazakh"),
                    Property.of("region_name_ru", "r.name_ru", "string", "region, Russian"),
                    Property.of("region_name_en", "r.name_en", "string", "region, English"),
                    Property.filter("district_kato", "d.kato_code", "string", "KATO code of the district"),
                    Property.of("district_name_kk", "d.name_kk", "string", "district, Kazakh"),
                    Property.of("district_name_ru", "d.name_ru", "string", "district, Russian"),
                    Property.of("district_name_en", "d.name_en", "string", "district, English"),
                    Property.of("auction_date", "p.auction_date", "date", "date of the auction"),
                    Property.of("starting_price_kzt", "p.starting_price_kzt", "number", "starting price, tenge"),
                    Property.of("layer_revision_id", "p.layer_revision_id", "integer", "layer revision published it"),
                    Property.of("updated_at", "p.updated_at", "date-time", "last change")));
    static final OgcCollection NETWORKS = new OgcCollection(
            "networks",
            "Engineering networks",
            "Power, gas, water, sewerage, heating and telecom lines and points near the plots, with their"
                    + " capacity and what is still free to connect.",
            List.of("LineString", "MultiLineString", "Point", "MultiPoint"),
            "network n JOIN network_kind k ON k.code = n.kind LEFT JOIN region r ON r.id = n.region_id",
            "true",
            "n.id",
            "n.id",
            true,
            "n.geom",
            "n.geom",
            7,
            "n.created_at",
            List.of(
                    Property.filter("kind", "n.kind", "string", "power, gas, water, sewerage, heating or telecom"),
                    Property.of("kind_name_kk", "k.name_kk", "string", "kind, Kazakh"),
                    Property.of("kind_name_ru", "k.name_ru", "string", "kind, Russian"),
                    Property.of("kind_name_en", "k.name_en", "string", "kind, English"),
                    Property.of("capacity_unit", "k.capacity_unit", "string", "unit of capacity and free_capacity"),
                    Property.of("name", "n.name", "string", "name"),
                    Property.of("operator_name", "n.operator_name", "string", "the utility operating it"),
                    Property.of("capacity", "n.capacity", "number", "design capacity, in capacity_unit"),
                    Property.of("free_capacity", "n.free_capacity", "number", "capacity free to connect"),
                    Property.of("voltage_kv", "n.voltage_kv", "number", "voltage, kV"),
                    Property.filter("pressure_class", "n.pressure_class", "string", "low, medium or high"),
                    Property.of("diameter_mm", "n.diameter_mm", "integer", "pipe diameter, mm"),
                    Property.filter("region_kato", "r.kato_code", "string", "KATO code of the region"),
                    Property.of("layer_revision_id", "n.layer_revision_id", "integer", "layer revision published it"),
                    Property.of("created_at", "n.created_at", "date-time", "when it was published")));
    static final OgcCollection APPEALS = new OgcCollection(
            "appeals",
            "Citizens' appeals",
            "Appeals on the public control map: category, status, the answer and whether it is overdue."
                    + " Personal data is masked and the reporter is never shown; corruption signals are not public.",
            List.of("Point"),
            "public_appeal a LEFT JOIN agency ag ON ag.id = a.agency_id LEFT JOIN region r ON r.id = a.region_id",
            "true",
            "a.id",
            "a.tracking_code",
            false,
            "a.geom",
            "a.geom",
            6,
            "a.created_at",
            List.of(
                    Property.of("tracking_code", "a.tracking_code", "string", "AM-XXXX-XXXX"),
                    Property.filter("category", "a.category", "string", "appeal category"),
                    Property.filter("status", "a.status", "string", "new … resolved, rejected or merged"),
                    Property.of("status_reason", "a.status_reason", "string", "why the appeal has its status, if said"),
                    Property.of(
                            "text",
                            "a.text",
                            "string",
                            "the text with personal data masked; null when the citizen keeps it private"),
                    Property.of("text_private", "a.text_private", "boolean", "the citizen keeps the text private"),
                    Property.filter("channel", "a.channel", "string", "web, call_centre, messenger or office"),
                    Property.filter("agency_code", "ag.code", "string", "answering agency, code"),
                    Property.of("agency_name_kk", "ag.name_kk", "string", "answering agency, Kazakh"),
                    Property.of("agency_name_ru", "ag.name_ru", "string", "answering agency, Russian"),
                    Property.of("agency_name_en", "ag.name_en", "string", "answering agency, English"),
                    Property.filter("region_kato", "r.kato_code", "string", "KATO code of the region"),
                    Property.of("created_at", "a.created_at", "date-time", "when it was submitted"),
                    Property.of("due_date", "a.due_date", "date", "the answer is due by"),
                    Property.of(
                            "overdue",
                            "a.overdue",
                            "boolean",
                            "answered after its due date, or unanswered past it (days in UTC+5)"),
                    Property.of("answer_text", "a.answer_text", "string", "the agency's answer"),
                    Property.of("answered_at", "a.answered_at", "date-time", "when it was answered"),
                    Property.of("rating", "a.rating", "integer", "the citizen's rating of the answer, 1 to 5"),
                    Property.of("support_count", "a.support_count", "integer", "how many others support it"),
                    Property.of(
                            "merged_into",
                            "a.merged_into",
                            "string",
                            "tracking code of the public appeal it was merged into")));
    static final OgcCollection REGIONS = new OgcCollection(
            "regions",
            "Regions",
            "Kazakhstan's regions with KATO codes and names in Kazakh, Russian and English;"
                    + " geometry simplified to about 1 km for small scales.",
            List.of("MultiPolygon"),
            "region r",
            "r.geom IS NOT NULL",
            "r.id",
            "r.kato_code",
            false,
            "r.geom",
            // about 1 km of simplification: enough for a country-wide view
            "ST_SimplifyPreserveTopology(r.geom, 0.01)",
            4,
            null,
            List.of(
                    Property.filter("kato_code", "r.kato_code", "string", "KATO code"),
                    Property.filter("iso_code", "r.iso_code", "string", "ISO 3166-2 code"),
                    Property.of("name_kk", "r.name_kk", "string", "name, Kazakh"),
                    Property.of("name_ru", "r.name_ru", "string", "name, Russian"),
                    Property.of("name_en", "r.name_en", "string", "name, English")));

    /**
     * One public property of a feature.
     *
     * @param sql the expression that reads it, over the collection's {@code from}
     * @param type {@code string}, {@code number}, {@code integer}, {@code boolean}, {@code date} or
     *     {@code date-time}
     * @param filterable whether {@code items} takes it as a query parameter (equality, comma-separated values)
     * @param filterSql the text expression a filter's values are compared with
     */
    record Property(String name, String sql, String type, String description, boolean filterable, String filterSql) {
        static Property of(String name, String sql, String type, String description) {
            return new Property(name, sql, type, description, false, sql);
        }

        static Property filter(String name, String sql, String type, String description) {
            return new Property(name, sql, type, description, true, sql);
        }
    }

    /** The built-in collections, in the order they are listed. */
    static final List<OgcCollection> BUILT_IN = List.of(PLOTS, NETWORKS, APPEALS, REGIONS);

    /** The parameters of {@code items} that a custom layer's attribute cannot take as a filter's name. */
    private static final List<String> RESERVED = List.of("bbox", "bbox-crs", "crs", "limit", "cursor", "datetime", "f");

    private final String id;
    private final String title;
    private final String description;
    private final List<String> geometryTypes;
    private final String from;
    private final String where;
    private final String key;
    private final String featureId;
    private final boolean numericFeatureId;
    private final String geomColumn;
    private final String geometry;
    private final int decimals;
    private final String temporal;
    private final List<Property> properties;

    private OgcCollection(
            String id,
            String title,
            String description,
            List<String> geometryTypes,
            String from,
            String where,
            String key,
            String featureId,
            boolean numericFeatureId,
            String geomColumn,
            String geometry,
            int decimals,
            String temporal,
            List<Property> properties) {
        this.id = id;
        this.title = title;
        this.description = description;
        this.geometryTypes = geometryTypes;
        this.from = from;
        this.where = where;
        this.key = key;
        this.featureId = featureId;
        this.numericFeatureId = numericFeatureId;
        this.geomColumn = geomColumn;
        this.geometry = geometry;
        this.decimals = decimals;
        this.temporal = temporal;
        this.properties = properties;
    }

    /**
     * The collection of a public custom layer: id its code, its published features, properties its
     * attributes (never {@code extra}); enum, text, boolean and integer attributes are filters.
     */
    static OgcCollection custom(CustomLayer layer) {
        List<Property> properties = new ArrayList<>();
        for (CustomAttribute a : layer.attributes()) {
            String type = switch (a.type()) {
                case "integer", "number", "boolean", "date" -> a.type();
                default -> "string";
            };
            String description = first(a.label().en(), a.label().ru(), a.label().kk(), a.name());
            if (a.type().equals("enum")) {
                description += "; one of "
                        + a.values().stream()
                                .map(CustomAttribute.EnumValue::value)
                                .collect(Collectors.joining(", "));
            }
            boolean filterable =
                    List.of("enum", "text", "boolean", "integer").contains(a.type()) && !RESERVED.contains(a.name());
            properties.add(new Property(a.name(), a.json("f"), type, description, filterable, a.text("f")));
        }
        return new OgcCollection(
                layer.code(),
                first(layer.title().en(), layer.title().ru(), layer.title().kk(), layer.code()),
                first(
                                layer.description().en(),
                                layer.description().ru(),
                                layer.description().kk(),
                                "")
                        .strip(),
                layer.geoJsonTypes(),
                "layer_feature f",
                // the id comes from the database, not from the request
                "f.layer_id = " + layer.id(),
                "f.id",
                "f.id",
                true,
                "f.geom",
                "f.geom",
                7,
                null,
                List.copyOf(properties));
    }

    private static String first(String... texts) {
        return Arrays.stream(texts)
                .filter(t -> t != null && !t.isBlank())
                .findFirst()
                .orElse("");
    }

    String id() {
        return id;
    }

    String title() {
        return title;
    }

    String description() {
        return description;
    }

    /** The GeoJSON geometry types its features have. */
    List<String> geometryTypes() {
        return geometryTypes;
    }

    /** The tables, joined, that a feature is read from. */
    String from() {
        return from;
    }

    /** The condition that makes a row public. */
    String where() {
        return where;
    }

    /** The bigint column pages are keyed on, ascending. */
    String key() {
        return key;
    }

    /** The expression of the feature's {@code id}, as clients see it and ask for it. */
    String featureId() {
        return featureId;
    }

    /** Whether {@link #featureId()} is a number (else a string). */
    boolean numericFeatureId() {
        return numericFeatureId;
    }

    /** The stored geometry column (EPSG:4326, indexed): what a bbox is compared with. */
    String geomColumn() {
        return geomColumn;
    }

    /** The geometry that is published, in EPSG:4326, before it is put in the requested CRS. */
    String geometry() {
        return geometry;
    }

    /** Decimals of a longitude or latitude in the answer; a projected CRS gets centimetres. */
    int decimals() {
        return decimals;
    }

    /** The timestamp {@code datetime} is compared with; empty when the collection has none. */
    Optional<String> temporal() {
        return Optional.ofNullable(temporal);
    }

    List<Property> properties() {
        return properties;
    }

    List<Property> filters() {
        return properties.stream().filter(Property::filterable).toList();
    }

    /** The arguments of {@code json_build_object} that build the properties object. */
    String propertiesSql() {
        return properties.stream().map(p -> "'" + p.name() + "', " + p.sql()).collect(Collectors.joining(",\n"));
    }
}
