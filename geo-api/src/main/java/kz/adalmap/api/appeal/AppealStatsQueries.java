package kz.adalmap.api.appeal;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of the public statistics of appeals. Unlike every other public query it reads the table, not the
 * view {@code public_appeal}: corruption signals are counted though never shown. It answers counts
 * and shares only, never a tracking code, a text or a place, so no single appeal can be read from it.
 * PostgreSQL builds the whole JSON in one statement, so all figures come from one snapshot.
 */
@Repository
class AppealStatsQueries {

    // the appeals of the period; overdue as the view computes it, so that the filter reads the same column
    private static final String STATS = """
            WITH f AS (
                SELECT * FROM (SELECT a.id, a.category, a.status, a.agency_id, a.region_id, a.created_at,
                                      a.due_date, a.first_answered_at,
                                      appeal_overdue(a.status, a.due_date, a.first_answered_at) AS overdue
                               FROM appeal a) a
                WHERE true %s),
            per_agency AS (
                SELECT f.agency_id,
                       count(*) AS appeals,
                       -- whose deadline has come: answered, or unanswered past the due date
                       count(*) FILTER (WHERE f.status NOT IN ('rejected', 'merged')
                                          AND (f.first_answered_at IS NOT NULL
                                               OR f.due_date < (now() AT TIME ZONE INTERVAL '+05:00')::date))
                           AS due,
                       count(*) FILTER (WHERE f.status NOT IN ('rejected', 'merged')
                                          AND f.first_answered_at IS NOT NULL AND NOT f.overdue) AS on_time
                FROM f
                WHERE f.agency_id IS NOT NULL
                GROUP BY f.agency_id),
            ranked AS (
                SELECT g.code, g.name_kk, g.name_ru, g.name_en, p.appeals, p.due, p.on_time,
                       round(p.on_time::numeric / nullif(p.due, 0), 4) AS share
                FROM per_agency p JOIN agency g ON g.id = p.agency_id
                WHERE p.appeals >= :minAppeals)
            SELECT json_build_object(
                'total', (SELECT count(*) FROM f),
                'by_category', (
                    SELECT json_agg(json_build_object(
                               'code', c.code, 'name_kk', c.name_kk, 'name_ru', c.name_ru, 'name_en', c.name_en,
                               'is_public', c.is_public,
                               'count', (SELECT count(*) FROM f WHERE f.category = c.code))
                           ORDER BY c.position)
                    FROM appeal_category c),
                'by_status', (
                    SELECT json_agg(json_build_object('status', s.status,
                                                      'count', (SELECT count(*) FROM f WHERE f.status = s.status))
                           ORDER BY s.n)
                    FROM unnest(CAST(:statuses AS text[])) WITH ORDINALITY AS s(status, n)),
                'by_region', coalesce((
                    SELECT json_agg(json_build_object(
                               'kato_code', r.kato_code, 'name_kk', r.name_kk, 'name_ru', r.name_ru,
                               'name_en', r.name_en, 'count', x.n)
                           ORDER BY x.n DESC, r.kato_code)
                    FROM (SELECT f.region_id, count(*) AS n FROM f GROUP BY f.region_id) x
                    JOIN region r ON r.id = x.region_id), '[]'::json),
                'without_region', (SELECT count(*) FROM f WHERE f.region_id IS NULL),
                'by_agency', coalesce((
                    SELECT json_agg(json_build_object(
                               'code', g.code, 'name_kk', g.name_kk, 'name_ru', g.name_ru, 'name_en', g.name_en,
                               'count', p.appeals)
                           ORDER BY p.appeals DESC, g.code)
                    FROM per_agency p JOIN agency g ON g.id = p.agency_id), '[]'::json),
                'without_agency', (SELECT count(*) FROM f WHERE f.agency_id IS NULL),
                'resolved', (
                    SELECT json_build_object(
                               'definition', 'appeals resolved ÷ closed appeals (answered, resolved or rejected);'
                                             || ' merged duplicates are not counted',
                               'resolved', count(*) FILTER (WHERE f.status = 'resolved'),
                               'closed', count(*),
                               'share', round(count(*) FILTER (WHERE f.status = 'resolved')::numeric
                                              / nullif(count(*), 0), 4))
                    FROM f WHERE f.status IN ('answered', 'resolved', 'rejected')),
                'first_answer', (
                    SELECT json_build_object(
                               'definition', 'median time from submission to the first answer, in calendar days,'
                                             || ' over the appeals answered',
                               'unit', 'calendar_days',
                               'answered', count(*),
                               'median_days', round(CAST(percentile_cont(0.5) WITHIN GROUP (
                                   ORDER BY extract(epoch FROM f.first_answered_at - f.created_at) / 86400)
                                   AS numeric), 1))
                    FROM f WHERE f.first_answered_at IS NOT NULL),
                'overdue', (
                    SELECT json_build_object(
                               'definition', 'appeals answered after their due date or unanswered past it'
                                             || ' ÷ appeals not rejected or merged',
                               'overdue', count(*) FILTER (WHERE f.overdue),
                               'counted', count(*),
                               'share', round(count(*) FILTER (WHERE f.overdue)::numeric / nullif(count(*), 0), 4))
                    FROM f WHERE f.status NOT IN ('rejected', 'merged')),
                'ranking', json_build_object(
                    'definition', 'appeals first answered by their due date ÷ appeals whose due date has come'
                                  || ' (answered, or unanswered past the due date); only agencies with at least'
                                  || ' min_appeals appeals in the period',
                    'min_appeals', :minAppeals,
                    'left_out', (SELECT count(*) FROM per_agency p WHERE p.appeals < :minAppeals),
                    'agencies', coalesce((
                        SELECT json_agg(json_build_object(
                                   'code', k.code, 'name_kk', k.name_kk, 'name_ru', k.name_ru,
                                   'name_en', k.name_en, 'appeals', k.appeals, 'due', k.due,
                                   'on_time', k.on_time, 'share', k.share)
                               ORDER BY k.share DESC NULLS LAST, k.appeals DESC, k.code)
                        FROM ranked k), '[]'::json)))::text
            """;

    private final JdbcClient jdbc;

    AppealStatsQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The statistics of every appeal (all categories and statuses) matching {@code filter}, as JSON. */
    String stats(PublicAppealFilter filter, int rankingMinAppeals) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("minAppeals", rankingMinAppeals)
                .addValue("statuses", PublicAppealFilter.STATUSES.toArray(String[]::new));
        String sql = STATS.formatted(filter.conditions(params));
        return jdbc.sql(sql).paramSource(params).query(String.class).single();
    }
}
