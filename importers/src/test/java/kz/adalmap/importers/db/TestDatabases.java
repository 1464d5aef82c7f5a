package kz.adalmap.importers.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fresh databases for integration tests, one per test class, on the PostGIS that {@code ./adalmap test}
 * prepared ({@code ADALMAP_TEST_DB_URL}, user and password). Without that database the tests fail;
 * they never skip.
 */
public final class TestDatabases {

    private TestDatabases() {}

    /** The test server's base database, as the launcher configured it. */
    public static PgTarget base() {
        String url = System.getenv("ADALMAP_TEST_DB_URL");
        if (url == null || url.isBlank()) {
            url = System.getenv("ADALMAP_DB_URL");
        }
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("ADALMAP_TEST_DB_URL is not set: run the tests with ./adalmap test, "
                    + "which starts the local PostGIS and creates the test database");
        }
        return new PgTarget(
                url,
                env("ADALMAP_TEST_DB_USER", env("ADALMAP_DB_USER", "adalmap")),
                env("ADALMAP_TEST_DB_PASSWORD", env("ADALMAP_DB_PASSWORD", "adalmap")));
    }

    /**
     * Drops and creates database {@code adalmap_it_<name>} (with PostGIS, from the server's template)
     * and returns it, empty: no schema until someone migrates it. With {@code ADALMAP_TEST_DB_NAMESPACE}
     * set, the name is {@code adalmap_it_<namespace>_<name>}, so that test runs of several checkouts can
     * share one server without dropping each other's databases.
     */
    public static PgTarget fresh(String name) {
        if (!name.matches("[a-z0-9_]{1,40}")) {
            throw new IllegalArgumentException("test database name must be lower-case letters, digits, '_': " + name);
        }
        PgTarget base = base();
        String namespace = env("ADALMAP_TEST_DB_NAMESPACE", "");
        if (!namespace.matches("[a-z0-9]{0,12}")) {
            throw new IllegalArgumentException(
                    "ADALMAP_TEST_DB_NAMESPACE must be at most 12 lower-case letters or digits: " + namespace);
        }
        String database = "adalmap_it_" + (namespace.isEmpty() ? "" : namespace + "_") + name;
        try (Connection c = DriverManager.getConnection(base.jdbcUrl(), base.user(), base.password());
                Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot create test database " + database + " on " + base.jdbcUrl() + ": " + e.getMessage(), e);
        }
        String url = base.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        return new PgTarget(url, base.user(), base.password());
    }

    /** The first column of the first row {@code sql} gives in {@code target}, or null when it gives no row. */
    public static String value(PgTarget target, String sql) throws SQLException {
        try (Connection c = target.connect();
                Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Runs {@code sql}, one statement or several, in {@code target}. */
    public static void execute(PgTarget target, String sql) throws SQLException {
        try (Connection c = target.connect();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The text of migration {@code name} (its file name), as Flyway applies it. */
    public static String migration(String name) throws java.io.IOException {
        try (java.io.InputStream in =
                TestDatabases.class.getClassLoader().getResourceAsStream("db/migration/" + name)) {
            if (in == null) {
                throw new java.io.FileNotFoundException("no migration " + name + " on the class path");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
