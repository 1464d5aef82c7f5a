package kz.adalmap.api.audit;

import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends to the audit log: who did what to which entity, and from which address ({@code client_ip}).
 * The table refuses updates and deletes.
 */
@Component
public class AuditLog {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Records an action in the caller's transaction, so it is kept exactly when the action is, with the
     * address of the request being answered ({@link #clientAddress}; none outside a request).
     *
     * @param details small facts about the action; never personal data of citizens
     */
    public void record(String actor, String action, String entityType, String entityId, Map<String, ?> details) {
        jdbc.sql("""
                        INSERT INTO audit_log (actor, action, entity_type, entity_id, details, client_ip)
                        VALUES (:actor, :action, :entityType, :entityId, CAST(:details AS jsonb),
                                CAST(:clientIp AS inet))
                        """)
                .param("actor", actor)
                .param("action", action)
                .param("entityType", entityType)
                .param("entityId", entityId)
                .param("details", json.writeValueAsString(details))
                .param("clientIp", clientAddress())
                .update();
    }

    /**
     * The address of the client of the request this thread answers, null outside a request. Behind a
     * load balancer it is the address the balancer forwards ({@code X-Forwarded-For}, trusted through
     * {@code server.forward-headers-strategy}, as for the origin of a change and the rate limits); only an
     * IP address is returned, never anything else a header held.
     */
    public static String clientAddress() {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request)) {
            return null;
        }
        String address = request.getRequest().getRemoteAddr();
        return address != null && address.matches("[0-9A-Fa-f:.]{2,45}") ? address : null;
    }
}
