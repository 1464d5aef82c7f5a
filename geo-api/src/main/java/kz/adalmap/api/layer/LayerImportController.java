package kz.adalmap.api.layer;

import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.security.StaffUser;
import kz.adalmap.importers.profile.MappingProfile;
import kz.adalmap.importers.publish.AccessDeniedException;
import kz.adalmap.importers.publish.LayerImporter;
import kz.adalmap.importers.source.BadSourceException;
import kz.adalmap.importers.source.CodePages;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

/**
 * Land editors keep their plots, networks and custom layers (defined as data) current: upload a file
 * (the import runs as a job with progress), read the draft's report and diff, publish it, roll the
 * layer back. The importer picks the validation by the layer's kind. Only land editors of the
 * layer's region and administrators reach these endpoints; the importer writes the audit log.
 */
@RestController
public class LayerImportController {

    private static final String CODE = "[a-z0-9][a-z0-9_-]{0,63}";

    /** The longest coordinate system definition taken: a WKT of a projected system with its datum is ~2,000 characters. */
    private static final int MAX_SRS = 8000;

    /** PROJ and WKT parameters that name a file for PROJ to open on the server. */
    private static final java.util.regex.Pattern SRS_FILES = java.util.regex.Pattern.compile(
            "(?i)\\+(init|nadgrids|geoidgrids|grids|file)\\s*=|gridshift|PARAMETERFILE|PROJ4_GRIDS");

    private final ImportJobs jobs;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final LayerPermissions permissions;

    LayerImportController(ImportJobs jobs, JdbcClient jdbc, JsonMapper json, LayerPermissions permissions) {
        this.permissions = permissions;
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.json = json;
    }

    @PostMapping(path = "/api/v1/layers/{code}/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ImportJobs.Job> upload(
            @PathVariable String code,
            @RequestPart("file") MultipartFile file,
            @RequestParam(required = false) String profile,
            @RequestParam(required = false) String srs,
            @RequestParam(required = false) String encoding,
            @RequestParam(required = false) String sourceLayer,
            @RequestParam(required = false) String networkKind,
            @AuthenticationPrincipal StaffUser user)
            throws IOException {
        checkCode(code);
        if (file.isEmpty()) {
            throw InvalidParameterException.of("file", "the file is empty (0 bytes)");
        }
        if (profile != null && !profile.isBlank() && !MappingProfile.BUILT_IN.contains(profile)) {
            throw InvalidParameterException.of(
                    "profile", "unknown profile '" + profile + "'; the profiles are " + MappingProfile.BUILT_IN);
        }
        if (encoding != null && !encoding.isBlank()) {
            try {
                encoding = CodePages.canonical(encoding);
            } catch (BadSourceException e) {
                throw InvalidParameterException.of("encoding", e.getMessage());
            }
        }
        if (srs != null && srs.length() > MAX_SRS) {
            throw InvalidParameterException.of(
                    "srs",
                    "the coordinate system's definition is " + srs.length() + " characters long; a WKT definition"
                            + " takes at most " + MAX_SRS);
        }
        // GDAL would also take a file name here and read it on the server: only definitions are accepted
        if (srs != null
                && !srs.isBlank()
                && !srs.strip().matches("(?is)(EPSG|ESRI|IAU_2015):[0-9]+|\\+proj=.*|[A-Z_0-9]+\\[.*\\]")) {
            throw InvalidParameterException.of(
                    "srs",
                    "the coordinate system must be an EPSG code (EPSG:32643), a PROJ definition (+proj=…) or"
                            + " a WKT definition (PROJCS[…] or PROJCRS[…])");
        }
        // and a definition may name files for PROJ to open: grids, init files
        if (srs != null && SRS_FILES.matcher(srs).find()) {
            throw InvalidParameterException.of(
                    "srs",
                    "the coordinate system may not name files on the server (+init, +nadgrids, +geoidgrids, grids,"
                            + " PARAMETERFILE): give the definition itself, with +towgs84 for the shift of its datum");
        }
        if (sourceLayer != null
                && (sourceLayer.startsWith("-")
                        || sourceLayer.length() > 200
                        || sourceLayer.chars().anyMatch(Character::isISOControl))) {
            throw InvalidParameterException.of(
                    "sourceLayer", "not a layer name: '" + sourceLayer.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        MappingProfile mapping;
        try {
            // the kind of every feature of a networks file without a kind field, when one is given
            mapping = MappingProfile.forImport(ImportJobs.blank(profile), ImportJobs.blank(networkKind));
        } catch (IllegalArgumentException e) {
            throw InvalidParameterException.of(
                    ImportJobs.blank(networkKind) != null ? "networkKind" : "profile", e.getMessage());
        }
        Set<Integer> regions = permissions.editorRegions(user, code);
        checkMayEdit(code, user, regions);
        ImportJobs.Job job = jobs.submit(
                code, file, new ImportJobs.Options(mapping, srs, encoding, sourceLayer), user.getUsername(), regions);
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/import-jobs/" + job.id()))
                .body(job);
    }

    @GetMapping("/api/v1/import-jobs/{id}")
    ImportJobs.Job job(@PathVariable UUID id, @AuthenticationPrincipal StaffUser user) {
        ImportJobs.Job job = jobs.find(id).orElseThrow(() -> ImportNotFoundException.job(id));
        checkMayEdit(job.layer(), user, permissions.editorRegions(user, job.layer()));
        return job;
    }

    @GetMapping("/api/v1/imports/profiles")
    List<String> profiles() {
        return MappingProfile.BUILT_IN;
    }

    record Revision(
            int number,
            String state,
            String sourceName,
            String createdBy,
            OffsetDateTime createdAt,
            OffsetDateTime publishedAt,
            Integer featureCount,
            Map<String, Object> report) {}

    @GetMapping("/api/v1/layers/{code}/revisions")
    List<Revision> revisions(@PathVariable String code, @AuthenticationPrincipal StaffUser user) {
        checkCode(code);
        checkMayEdit(code, user, permissions.editorRegions(user, code));
        return findRevisions(code, null);
    }

    /** The layer's latest 100 revisions, or only revision {@code number}. */
    private List<Revision> findRevisions(String code, Integer number) {
        return jdbc.sql("""
                        SELECT r.number, r.state, r.source_name, r.created_by, r.created_at, r.published_at,
                               r.feature_count, r.report::text
                        FROM layer_revision r JOIN layer l ON l.id = r.layer_id
                        WHERE l.code = :code AND (CAST(:number AS integer) IS NULL OR r.number = :number)
                        ORDER BY r.number DESC LIMIT 100
                        """)
                .param("code", code)
                .param("number", number)
                .query((rs, n) -> new Revision(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class),
                        rs.getObject(6, OffsetDateTime.class),
                        (Integer) rs.getObject(7),
                        map(rs.getString(8))))
                .list();
    }

    /** {@code issuesTotal}: how many problems the report lists, of which {@code issues} holds the first ones asked for. */
    record Report(
            String layer,
            int revision,
            String state,
            Map<String, Object> summary,
            long issuesTotal,
            List<LayerImporter.Issue> issues) {}

    /**
     * The validation report: JSON, or CSV with {@code ?format=csv} for a spreadsheet (always whole).
     * {@code limit} keeps the JSON to the first problems of a large file's report.
     */
    @GetMapping("/api/v1/layers/{code}/revisions/{number}/report")
    ResponseEntity<?> report(
            @PathVariable String code,
            @PathVariable int number,
            @RequestParam(required = false) String format,
            @RequestParam(required = false) Integer limit,
            @AuthenticationPrincipal StaffUser user)
            throws SQLException {
        checkCode(code);
        checkMayEdit(code, user, permissions.editorRegions(user, code));
        if (limit != null && limit < 1) {
            throw InvalidParameterException.of("limit", "limit must be 1 or more, was " + limit);
        }
        Revision revision = findRevisions(code, number).stream()
                .findFirst()
                .orElseThrow(() -> ImportNotFoundException.revision(code, number));
        LayerImporter.IssuePage page = jobs.importer()
                .issues(jobs.target(), code, number, limit == null || "csv".equals(format) ? Integer.MAX_VALUE : limit);
        List<LayerImporter.Issue> issues = page.first();
        if ("csv".equals(format)) {
            StringBuilder csv = new StringBuilder("\uFEFFrow,severity,code,message\r\n");
            for (LayerImporter.Issue i : issues) {
                csv.append(i.row() == null ? "" : i.row())
                        .append(',')
                        .append(i.severity())
                        .append(',')
                        .append(i.code())
                        .append(',')
                        .append(quote(i.message()))
                        .append("\r\n");
            }
            return ResponseEntity.ok()
                    .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                    .header("Content-Disposition", "attachment; filename=\"" + code + "-" + number + "-report.csv\"")
                    .body(csv.toString());
        }
        if (format != null) {
            throw InvalidParameterException.of("format", "format must be csv, or absent for JSON");
        }
        return ResponseEntity.ok(new Report(code, number, revision.state(), revision.report(), page.total(), issues));
    }

    record Change(String change, String plot) {}

    @GetMapping("/api/v1/layers/{code}/revisions/{number}/changes")
    List<Change> changes(@PathVariable String code, @PathVariable int number, @AuthenticationPrincipal StaffUser user)
            throws SQLException {
        checkCode(code);
        checkMayEdit(code, user, permissions.editorRegions(user, code));
        List<Change> out = new ArrayList<>();
        for (String[] c : jobs.importer().changes(jobs.target(), code, number, user.getUsername())) {
            out.add(new Change(c[0], c[1]));
        }
        return out;
    }

    record Reason(@Size(max = 1000) String reason) {}

    @PostMapping("/api/v1/layers/{code}/revisions/{number}/publish")
    LayerImporter.Diff publish(
            @PathVariable String code,
            @PathVariable int number,
            @RequestBody(required = false) Reason reason,
            @AuthenticationPrincipal StaffUser user)
            throws SQLException {
        checkCode(code);
        checkMayEdit(code, user, permissions.editorRegions(user, code));
        return jobs.importer().publish(jobs.target(), code, number, user.getUsername(), text(reason));
    }

    @PostMapping("/api/v1/layers/{code}/rollback")
    LayerImporter.Diff rollback(
            @PathVariable String code,
            @RequestBody(required = false) Reason reason,
            @AuthenticationPrincipal StaffUser user)
            throws SQLException {
        checkCode(code);
        checkMayEdit(code, user, permissions.editorRegions(user, code));
        return jobs.importer().rollback(jobs.target(), code, user.getUsername(), text(reason));
    }

    // ---------------------------------------------------------------------------------------------

    /** An existing layer only for editors of its region; a new one is created by the import in the editor's region. */
    private void checkMayEdit(String code, StaffUser user, Set<Integer> regions) {
        if (regions == null) {
            return;
        }
        List<Integer> layer = jdbc.sql("SELECT coalesce(region_id, -1) FROM layer WHERE code = :code")
                .param("code", code)
                .query(Integer.class)
                .list();
        if (!layer.isEmpty() && !regions.contains(layer.get(0))) {
            throw new AccessDeniedException(user.getUsername() + " may not change layer " + code + ": "
                    + (layer.get(0) == -1
                            ? "it is a national layer, which only an administrator changes"
                            : "it belongs to another region"));
        }
        if (layer.isEmpty() && regions.size() != 1) {
            throw new AccessDeniedException("layer " + code + " does not exist; an administrator creates layers for"
                    + " editors of several regions");
        }
    }

    private static void checkCode(String code) {
        if (!code.matches(CODE)) {
            throw InvalidParameterException.of("code", "a layer code is lower-case letters, digits, '-' or '_'");
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(String text) {
        return text == null ? null : json.readValue(text, Map.class);
    }

    /** A CSV field; a leading =, +, - or @ is escaped so a spreadsheet does not run it as a formula. */
    private static String quote(String text) {
        String t = text.matches("^[=+\\-@].*") ? "'" + text : text;
        return '"' + t.replace("\"", "\"\"") + '"';
    }

    private static String text(Reason reason) {
        return reason == null || reason.reason() == null || reason.reason().isBlank()
                ? null
                : reason.reason().strip();
    }
}
