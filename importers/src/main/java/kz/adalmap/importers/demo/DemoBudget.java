package kz.adalmap.importers.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A participatory-budget cycle for the demo: in the district that holds the most demo plots, a cycle in
 * its voting phase with a few reviewed proposals placed inside the district, so that the budget page has
 * something to vote on. Added only while there is no cycle at all, so a repeated run and real cycles are
 * left alone; nothing is added when no district boundary holds a plot.
 */
final class DemoBudget {

    // Kazakhstan's calendar day (UTC+5), as the application decides phases
    private static final String TODAY = "((now() AT TIME ZONE 'UTC') + interval '5 hours')::date";
    private static final String DISTRICT = """
            SELECT p.district_id FROM land_plot p JOIN district d ON d.id = p.district_id
            WHERE p.retired_revision_id IS NULL AND d.geom IS NOT NULL
            GROUP BY p.district_id ORDER BY count(*) DESC, p.district_id LIMIT 1
            """;
    private static final String CYCLE = "INSERT INTO budget_cycle (district_id, year, cap_tenge, max_choices,"
            + " proposals_start, review_start, voting_start, implementation_start, implementation_end)"
            + " SELECT ?, extract(year FROM t)::int, 150000000, 2, t - 30, t - 15, t - 3, t + 11, t + 200"
            + " FROM (SELECT " + TODAY + " AS t) today RETURNING id";
    // one seeded random point inside the district for each proposal, the same on every run
    private static final String PROPOSALS = """
            INSERT INTO budget_proposal (cycle_id, geom, title, description, cost_tenge, status, review_reason,
                                         reviewed_by, reviewed_at)
            SELECT c.id, ST_GeometryN(ST_GeneratePoints(d.geom, 1, v.seed), 1), v.title, v.description, v.cost,
                   v.status, v.reason, 'demo', now()
            FROM budget_cycle c JOIN district d ON d.id = c.district_id
            CROSS JOIN (VALUES
                (1, 'Детская площадка во дворе', 'Горка, качели и мягкое покрытие для детей до 12 лет.',
                 45000000, 'accepted', NULL),
                (2, 'Освещение аллеи', 'Двадцать светодиодных фонарей вдоль пешеходной аллеи.',
                 60000000, 'accepted', NULL),
                (3, 'Велодорожка до школы', 'Выделенная велодорожка длиной 1,2 км до школы.',
                 80000000, 'accepted', NULL),
                (4, 'Скамейки и урны у остановок', 'Десять остановок: скамейки с навесом и урны.',
                 15000000, 'accepted', NULL),
                (5, 'Фонтан на площади', 'Новый фонтан с подсветкой.',
                 140000000, 'rejected', 'Площадь — собственность города, а не района; проект передан в акимат города.'))
                AS v (seed, title, description, cost, status, reason)
            WHERE c.id = ?
            """;

    private DemoBudget() {}

    /** Adds the demo cycle unless a cycle exists; returns the proposals added. */
    static int loadIfEmpty(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet any = st.executeQuery("SELECT EXISTS (SELECT 1 FROM budget_cycle)")) {
            any.next();
            if (any.getBoolean(1)) {
                return 0;
            }
        }
        int district;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(DISTRICT)) {
            if (!rs.next()) {
                return 0;
            }
            district = rs.getInt(1);
        }
        int cycle;
        try (PreparedStatement ps = c.prepareStatement(CYCLE)) {
            ps.setInt(1, district);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                cycle = rs.getInt(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(PROPOSALS)) {
            ps.setInt(1, cycle);
            return ps.executeUpdate();
        }
    }
}
