package kz.adalmap.importers.publish;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import kz.adalmap.importers.report.Detail;

/**
 * Regions as an import report names them: in Kazakh and Russian by their names in that language,
 * an oblast with its word («Шығыс Қазақстан облысы», «Восточно-Казахстанская область», which the
 * table leaves out) and a city as the table has it; in English as each message always did. The
 * names stand in the nominative, and the sentences around them are written for that.
 */
final class RegionNames {

    /** SQL over {@code region}: an oblast's Russian name is an adjective («Восточно-Казахстанская»). */
    private static final String OBLAST = "name_ru LIKE '%ая'";

    /**
     * The names of the regions {@code where} (SQL over {@code region}), ordered by {@code english}:
     * the SQL text over {@code region} the English message gives.
     */
    static List<Detail.Names> of(Connection c, String english, String where) throws SQLException {
        return of(c, english, where, "english, id");
    }

    private static List<Detail.Names> of(Connection c, String english, String where, String order) throws SQLException {
        List<Detail.Names> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT CASE WHEN " + OBLAST + " THEN name_kk || ' облысы'"
                        + " ELSE regexp_replace(name_kk, ' \\(қала\\)$', ' қаласы') END,"
                        + " CASE WHEN " + OBLAST + " THEN name_ru || ' область' ELSE name_ru END, "
                        + english + " AS english FROM region WHERE " + where + " ORDER BY " + order)) {
            while (rs.next()) {
                out.add(new Detail.Names(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    /** The first region {@code where} by its id, or null when there is none. */
    static Detail.Names first(Connection c, String english, String where) throws SQLException {
        List<Detail.Names> found = of(c, english, where, "id");
        return found.isEmpty() ? null : found.get(0);
    }

    private RegionNames() {}
}
