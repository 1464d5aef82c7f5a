package kz.adalmap.api;

import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.db.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points the application under test at a fresh database of its own, which Flyway migrates at start. */
public final class FreshDatabase {

    private FreshDatabase() {}

    public static void register(DynamicPropertyRegistry registry, String name) {
        PgTarget db = TestDatabases.fresh(name);
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
        // a few connections each: several test contexts stay cached side by side
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
    }
}
