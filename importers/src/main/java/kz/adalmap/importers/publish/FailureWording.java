package kz.adalmap.importers.publish;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a failure's English message says, as the key of a sentence and the values it names, so that a
 * reader's page words it in its own language (the editor's {@code failureDetail.<key>}) without reading
 * the English: carried as the cause of the failure it words, whose kind ({@code SourceProblem}) and
 * message stay as they are. Read with {@link ImportProblems#detail}.
 */
public final class FailureWording extends RuntimeException {

    /** The code the file's own numbers are in, which the file or the editor should give instead: {@code code}. */
    static final String TRY_CODE = "crs_try_code";

    /** An EPSG code that this server's PROJ does not know (newer than its database, or none): {@code code}. */
    static final String UNKNOWN_EPSG_CODE = "crs_unknown_epsg_code";

    /** Every key a failure is worded by, each naming {@code code}. */
    public static final java.util.Set<String> KEYS = java.util.Set.of(TRY_CODE, UNKNOWN_EPSG_CODE);

    private final Map<String, Object> detail;

    private FailureWording(Throwable cause, String key, String name, Object value) {
        super(key, cause, false, false);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("key", key);
        d.put(name, value);
        this.detail = Collections.unmodifiableMap(d);
    }

    /** {@code code} ({@code EPSG:4326}), the system the file's numbers are in; null for none. */
    static FailureWording tryCode(String code) {
        return code == null ? null : new FailureWording(null, TRY_CODE, "code", code);
    }

    /** {@code code} ({@code EPSG:10941}) unknown to PROJ, as {@code cause} said it. */
    static FailureWording unknownEpsgCode(String code, Throwable cause) {
        return new FailureWording(cause, UNKNOWN_EPSG_CODE, "code", code);
    }

    Map<String, Object> detail() {
        return detail;
    }
}
