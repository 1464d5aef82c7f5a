package kz.adalmap.api.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import kz.adalmap.api.audit.AuditLog;
import kz.adalmap.api.common.web.InvalidParameterException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Administrators issue and revoke the API tokens of messenger bots that submit appeals for citizens
 * ({@code /api/v1/admin/api-tokens}). A token is shown once, when it is issued; only its SHA-256 is kept.
 */
@RestController
@RequestMapping("/api/v1/admin/api-tokens")
class ApiTokenAdminController {

    private static final String INSERT = """
            INSERT INTO api_token (name, token_sha256) VALUES (:name, :hash)
            ON CONFLICT (name) DO NOTHING
            RETURNING id
            """;
    private static final String LIST = """
            SELECT coalesce(json_agg(json_build_object('id', id, 'name', name, 'channel', channel,
                                                       'created_at', created_at, 'revoked_at', revoked_at)
                                     ORDER BY id), '[]'::json)::text
            FROM api_token
            """;
    private static final String REVOKE = """
            UPDATE api_token SET revoked_at = coalesce(revoked_at, now()) WHERE id = :id RETURNING name
            """;

    private final SecureRandom random = new SecureRandom();
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final JsonMapper json;

    ApiTokenAdminController(JdbcClient jdbc, AuditLog audit, JsonMapper json) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.json = json;
    }

    /** {@code {"name": "telegram bot"}} → 201 with {@code id}, {@code name}, {@code channel} and the {@code token}. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Transactional
    ResponseEntity<String> issue(@AuthenticationPrincipal StaffUser admin, @RequestBody JsonNode body) {
        JsonNode nameNode = body == null ? null : body.get("name");
        if (nameNode == null || !nameNode.isString() || nameNode.asString().isBlank()) {
            throw InvalidParameterException.of("name", "required: what the token is for, such as 'telegram bot'");
        }
        String name = nameNode.asString().strip();
        if (name.length() > 200) {
            throw InvalidParameterException.of("name", "is longer than 200 characters");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Integer id = jdbc.sql(INSERT)
                .param("name", name)
                .param("hash", sha256Hex(token))
                .query(Integer.class)
                .optional()
                .orElseThrow(() -> InvalidParameterException.of("name", "a token with this name exists already"));
        audit.record(admin.getUsername(), "api_token.issue", "api_token", String.valueOf(id), Map.of("name", name));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("name", name);
        answer.put("channel", "messenger");
        answer.put("token", token);
        answer.put("note", "Keep this token: it is not shown again. Send it as Authorization: Bearer <token>.");
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/admin/api-tokens/" + id))
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(json.writeValueAsString(answer));
    }

    /** Every token's id, name, channel and dates; never the token. */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    String list() {
        return jdbc.sql(LIST).query(String.class).single();
    }

    /** Revokes the token: bots with it are refused from now on. Revoking twice keeps the first time. */
    @DeleteMapping("/{id}")
    @Transactional
    ResponseEntity<Void> revoke(@AuthenticationPrincipal StaffUser admin, @PathVariable int id) {
        String name = jdbc.sql(REVOKE)
                .param("id", id)
                .query(String.class)
                .optional()
                .orElseThrow(() -> ApiTokenNotFoundException.forId(id));
        audit.record(admin.getUsername(), "api_token.revoke", "api_token", String.valueOf(id), Map.of("name", name));
        return ResponseEntity.noContent().build();
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
