package kz.adalmap.api.audit;

import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Appends to the audit log: who did what to which entity. The table refuses updates and deletes. */
@Component
public class AuditLog {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Records an action in the caller's transaction, so it is kept exactly when the action is.
     *
     * @param details small facts about the action; never personal data of citizens
     */
    public void record(String actor, String action, String entityType, String entityId, Map<String, ?> details) {
        jdbc.sql("""
                        INSERT INTO audit_log (actor, action, entity_type, entity_id, details)
                        VALUES (:actor, :action, :entityType, :entityId, CAST(:details AS jsonb))
                        """)
                .param("actor", actor)
                .param("action", action)
                .param("entityType", entityType)
                .param("entityId", entityId)
                .param("details", json.writeValueAsString(details))
                .update();
    }
}
