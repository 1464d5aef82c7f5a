package kz.adalmap.importers.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.gdal.Ogr2Ogr;
import kz.adalmap.importers.generate.CadastreGenerator;
import kz.adalmap.importers.generate.DemoCity;
import kz.adalmap.importers.generate.PublicControlGenerator;
import kz.adalmap.importers.source.SourceFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills an AdalMap database with the generated demo cadastre: for each demo city a plots layer and a
 * networks layer (one published revision each), the city's agencies, and citizens' appeals with
 * their private contacts; then the national public-control layers ({@link DemoLayers}) with the
 * objects of every demo city.
 *
 * <p>Idempotent: a layer whose published revision came from the same file (same SHA-256) is left as
 * it is, and appeals are keyed by tracking code, so a second run adds nothing.
 */
public final class DemoLoader {

    private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);
    private static final String ACTOR = "demo-loader";

    private final Ogr2Ogr ogr2ogr;

    public DemoLoader(Ogr2Ogr ogr2ogr) {
        this.ogr2ogr = ogr2ogr;
    }

    /** What to generate and where to keep the generated files between runs. */
    public record Options(List<DemoCity> cities, int plots, int appeals, long seed, Path workDir) {}

    /** What one run changed: layers published (plots, networks and public-control) and appeals added (zero on a repeated run). */
    public record Result(int layersPublished, long plots, long networks, int appealsAdded) {}

    public Result load(PgTarget target, Options options) throws IOException, SQLException {
        Path files = generateIfNeeded(options);
        Path plotsFile = files.resolve("plots.geojson");
        Path networksFile = files.resolve("networks.geojson");
        Path appealsFile = files.resolve("appeals.geojson");
        String plotsSha = SourceFiles.sha256(plotsFile);
        String networksSha = SourceFiles.sha256(networksFile);
        String suffix = Long.toString(System.nanoTime(), 36);

        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            ensureAgencies(c, options.cities());
            c.commit();

            int published = 0;
            long plots = 0;
            long networks = 0;
            List<DemoCity> plotCities = citiesNeedingLayer(c, options.cities(), "plots", plotsSha);
            if (!plotCities.isEmpty()) {
                String staging = "demo_plots_" + suffix;
                log.info("loading {} into staging", plotsFile);
                ogr2ogr.loadIntoStaging(
                        plotsFile, target, staging, new Ogr2Ogr.ReadOptions(null, "PROMOTE_TO_MULTI", null, null));
                for (DemoCity city : plotCities) {
                    long rev = newRevision(c, city, "plots", plotsFile, plotsSha);
                    plots += publishPlots(c, staging, city, rev);
                    refreshDistances(c, "refresh_plot_network_distance_for_plot_layer", rev);
                    published++;
                    c.commit();
                }
                dropStaging(c, staging);
            }
            List<DemoCity> networkCities = citiesNeedingLayer(c, options.cities(), "networks", networksSha);
            if (!networkCities.isEmpty()) {
                String staging = "demo_networks_" + suffix;
                log.info("loading {} into staging", networksFile);
                ogr2ogr.loadIntoStaging(
                        networksFile, target, staging, new Ogr2Ogr.ReadOptions(null, "GEOMETRY", null, null));
                for (DemoCity city : networkCities) {
                    long rev = newRevision(c, city, "networks", networksFile, networksSha);
                    networks += publishNetworks(c, staging, city, rev);
                    refreshDistances(c, "refresh_plot_network_distance_for_network_layer", rev);
                    published++;
                    c.commit();
                }
                dropStaging(c, staging);
            }
            int appeals = 0;
            if (options.appeals() > 0) {
                String appealsStaging = "demo_appeals_" + suffix;
                ogr2ogr.loadIntoStaging(
                        appealsFile, target, appealsStaging, new Ogr2Ogr.ReadOptions(null, "POINT", null, null));
                appeals = loadAppeals(c, appealsStaging);
                dropStaging(c, appealsStaging);
            }
            DemoBudget.loadIfEmpty(c);
            try (Statement st = c.createStatement()) {
                st.execute("ANALYZE land_plot");
                st.execute("ANALYZE network");
                st.execute("ANALYZE appeal");
            }
            c.commit();
            published += new DemoLayers(ogr2ogr)
                    .load(
                            target,
                            new PublicControlGenerator.Options(
                                    options.cities(),
                                    options.plots() / options.cities().size(),
                                    options.seed()),
                            files);
            log.info(
                    "demo data: {} layers published ({} plots, {} network features), {} appeals added",
                    published,
                    plots,
                    networks,
                    appeals);
            return new Result(published, plots, networks, appeals);
        }
    }

    /** Generates the files unless the work folder already holds them for the same options. */
    private Path generateIfNeeded(Options options) throws IOException {
        Path dir = options.workDir();
        Files.createDirectories(dir);
        Path marker = dir.resolve("generated.properties");
        Properties wanted = new Properties();
        wanted.setProperty(
                "cities",
                String.join(",", options.cities().stream().map(DemoCity::code).toList()));
        wanted.setProperty("plots", Integer.toString(options.plots()));
        wanted.setProperty("appeals", Integer.toString(options.appeals()));
        wanted.setProperty("seed", Long.toString(options.seed()));
        if (Files.exists(marker) && Files.exists(dir.resolve("appeals.geojson"))) {
            Properties had = new Properties();
            try (InputStream in = Files.newInputStream(marker)) {
                had.load(in);
            }
            if (had.equals(wanted)) {
                return dir;
            }
        }
        log.info("generating {} demo plots for {}", options.plots(), wanted.getProperty("cities"));
        new CadastreGenerator(new CadastreGenerator.Options(
                        options.cities(), options.plots(), options.appeals(), options.seed()))
                .generate(dir);
        try (var out = Files.newOutputStream(marker)) {
            wanted.store(out, "options of the generated demo files");
        }
        return dir;
    }

    private static void ensureAgencies(Connection c, List<DemoCity> cities) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO agency (code, region_id, name_kk, name_ru, name_en)
                VALUES (?, (SELECT id FROM region WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326)) LIMIT 1),
                        ?, ?, ?)
                ON CONFLICT (code) DO NOTHING
                """)) {
            for (DemoCity city : cities) {
                String[][] agencies = {
                    {
                        "land",
                        "%s қаласының жер қатынастары бөлімі",
                        "Отдел земельных отношений г. %s",
                        "%s city land relations department"
                    },
                    {"akimat", "%s қаласының әкімдігі", "Акимат г. %s", "%s city akimat"},
                    {
                        "utilities",
                        "%s қаласының тұрғын үй-коммуналдық шаруашылық бөлімі",
                        "Отдел ЖКХ г. %s",
                        "%s city housing and utilities department"
                    },
                };
                for (String[] a : agencies) {
                    ps.setString(1, city.code() + "-" + a[0]);
                    ps.setDouble(2, city.lon());
                    ps.setDouble(3, city.lat());
                    ps.setString(4, a[1].formatted(city.nameKk()));
                    ps.setString(5, a[2].formatted(city.nameRu()));
                    ps.setString(6, a[3].formatted(city.nameEn()));
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
        // what each agency handles, so that a moderator is offered it for the appeals of its city
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO agency_category (agency_id, category)
                SELECT g.id, ac.code
                FROM appeal_category ac
                JOIN agency g ON g.code = ? || CASE ac.code
                                                   WHEN 'land' THEN '-land'
                                                   WHEN 'utilities' THEN '-utilities'
                                                   WHEN 'housing' THEN '-utilities'
                                                   ELSE '-akimat' END
                ON CONFLICT DO NOTHING
                """)) {
            for (DemoCity city : cities) {
                ps.setString(1, city.code());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The cities whose layer of this kind has no published revision yet; warns about those published from another file. */
    private static List<DemoCity> citiesNeedingLayer(Connection c, List<DemoCity> cities, String kind, String sha)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT r.source_sha256 FROM layer l JOIN layer_revision r ON r.layer_id = l.id AND r.state = 'published'
                WHERE l.code = ?
                """)) {
            return cities.stream()
                    .filter(city -> {
                        try {
                            ps.setString(1, city.code() + "-" + kind);
                            try (ResultSet rs = ps.executeQuery()) {
                                if (!rs.next()) {
                                    return true;
                                }
                                if (!sha.equals(rs.getString(1))) {
                                    log.warn(
                                            "layer {}-{} is already published from another file; the demo loader leaves it as it is",
                                            city.code(),
                                            kind);
                                }
                                return false;
                            }
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
        }
    }

    private static long newRevision(Connection c, DemoCity city, String kind, Path file, String sha)
            throws SQLException {
        try (PreparedStatement layer = c.prepareStatement("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en, region_id)
                VALUES (?, ?, ?, ?, ?,
                        (SELECT id FROM region WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326)) LIMIT 1))
                ON CONFLICT (code) DO NOTHING
                """)) {
            boolean plots = kind.equals("plots");
            layer.setString(1, city.code() + "-" + kind);
            layer.setString(2, kind);
            layer.setString(3, city.nameKk() + (plots ? ": жер учаскелері" : ": инженерлік желілер"));
            layer.setString(4, city.nameRu() + (plots ? ": земельные участки" : ": инженерные сети"));
            layer.setString(5, city.nameEn() + (plots ? ": land plots" : ": engineering networks"));
            layer.setDouble(6, city.lon());
            layer.setDouble(7, city.lat());
            layer.executeUpdate();
        }
        try (PreparedStatement rev = c.prepareStatement("""
                INSERT INTO layer_revision (layer_id, number, state, source_name, source_sha256, created_by, published_at)
                SELECT l.id, coalesce(max(r.number), 0) + 1, 'published', ?, ?, ?, now()
                FROM layer l LEFT JOIN layer_revision r ON r.layer_id = l.id
                WHERE l.code = ?
                GROUP BY l.id
                RETURNING id
                """)) {
            rev.setString(1, file.getFileName().toString());
            rev.setString(2, sha);
            rev.setString(3, ACTOR);
            rev.setString(4, city.code() + "-" + kind);
            try (ResultSet rs = rev.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long publishPlots(Connection c, String staging, DemoCity city, long revision) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL adalmap.status_reason = 'Published with the demo data'");
        }
        long n;
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO land_plot (cadastral_number, geom, area_declared_ha, land_category, intended_purpose_kk,
                                       intended_purpose_ru, permitted_use, right_type, divisible, status, address,
                                       region_id, district_id, auction_date, starting_price_kzt, layer_revision_id)
                SELECT cadastral_normalize(s.cadastral_number), s.geom, s.area_declared_ha, s.land_category,
                       s.intended_purpose_kk, s.intended_purpose_ru, s.permitted_use, s.right_type,
                       s.divisible::text::boolean, s.status, s.address,
                       coalesce(d.region_id, (SELECT r.id FROM region r WHERE ST_Intersects(r.geom, p.pt) LIMIT 1)),
                       d.id, s.auction_date::text::date, s.starting_price_kzt, ?
                FROM staging.%s s
                CROSS JOIN LATERAL (SELECT ST_PointOnSurface(s.geom) AS pt) p
                LEFT JOIN LATERAL (SELECT id, region_id FROM district WHERE ST_Intersects(district.geom, p.pt) LIMIT 1) d ON true
                WHERE s.city = ?
                ORDER BY s.source_row
                """.formatted(staging))) {
            ps.setLong(1, revision);
            ps.setString(2, city.code());
            n = ps.executeUpdate();
        }
        finishRevision(c, revision, n);
        log.info("{}: published {} plots as revision {}", city.code(), n, revision);
        return n;
    }

    private static long publishNetworks(Connection c, String staging, DemoCity city, long revision)
            throws SQLException {
        long n;
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO network (kind, geom, name, operator_name, capacity, free_capacity, voltage_kv,
                                     pressure_class, diameter_mm, region_id, layer_revision_id)
                SELECT s.kind, s.geom, s.name, s.operator_name, s.capacity, s.free_capacity, s.voltage_kv,
                       s.pressure_class, s.diameter_mm,
                       (SELECT r.id FROM region r WHERE ST_Intersects(r.geom, ST_PointOnSurface(s.geom)) LIMIT 1), ?
                FROM staging.%s s
                WHERE s.city = ?
                ORDER BY s.source_row
                """.formatted(staging))) {
            ps.setLong(1, revision);
            ps.setString(2, city.code());
            n = ps.executeUpdate();
        }
        finishRevision(c, revision, n);
        log.info("{}: published {} network features as revision {}", city.code(), n, revision);
        return n;
    }

    /**
     * Measures the plots' distances to the networks again after the layer of {@code revision} was
     * published: {@code function} is the refresh for a plots or a networks layer (migration V014).
     */
    private static void refreshDistances(Connection c, String function, long revision) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + function + "(layer_id) FROM layer_revision WHERE id = ?")) {
            ps.setLong(1, revision);
            ps.execute();
        }
    }

    private static void finishRevision(Connection c, long revision, long count) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE layer_revision SET feature_count = ?, report = jsonb_build_object('added', ?) WHERE id = ?
                """)) {
            ps.setLong(1, count);
            ps.setLong(2, count);
            ps.setLong(3, revision);
            ps.executeUpdate();
        }
    }

    private static int loadAppeals(Connection c, String staging) throws SQLException {
        int added;
        try (Statement st = c.createStatement()) {
            added = st.executeUpdate("""
                    INSERT INTO appeal (tracking_code, category, text, text_private, geom, status, channel, agency_id,
                                        region_id, due_date, answer_text, answered_at, first_answered_at,
                                        status_reason, created_at, updated_at)
                    SELECT s.tracking_code, s.category, s.text, coalesce(s.text_private::text::boolean, false), s.geom,
                           s.status, s.channel,
                           CASE WHEN s.status NOT IN ('new', 'under_review') THEN
                               (SELECT id FROM agency WHERE code = s.city || CASE s.category
                                    WHEN 'land' THEN '-land'
                                    WHEN 'utilities' THEN '-utilities'
                                    WHEN 'housing' THEN '-utilities'
                                    ELSE '-akimat' END)
                           END,
                           (SELECT r.id FROM region r WHERE ST_Intersects(r.geom, s.geom) LIMIT 1),
                           -- the answer is due after the category's number of working days (Monday to Friday)
                           (SELECT max(day)::date FROM (
                                SELECT day FROM generate_series(s.created_at::text::timestamptz::date + 1,
                                                                s.created_at::text::timestamptz::date + 21, interval '1 day') day
                                WHERE extract(isodow FROM day) < 6
                                ORDER BY day LIMIT (SELECT due_working_days FROM appeal_category WHERE code = s.category)) d),
                           -- a rejected appeal has a public reason instead of an answer
                           CASE WHEN s.status <> 'rejected' THEN s.answer_text END,
                           CASE WHEN s.answer_text IS NOT NULL AND s.status <> 'rejected' THEN
                               s.created_at::text::timestamptz + interval '2 days' END,
                           CASE WHEN s.answer_text IS NOT NULL AND s.status <> 'rejected' THEN
                               s.created_at::text::timestamptz + interval '2 days' END,
                           CASE WHEN s.status = 'rejected' THEN (ARRAY[
                               'Вопрос не относится к компетенции местных исполнительных органов.',
                               'Повторное обращение: ответ по этому вопросу уже дан.',
                               'В обращении не указано место, проверить факты невозможно.'])
                               [1 + abs(hashtext(s.tracking_code)) %% 3] END,
                           s.created_at::text::timestamptz, s.created_at::text::timestamptz
                    FROM staging.%1$s s
                    ORDER BY s.source_row
                    ON CONFLICT (tracking_code) DO NOTHING
                    """.formatted(staging));
            st.executeUpdate("""
                    INSERT INTO appeal_contact (appeal_id, full_name, phone, email, iin)
                    SELECT a.id, s.contact_name, s.contact_phone, s.contact_email, s.contact_iin
                    FROM staging.%1$s s JOIN appeal a ON a.tracking_code = s.tracking_code
                    WHERE coalesce(s.contact_name, s.contact_phone, s.contact_email, s.contact_iin) IS NOT NULL
                    ON CONFLICT (appeal_id) DO NOTHING
                    """.formatted(staging));
        }
        return added;
    }

    private static void dropStaging(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS staging." + table);
        }
        c.commit();
    }
}
