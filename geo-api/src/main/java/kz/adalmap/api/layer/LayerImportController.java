package kz.adalmap.api.layer;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
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
import kz.adalmap.api.common.web.QueryParameters;
import kz.adalmap.api.security.StaffUser;
import kz.adalmap.importers.profile.MappingProfile;
import kz.adalmap.importers.publish.AccessDeniedException;
import kz.adalmap.importers.publish.LayerImporter;
import kz.adalmap.importers.publish.LayerTitles;
import kz.adalmap.importers.publish.RefusedStepException;
import kz.adalmap.importers.publish.RefusedSteps;
import kz.adalmap.importers.source.BadSourceException;
import kz.adalmap.importers.source.CodePages;
import kz.adalmap.importers.validate.InvisibleSigns;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.HandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * Land editors keep their plots, networks and custom layers (defined as data) current: upload a file
 * (the import runs as a job with progress), read the draft's report and diff, publish it, roll the
 * layer back, retitle a plots or networks layer. The importer picks the validation by the layer's
 * kind. Only land editors of the layer's region and administrators reach these endpoints; the importer
 * writes the audit log, and this controller the steps it refuses for the layer's state (409).
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
    private final org.springframework.security.core.userdetails.UserDetailsService users;
    private final kz.adalmap.api.common.web.ApiExceptionHandler forms;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LayerImportController.class);

    LayerImportController(
            ImportJobs jobs,
            JdbcClient jdbc,
            JsonMapper json,
            LayerPermissions permissions,
            org.springframework.security.core.userdetails.UserDetailsService users,
            kz.adalmap.api.common.web.ApiExceptionHandler forms) {
        this.forms = forms;
        this.permissions = permissions;
        this.users = users;
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
            @RequestParam(required = false) String title,
            @RequestParam(required = false) String titleKk,
            @RequestParam(required = false) String titleRu,
            @RequestParam(required = false) String titleEn,
            @AuthenticationPrincipal StaffUser user,
            org.springframework.web.multipart.MultipartRequest form,
            HttpServletRequest request)
            throws IOException {
        checkCode(code);
        // a misspelled option would be dropped without a word, and the file read without it
        for (String name : java.util.Collections.list(request.getParameterNames())) {
            if (!UPLOAD_FIELDS.contains(name)) {
                throw refused(
                        Refusal.UNKNOWN_FIELD,
                        name,
                        "the upload takes no field " + startOf(name) + "; it takes "
                                + String.join(", ", UPLOAD_FIELDS));
            }
        }
        // a second file would be left unread without a word
        int files =
                form.getMultiFileMap().values().stream().mapToInt(List::size).sum();
        if (files > 1) {
            throw refused(
                    Refusal.SEVERAL_FILES,
                    "file",
                    "the form holds " + files + " files; send one (several files of one layer together in one zip)");
        }
        if (file.isEmpty()) {
            throw refused(Refusal.EMPTY_FILE, "file", "the file is empty (0 bytes)");
        }
        // its format is told by its name's extension: a part sent without one would be read as "upload"
        String sent = file.getOriginalFilename() == null ? "" : file.getOriginalFilename();
        if (!sent.substring(Math.max(sent.lastIndexOf('/'), sent.lastIndexOf('\\')) + 1)
                .codePoints()
                .anyMatch(Character::isLetterOrDigit)) {
            throw refused(
                    Refusal.NO_FILE_NAME,
                    "file",
                    "the file came without a name, and its name tells its format (.zip, .geojson, .gpkg…): send"
                            + " it again choosing the file itself");
        }
        if (profile != null && !profile.isBlank() && !MappingProfile.BUILT_IN.contains(profile)) {
            throw refused(
                    Refusal.UNKNOWN_PROFILE,
                    "profile",
                    "unknown profile " + startOf(profile) + "; the upload takes the name of a built-in profile: "
                            + String.join(", ", MappingProfile.BUILT_IN));
        }
        if (encoding != null && !encoding.isBlank()) {
            try {
                encoding = CodePages.canonical(encoding);
            } catch (BadSourceException e) {
                throw refused(Refusal.UNKNOWN_ENCODING, "encoding", e.getMessage());
            }
        }
        if (srs != null && srs.length() > MAX_SRS) {
            throw refused(
                    Refusal.SRS_TOO_LONG,
                    "srs",
                    "the coordinate system's definition is " + srs.length() + " characters long; a WKT definition"
                            + " takes at most " + MAX_SRS);
        }
        // GDAL would also take a file name here and read it on the server: only definitions are accepted
        if (srs != null
                && !srs.isBlank()
                && !srs.strip().matches("(?is)(EPSG|ESRI|IAU_2015):[0-9]+|\\+proj=.*|[A-Z_0-9]+\\[.*\\]")) {
            throw refused(
                    Refusal.SRS_NOT_A_DEFINITION,
                    "srs",
                    "the coordinate system must be an EPSG code (EPSG:32643), a PROJ definition (+proj=…) or"
                            + " a WKT definition (PROJCS[…] or PROJCRS[…])");
        }
        // and a definition may name files for PROJ to open: grids, init files
        if (srs != null && SRS_FILES.matcher(srs).find()) {
            throw refused(
                    Refusal.SRS_NAMES_FILES,
                    "srs",
                    "the coordinate system may not name files on the server (+init, +nadgrids, +geoidgrids, grids,"
                            + " PARAMETERFILE): give the definition itself, with +towgs84 for the shift of its datum");
        }
        if (sourceLayer != null
                && (sourceLayer.startsWith("-")
                        || sourceLayer.length() > 200
                        || sourceLayer.chars().anyMatch(Character::isISOControl))) {
            throw refused(
                    Refusal.BAD_SOURCE_LAYER,
                    "sourceLayer",
                    "not a layer name: '" + sourceLayer.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        LayerTitles titles = titles(title, titleKk, titleRu, titleEn);
        MappingProfile mapping;
        try {
            // the kind of every feature of a networks file without a kind field, when one is given
            mapping = MappingProfile.forImport(ImportJobs.blank(profile), ImportJobs.blank(networkKind));
        } catch (IllegalArgumentException e) {
            throw ImportJobs.blank(networkKind) != null
                    ? refused(Refusal.BAD_NETWORK_KIND, "networkKind", e.getMessage())
                    : refused(Refusal.UNKNOWN_PROFILE, "profile", e.getMessage());
        }
        checkMayEdit(code, user, permissions.editorRegions(user, code));
        String sender = user.getUsername();
        ImportJobs.Job job = jobs.submit(
                code,
                file,
                new ImportJobs.Options(mapping, srs, encoding, sourceLayer, titles),
                sender,
                () -> rightsNow(code, sender));
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/import-jobs/" + job.id()))
                .body(job);
    }

    /** The fields of the upload's form (or its query), the file first. */
    static final List<String> UPLOAD_FIELDS = List.of(
            "file",
            "profile",
            "srs",
            "encoding",
            "sourceLayer",
            "networkKind",
            "title",
            "titleKk",
            "titleRu",
            "titleEn");

    /**
     * What the upload checks before its form is read ({@link ImportUploadConfig}): the layer code, and
     * that {@code user} may change the layer. A clerk sending a large file over a slow line into a layer
     * they may not change is told at once, not once the whole file has arrived.
     */
    void checkBeforeTheFile(String code, StaffUser user) {
        checkCode(code);
        checkMayEdit(code, user, permissions.editorRegions(user, code));
        jobs.checkWaiting(user.getUsername());
    }

    /**
     * The regions {@code sender} may change layer {@code code} in, read again from their account as their
     * job starts: an administrator may have withdrawn a region, a role or the account since the file was
     * sent.
     *
     * @throws AccessDeniedException when the sender may not change the layer any more
     */
    private Set<Integer> rightsNow(String code, String sender) {
        String since = "; the rights were read again as the import began, after the file was sent, and nothing"
                + " was imported";
        StaffUser now;
        try {
            now = (StaffUser) users.loadUserByUsername(sender);
        } catch (org.springframework.security.core.userdetails.UsernameNotFoundException e) {
            throw new AccessDeniedException("the account " + sender + " no longer exists" + since);
        }
        if (!now.isEnabled()) {
            throw new AccessDeniedException("the account " + sender + " has been disabled" + since);
        }
        try {
            Set<Integer> regions = permissions.editorRegions(now, code);
            checkMayEdit(code, now, regions);
            return regions;
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(e.code(), e.getMessage() + since);
        } catch (ImportNotFoundException e) {
            // an internal layer of a region the sender no longer edits
            throw new AccessDeniedException(
                    sender + " may not change layer " + code + ": it belongs to another region" + since);
        }
    }

    @GetMapping("/api/v1/import-jobs/{id}")
    ImportJobs.Job job(@PathVariable UUID id, @AuthenticationPrincipal StaffUser user) {
        ImportJobs.Job job = jobs.find(id).orElseThrow(() -> ImportNotFoundException.job(id));
        // the editor who sent the file follows its job, even one refused for the layer's region (a
        // layer another editor's import made in another region in the meantime)
        if (!job.createdBy().equals(user.getUsername())) {
            Set<Integer> regions = permissions.editorRegions(user, job.layer());
            // another editor's file into a code that is no layer (yet): theirs alone, an administrator's
            if (regions != null
                    && jdbc.sql("SELECT count(*) FROM layer WHERE code = :code")
                                    .param("code", job.layer())
                                    .query(Integer.class)
                                    .single()
                            == 0) {
                throw ImportNotFoundException.job(id);
            }
            checkMayEdit(job.layer(), user, regions);
        }
        return job;
    }

    @GetMapping("/api/v1/imports/profiles")
    List<String> profiles() {
        return MappingProfile.BUILT_IN;
    }

    /** A plots or networks layer that exists, with its titles. */
    record ImportableLayer(String code, String kind, String titleKk, String titleRu, String titleEn) {}

    /**
     * The plots and networks layers that {@code user} may import into: all for an administrator, those of
     * the editor's regions for a land editor, none for others. The editor's page offers them under the
     * layer code, so that a typing slip is not taken for a new layer.
     */
    @GetMapping("/api/v1/imports/layers")
    List<ImportableLayer> importableLayers(@AuthenticationPrincipal StaffUser user) {
        Set<Integer> regions;
        try {
            // no layer of these kinds has an owner agency: the answer does not depend on the code
            regions = permissions.editorRegions(user, "");
        } catch (AccessDeniedException e) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT code, kind, title_kk, title_ru, title_en FROM layer
                        WHERE kind IN ('plots', 'networks')
                          AND (CAST(:everywhere AS boolean) OR region_id = ANY (CAST(:regions AS integer[])))
                        ORDER BY code
                        """)
                .param("everywhere", regions == null)
                .param("regions", regions == null ? new Integer[0] : regions.toArray(Integer[]::new))
                .query((rs, n) -> new ImportableLayer(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
    }

    /**
     * A revision as the editor's page lists it. {@code basedOn}: the number of the published revision a
     * draft was compared with (null when the layer had none); a draft whose {@code basedOn} is not the
     * layer's published revision any more is stale and cannot be published. {@code publishedAt}: when
     * the revision was first published; {@code restoredAt}: when a rollback last made it public again
     * (null if none did). {@code sourceName}: the file sent; {@code sourceFile}: the file read inside it
     * when it is an archive, by its path there (null when the file sent was read itself, several of its
     * files together, or before migration V062); {@code sourceLayer}: the layer read in that file (null
     * for an edit made on the map).
     */
    record Revision(
            int number,
            String state,
            String sourceName,
            String sourceFile,
            String sourceLayer,
            String createdBy,
            OffsetDateTime createdAt,
            OffsetDateTime publishedAt,
            OffsetDateTime restoredAt,
            Integer featureCount,
            Integer basedOn,
            boolean stale,
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
                               r.restored_at, r.feature_count, b.number, r.report::text, r.source_file,
                               r.source_layer, """
                        // stale as the importer's publish judges it: one condition for both
                        + LayerImporter.STALE_DRAFT
                        + """
                         AS stale
                        FROM layer_revision r JOIN layer l ON l.id = r.layer_id
                        LEFT JOIN layer_revision b ON b.id = r.based_on_revision_id
                        WHERE l.code = :code AND (CAST(:number AS integer) IS NULL OR r.number = :number)
                        ORDER BY r.number DESC LIMIT 100
                        """)
                .param("code", code)
                .param("number", number)
                .query((rs, n) -> new Revision(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(11),
                        rs.getString(12),
                        rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class),
                        rs.getObject(6, OffsetDateTime.class),
                        rs.getObject(7, OffsetDateTime.class),
                        (Integer) rs.getObject(8),
                        (Integer) rs.getObject(9),
                        rs.getBoolean(13),
                        map(rs.getString(10))))
                .list();
    }

    /**
     * {@code issuesTotal}: how many problems the report lists (of the {@code code} asked for, when one
     * was), of which {@code issues} holds those asked for; {@code issueCodes}: how many problems of each code the whole report lists; {@code
     * datumToConfirm}: for a draft whose plots may lie elsewhere than its coordinates say ({@link
     * LayerImporter#placementWarning}: a datum no map of Kazakhstan uses, degrees read past a {@code .prj}
     * GDAL cannot read), the detail of that warning ({@code {"key": "file_foreign_datum", "datum": …}},
     * {@code {"key": "file_prj_read_as_degrees", "file": …, "start": …}}), which its publishing must
     * confirm; null otherwise. {@code warningToConfirm}: for a draft held back by any warning its publishing
     * must confirm ({@link LayerImporter#WARNINGS_TO_CONFIRM}: those of {@code datumToConfirm}, and a file that
     * removes a large share of the public plots, moves them together by metres or renumbers them only by
     * zeros), the detail of the first of them ({@code {"key": "file_removes_most", "removed": 19, …}}); null
     * otherwise.
     */
    record Report(
            String layer,
            int revision,
            String state,
            Map<String, Object> summary,
            Map<String, Object> datumToConfirm,
            Map<String, Object> warningToConfirm,
            long issuesTotal,
            Map<String, Long> issueCodes,
            List<LayerImporter.Issue> issues) {}

    /** The query parameters {@link #report} takes; any other is refused (400), not ignored. */
    private static final List<String> REPORT_PARAMETERS = List.of("format", "limit", "offset", "code", "lang");

    /**
     * The validation report: JSON, or CSV with {@code ?format=csv} for a spreadsheet (always whole).
     * {@code limit} keeps the JSON to the first problems of a large file's report, {@code offset} skips
     * that many first ones (the next page), {@code code} keeps only the problems of that code: a reader
     * loads a large report, or one kind of problem of it, a page at a time. {@code lang} (kk, ru or
     * en) is the CSV's language: its header and severities in that language, separated by semicolons for
     * ru and kk (what a Russian or Kazakh Excel expects), by commas for en; the message in that language
     * from the problem's detail (the English message for a problem stored without one). The JSON gives
     * each problem's English {@code message} and its {@code detail}: the key of its template
     * ({@code issueDetail.<key>} in the map's texts) and the values it names. Any other query parameter
     * is refused (400, naming it and those taken).
     */
    @GetMapping("/api/v1/layers/{code}/revisions/{number}/report")
    ResponseEntity<?> report(
            @PathVariable String code,
            @PathVariable int number,
            @RequestParam(required = false) String format,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) Integer offset,
            @RequestParam(name = "code", required = false) String issueCode,
            @RequestParam(required = false) String lang,
            @RequestParam MultiValueMap<String, String> query,
            @AuthenticationPrincipal StaffUser user)
            throws SQLException {
        checkCode(code);
        // a slip (?ofset=10) would otherwise answer the first page as if it were the one asked for
        QueryParameters.of(query, REPORT_PARAMETERS);
        checkMayEdit(code, user, permissions.editorRegions(user, code));
        if (limit != null && limit < 1) {
            throw InvalidParameterException.of("limit", "limit must be 1 or more, was " + limit);
        }
        if (offset != null && offset < 0) {
            throw InvalidParameterException.of("offset", "offset must be 0 or more, was " + offset);
        }
        if ("csv".equals(format) && (offset != null || issueCode != null)) {
            throw InvalidParameterException.of(
                    offset != null ? "offset" : "code",
                    "the CSV report is always whole: offset and code are for the JSON one");
        }
        CsvWords words = lang == null ? CsvWords.EN : CsvWords.of(lang);
        Revision revision = findRevisions(code, number).stream()
                .findFirst()
                .orElseThrow(() -> ImportNotFoundException.revision(code, number));
        LayerImporter.IssuePage page = jobs.importer()
                .issues(
                        jobs.target(),
                        code,
                        number,
                        issueCode,
                        offset == null ? 0 : offset,
                        limit == null || "csv".equals(format) ? Integer.MAX_VALUE : limit);
        List<LayerImporter.Issue> issues = page.first();
        if ("csv".equals(format)) {
            char separator = words.separator();
            // a report's rows are all lines of a CSV file, rows of a sheet or features of a GIS file
            String unit = issues.stream()
                    .map(LayerImporter.Issue::rowUnit)
                    .filter(java.util.Objects::nonNull)
                    .findFirst()
                    .orElse("feature");
            List<String> header = new ArrayList<>(words.header());
            header.set(0, words.rowHeader(unit));
            StringBuilder csv = new StringBuilder("\uFEFF")
                    .append(String.join(String.valueOf(separator), header))
                    .append("\r\n");
            for (LayerImporter.Issue i : issues) {
                // of several files read together, the file the row counts in: «3 (wells.shp)»
                csv.append(
                                i.fileRow() == null
                                        ? ""
                                        : i.rowLayer() == null
                                                ? String.valueOf(i.fileRow())
                                                : quote(i.fileRow() + " (" + i.rowLayer() + ")"))
                        .append(separator)
                        .append(words.severity(i.severity()))
                        .append(separator)
                        .append(i.code())
                        .append(separator)
                        .append(quote(
                                words.wording() == null
                                        ? i.message()
                                        : words.wording().word(i)))
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
        return ResponseEntity.ok(new Report(
                code,
                number,
                revision.state(),
                revision.report(),
                placementToConfirm(code, number),
                warningToConfirm(code, number),
                page.total(),
                issueCodes(code, number),
                issues));
    }

    /**
     * A plot or feature of a diff; {@code previousPlot}: the key a changed one had when its key changed, else
     * null; {@code label}: a network feature as a person finds it (kind, name, voltage, pressure, diameter,
     * row of its file), in English, else null; {@code feature}: the same by its parts, for the page to word
     * in its reader's language ({@link LayerImporter#featureParts}), left out for a plot. A changed plot of a draft says what publishing changes on it: the public
     * fields that differ, as they are ({@code before}) and as the draft has them ({@code after}), and whether
     * its outline is redrawn ({@link LayerImporter.PlotDifference}); the three are left out elsewhere.
     */
    record Change(
            String change,
            String plot,
            String previousPlot,
            String label,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> feature,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> before,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> after,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean geometryChanged) {}

    @GetMapping("/api/v1/layers/{code}/revisions/{number}/changes")
    List<Change> changes(
            @PathVariable String code,
            @PathVariable int number,
            @RequestParam MultiValueMap<String, String> query,
            @AuthenticationPrincipal StaffUser user)
            throws SQLException {
        checkCode(code);
        // the diff is always whole: a paging or filtering parameter would be ignored without a word
        QueryParameters.of(query, List.of());
        checkMayEdit(code, user, permissions.editorRegions(user, code));
        List<Change> out = new ArrayList<>();
        Map<String, LayerImporter.PlotDifference> differences =
                jobs.importer().plotDifferences(jobs.target(), code, number);
        for (LayerImporter.Change c : jobs.importer().changeList(jobs.target(), code, number, user.getUsername())) {
            LayerImporter.PlotDifference d = differences.get(c.key());
            String label = c.feature() == null ? null : LayerImporter.label(c.feature());
            out.add(
                    d == null
                            ? new Change(c.change(), c.key(), c.previousKey(), label, c.feature(), null, null, null)
                            : new Change(
                                    c.change(),
                                    c.key(),
                                    c.previousKey(),
                                    label,
                                    c.feature(),
                                    d.before(),
                                    d.after(),
                                    d.geometryChanged()));
        }
        return out;
    }

    /**
     * Why a draft is published or a layer rolled back: kept in the plots' public history and the audit
     * log; for a rollback, {@code revision}: the number of the published revision it retires, so that
     * a rollback sent again after its answer was lost retires nothing more (409 {@code
     * not_the_published}); none, whichever is published.
     */
    record Reason(String reason, Integer revision) {}

    /**
     * Why a draft is published, as {@link Reason}; {@code confirmDatum}: true when the editor has checked
     * where the plots of a draft lie that may lie elsewhere than its coordinates say (the report's {@code
     * datumToConfirm}: a file on a datum no map of Kazakhstan uses, degrees read past a {@code .prj} GDAL
     * cannot read), which such a draft's publishing needs (409 {@code datum_not_confirmed} without it), as
     * {@code import --publish} holds such a file back; ignored for any other draft. {@code confirm}: true
     * when the editor has looked at a draft held back by any warning its publishing must confirm (the
     * report's {@code warningToConfirm}), which such a draft's publishing needs (409 {@code
     * warning_not_confirmed} without it, or {@code datum_not_confirmed} for the warnings of {@code
     * confirmDatum}); either of the two confirms the draft's every such warning.
     */
    record Publication(String reason, Boolean confirmDatum, Boolean confirm) {}

    /** The longest reason taken, in characters (the editor's page takes no more). */
    static final int MAX_REASON = 1000;

    @PostMapping("/api/v1/layers/{code}/revisions/{number}/publish")
    LayerImporter.Diff publish(
            @PathVariable String code,
            @PathVariable int number,
            @RequestBody(required = false) Publication publication,
            @AuthenticationPrincipal StaffUser user)
            throws SQLException {
        checkCode(code);
        checkMayEdit(code, user, permissions.editorRegions(user, code));
        String reason = text(publication == null ? null : publication.reason());
        boolean confirmed = publication != null
                && (Boolean.TRUE.equals(publication.confirmDatum()) || Boolean.TRUE.equals(publication.confirm()));
        if (!confirmed) {
            LayerImporter.PlacementWarning warning = jobs.importer().warningToConfirm(jobs.target(), code, number);
            if (warning != null
                    && LayerImporter.PLACEMENT_WARNINGS.contains(
                            warning.detail().get("key"))) {
                throw DatumNotConfirmedException.of(code, number, warning);
            }
            if (warning != null) {
                throw new WarningNotConfirmedException(
                        "revision " + number + " of " + code + " is published only once someone has looked at it: "
                                + warning.message() + ". Publish it with \"confirm\": true if it is right, or"
                                + " correct the file and import it again",
                        warning.detail());
            }
        }
        return jobs.importer().publish(jobs.target(), code, number, user.getUsername(), reason);
    }

    /**
     * The detail of the warning of revision {@code number} of layer {@code code}, a draft, that its plots
     * may lie elsewhere than its coordinates say ({@link LayerImporter#placementWarning}); null for a
     * revision without one, or one that is no longer a draft.
     */
    private Map<String, Object> warningToConfirm(String code, int number) throws SQLException {
        LayerImporter.PlacementWarning warning = jobs.importer().warningToConfirm(jobs.target(), code, number);
        return warning == null ? null : warning.detail();
    }

    private Map<String, Object> placementToConfirm(String code, int number) throws SQLException {
        LayerImporter.PlacementWarning warning = jobs.importer().placementWarning(jobs.target(), code, number);
        return warning == null ? null : warning.detail();
    }

    @PostMapping("/api/v1/layers/{code}/rollback")
    LayerImporter.Diff rollback(
            @PathVariable String code,
            @RequestBody(required = false) Reason reason,
            @AuthenticationPrincipal StaffUser user)
            throws SQLException {
        checkCode(code);
        checkMayEdit(code, user, permissions.editorRegions(user, code));
        return jobs.importer()
                .rollback(
                        jobs.target(),
                        code,
                        user.getUsername(),
                        text(reason == null ? null : reason.reason()),
                        reason == null ? null : reason.revision());
    }

    /**
     * New titles of a plots or networks layer: the body maps each language to change (kk, ru, en) to its
     * title, null or blank for none (the pages then show the layer's kind and code); a language left out
     * keeps its title. Answers the layer's titles, null in a language it has none in. A layer defined as
     * data is titled in its definition (409, {@code titled_in_definition}).
     */
    @PutMapping(path = "/api/v1/layers/{code}/titles", consumes = MediaType.APPLICATION_JSON_VALUE)
    LayerImporter.Titles retitle(
            @PathVariable String code, @RequestBody Map<String, String> titles, @AuthenticationPrincipal StaffUser user)
            throws SQLException {
        checkCode(code);
        for (Map.Entry<String, String> title : titles.entrySet()) {
            try {
                LayerTitles.change(Map.of(title.getKey(), title.getValue() == null ? "" : title.getValue()));
            } catch (IllegalArgumentException e) {
                throw refused(Refusal.BAD_TITLE, title.getKey(), e.getMessage());
            }
        }
        if (titles.isEmpty()) {
            throw refused(
                    Refusal.BAD_TITLE,
                    "titles",
                    "no title given: give one in kk, ru or en (a blank one for none, which shows the layer's kind"
                            + " and code)");
        }
        Set<Integer> regions = permissions.editorRegions(user, code);
        if (jdbc.sql("SELECT 1 FROM layer WHERE code = :code")
                .param("code", code)
                .query(Integer.class)
                .optional()
                .isEmpty()) {
            throw ImportNotFoundException.layer(code);
        }
        checkMayEdit(code, user, regions);
        return jobs.importer().retitle(jobs.target(), code, titles, user.getUsername(), regions);
    }

    /** How many problems of each code revision {@code number} of layer {@code code} has. */
    private Map<String, Long> issueCodes(String code, int number) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.sql("""
                        SELECT i.code, count(*) FROM import_issue i
                        JOIN layer_revision r ON r.id = i.layer_revision_id JOIN layer l ON l.id = r.layer_id
                        WHERE l.code = :code AND r.number = :number
                        GROUP BY i.code
                        """).param("code", code).param("number", number).query(rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }

    /**
     * The words of a report's CSV in one language: its separator, header, severities and the wording of
     * the problems' details (null: their English messages).
     */
    private record CsvWords(
            char separator,
            List<String> header,
            Map<String, String> severities,
            IssueWording wording,
            Map<String, String> rowHeaders) {

        private static final IssueWording KK = IssueWording.of("kk");
        private static final IssueWording RU = IssueWording.of("ru");

        static final CsvWords EN = new CsvWords(
                ',',
                List.of("row", "severity", "code", "message"),
                Map.of("rejected", "rejected", "repaired", "repaired", "warning", "warning"),
                null,
                Map.of("line", "line", "row", "row", "feature", "feature"));

        static CsvWords of(String lang) {
            return switch (lang) {
                case "en" -> EN;
                case "ru" ->
                    new CsvWords(
                            ';',
                            List.of("Строка", "Итог", "Код", "Сообщение"),
                            Map.of("rejected", "отклонён", "repaired", "исправлен", "warning", "предупреждение"),
                            RU,
                            Map.of("line", "Строка", "row", "Строка", "feature", "Объект"));
                case "kk" ->
                    new CsvWords(
                            ';',
                            List.of("Жол", "Нәтиже", "Код", "Хабар"),
                            Map.of("rejected", "қабылданбады", "repaired", "түзетілді", "warning", "ескерту"),
                            KK,
                            Map.of("line", "Жол", "row", "Жол", "feature", "Нысан"));
                default -> throw InvalidParameterException.of("lang", "lang must be kk, ru or en, was '" + lang + "'");
            };
        }

        String severity(String severity) {
            return severities.getOrDefault(severity, severity);
        }

        /** The name of the first column, by what the report's numbers are: {@code line}, {@code row} or {@code feature}. */
        String rowHeader(String unit) {
            return rowHeaders.getOrDefault(unit, header.get(0));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // refusals, each with a code the editor's page words in the reader's language (texts refusal.*)

    /** Why this controller refused a request: its {@code code} property, stable for clients to translate. */
    enum Refusal {
        EMPTY_FILE,
        SEVERAL_FILES,
        BAD_LAYER_CODE,
        UNKNOWN_PROFILE,
        UNKNOWN_ENCODING,
        SRS_TOO_LONG,
        SRS_NOT_A_DEFINITION,
        SRS_NAMES_FILES,
        BAD_SOURCE_LAYER,
        BAD_NETWORK_KIND,
        BAD_TITLE,
        BAD_REASON,
        NOT_A_DRAFT,
        STALE_DRAFT,
        EARLIER_VERSION_DRAFT,
        EMPTY_DRAFT,
        NOTHING_TO_PUBLISH,
        NUMBER_IN_OTHER_LAYER,
        ROLLBACK_NUMBER_IN_OTHER_LAYER,
        NOTHING_PUBLISHED,
        NO_EARLIER_REVISION,
        TITLED_IN_DEFINITION,
        LAYER_BUSY,
        NOT_THE_PUBLISHED,
        // a draft whose plots may lie elsewhere than its coordinates say (a datum no map of Kazakhstan uses,
        // degrees read past a .prj GDAL cannot read), published without confirmDatum
        DATUM_NOT_CONFIRMED,
        // a draft held back by another warning its publishing must confirm (it removes a large share of the
        // public plots, moves them together by metres, renumbers them only by zeros), published without confirm
        WARNING_NOT_CONFIRMED,
        // the form itself, refused while it is read (ApiExceptionHandler): a file name too long for a part's
        // header, a field besides the file too large
        NAME_TOO_LONG,
        FIELD_TOO_LARGE,
        // the file larger than the upload limit (its limitMb said with it)
        FILE_TOO_LARGE,
        // a form field the upload does not take (a misspelled option), named with those it takes
        UNKNOWN_FIELD,
        // a file part sent without a name, which would tell its format
        NO_FILE_NAME,
        // no room left on the server to store the upload (ApiExceptionHandler, 507)
        NO_ROOM,
        // as many of the editor's imports waiting or running as one may have (429)
        TOO_MANY_IMPORTS,
        // a land editor whose account has no region (LayerPermissions, 403): an administrator assigns one
        NO_REGION,
        NOT_POSSIBLE;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The refusal the importer's {@code e} means: its reason, when it gives one. */
        static Refusal ofConflict(IllegalStateException e) {
            return e instanceof RefusedStepException refused
                    ? valueOf(refused.reason().name())
                    : NOT_POSSIBLE;
        }
    }

    /** A parameter this controller refuses: a 400 like {@link InvalidParameterException}'s, with a code. */
    static final class RefusedParameterException extends RuntimeException {
        private final Refusal refusal;
        private final String parameter;

        RefusedParameterException(Refusal refusal, String parameter, String message) {
            super(parameter + ": " + message);
            this.refusal = refusal;
            this.parameter = parameter;
        }
    }

    private static RefusedParameterException refused(Refusal refusal, String parameter, String message) {
        return new RefusedParameterException(refusal, parameter, message);
    }

    @ExceptionHandler
    ProblemDetail tooManyImports(ImportJobs.TooManyImportsException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setTitle("Too many imports waiting");
        problem.setProperty("code", Refusal.TOO_MANY_IMPORTS.code());
        problem.setProperty("waiting", e.waiting);
        problem.setProperty("limit", e.limit);
        return problem;
    }

    @ExceptionHandler
    ProblemDetail refusedParameter(RefusedParameterException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid request parameter");
        problem.setProperty("parameter", e.parameter);
        problem.setProperty("code", e.refusal.code());
        return problem;
    }

    /**
     * An upload's form that could not be read (a file, field or name over its limit, a part cut short),
     * read once the layer and the editor's rights were checked ({@link ImportUploadConfig}): answered as
     * every form is ({@link kz.adalmap.api.common.web.ApiExceptionHandler}), not taken for a step not
     * possible now by its cause, the server's {@link IllegalStateException}.
     */
    @ExceptionHandler
    ResponseEntity<Object> unreadableForm(
            org.springframework.web.multipart.MultipartException e,
            org.springframework.web.context.request.WebRequest request)
            throws Exception {
        if (e instanceof org.springframework.web.multipart.MaxUploadSizeExceededException) {
            return forms.handleException(e, request);
        }
        ProblemDetail problem = forms.unreadableUpload(e);
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    /**
     * A text parameter sent as a file part. A profile of one's own is read only by the command line
     * ({@code import --profile my.json}): the upload takes a built-in profile's name.
     */
    @ExceptionHandler
    ProblemDetail fileForText(
            org.springframework.web.method.annotation.MethodArgumentConversionNotSupportedException e) {
        if ("profile".equals(e.getName())) {
            return refusedParameter(refused(
                    Refusal.UNKNOWN_PROFILE,
                    "profile",
                    "the upload takes only the name of a built-in profile ("
                            + String.join(", ", MappingProfile.BUILT_IN)
                            + "), not a profile file; a profile of your own is used with the command line:"
                            + " import --profile my.json"));
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, e.getName() + ": this parameter is a text, not a file");
        problem.setTitle("Invalid request parameter");
        problem.setProperty("parameter", e.getName());
        problem.setProperty("code", "invalid");
        return problem;
    }

    /** {@code text} in quotes, or its first 100 characters when it is longer, with its length. */
    static String startOf(String text) {
        int cut = 100;
        if (text.length() <= cut) {
            return "'" + text + "'";
        }
        return "'" + text.substring(0, Character.isHighSurrogate(text.charAt(cut - 1)) ? cut - 1 : cut) + "…' ("
                + text.length() + " characters)";
    }

    /**
     * A draft whose plots may lie elsewhere than its coordinates say (a datum no map of Kazakhstan uses,
     * degrees read past a {@code .prj} GDAL cannot read), published without the editor's confirmation;
     * audited.
     */
    @ExceptionHandler
    ProblemDetail datumNotConfirmed(DatumNotConfirmedException e, HandlerMethod step, HttpServletRequest request) {
        ProblemDetail problem = notConfirmed(Refusal.DATUM_NOT_CONFIRMED, e, e.warning(), step, request);
        problem.setProperty("datum", e.datum());
        return problem;
    }

    /**
     * A draft held back by a warning its publishing must confirm ({@link LayerImporter#REVIEW_WARNINGS}),
     * published without the editor's confirmation; audited.
     */
    @ExceptionHandler
    ProblemDetail warningNotConfirmed(WarningNotConfirmedException e, HandlerMethod step, HttpServletRequest request) {
        return notConfirmed(Refusal.WARNING_NOT_CONFIRMED, e, e.warning(), step, request);
    }

    /** The 409 of a draft published without the confirmation its {@code warning} asks for; audited. */
    private ProblemDetail notConfirmed(
            Refusal refusal,
            RuntimeException e,
            Map<String, Object> warning,
            HandlerMethod step,
            HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Not possible now");
        problem.setProperty("code", refusal.code());
        problem.setProperty("warning", warning);
        auditRefusal(step, request, refusal, e.getMessage());
        return problem;
    }

    /**
     * A step not possible in the layer's present state (publishing a stale draft, rolling back the first
     * revision); audited.
     */
    @ExceptionHandler
    ProblemDetail conflict(IllegalStateException e, HandlerMethod step, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Not possible now");
        problem.setProperty("code", Refusal.ofConflict(e).code());
        auditRefusal(step, request, Refusal.ofConflict(e), e.getMessage());
        return problem;
    }

    /**
     * Keeps a refused step in the audit log, as {@code layer.publish_refused}, {@code layer.rollback_refused},
     * {@code layer.title_refused} (or {@code layer.<endpoint>_refused}) on the layer, as the command line
     * keeps its refusals ({@link RefusedSteps#record}): who was refused, the {@code revision} asked for
     * (publishing), the refusal's {@code code} and its {@code message}, with the client's address. A row
     * that cannot be written is logged instead of replacing the refusal the editor is answered.
     */
    private void auditRefusal(HandlerMethod step, HttpServletRequest request, Refusal refusal, String message) {
        @SuppressWarnings("unchecked")
        Map<String, String> path =
                (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String layer = path == null ? null : path.get("code");
        String name = step == null ? "step" : step.getMethod().getName();
        String action = switch (name) {
            case "retitle" -> "title";
            case "upload" -> "import";
            case "changes" -> "diff";
            default -> name;
        };
        Integer revision = path != null && path.get("number") != null ? Integer.valueOf(path.get("number")) : null;
        var who = SecurityContextHolder.getContext().getAuthentication();
        try {
            RefusedSteps.record(
                    jobs.target(),
                    who == null ? "anonymous" : who.getName(),
                    action,
                    layer,
                    revision,
                    refusal.code(),
                    message);
        } catch (SQLException | RuntimeException unrecorded) {
            log.warn("a refused step could not be kept in the audit log: {}", unrecorded.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** An existing layer only for editors of its region; a new one is created by the import in the editor's region. */
    private void checkMayEdit(String code, StaffUser user, Set<Integer> regions) {
        if (regions == null) {
            return;
        }
        // an internal layer of another region is none the user knows of: answered as a code that does not exist
        if (permissions.hiddenFrom(code, regions)) {
            throw ImportNotFoundException.layer(code);
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

    /**
     * The titles of a layer the import creates: {@code title} for the three languages, each of the
     * others for its own; a 400 names the one too long or holding a control character.
     */
    private static LayerTitles titles(String title, String titleKk, String titleRu, String titleEn) {
        String[][] given = {{"title", title}, {"titleKk", titleKk}, {"titleRu", titleRu}, {"titleEn", titleEn}};
        for (String[] one : given) {
            try {
                LayerTitles.of(one[1], null, null, null);
            } catch (IllegalArgumentException e) {
                throw refused(Refusal.BAD_TITLE, one[0], e.getMessage());
            }
        }
        return LayerTitles.of(title, titleKk, titleRu, titleEn);
    }

    private static void checkCode(String code) {
        if (code.matches("[a-z0-9][a-z0-9_-]*") && !code.matches(CODE)) {
            throw refused(
                    Refusal.BAD_LAYER_CODE,
                    "code",
                    "the layer code is " + code.length() + " characters long; a layer code is at most 64 characters");
        }
        if (!code.matches(CODE)) {
            throw refused(
                    Refusal.BAD_LAYER_CODE,
                    "code",
                    "a layer code is lower-case letters, digits, '-' or '_', beginning with a letter or a digit,"
                            + " at most 64 characters");
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

    /**
     * The reason given, stripped; null for none or a blank one. A 400 ({@code bad_reason}) for one longer
     * than {@link #MAX_REASON} or holding a control character other than a line break or a tab: it is
     * shown on the public plot card.
     */
    private static String text(String reason) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        String text = reason.strip();
        if (text.length() > MAX_REASON) {
            throw refused(
                    Refusal.BAD_REASON,
                    "reason",
                    "the reason is " + text.length() + " characters long; it may be " + MAX_REASON + " at most");
        }
        int control = text.codePoints()
                .filter(c -> (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')
                        || InvisibleSigns.turnsText(c))
                .findFirst()
                .orElse(-1);
        if (control != -1) {
            throw refused(
                    Refusal.BAD_REASON,
                    "reason",
                    String.format(
                            "the reason holds the %s %s; it may hold letters, digits, punctuation, line"
                                    + " breaks and tabs",
                            InvisibleSigns.what(control), InvisibleSigns.named(control)));
        }
        return text;
    }
}
