package kz.adalmap.importers.db;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * A PostGIS database the importers write to, given as a JDBC URL
 * ({@code jdbc:postgresql://host:port/database}) with a user and password.
 *
 * <p>The same target is handed to GDAL, which gets host, port and database in its connection string
 * and the password through the environment, never on its command line.
 */
public record PgTarget(String jdbcUrl, String user, String password) {

    /** The default of the project-local cluster that {@code ./adalmap} starts. */
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:55432/adalmap";

    public PgTarget {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException(
                    "database URL must look like jdbc:postgresql://host:port/database, got: " + jdbcUrl);
        }
    }

    /** Reads {@code ADALMAP_DB_URL}, {@code ADALMAP_DB_USER} and {@code ADALMAP_DB_PASSWORD}, with the local defaults. */
    public static PgTarget fromEnvironment() {
        return new PgTarget(
                env("ADALMAP_DB_URL", DEFAULT_URL),
                env("ADALMAP_DB_USER", "adalmap"),
                env("ADALMAP_DB_PASSWORD", "adalmap"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("ApplicationName", "adalmap-importers");
        Connection c = DriverManager.getConnection(jdbcUrl, props);
        if (c.getMetaData().getDatabaseMajorVersion() >= 14) {
            // a statement of a process that died (a server killed mid-import) stops within seconds
            // instead of running on to its end, holding the layer's lock and every import after it
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("SET client_connection_check_interval = '5s'");
            }
        }
        return c;
    }

    /** The newest migration in {@code sql/}, as Flyway records its version. */
    static final String LATEST_MIGRATION = "134";

    /**
     * Migrates the database unless it is already at {@link #LATEST_MIGRATION}: one query instead of
     * Flyway's start and validation, most of a second, before every command.
     */
    public void migrateIfBehind() {
        try (Connection c = connect();
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("""
                        SELECT version FROM flyway_schema_history WHERE success
                        ORDER BY installed_rank DESC LIMIT 1
                        """)) {
            if (rs.next() && LATEST_MIGRATION.equals(rs.getString(1))) {
                return;
            }
        } catch (SQLException e) {
            // no history yet: a new database
        }
        migrate();
    }

    /**
     * Applies the schema migrations of the {@code sql} module; a no-op when the schema is current. A
     * migration numbered below one already applied (written on a branch beside another, and merged
     * after it) is applied too: each migration stands on its own, and a database migrated in
     * between would otherwise refuse every later start.
     */
    public void migrate() {
        Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration")
                .outOfOrder(true)
                .load()
                .migrate();
    }

    /**
     * This target, its sessions naming {@code address} as the client the work is done for (the setting
     * {@code adalmap.client_ip}, which the audit log records); the same target when {@code address} is
     * null or not an IP address.
     */
    public PgTarget forClient(String address) {
        if (address == null || !address.matches("[0-9A-Fa-f:.]{2,45}")) {
            return this;
        }
        String option = "options=-c%20adalmap.client_ip%3D" + address.replace(":", "%3A");
        return new PgTarget(jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + option, user, password);
    }

    /** Host, port and database for GDAL's PostgreSQL driver ({@code PG:…}); the password goes in {@link #gdalEnvironment()}. */
    public String gdalConnectionString() {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        return "PG:host=" + host + " port=" + port + " dbname=" + database + " user=" + user;
    }

    /** Environment for a GDAL process writing to this target. */
    public Map<String, String> gdalEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGPASSWORD", password);
        env.put("PGAPPNAME", "adalmap-importers");
        return env;
    }
}
