package kz.adalmap.importers.publish;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import kz.adalmap.importers.db.PgTarget;

/**
 * The audit rows of a step on a layer that was refused (publishing a stale draft, a rollback another
 * layer's number blocks), written alike whoever asked: the API for its requests, the command line for
 * its commands. README's audit paragraph reads that a refused step is kept too, on the layer, with who
 * asked.
 */
public final class RefusedSteps {

    private RefusedSteps() {}

    /** The code of a step refused for the layer's state: its reason's, or {@code not_possible}. */
    public static String code(IllegalStateException e) {
        return e instanceof RefusedStepException refused ? refused.reason().code() : "not_possible";
    }

    /**
     * Keeps step {@code step} ({@code publish}, {@code rollback}, {@code title} …) of layer {@code
     * layerCode}, refused, in the audit log as {@code layer.<step>_refused}: who was refused, the {@code
     * revision} asked for (null: none), the refusal's {@code code} and its {@code message}. The step's own
     * transaction was rolled back: the row is written in one of its own, with the client's address the
     * target's sessions name ({@link PgTarget#forClient}: the API's), else none (the command line).
     */
    public static void record(
            PgTarget db, String actor, String step, String layerCode, Integer revision, String code, String message)
            throws SQLException {
        Map<String, Object> details = new LinkedHashMap<>();
        if (revision != null) {
            details.put("revision", revision);
        }
        details.put("code", code);
        details.put("message", String.valueOf(message));
        try (Connection c = db.connect()) {
            c.setAutoCommit(true);
            LayerImporter.audit(c, actor, "layer." + step + "_refused", layerCode, details);
        }
    }
}
