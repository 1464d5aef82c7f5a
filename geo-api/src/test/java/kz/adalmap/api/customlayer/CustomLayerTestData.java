package kz.adalmap.api.customlayer;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A public custom layer of open-budget objects, an internal one and a built-in plot layer, written with
 * SQL as the definitions API and the imports would leave them.
 */
public final class CustomLayerTestData {

    /** The tile the first 28 objects lie in; its z10 parent is 10/746/347. */
    public static final String Z14 = "14/11951/5560";

    public static final String SCHEMA = """
            [{"name": "name", "type": "text", "label_kk": "Атауы", "label_ru": "Название", "label_en": "Name", "required": true},
             {"name": "status", "type": "enum", "label_kk": "Күйі", "label_ru": "Состояние", "label_en": "Status",
              "values": [{"value": "planned", "label_kk": "Жоспарда", "label_ru": "Запланирован", "label_en": "Planned"},
                         {"value": "building", "label_kk": "Салынуда", "label_ru": "Строится", "label_en": "Being built"},
                         {"value": "done", "label_kk": "Дайын", "label_ru": "Готов", "label_en": "Done"}]},
             {"name": "amount_allocated", "type": "number", "label_kk": "Бөлінген", "label_ru": "Выделено", "label_en": "Allocated"},
             {"name": "amount_spent", "type": "number", "label_kk": "Игерілген", "label_ru": "Освоено", "label_en": "Spent"},
             {"name": "year", "type": "integer", "label_kk": "Жылы", "label_ru": "Год", "label_en": "Year"},
             {"name": "accessible", "type": "boolean", "label_kk": "Қолжетімді", "label_ru": "Доступен", "label_en": "Accessible"},
             {"name": "start_date", "type": "date", "label_kk": "Басталуы", "label_ru": "Начало", "label_en": "Start"}]
            """;

    public static final String STYLE = """
            {"by": "status", "colours": {"planned": "#d62728", "building": "#ff7f0e", "done": "#2ca02c"}, "default": "#777777"}
            """;

    /** The name of object 7: markup that must stay text. */
    public static final String HOSTILE = "<img src=x onerror=\"window.pwned=1\">";

    private CustomLayerTestData() {}

    /**
     * Layer {@code budget}: 30 points, objects 1–28 inside tile {@link #Z14} (Oskemen), 29 and 30 in Almaty; object
     * {@code i} has status planned/building/done by {@code i % 3}, allocated {@code i × 1000.5}, spent
     * {@code i × 100} (object 28 has none), year {@code 2020 + i % 5}, accessible when {@code i} is even,
     * start date 2026-01-{@code i}, and {@code extra.internal_note} EXTRA-SECRET-{@code i}. Layer
     * {@code hidden-audit}: internal, one point. Layer {@code test-plots}: built-in, no plots.
     */
    public static void seed(JdbcClient jdbc) {
        jdbc.sql("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en, description_kk, description_ru, description_en,
                                   geometry_type, attribute_schema, key_attribute, style, is_public) VALUES
                 ('budget', 'custom', 'Бюджет нысандары', 'Объекты бюджета', 'Budget objects',
                  'Ашық бюджет', 'Открытый бюджет', 'Open budget', 'point', CAST(:schema AS jsonb), 'name',
                  CAST(:style AS jsonb), true),
                 ('hidden-audit', 'custom', 'Ішкі', 'Внутренний', 'Internal', NULL, NULL, NULL, 'point',
                  CAST(:schema AS jsonb), NULL, '{"colour": "#000000"}', false)
                """).param("schema", SCHEMA).param("style", STYLE).update();
        jdbc.sql("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en) VALUES ('test-plots', 'plots', 'Учаскелер', 'Участки', 'Plots')
                """).update();
        jdbc.sql("""
                INSERT INTO layer_revision (layer_id, number, state, created_by, published_at)
                SELECT id, 1, 'published', 'test', now() FROM layer
                """).update();
        jdbc.sql("""
                INSERT INTO layer_feature (layer_id, feature_key, geom, attributes, extra, layer_revision_id)
                SELECT l.id, 'k' || i,
                       CASE WHEN i <= 28
                            THEN ST_Transform(ST_SetSRID(ST_MakePoint(
                                     ST_XMin(e) + (ST_XMax(e) - ST_XMin(e)) * (0.05 + 0.03 * i),
                                     ST_YMin(e) + (ST_YMax(e) - ST_YMin(e)) * (0.1 + 0.025 * i)), 3857), 4326)
                            ELSE ST_SetSRID(ST_MakePoint(76.9 + i * 0.001, 43.2), 4326) END,
                       jsonb_build_object(
                           'name', CASE WHEN i = 7 THEN :hostile ELSE 'Объект ' || i END,
                           'status', (ARRAY['planned', 'building', 'done'])[1 + i % 3],
                           'amount_allocated', i * 1000.5,
                           'amount_spent', i * 100,
                           'year', 2020 + i % 5,
                           'accessible', i % 2 = 0,
                           'start_date', '2026-01-' || lpad(i::text, 2, '0'))
                         - CASE WHEN i = 28 THEN 'amount_spent' ELSE '' END,
                       jsonb_build_object('internal_note', 'EXTRA-SECRET-' || i),
                       r.id
                FROM generate_series(1, 30) i,
                     (SELECT ST_TileEnvelope(14, 11951, 5560) AS e) t,
                     layer l JOIN layer_revision r ON r.layer_id = l.id
                WHERE l.code = 'budget'
                """).param("hostile", HOSTILE).update();
        jdbc.sql("""
                INSERT INTO layer_feature (layer_id, feature_key, geom, attributes, layer_revision_id)
                SELECT l.id, 'x', ST_SetSRID(ST_MakePoint(71.43, 51.13), 4326),
                       '{"name": "INTERNAL-ONLY", "status": "done"}', r.id
                FROM layer l JOIN layer_revision r ON r.layer_id = l.id
                WHERE l.code = 'hidden-audit'
                """).update();
    }
}
