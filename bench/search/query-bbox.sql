-- The statement GET /api/v1/plots/search runs for the plain request of the benchmark: a box of about
-- 1.1 × 1.1 km in central Oskemen holding 554 plots, no other filter, sort=id, LIMIT 500 + 1; the
-- request's values written in place of the bound parameters (see query.sql for the filtered one).
SELECT p.id, (p.id)::text AS sort_key,
       json_build_object('type', 'Feature', 'id', p.id,
                         'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(p.geom), 7)::json,
                         'properties', json_build_object(
            'cadastral_number', p.cadastral_number,
            'status', p.status,
            'land_category', p.land_category,
            'area_declared_ha', p.area_declared_ha,
            'area_ha', round((ST_Area(p.geom::geography) / 10000)::numeric, 4),
            'intended_purpose_kk', p.intended_purpose_kk,
            'intended_purpose_ru', p.intended_purpose_ru,
            'permitted_use', p.permitted_use,
            'right_type', p.right_type,
            'divisible', p.divisible,
            'address', p.address,
            'region_kato', r.kato_code,
            'region_name_kk', r.name_kk,
            'region_name_ru', r.name_ru,
            'region_name_en', r.name_en,
            'district_kato', d.kato_code,
            'district_name_kk', d.name_kk,
            'district_name_ru', d.name_ru,
            'district_name_en', d.name_en,
            'auction_date', p.auction_date,
            'starting_price_kzt', p.starting_price_kzt,
            'layer_revision_id', p.layer_revision_id,
            'updated_at', p.updated_at,
            'status_since', s.status_since,
            'nearest_networks_m', (SELECT json_object_agg(w.kind, round(w.distance_m::numeric, 1) ORDER BY w.kind)
                                   FROM plot_network_distance w WHERE w.plot_id = p.id)))::text AS feature
FROM land_plot p
LEFT JOIN region r ON r.id = p.region_id
LEFT JOIN district d ON d.id = p.district_id
CROSS JOIN LATERAL (SELECT coalesce(max(h.changed_at), p.created_at) AS status_since
                    FROM plot_status_change h WHERE h.plot_id = p.id) s
WHERE p.retired_revision_id IS NULL
  AND ST_Intersects(p.geom, ST_MakeEnvelope(82.607, 49.9438, 82.623, 49.9542, 4326))
ORDER BY p.id, p.id
LIMIT 501;
