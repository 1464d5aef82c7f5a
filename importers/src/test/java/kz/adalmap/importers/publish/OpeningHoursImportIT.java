package kz.adalmap.importers.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.db.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer of service offices whose {@code opening_hours} attribute is read from a CSV: values in the
 * supported subset are kept as written (without blank space around them), the others are refused
 * with their row and a reason that shows the expected form.
 */
class OpeningHoursImportIT {

    @TempDir
    static Path dir;

    private static PgTarget db;
    private static LayerImporter importer;

    @BeforeAll
    static void database() throws Exception {
        db = TestDatabases.fresh("opening_hours_import");
        db.migrate();
        importer = LayerImporter.withGdal(64L * 1024 * 1024);
        Files.createDirectories(dir.resolve("work"));
        execute("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en, geometry_type, attribute_schema,
                                   key_attribute, style)
                VALUES ('offices', 'custom', 'ХҚКО', 'ЦОН', 'Service centres', 'point',
                        '[{"name": "office_no", "type": "text", "required": true,
                           "label_kk": "Нөмірі", "label_ru": "Номер", "label_en": "Number"},
                          {"name": "hours", "type": "opening_hours", "required": false,
                           "label_kk": "Жұмыс уақыты", "label_ru": "Часы работы", "label_en": "Opening hours"}]',
                        'office_no', '{"colour": "#2f6fdf"}')
                """);
    }

    /** Every problem these imports stored has its detail worded in Kazakh, Russian and English. */
    @org.junit.jupiter.api.AfterAll
    static void everyProblemIsWordedInEachLanguage() throws Exception {
        IssueDetails.assertWorded(db);
    }

    @Test
    void keepsHoursInTheSubsetAndRefusesTheOthersWithTheirRow() throws Exception {
        Path csv = dir.resolve("offices.csv");
        Files.writeString(
                csv,
                String.join(
                        "\r\n",
                        "WKT,Номер,Часы работы",
                        "POINT (71.43 51.13),1,Mo-Fr 09:00-18:00; Sa 10:00-14:00",
                        "POINT (71.44 51.13),2,\" 24/7 \"",
                        "POINT (71.45 51.13),3,\"Mo-Fr 09:00-13:00,14:00-18:00; PH off\"",
                        "POINT (71.46 51.13),4,Пн-Пт 9-18",
                        "POINT (71.47 51.13),5,Mo-Fr 09:00-18:00; Sa 10-14",
                        "POINT (71.48 51.13),6,",
                        ""),
                StandardCharsets.UTF_8);
        LayerImporter.Draft draft = importer.importFile(db, TestFiles.request("offices", csv, null, dir));
        assertThat(draft.accepted()).isEqualTo(4);
        assertThat(draft.issues())
                .extracting(i -> i.row() + " " + i.severity() + " " + i.code() + " " + i.message())
                .containsExactly(
                        "4 rejected bad_value the attribute hours (Opening hours): 'Пн-Пт 9-18' is not opening hours:"
                                + " the rule 'Пн-Пт 9-18': 'Пн-Пт 9-18' is not a time range HH:MM-HH:MM; expected"
                                + " opening hours such as 'Mo-Fr 09:00-18:00; Sa 10:00-14:00', breaks as"
                                + " 'Mo-Fr 09:00-13:00,14:00-18:00', closed days as 'Su off', '24/7', and 'PH off' to"
                                + " close on public holidays",
                        "5 rejected bad_value the attribute hours (Opening hours): 'Mo-Fr 09:00-18:00; Sa 10-14' is not"
                                + " opening hours: the rule 'Sa 10-14': '10-14' is not a time range HH:MM-HH:MM;"
                                + " expected opening hours such as 'Mo-Fr 09:00-18:00; Sa 10:00-14:00', breaks as"
                                + " 'Mo-Fr 09:00-13:00,14:00-18:00', closed days as 'Su off', '24/7', and 'PH off' to"
                                + " close on public holidays");
        assertThat(query("SELECT string_agg(feature_key || '=' || coalesce(attributes->>'hours', '-'), ' | '"
                        + " ORDER BY source_row) FROM layer_feature_snapshot WHERE layer_revision_id = "
                        + draft.revisionId()))
                .isEqualTo("1=Mo-Fr 09:00-18:00; Sa 10:00-14:00 | 2=24/7 | 3=Mo-Fr 09:00-13:00,14:00-18:00; PH off"
                        + " | 6=-");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String query(String sql) throws SQLException {
        return TestDatabases.value(db, sql);
    }
}
