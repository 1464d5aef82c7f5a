package kz.adalmap.importers.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.db.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * The index of a file's outlines, built in the import's transaction after validation updated rows
 * (repairs, rejections), is used by that transaction: PostgreSQL keeps an index built over rows
 * updated on their page from the transaction that built it, and every feature was then compared
 * with every other one.
 */
class OutlineIndexIT {

    @Test
    void theIndexOfOutlinesIsUsedByTheTransactionThatBuiltItAfterRowsWereUpdated() throws Exception {
        PgTarget db = TestDatabases.fresh("outline_index");
        db.migrate();
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("""
                    CREATE TEMP TABLE import_mapped (source_row bigint PRIMARY KEY, geom geometry,
                                                     rejected boolean NOT NULL DEFAULT false, area float8,
                                                     address text)
                    ON COMMIT DROP
                    """);
            // 5,000 plots in rows near Oskemen, as validation has them
            st.execute("""
                    INSERT INTO import_mapped (source_row, geom, area, address)
                    SELECT i, ST_MakeEnvelope(82.6 + (i % 100) * 0.0006, 49.95 + (i / 100) * 0.0005,
                                              82.6004 + (i % 100) * 0.0006, 49.9503 + (i / 100) * 0.0005, 4326), 1e-7,
                           'г. Усть-Каменогорск, ул. Абая, ' || repeat('д', i % 150)
                    FROM generate_series(1, 5000) i
                    """);
            // a few rejected, then measured, as the checks before the index do: the second update of a row
            // finds room beside the version the first wrote at the table's end, and stays on its page
            st.execute("UPDATE import_mapped SET rejected = true WHERE source_row % 97 = 0");
            st.execute("UPDATE import_mapped SET area = area * 1.0001 WHERE source_row % 97 = 0");
            // the case: an index simply built here is one this transaction may not use
            st.execute("CREATE INDEX probe ON import_mapped USING gist (geom)");
            assertThat(one(st, "SELECT indcheckxmin FROM pg_index WHERE indexrelid = 'probe'::regclass"))
                    .as("an index built over rows updated on their page")
                    .isEqualTo("t");
            st.execute("DROP INDEX probe");

            PlotValidation.outlineIndex(c);
            st.execute("ANALYZE import_mapped");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = st.executeQuery("""
                    EXPLAIN SELECT count(*) FROM import_mapped a JOIN import_mapped b
                    ON a.geom && b.geom AND a.source_row <> b.source_row WHERE NOT a.rejected AND NOT b.rejected
                    """)) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).contains("import_mapped_geom_idx");
            // the table written anew holds every row as it was
            assertThat(one(st, "SELECT count(*) || ' ' || count(*) FILTER (WHERE rejected) FROM import_mapped"))
                    .isEqualTo("5000 51");
            c.rollback();
        }
    }

    private static String one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
