package kz.adalmap.importers.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import kz.adalmap.importers.profile.MappingProfile;
import kz.adalmap.importers.validate.CadastralNumber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The migrations of the sql module, applied to an empty PostGIS database, and the rules the schema enforces. */
class MigrationsIT {

    private static PgTarget db;

    @BeforeAll
    static void migrateEmptyDatabase() {
        db = TestDatabases.fresh("migrations");
        db.migrate();
    }

    @Test
    void createsEveryTableOfTheSchema() throws SQLException {
        assertThat(strings("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
                .contains(
                        "region",
                        "district",
                        "agency",
                        "layer",
                        "layer_revision",
                        "land_category",
                        "plot_status",
                        "right_type",
                        "land_plot",
                        "plot_status_change",
                        "network_kind",
                        "network",
                        "appeal_category",
                        "appeal",
                        "appeal_contact",
                        "app_user",
                        "user_role",
                        "user_region",
                        "audit_log");
        assertThat(strings("SELECT code FROM land_category ORDER BY position"))
                .containsExactly("agricultural", "settlement", "industrial", "protected", "forest", "water", "reserve");
    }

    @Test
    void migratingAgainChangesNothing() throws SQLException {
        List<String> before = strings("SELECT version FROM flyway_schema_history ORDER BY installed_rank");
        db.migrate();
        assertThat(strings("SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                .isEqualTo(before);
    }

    @Test
    void aMigrationNumberedBelowOneAppliedIsAppliedToo() throws SQLException {
        // a database migrated while V036 was on main and V035 still on a branch, then upgraded
        PgTarget gap = TestDatabases.fresh("migrations_gap");
        gap.migrate();
        try (Connection c = gap.connect();
                Statement st = c.createStatement()) {
            st.execute("ALTER TABLE import_issue DROP COLUMN detail");
            st.execute("DELETE FROM flyway_schema_history WHERE version = '035'");
        }
        gap.migrate();
        try (Connection c = gap.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT (SELECT count(*) FROM flyway_schema_history WHERE version = '035' AND success)
                               || ' ' || (SELECT count(*) FROM information_schema.columns
                                          WHERE table_name = 'import_issue' AND column_name = 'detail')""")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("1 1");
        }
    }

    @Test
    void theCommandsKnowTheNewestMigrationAndSkipFlywayOnlyWhenTheDatabaseHasIt() throws SQLException {
        // a migration added without raising the mark would leave databases behind
        assertThat(strings("SELECT version FROM flyway_schema_history ORDER BY installed_rank DESC LIMIT 1"))
                .containsExactly(PgTarget.LATEST_MIGRATION);
        List<String> before = strings("SELECT version FROM flyway_schema_history ORDER BY installed_rank");
        db.migrateIfBehind();
        assertThat(strings("SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                .isEqualTo(before);
    }

    @Test
    void sqlAndJavaNormalizeCadastralNumbersAlike() throws SQLException {
        String[] inputs = {
            "05-085-012-345",
            "05085012345",
            " 05-085-012-3456 ",
            "05-085012-345",
            "05-085-012-34",
            "5-085-012-345",
            "05-085-012-34a",
            "05--085-012-345",
            "",
            "050850123456789",
            "05 085 012 345",
            "05:085:012:345",
            "05.085.012/345",
            "05\u2013085\u2014012\u2212345",
            "\u00a0'05-085-012-345\u202f",
            "'05-085-012-345",
            "05  085 012 345",
            "05-085-012-345'",
            "05_085_012_345",
            " 05 - 085 - 012 - 003 ",
            "05.085.012.001.",
            "05 -- 085-012-345",
            "\u0665\u0660-085-012-345",
            "12085601002.0",
            "12085601002,00",
            " 12085601002.0 ",
            "5085601002.0",
            "12085601002.5",
            "12-085-601-002.0",
            // characters no one sees, copied from a web page or a messenger
            "05-085-\u200b012-001",
            "\u200f05-085-012-001\u200e",
            "\ufeff05 085 012 001\u00ad",
            // after its sign, as registers print it
            "№05-085-162-004",
            "№ 05-085-162-004",
            "КН 05-085-162-012",
            "кн:05-085-162-012",
            "К/Н 05:085:162:012",
            "кад. № 05-085-162-012",
            "Кадастровый № 05 085 162 012",
            "No. 05-085-162-012",
            "№"
        };
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT cadastral_normalize(?)")) {
            for (String input : inputs) {
                ps.setString(1, input);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1))
                            .as(input)
                            .isEqualTo(CadastralNumber.normalize(input).orElse(null));
                }
            }
        }
    }

    @Test
    void sqlAndJavaReadTheWordsOfValueMapsAlike() throws SQLException {
        String[] inputs = {
            "Свободен",
            "  Земли населённых пунктов. ",
            "земли промышленности, транспорта, связи",
            "Ерекше қорғалатын табиғи аумақтардың жерлері",
            "«Аукцион»\u00a0(назначен)",
            "сауда-саттыққа шығарылды",
            "a/b\\c;d:e!f?g—h–i−j\"k'l",
            "ЁЛКА",
            "",
            // Latin look-alikes inside Cyrillic words, folded; words wholly Latin, or with a Latin
            // letter no Cyrillic one looks like, left as they are
            "берiлдi",
            "елдi мекендердiң жерлерi",
            "cвoбoдeн",
            "CВОБОДЕН",
            "ЕЛДI МЕКЕН",
            "free bos jer",
            "свобoдеn",
            "ВЛ-10kV газопрoвод",
            "Ду150x3",
            "своб\u200bоден",
            "\u200fбос\u200e",
            "auc\u2060tion"
        };
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT profile_word(?), latin_in_cyrillic(?)")) {
            for (String input : inputs) {
                ps.setString(1, input);
                ps.setString(2, input);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).as(input).isEqualTo(MappingProfile.word(input));
                    assertThat(rs.getString(2) == null ? "" : rs.getString(2))
                            .as(input)
                            .isEqualTo(MappingProfile.latinInCyrillic(input));
                }
            }
        }
        assertThat(MappingProfile.word("  Земли населённых пунктов. ")).isEqualTo("земли населенных пунктов");
        assertThat(MappingProfile.word("берiлдi")).isEqualTo("берілді");
        assertThat(MappingProfile.word("cвoбoдeн")).isEqualTo("свободен");
        assertThat(MappingProfile.word("free bos jer")).isEqualTo("free bos jer");
        assertThat(MappingProfile.word("свобoдеn")).isEqualTo("свобoдеn");
        assertThat(MappingProfile.word("ВЛ-10kV газопрoвод")).isEqualTo("вл 10kv газопровод");
        assertThat(MappingProfile.latinInCyrillic("свобoдеn")).isEqualTo("n, o");
        assertThat(MappingProfile.word("своб\u200bоден")).isEqualTo("свободен");
        assertThat(CadastralNumber.normalize("05-085-\u200b012-001")).contains("05-085-012-001");
        assertThat(CadastralNumber.normalize("КН 05-085-162-012")).contains("05-085-162-012");
        assertThat(CadastralNumber.normalize("кад. № 05-085-162-012")).contains("05-085-162-012");
    }

    @Test
    void rejectsInvalidGeometryWrongSridAndMalformedCadastralNumber() throws SQLException {
        long revision = revision();
        String bowtie = "MULTIPOLYGON(((70 50, 70.01 50.01, 70.01 50, 70 50.01, 70 50)))";
        String square = "MULTIPOLYGON(((70 50, 70.01 50, 70.01 50.01, 70 50.01, 70 50)))";
        assertThatThrownBy(() -> insertPlot("01-001-001-001", "ST_GeomFromText('" + bowtie + "', 4326)", revision))
                .hasMessageContaining("land_plot_geom_check");
        assertThatThrownBy(() -> insertPlot("01-001-001-002", "ST_GeomFromText('" + square + "', 3857)", revision))
                .hasMessageContaining("SRID");
        assertThatThrownBy(() -> insertPlot("0100100100", "ST_GeomFromText('" + square + "', 4326)", revision))
                .hasMessageContaining("land_plot_cadastral_number_check");
    }

    @Test
    void refusesUnknownStatusLandCategoryAndRightType() throws SQLException {
        long revision = revision();
        String square = "ST_GeomFromText('MULTIPOLYGON(((72 50, 72.001 50, 72.001 50.001, 72 50.001, 72 50)))', 4326)";
        String insert = "INSERT INTO land_plot (geom, land_category, status, right_type, layer_revision_id) VALUES ("
                + square + ", '%s', '%s', %s, " + revision + ")";
        assertThatThrownBy(() -> execute(insert.formatted("settlement", "sold", "NULL")))
                .hasMessageContaining("land_plot_status_check");
        assertThatThrownBy(() -> execute(insert.formatted("moon", "free", "NULL")))
                .hasMessageContaining("land_plot_land_category_check");
        assertThatThrownBy(() -> execute(insert.formatted("settlement", "free", "'rent'")))
                .hasMessageContaining("land_plot_right_type_check");
        execute(insert.formatted("settlement", "free", "'private_ownership'"));
    }

    @Test
    void checkedCodeListsAreExactlyTheCodesOfTheirTables() throws SQLException {
        String[][] checks = {
            {"land_plot_status_check", "plot_status"},
            {"plot_snapshot_status_check", "plot_status"},
            {"plot_status_change_to_status_check", "plot_status"},
            {"plot_status_change_from_status_check", "plot_status"},
            {"land_plot_land_category_check", "land_category"},
            {"plot_snapshot_land_category_check", "land_category"},
            {"land_plot_right_type_check", "right_type"},
            {"plot_snapshot_right_type_check", "right_type"}
        };
        for (String[] check : checks) {
            String definition = strings(
                            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = '" + check[0] + "'")
                    .get(0);
            List<String> listed = new ArrayList<>();
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("'([a-z_]+)'").matcher(definition);
            while (m.find()) {
                listed.add(m.group(1));
            }
            assertThat(listed)
                    .as(check[0])
                    .containsExactlyInAnyOrderElementsOf(strings("SELECT code FROM " + check[1]));
        }
    }

    @Test
    void quantitiesAreReadWithTheirUnits() throws SQLException {
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT string_agg(coalesce(try_quantity(v)::text, '-'), ' ' ORDER BY n)
                        FROM (VALUES (1, '10 кВ'), (2, '0,4кВ'), (3, 'Ø89'), (4, 'd=100 мм'), (5, '25 м3/ч'),
                                     (6, '2,5 МВт'), (7, '2х150'), (8, 'кВ'), (9, '110'), (10, '10 кВ 6 кВ'),
                                     (11, E'\u00a010\u00a0kV'), (12, 'Ду150'), (13, 'D=200')) v(n, v)
                        """)) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("10 0.4 89 100 25 2.5 - - 110 - 10 150 200");
        }
        // in the field's unit: converted from the unit written, none when the field cannot take it
        assertThat(strings("""
                        SELECT coalesce(try_quantity(v, u)::float8::text, '-') FROM (VALUES
                            (1, '10 кВ', 'kV'), (2, '380 В', 'kV'), (3, '220 V', 'kV'), (4, '0,4', 'kV'),
                            (5, 'Ø 0,5 м', 'mm'), (6, '30 см', 'mm'), (7, 'd=100 мм', 'mm'), (8, 'Ду150', 'mm'),
                            (9, '4"', 'mm'), (10, '10 кВ', 'mm'), (11, '2х150', 'mm'), (12, '2,5 МВт', 'kW'),
                            (13, '630 кВА', 'kW'), (14, '48 м3/сут', 'm3/h'), (15, '10 л/с', 'm3/day'),
                            (16, '25 м³/ч', 'm3/day'), (17, '1,5 Гкал/ч', 'Gcal/h'), (18, '1 Гбит/с', 'Mbit/s'),
                            (19, E'\u00a010\u00a0kV', 'kV'), (20, '10 кв.', 'kV'), (21, '25 штук', 'kW'))
                            x(n, v, u) ORDER BY n"""))
                .containsExactly(
                        "10", "0.38", "0.22", "0.4", "500", "300", "100", "150", "-", "-", "-", "2500", "-", "2", "864",
                        "600", "1.5", "1000", "10", "10", "-");
    }

    @Test
    void quantitiesWithSpacedThousandsCommasOfTheFieldAndPipeSizes() throws SQLException {
        // thousands grouped by spaces before a unit; a comma before three digits as the field says;
        // a pipe's outside diameter × wall, which «2х150» (two cables) is not
        assertThat(strings("""
                        SELECT coalesce(try_quantity(v, u, c)::float8::text, '-') FROM (VALUES
                            (1, '1 200 м3/ч', 'm3/h', NULL), (2, E'1\\u00a0200 м3/ч', 'm3/h', NULL),
                            (3, '1 000 м3/сут', 'm3/day', NULL), (4, '1 200 кВт', 'kW', NULL),
                            (5, '1,200 кВт', 'kW', NULL), (6, '1,200 кВт', 'kW', 'thousands'),
                            (7, '1,200 кВт', 'kW', 'decimal'), (8, '2,5 МВт', 'kW', NULL),
                            (9, '159х4,5', 'mm', NULL), (10, 'Ø159х4,5', 'mm', NULL), (11, 'ПЭ 110х6,6', 'mm', NULL),
                            (12, 'ПЭ100 110x6.6 мм', 'mm', NULL), (13, '57×3', 'mm', NULL), (14, '2х150', 'mm', NULL),
                            (15, '159х4,5', 'kW', NULL), (16, '1,234,567 Вт', 'kW', NULL)) x(n, v, u, c) ORDER BY n"""))
                .containsExactly(
                        "1200",
                        "1200",
                        "1000",
                        "1200",
                        "-",
                        "1200",
                        "1.2",
                        "2500",
                        "159",
                        "159",
                        "110",
                        "110",
                        "57",
                        "-",
                        "-",
                        "1234.567");
    }

    @Test
    void plotAreasAndPricesAreReadWithTheirUnits() throws SQLException {
        // the unit written after an area wins over the field's (here square metres, 0.0001 ha each)
        assertThat(strings("""
                        SELECT coalesce(try_area_ha(v, c, 0.0001)::float8::text, '-') FROM (VALUES
                            (1, '0,25 га', NULL), (2, '0,25га', NULL), (3, '0.25 ha', NULL), (4, '2500 м2', NULL),
                            (5, E'2\u00a0500 м²', NULL), (6, '2500 кв.м', NULL), (7, '2500 кв. м.', NULL),
                            (8, '2500 sq.m', NULL), (9, '2500 sq m', NULL), (10, '6 соток', NULL), (11, '2500', NULL),
                            (12, '1,500 м2', NULL), (13, '1,500 м2', 'thousands'), (14, '2500 тг', NULL),
                            (15, '1e3', NULL), (16, 'га', NULL), (17, '0,25 Га', NULL), (18, '2,5 гектара', NULL))
                            x(n, v, c) ORDER BY n"""))
                .containsExactly(
                        "0.25", "0.25", "0.25", "0.25", "0.25", "0.25", "0.25", "0.25", "0.25", "0.06", "0.25", "-",
                        "0.15", "-", "0.1", "-", "0.25", "2.5");
        // the comma of an area's number, without its unit, as number_comma tells it
        assertThat(strings("""
                        SELECT coalesce(number_comma(area_number(v)), '-') FROM (VALUES
                            (1, '1,500 м2'), (2, '0,25 га'), (3, '1,234,567 кв.м'), (4, '2500 м2')) x(n, v)
                        ORDER BY n""")).containsExactly("either", "decimal", "thousands", "-");
        assertThat(strings("""
                        SELECT coalesce(try_price_kzt(v, c)::float8::text, '-') FROM (VALUES
                            (1, '1 500 000 тг', NULL), (2, '1 500 000 ₸', NULL), (3, '₸1500000', NULL),
                            (4, '1,5 млн тг', NULL), (5, '1,5 млн', NULL), (6, '1500 тыс. тенге', NULL),
                            (7, '1500000 KZT', NULL), (8, '1 500 000,00 ₸', NULL), (9, 'KZT 1 500 000', NULL),
                            (10, '1.5 млн тг', NULL), (11, '150,000 тг', NULL), (12, '150,000 тг', 'thousands'),
                            (13, '1500 тыс.тг', NULL), (14, '2 млрд', NULL), (15, '1500000 руб', NULL),
                            (16, 'тг', NULL), (17, '1500000', NULL), (18, '1 500 000 теңге', NULL),
                            (19, '100 мың теңге', NULL)) x(n, v, c) ORDER BY n"""))
                .containsExactly(
                        "1500000",
                        "1500000",
                        "1500000",
                        "1500000",
                        "1500000",
                        "1500000",
                        "1500000",
                        "1500000",
                        "1500000",
                        "1500000",
                        "-",
                        "150000",
                        "1500000",
                        "2000000000",
                        "-",
                        "-",
                        "1500000",
                        "1500000",
                        "100000");
        assertThat(strings("""
                        SELECT coalesce(number_comma(price_number(v)), '-') FROM (VALUES
                            (1, '150,000 тг'), (2, '1,5 млн'), (3, '1,500,000 ₸'), (4, '1500000')) x(n, v)
                        ORDER BY n""")).containsExactly("either", "decimal", "thousands", "-");
    }

    @Test
    void linesOnTheSamePolesHaveKeysOfTheirOwn() throws SQLException {
        // alone on its route, a feature keeps network_key; sharing it, its attributes tell it apart
        assertThat(strings("""
                        SELECT (network_feature_key('power', g, false, 'ВЛ-10', 10, NULL, NULL) = network_key('power', g))
                               || ' ' || (network_feature_key('power', g, true, 'ВЛ-10', 10, NULL, NULL)
                                          <> network_feature_key('power', g, true, 'ВЛ-0,4', 0.4, NULL, NULL))
                               || ' ' || (network_feature_key('power', g, true, 'ВЛ-10', 10.0, NULL, 89.0)
                                          = network_feature_key('power', g, true, 'ВЛ-10', 10, NULL, 89))
                        FROM (SELECT 'SRID=4326;LINESTRING(82.6 49.96, 82.61 49.961)'::geometry AS g) x""")).containsExactly("true true true");
    }

    @Test
    void aCommaBeforeThreeDigitsIsReadOnlyAsTheFieldSays() throws SQLException {
        // how the comma is used, and the number read when the field uses it for thousands, for
        // decimals, or says nothing
        assertThat(strings("""
                        SELECT concat_ws(' ', coalesce(number_comma(v), '-'),
                                         coalesce(try_numeric(v, 'thousands')::text, '-'),
                                         coalesce(try_numeric(v, 'decimal')::text, '-'),
                                         coalesce(try_numeric(v, NULL)::text, '-'))
                        FROM (VALUES (1, '150,000'), (2, '1,500'), (3, '0,797'), (4, '1,234,567.89'),
                                     (5, '1 234 567,89'), (6, '1.234.567,89'), (7, '0,8'), (8, '12500'),
                                     (9, E'-1,250\u00a0'), (10, '1,5000'), (11, NULL)) x(n, v) ORDER BY n"""))
                .containsExactly(
                        "either 150000 150.000 -",
                        "either 1500 1.500 -",
                        "decimal 0.797 0.797 0.797",
                        "thousands 1234567.89 1234567.89 1234567.89",
                        "decimal 1234567.89 1234567.89 1234567.89",
                        "decimal - - -",
                        "decimal 0.8 0.8 0.8",
                        "- 12500 12500 12500",
                        "either -1250 -1.250 -",
                        "decimal 1.5000 1.5000 1.5000",
                        "- - - -");
    }

    @Test
    void aDateAndTimeWithAnOffsetIsItsDayInKazakhstan() throws SQLException {
        assertThat(strings("""
                        SELECT try_date(v)::text FROM (VALUES
                            -- 15 December typed in Astana, as ArcGIS Online stores it, and as GDAL then gives it
                            (1, '2026-12-14T19:00:00Z'), (2, '2026/12/14 19:00:00.000+00'),
                            -- Kazakhstan's own offset; UTC+6 before March 2024
                            (3, '2026-03-15T00:00:00+05:00'), (4, '2023-12-14T18:00:00Z'),
                            -- no offset, or no time GDAL writes: the day written
                            (5, '2026-12-14 10:00'), (6, '2026-12-14T25:00:00Z'),
                            -- another offset than UTC's: the day written in it, Almaty's UTC+6 of before
                            -- March 2024 as GDAL gives a GeoPackage's DATETIME, and any other
                            (7, '2026-03-15T00:00:00+06:00'), (8, '2026/03/15 00:00:00.000+06'),
                            (9, '2026-03-15T23:30:00-05:00'), (10, '2026-03-15 00:00:00+0600'),
                            -- UTC written as an offset
                            (11, '2026/12/14 19:00:00+00:00')) x(n, v) ORDER BY n"""))
                .containsExactly(
                        "2026-12-15",
                        "2026-12-15",
                        "2026-03-15",
                        "2023-12-15",
                        "2026-12-14",
                        "2026-12-14",
                        "2026-03-15",
                        "2026-03-15",
                        "2026-03-15",
                        "2026-03-15",
                        "2026-12-15");
    }

    @Test
    void aDottedDateWithATimeIsTheDayWritten() throws SQLException {
        assertThat(strings("""
                        SELECT coalesce(try_date(v)::text, '-') FROM (VALUES
                            -- as Excel saves a date-time cell in a Russian or Kazakh locale
                            (1, '01.02.2025 0:00'), (2, '1.2.2025 14:30:00'), (3, '31.12.2025, 23:59'),
                            -- no such time, no such day
                            (4, '01.02.2025 24:00'), (5, '30.02.2025 0:00'), (6, '01.02.2025 0:00 +05')) x(n, v)
                        ORDER BY n""")).containsExactly("2025-02-01", "2025-02-01", "2025-12-31", "-", "-", "-");
    }

    @Test
    void aDateInMillisecondsSince1970IsItsDayInKazakhstan() throws SQLException {
        assertThat(strings("""
                        SELECT coalesce(try_date(v)::text, '-') FROM (VALUES
                            -- 15 March 2026, 00:00 in Astana, as ArcGIS's JSON writes it
                            (1, '1773514800000'), (2, ' 1773514800000 '), (3, '999999999999'),
                            -- eight digits are a date without separators; other runs of digits no date
                            (4, '20260315'), (5, '17735148'), (6, '12345678901234')) x(n, v)
                        ORDER BY n""")).containsExactly("2026-03-15", "2026-03-15", "2001-09-09", "2026-03-15", "-", "-");
    }

    @Test
    void lenientReadersRunInParallelQueries() throws SQLException {
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            // every plan that may run in a worker does: a reader that cannot would fail here
            st.execute("SET force_parallel_mode = on");
            try (ResultSet rs = st.executeQuery("""
                    SELECT try_date(d)::text, try_numeric(n)::text
                    FROM (VALUES ('01.12.2026', '1 234,5'), ('31.02.2026', 'ten'), (NULL, NULL),
                                 (' 2026-11-30T10:00 ', '-2e3'), ('2026-13-01', '.5'), ('завтра', '1.2.3'),
                                 -- as spreadsheets write them: no-break spaces, GDAL's dates of a workbook
                                 (E'15.03.2027\u00a0', E'1\u00a0500\u202f000,50'), ('2027/04/01', E'\t7\n'),
                                 ('2027/02/30', '12 345'),
                                 -- as a DBF stores a date: eight digits
                                 ('20261201', '0,5000'), ('20260230', '*****')) v(d, n)
                    """)) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getString(2));
                }
                assertThat(rows)
                        .containsExactly(
                                "2026-12-01 1234.5",
                                "null null",
                                "null null",
                                "2026-11-30 -2000",
                                "null 0.5",
                                "null null",
                                "2027-03-15 1500000.50",
                                "2027-04-01 7",
                                "null 12345",
                                "2026-12-01 0.5000",
                                "null null");
            }
        }
    }

    @Test
    void recordsEveryStatusChangeAndKeepsTheHistoryForever() throws SQLException {
        long revision = revision();
        long plot = insertPlot(
                "01-001-001-100",
                "ST_GeomFromText('MULTIPOLYGON(((71 51, 71.001 51, 71.001 51.001, 71 51.001, 71 51)))', 4326)",
                revision);
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL adalmap.status_reason = 'auction announced'");
            st.executeUpdate("UPDATE land_plot SET status = 'auction_scheduled' WHERE id = " + plot);
            c.commit();
        }
        assertThat(strings("SELECT coalesce(from_status, '-') || '>' || to_status || ':' || coalesce(reason, '')"
                        + " FROM plot_status_change WHERE plot_id = " + plot + " ORDER BY id"))
                .containsExactly("->free:", "free>auction_scheduled:auction announced");
        assertThatThrownBy(() -> execute("UPDATE plot_status_change SET reason = 'rewritten' WHERE plot_id = " + plot))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> execute("DELETE FROM plot_status_change WHERE plot_id = " + plot))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> execute("DELETE FROM land_plot WHERE id = " + plot))
                .hasMessageContaining("plot_status_change");
    }

    @Test
    void theIndexesOfPlotsCanBeAnalysedAndRebuiltWithAnEmptySearchPath() throws SQLException {
        // as autovacuum analyses a table, and as pg_restore rebuilds its indexes
        long revision = revision();
        execute("INSERT INTO land_plot (geom, land_category, status, layer_revision_id) VALUES (ST_GeomFromText("
                + "'MULTIPOLYGON(((71.2 51, 71.201 51, 71.201 51.001, 71.2 51.001, 71.2 51)))', 4326), 'settlement',"
                + " 'free', " + revision + ")");
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            st.execute("SET search_path = ''");
            st.execute("ANALYZE public.land_plot");
            st.execute("REINDEX INDEX public.land_plot_geometry_key_idx");
            st.execute("RESET search_path");
        }
        assertThat(strings("SELECT count(*) FROM land_plot WHERE cadastral_number IS NULL"
                        + " AND plot_key(NULL, geom) = 'geom:' || md5(ST_AsEWKB(ST_Normalize(geom)))"))
                .containsExactly("1");
    }

    @Test
    void masksPhoneNumbersIinAndEmailInPublicText() throws SQLException {
        List<String> masked = strings("""
                SELECT mask_personal_data(t) FROM (VALUES
                  ('звоните +7 701 234 56 78 или 87012345678'),
                  ('ИИН 900101300123, почта aigerim.n@mail.kz'),
                  ('дом 12, кв. 5')) v(t)
                """);
        assertThat(masked.get(0)).doesNotContain("701 234 56 78", "87012345678");
        assertThat(masked.get(1)).doesNotContain("900101300123", "aigerim.n@mail.kz");
        assertThat(masked.get(2)).isEqualTo("дом 12, кв. 5");
    }

    @Test
    void recordsAPlotLeavingTheLayerAndComingBackWhoeverDoesIt() throws SQLException {
        long first = revision();
        long second = revision();
        long plot = insertPlot(
                "01-001-001-101",
                "ST_GeomFromText('MULTIPOLYGON(((71.01 51, 71.011 51, 71.011 51.001, 71.01 51.001, 71.01 51)))', 4326)",
                first);
        execute("UPDATE land_plot SET retired_revision_id = " + second + " WHERE id = " + plot);
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL adalmap.status_reason = 'wrong file'");
            st.execute("SET LOCAL adalmap.rolled_back_revision_id = '" + second + "'");
            st.executeUpdate(
                    "UPDATE land_plot SET retired_revision_id = NULL, status = 'allocated', layer_revision_id = "
                            + first + " WHERE id = " + plot);
            c.commit();
        }
        execute("UPDATE land_plot SET address = 'ул. Абая, 2' WHERE id = " + plot);
        assertThat(strings("""
                        SELECT concat_ws(' ', event, coalesce(from_status, '-'), to_status, coalesce(reason, '-'),
                                         CASE layer_revision_id WHEN %1$d THEN 'first' WHEN %2$d THEN 'second' END,
                                         by_rollback,
                                         CASE rolled_back_revision_id WHEN %2$d THEN 'rolled back second' END)
                        FROM plot_status_change WHERE plot_id = %3$d ORDER BY id
                        """.formatted(first, second, plot)))
                .containsExactly(
                        "status - free - first f",
                        "removed free free - second f",
                        "restored free free wrong file first t rolled back second",
                        "status free allocated wrong file first t rolled back second");
    }

    @Test
    void aNumberIsHeldByOneCurrentPlotAndRetiredPlotsKeepItToo() throws SQLException {
        long first = revision();
        long second = revision();
        String outline =
                "ST_GeomFromText('MULTIPOLYGON(((71.02 51, 71.021 51, 71.021 51.001, 71.02 51.001, 71.02 51)))',"
                        + " 4326)";
        long retired = insertPlot("01-001-001-102", outline, first);
        assertThatThrownBy(() -> insertPlot("01-001-001-102", outline, second))
                .hasMessageContaining("land_plot_current_number_key");
        execute("UPDATE land_plot SET retired_revision_id = " + second + " WHERE id = " + retired);
        long current = insertPlot("01-001-001-102", outline, second);
        assertThat(current).isNotEqualTo(retired);
        assertThatThrownBy(() -> execute("UPDATE land_plot SET retired_revision_id = NULL WHERE id = " + retired))
                .as("the retired plot cannot come back under the number another current plot has")
                .hasMessageContaining("land_plot_current_number_key");
    }

    @Test
    void recordsAChangeOfNumberWhoeverMakesIt() throws SQLException {
        long first = revision();
        long second = revision();
        long plot = insertPlot(
                "01-001-001-103",
                "ST_GeomFromText('MULTIPOLYGON(((71.03 51, 71.031 51, 71.031 51.001, 71.03 51.001, 71.03 51)))', 4326)",
                first);
        execute("UPDATE land_plot SET retired_revision_id = " + first + " WHERE id = " + plot);
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL adalmap.status_reason = 'typo corrected'");
            st.executeUpdate("UPDATE land_plot SET retired_revision_id = NULL, cadastral_number = '01-001-001-130',"
                    + " status = 'allocated', layer_revision_id = " + second + " WHERE id = " + plot);
            c.commit();
        }
        execute("UPDATE land_plot SET cadastral_number = NULL WHERE id = " + plot);
        execute("UPDATE land_plot SET address = 'ул. Абая, 3' WHERE id = " + plot);
        assertThat(strings("""
                        SELECT concat_ws(' ', event, coalesce(previous_cadastral_number, '-'),
                                         coalesce(cadastral_number, '-'), from_status, to_status,
                                         coalesce(reason, '-'),
                                         CASE layer_revision_id WHEN %1$d THEN 'first' WHEN %2$d THEN 'second' END)
                        FROM plot_status_change WHERE plot_id = %3$d ORDER BY id
                        """.formatted(first, second, plot)))
                .containsExactly(
                        "status - 01-001-001-103 free - first",
                        "removed - 01-001-001-103 free free - first",
                        "restored - 01-001-001-130 free free typo corrected second",
                        "renumbered 01-001-001-103 01-001-001-130 free free typo corrected second",
                        "status - 01-001-001-130 free allocated typo corrected second",
                        "renumbered 01-001-001-130 - allocated allocated - second");
    }

    private static long revision() throws SQLException {
        execute(
                "INSERT INTO layer (code, kind, title_kk, title_ru, title_en) VALUES ('test-plots', 'plots', 't', 't', 't')"
                        + " ON CONFLICT DO NOTHING");
        return Long.parseLong(strings("""
                INSERT INTO layer_revision (layer_id, number, created_by)
                SELECT id, (SELECT coalesce(max(number), 0) + 1 FROM layer_revision), 'test' FROM layer WHERE code = 'test-plots'
                RETURNING id
                """).get(0));
    }

    private static long insertPlot(String number, String geometrySql, long revision) throws SQLException {
        return Long.parseLong(
                strings("INSERT INTO land_plot (cadastral_number, geom, land_category, status, layer_revision_id)"
                                + " VALUES ('" + number + "', " + geometrySql + ", 'settlement', 'free', " + revision
                                + ") RETURNING id")
                        .get(0));
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static List<String> strings(String sql) throws SQLException {
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
