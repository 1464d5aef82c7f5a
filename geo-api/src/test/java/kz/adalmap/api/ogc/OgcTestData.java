package kz.adalmap.api.ogc;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The rows the OGC API tests read: plots, networks, appeals with a reporter's personal data, regions. */
final class OgcTestData {

    private OgcTestData() {}

    /**
     * Two regions with a geometry and one without; 70 current plots (a 10 × 7 grid of 0.008° squares
     * from 71.3°E 51.05°N) and 3 retired ones; 25 networks near Astana, 3 at the antimeridian and one at
     * 0°E; three appeals like the privacy test's (the third a corruption signal) and ten public appeals
     * submitted a day apart from 2026-01-01, every one with the reporter's contact.
     */
    static void seed(JdbcClient jdbc, String name, String phone, String iin, String email) {
        jdbc.sql("""
                INSERT INTO region (kato_code, iso_code, name_kk, name_ru, name_en, geom) VALUES
                 ('710000000', 'KZ-AST', 'Астана', 'Астана', 'Astana', ST_Multi(ST_MakeEnvelope(71.2, 51.0, 71.7, 51.3, 4326))),
                 ('750000000', 'KZ-ALA', 'Алматы', 'Алматы', 'Almaty', ST_Multi(ST_MakeEnvelope(76.7, 43.1, 77.2, 43.4, 4326))),
                 ('790000000', 'KZ-SHY', 'Шымкент', 'Шымкент', 'Shymkent', NULL)
                """).update();
        jdbc.sql("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en) VALUES
                 ('ogc-plots', 'plots', 'Учаскелер', 'Участки', 'Plots'),
                 ('ogc-networks', 'networks', 'Желілер', 'Сети', 'Networks')
                """).update();
        jdbc.sql("""
                INSERT INTO layer_revision (layer_id, number, state, created_by, published_at)
                SELECT id, 1, 'published', 'test', now() FROM layer
                """).update();
        jdbc.sql("""
                INSERT INTO land_plot (cadastral_number, geom, area_declared_ha, land_category, status, address,
                                       region_id, layer_revision_id)
                SELECT format('21-320-%s-%s', lpad(i::text, 3, '0'), lpad(j::text, 3, '0')),
                       ST_Multi(ST_MakeEnvelope(71.3 + i * 0.01, 51.05 + j * 0.01, 71.308 + i * 0.01, 51.058 + j * 0.01, 4326)),
                       40.0, 'settlement',
                       (ARRAY['free', 'allocated', 'auction_scheduled', 'in_application', 'withdrawn'])[1 + (i + j) % 5],
                       'ул. Кенесары, ' || (i * 7 + j),
                       (SELECT id FROM region WHERE kato_code = '710000000'),
                       (SELECT r.id FROM layer_revision r JOIN layer l ON l.id = r.layer_id WHERE l.code = 'ogc-plots')
                FROM generate_series(0, 9) i, generate_series(0, 6) j
                ORDER BY i, j
                """).update();
        jdbc.sql("""
                INSERT INTO land_plot (cadastral_number, geom, land_category, status, layer_revision_id, retired_revision_id)
                SELECT format('21-999-000-%s', lpad(k::text, 3, '0')),
                       ST_Multi(ST_MakeEnvelope(71.301 + k * 0.01, 51.051, 71.306 + k * 0.01, 51.056, 4326)),
                       'settlement', 'free', r.id, r.id
                FROM generate_series(1, 3) k,
                     (SELECT r.id FROM layer_revision r JOIN layer l ON l.id = r.layer_id WHERE l.code = 'ogc-plots') r
                """).update();
        jdbc.sql("""
                INSERT INTO network (kind, geom, name, capacity, free_capacity, layer_revision_id)
                SELECT (ARRAY['power', 'gas', 'water', 'sewerage', 'heating'])[1 + k % 5],
                       CASE WHEN k <= 20
                            THEN ST_MakeLine(ST_MakePoint(71.3 + k * 0.005, 51.04), ST_MakePoint(71.3 + k * 0.005, 51.13))
                            ELSE ST_MakePoint(71.31 + k * 0.001, 51.045) END,
                       'line ' || k, 100, 40,
                       (SELECT r.id FROM layer_revision r JOIN layer l ON l.id = r.layer_id WHERE l.code = 'ogc-networks')
                FROM generate_series(1, 25) k
                ORDER BY k
                """).update();
        jdbc.sql("""
                INSERT INTO network (kind, geom, name, layer_revision_id)
                SELECT 'telecom', ST_SetSRID(g, 4326), 'far ' || n,
                       (SELECT r.id FROM layer_revision r JOIN layer l ON l.id = r.layer_id WHERE l.code = 'ogc-networks')
                FROM (VALUES (1, ST_MakePoint(179.5, 65)),
                             (2, ST_MakePoint(-179.5, 65.2)),
                             (3, ST_MakeLine(ST_MakePoint(179.2, 64.5), ST_MakePoint(179.8, 64.6))),
                             (4, ST_MakePoint(0, 65))) v (n, g)
                ORDER BY n
                """).update();
        appeal(
                jdbc,
                "AM-TEST-0001",
                "roads",
                "Яма на дороге у дома 5. Звоните " + phone + " или 87015551234, ИИН " + iin + ", почта " + email,
                false,
                null);
        appeal(
                jdbc,
                "AM-TEST-0002",
                "housing",
                "Протекает крыша, " + name + " просит не публиковать текст",
                true,
                null);
        appeal(jdbc, "AM-TEST-0003", "corruption", "Сигнал о взятке при выделении участка", false, null);
        for (int i = 0; i < 10; i++) {
            appeal(
                    jdbc,
                    String.format("AM-OGC0-%04d", i),
                    "utilities",
                    "Нет горячей воды, подъезд " + i,
                    false,
                    String.format("2026-01-%02dT00:00:00Z", i + 1));
        }
        jdbc.sql("""
                INSERT INTO appeal_contact (appeal_id, full_name, phone, email, iin)
                SELECT id, :name, :phone, :email, :iin FROM appeal
                """)
                .param("name", name)
                .param("phone", phone)
                .param("email", email)
                .param("iin", iin)
                .update();
    }

    private static void appeal(
            JdbcClient jdbc, String code, String category, String text, boolean textPrivate, String createdAt) {
        jdbc.sql("""
                INSERT INTO appeal (tracking_code, category, text, text_private, geom, due_date, created_at)
                VALUES (:code, :category, :text, :private, ST_SetSRID(ST_MakePoint(71.43, 51.13), 4326), current_date - 1,
                        coalesce(CAST(:createdAt AS timestamptz), now()))
                """)
                .param("code", code)
                .param("category", category)
                .param("text", text)
                .param("private", textPrivate)
                .param("createdAt", createdAt)
                .update();
    }
}
