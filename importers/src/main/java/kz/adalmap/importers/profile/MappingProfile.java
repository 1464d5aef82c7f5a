package kz.adalmap.importers.profile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A declarative mapping from the fields of a source file to the canonical fields of a plot, read
 * from JSON:
 *
 * <pre>{@code
 * {
 *   "name": "cadastre-export",
 *   "kind": "plots",
 *   "fields": { "cadastral_number": ["KAD_NOMER", "kad_n"], "status": ["STATUS"] },
 *   "values": { "status": { "свободен": "free", "бос": "free" } },
 *   "defaults": { "land_category": "settlement" },
 *   "areaUnit": "ha"
 * }
 * }</pre>
 *
 * <p>For each canonical field the first listed source field that exists in the file is used (names
 * compared as GDAL stores them in PostgreSQL: lower case, other characters than letters and digits
 * replaced by {@code _}). Values are looked up in {@code values} in lower case with surrounding
 * spaces removed; a value without an entry is kept as it is. {@code defaults} fill fields the file
 * lacks: an empty cell of a field the file has is an empty value, not the default (a plot whose
 * status cell nobody filled in is not offered as free). {@code areaUnit}, when given, is the unit of
 * the declared area whatever the file's field is named; without it, the field's name says ({@code
 * «Площадь, кв.м»}, {@code S_m2}: square metres), and hectares otherwise. Source fields that no
 * mapping uses are kept in the plot's {@code extra}.
 *
 * <p>A profile of kind {@code custom} serves a layer defined as data: its fields are the layer's
 * attribute names, which only the import can check against the layer's schema.
 */
public record MappingProfile(
        String name,
        String kind,
        String description,
        Map<String, List<String>> fields,
        Map<String, Map<String, String>> values,
        Map<String, String> defaults,
        String areaUnit) {

    /** The canonical fields of a plot that a profile may fill, in the order of the table. */
    public static final List<String> PLOT_FIELDS = List.of(
            "cadastral_number",
            "area_declared_ha",
            "land_category",
            "intended_purpose_kk",
            "intended_purpose_ru",
            "permitted_use",
            "right_type",
            "divisible",
            "status",
            "address",
            "auction_date",
            "starting_price_kzt");

    /** The canonical fields of an engineering network feature (a line or a point) that a profile may fill. */
    public static final List<String> NETWORK_FIELDS = List.of(
            "kind",
            "name",
            "operator_name",
            "capacity",
            "free_capacity",
            "voltage_kv",
            "pressure_class",
            "diameter_mm");

    /** The profiles that come with AdalMap, by name. */
    public static final List<String> BUILT_IN = List.of("demo-plots", "cadastre-export", "networks");

    /** The version of the rules by which a file's names and words are compared with the profile's. */
    private static final int WORD_RULES = 2;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a key given twice (a copied profile edited by hand) would leave the last meaning silently
            .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public MappingProfile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a mapping profile needs a name");
        }
        if (kind == null) {
            throw new IllegalArgumentException(
                    "profile " + name + " has no kind: give \"kind\": \"plots\", \"networks\" or \"custom\"");
        }
        if (!"plots".equals(kind) && !"networks".equals(kind) && !"custom".equals(kind)) {
            throw new IllegalArgumentException(
                    "profile " + name + ": kind must be \"plots\", \"networks\" or \"custom\", was " + kind);
        }
        fields = fields == null ? Map.of() : copyFields(fields);
        values = values == null ? Map.of() : copyValues(name, values);
        defaults = defaults == null ? Map.of() : Map.copyOf(defaults);
        // null: the area field's name says its unit, and hectares when it says none
        List<String> known = "plots".equals(kind) ? PLOT_FIELDS : NETWORK_FIELDS;
        java.util.Set<String> unknown = new java.util.LinkedHashSet<>();
        for (String field : fields.keySet()) {
            if (!known.contains(field)) {
                unknown.add(field);
            }
        }
        unknown.addAll(values.keySet().stream().filter(f -> !known.contains(f)).toList());
        unknown.addAll(
                defaults.keySet().stream().filter(f -> !known.contains(f)).toList());
        if (!unknown.isEmpty() && !"custom".equals(kind)) {
            throw new IllegalArgumentException("profile " + name + ": unknown " + kind + " fields " + unknown
                    + "; the fields are " + known.stream().sorted().toList());
        }
        if (areaUnit != null && !areaUnit.equals("ha") && !areaUnit.equals("m2")) {
            throw new IllegalArgumentException(
                    "profile " + name + ": areaUnit must be \"ha\" or \"m2\", was " + areaUnit);
        }
    }

    /** The kinds of engineering network a networks layer holds. */
    public static final List<String> NETWORK_KINDS = List.of("power", "gas", "water", "sewerage", "heating", "telecom");

    /**
     * This networks profile, with every feature of a file that has no kind of its own of network
     * kind {@code networkKind}: a utility's file is often all gas, or all water, with no column to
     * say so.
     */
    public MappingProfile withNetworkKind(String networkKind) {
        if (!"networks".equals(kind)) {
            throw new IllegalArgumentException("a network kind is for a networks profile; " + name + " is for " + kind);
        }
        if (!NETWORK_KINDS.contains(networkKind)) {
            throw new IllegalArgumentException(
                    "unknown network kind '" + networkKind + "'; use one of " + String.join(", ", NETWORK_KINDS));
        }
        Map<String, String> withKind = new LinkedHashMap<>(defaults);
        withKind.put("kind", networkKind);
        return new MappingProfile(name, kind, description, fields, values, withKind, areaUnit);
    }

    /**
     * This profile, reading {@code field} also from the source field {@code sourceField} when the
     * file has none of the names the profile gives it.
     */
    public MappingProfile withSourceField(String field, String sourceField) {
        Map<String, List<String>> more = new LinkedHashMap<>(fields);
        List<String> names = new ArrayList<>(fields.getOrDefault(field, List.of()));
        names.add(sourceField);
        more.put(field, names);
        return new MappingProfile(name, kind, description, more, values, defaults, areaUnit);
    }

    /**
     * The profile an import is asked for: {@code nameOrFile} ({@link #load}; null for the layer's own),
     * with every feature of network kind {@code networkKind} when one is given (the networks profile
     * when no other is named).
     */
    public static MappingProfile forImport(String nameOrFile, String networkKind) throws IOException {
        MappingProfile profile = nameOrFile == null ? null : load(nameOrFile);
        if (networkKind == null) {
            return profile;
        }
        return (profile == null ? load("networks") : profile).withNetworkKind(networkKind);
    }

    /** A built-in profile ({@link #BUILT_IN}) or a profile file. */
    public static MappingProfile load(String nameOrFile) throws IOException {
        if (BUILT_IN.contains(nameOrFile)) {
            try (InputStream in = MappingProfile.class.getResourceAsStream("/profiles/" + nameOrFile + ".json")) {
                return read(in, nameOrFile);
            }
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "no mapping profile '" + nameOrFile + "': neither a built-in profile " + BUILT_IN + " nor a file");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw refused(
                    file.toString(),
                    "it is larger than " + MAX_BYTES / 1024 / 1024 + " MB; a profile is a few kilobytes");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** The largest profile file read: the built-in ones are a few kilobytes. */
    public static final int MAX_BYTES = 1024 * 1024;

    /** The longest profile name: it is kept with every revision imported with it. */
    public static final int MAX_NAME = 100;

    /** The keys of a profile, in the order the refusals list them. */
    private static final List<String> KEYS =
            List.of("name", "kind", "description", "fields", "values", "defaults", "areaUnit");

    private static final String NOT_READ = "profiles are JSON files in UTF-8 (YAML is not read)";

    private static MappingProfile read(InputStream in, String origin) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw refused(origin, "it is larger than " + MAX_BYTES / 1024 / 1024 + " MB; a profile is a few kilobytes");
        }
        String text = decoded(bytes, origin);
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw refused(origin, "it holds an invisible NUL character" + lineAndColumn(text, nul) + "; remove it");
        }
        tools.jackson.databind.JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw refused(origin, syntax(text, e));
        }
        if (root == null || root.isMissingNode()) {
            throw refused(origin, "the file is empty; " + NOT_READ);
        }
        if (root.isNull()) {
            throw refused(origin, "the profile file holds no profile (null)");
        }
        if (!root.isObject()) {
            throw refused(
                    origin,
                    "the file holds "
                            + (root.isArray()
                                    ? "a list"
                                    : root.isString() ? "a text" : root.isNumber() ? "a number" : "true or false")
                            + " where a profile belongs; a profile is a JSON object such as"
                            + " {\"name\": \"my-profile\", \"kind\": \"plots\", \"fields\": {\"status\": [\"SOST\"]}}");
        }
        try {
            return fromTree(root);
        } catch (IllegalArgumentException e) {
            throw refused(origin, withoutName(e.getMessage(), root.path("name")));
        }
    }

    /**
     * A reason the profile named {@code name} (its node) was refused, without the name in front of
     * it ("profile akimat: areaUnit must be…"): the refusal names the profile once, by its origin.
     */
    private static String withoutName(String why, tools.jackson.databind.JsonNode name) {
        if (!name.isString()) {
            return why;
        }
        String named = "profile " + name.asString();
        if (why.startsWith(named + ": ")) {
            return why.substring(named.length() + 2);
        }
        if (why.startsWith(named + " ")) {
            return "it " + why.substring(named.length() + 1);
        }
        return why;
    }

    private static IllegalArgumentException refused(String origin, String why) {
        return new IllegalArgumentException("mapping profile " + origin + " is not valid: " + why);
    }

    /** The profile's text: UTF-8 (with or without a BOM), or UTF-16 as Notepad saves "Unicode". */
    private static String decoded(byte[] bytes, String origin) {
        java.nio.charset.Charset charset = java.nio.charset.StandardCharsets.UTF_8;
        if (bytes.length >= 2
                && ((bytes[0] == (byte) 0xfe && bytes[1] == (byte) 0xff)
                        || (bytes[0] == (byte) 0xff && bytes[1] == (byte) 0xfe))) {
            charset = java.nio.charset.StandardCharsets.UTF_16;
        } else if (bytes.length >= 2 && bytes[0] == 0 && bytes[1] != 0) {
            charset = java.nio.charset.StandardCharsets.UTF_16BE;
        } else if (bytes.length >= 2 && bytes[0] != 0 && bytes[1] == 0) {
            charset = java.nio.charset.StandardCharsets.UTF_16LE;
        }
        try {
            String text = charset.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
            return text.startsWith("\ufeff") ? text.substring(1) : text;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw refused(
                    origin,
                    NOT_READ + ", and this one is not UTF-8 (Notepad's \"ANSI\", Windows-1251, is not read):"
                            + " save it again choosing the encoding UTF-8");
        }
    }

    /** " at line 3, column 7" for the character at {@code offset} of {@code text}. */
    private static String lineAndColumn(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return " at line " + line + ", column " + (offset - lineStart + 1);
    }

    /** What is wrong with the profile's JSON, and where, in words without the parser's. */
    private static String syntax(String text, JacksonException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        java.util.regex.Matcher dup = DUPLICATE.matcher(message);
        if (dup.find()) {
            return "the key " + quoted(dup.group(1)) + " is given twice in one object" + at(e)
                    + "; keep one, or the other meaning would be lost";
        }
        String start = text.strip();
        if (!start.startsWith("{") && !start.startsWith("[") && !start.startsWith("\"")) {
            return NOT_READ + "; this file does not begin with {" + at(e);
        }
        String why;
        if (message.contains("comment")) {
            why = "JSON has no comments; remove the // or /* */ text";
        } else if (message.contains("double-quote to start property name")) {
            why = "a key in double quotes is expected (JSON allows no comma before } or ])";
        } else if (message.contains("end-of-input")) {
            why = "the text ends before every { and [ is closed";
        } else if (message.contains("was expecting comma")) {
            why = "a comma is missing between two entries";
        } else if (message.contains("was expecting a colon")) {
            why = "a colon is missing after a key";
        } else if (message.contains("Unrecognized token")) {
            why = "a word without double quotes (texts are written in \"double quotes\")";
        } else if (message.contains("CTRL-CHAR") || message.contains("control character")) {
            why = "a text holds a line break or other control character; write it as \\n or remove it";
        } else {
            why = message.replaceAll(" \\(code -?\\d+\\)", "")
                    .lines()
                    .findFirst()
                    .orElse("");
            why = why.length() > 120 ? why.substring(0, 120) + "…" : why;
        }
        return "the JSON is broken" + at(e) + ": " + why;
    }

    /** The profile in {@code root}, every mistake named by its key's path. */
    private static MappingProfile fromTree(tools.jackson.databind.JsonNode root) {
        for (String key : root.propertyNames()) {
            noNul(key, "the key " + quoted(key));
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        "unknown key " + quoted(key) + "; the keys are " + String.join(", ", KEYS));
            }
        }
        String name = text(root, "name", true);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("it has no \"name\"; give it one, e.g. \"name\": \"akimat-register\"");
        }
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException("its name is " + name.length() + " characters long; a name has at most "
                    + MAX_NAME + " (begins " + quoted(name.substring(0, 40)) + "…)");
        }
        String kind = text(root, "kind", true);
        String description = text(root, "description", true);
        Map<String, List<String>> fields = null;
        Map<String, String> givenTo = new LinkedHashMap<>();
        if (root.has("fields")) {
            fields = new LinkedHashMap<>();
            tools.jackson.databind.JsonNode node = root.get("fields");
            if (!node.isObject()) {
                throw new IllegalArgumentException("\"fields\" must give each field a list of names, e.g."
                        + " \"fields\": {\"status\": [\"SOST\"]}");
            }
            for (Map.Entry<String, tools.jackson.databind.JsonNode> e : node.properties()) {
                String path = "fields." + e.getKey();
                noNul(e.getKey(), path);
                if (!e.getValue().isArray()) {
                    throw new IllegalArgumentException(path + " must be a list of names, e.g. [\"SOST\"]");
                }
                List<String> names = new ArrayList<>();
                for (tools.jackson.databind.JsonNode n : e.getValue()) {
                    if (n.isNull()) {
                        throw new IllegalArgumentException(path + " holds null where a name belongs;"
                                + " write names in double quotes, e.g. [\"SOST\"]");
                    }
                    if (!n.isString()) {
                        throw new IllegalArgumentException(path + " holds " + n + ", which is not a name;"
                                + " write names in double quotes, e.g. [\"SOST\"]");
                    }
                    String field = n.asString();
                    noNul(field, "the field name " + quoted(field) + " of " + path);
                    if (field.isBlank()) {
                        throw new IllegalArgumentException("an empty field name in " + path);
                    }
                    String other = givenTo.putIfAbsent(laundered(field), e.getKey());
                    if (other != null && !other.equals(e.getKey())) {
                        throw new IllegalArgumentException("field " + field + " is given to " + other + " and "
                                + e.getKey() + "; a field of the file is read as one thing");
                    }
                    names.add(field);
                }
                fields.put(e.getKey(), names);
            }
        }
        Map<String, Map<String, String>> values = null;
        if (root.has("values")) {
            values = new LinkedHashMap<>();
            tools.jackson.databind.JsonNode node = root.get("values");
            if (!node.isObject()) {
                throw new IllegalArgumentException("\"values\" must give value maps by field, e.g."
                        + " \"values\": {\"status\": {\"Вакантный\": \"free\"}}");
            }
            for (Map.Entry<String, tools.jackson.databind.JsonNode> e : node.properties()) {
                String path = "values." + e.getKey();
                noNul(e.getKey(), path);
                if (!e.getValue().isObject()) {
                    throw new IllegalArgumentException(
                            path + " must be a value map of words and codes, e.g. {\"Вакантный\": \"free\"}");
                }
                Map<String, String> map = new LinkedHashMap<>();
                for (Map.Entry<String, tools.jackson.databind.JsonNode> w :
                        e.getValue().properties()) {
                    String wordPath = path + "." + quoted(w.getKey());
                    noNul(w.getKey(), "the word " + quoted(w.getKey()) + " of " + path);
                    map.put(w.getKey(), code(w.getValue(), wordPath));
                }
                values.put(e.getKey(), map);
            }
        }
        Map<String, String> defaults = null;
        if (root.has("defaults")) {
            defaults = new LinkedHashMap<>();
            tools.jackson.databind.JsonNode node = root.get("defaults");
            if (!node.isObject()) {
                throw new IllegalArgumentException(
                        "\"defaults\" must give codes by field, e.g. \"defaults\": {\"status\": \"free\"}");
            }
            for (Map.Entry<String, tools.jackson.databind.JsonNode> e : node.properties()) {
                noNul(e.getKey(), "defaults." + e.getKey());
                defaults.put(e.getKey(), code(e.getValue(), "defaults." + e.getKey()));
            }
        }
        String areaUnit = text(root, "areaUnit", true);
        MappingProfile profile = new MappingProfile(name, kind, description, fields, values, defaults, areaUnit);
        profile.checkFixedCodes();
        return profile;
    }

    /** The text under {@code key} of {@code node}: null when absent (or null, when {@code nullable}). */
    private static String text(tools.jackson.databind.JsonNode node, String key, boolean nullable) {
        tools.jackson.databind.JsonNode v = node.get(key);
        if (v == null || (v.isNull() && nullable)) {
            return null;
        }
        if (!v.isString()) {
            throw new IllegalArgumentException(quoted(key) + " must be a text in double quotes, was " + shortText(v));
        }
        noNul(v.asString(), quoted(key));
        return v.asString();
    }

    /** A code of a value map or default at {@code path}: a text (true and false for divisibility too). */
    private static String code(tools.jackson.databind.JsonNode v, String path) {
        if (v.isBoolean() || (v.isString() && !v.asString().isBlank())) {
            noNul(v.asString(), path);
            return v.asString();
        }
        throw new IllegalArgumentException(
                path + " must be a code in double quotes, e.g. \"free\", was " + shortText(v));
    }

    private static String shortText(tools.jackson.databind.JsonNode v) {
        String s = v.toString();
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private static void noNul(String text, String where) {
        int at = text.indexOf('\0');
        if (at >= 0) {
            String shown = text.substring(0, at) + "…" + text.substring(at + 1).replace("\0", "…");
            throw new IllegalArgumentException("it holds an invisible NUL character (\\u0000) in «"
                    + (shown.length() > 60 ? shown.substring(0, 60) + "…" : shown) + "», " + where + "; remove it");
        }
    }

    /** The codes of divisibility and of network kinds, which no database table holds, as this profile gives them. */
    private void checkFixedCodes() {
        Map<String, List<String>> fixed = "plots".equals(kind)
                ? Map.of("divisible", List.of("true", "false"))
                : "networks".equals(kind) ? Map.of("kind", NETWORK_KINDS) : Map.of();
        fixed.forEach((field, codes) -> checkCodes(field, codes));
    }

    /**
     * Refuses the profile when a code its value map or default gives {@code field} is none of {@code
     * codes}: it would otherwise be blamed on every row that holds the word.
     */
    public void checkCodes(String field, java.util.Collection<String> codes) {
        Map<String, String> map = values.getOrDefault(field, Map.of());
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(map).entrySet()) {
            if (!codes.contains(e.getValue())) {
                throw new IllegalArgumentException("profile " + name + ": values." + field + "." + quoted(e.getKey())
                        + " = " + quoted(e.getValue()) + " is no code of " + field + "; the codes are "
                        + String.join(", ", codes));
            }
        }
        String given = defaults.get(field);
        if (given != null && !codes.contains(given)) {
            throw new IllegalArgumentException("profile " + name + ": defaults." + field + " = " + quoted(given)
                    + " is no code of " + field + "; the codes are " + String.join(", ", codes));
        }
    }

    private static final java.util.regex.Pattern DUPLICATE =
            java.util.regex.Pattern.compile("^Duplicate Object property \"(.*)\"$", java.util.regex.Pattern.DOTALL);

    /** Where in the profile's text {@code e} was found: " (line 3, column 7)", or "" when not known. */
    private static String at(JacksonException e) {
        tools.jackson.core.TokenStreamLocation where = e.getLocation();
        return where == null || where.getLineNr() < 1
                ? ""
                : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }

    /**
     * The SHA-256 (hex) of what the profile does to a file: its kind, fields, value maps, defaults
     * and area unit, with every map in key order, and the version of the rules names and words are
     * compared by. Two imports read a file the same way exactly when
     * their profiles have the same digest; the name and description do not count.
     */
    public String sha256() {
        Map<String, Object> canonical = new java.util.TreeMap<>();
        // how names and words are compared: a file read before a rule was added (Latin look-alikes
        // in Cyrillic words) is read otherwise now, and is not compared with one read after
        canonical.put("words", WORD_RULES);
        canonical.put("kind", kind);
        canonical.put("fields", new java.util.TreeMap<>(fields));
        Map<String, Object> sortedValues = new java.util.TreeMap<>();
        values.forEach((field, map) -> sortedValues.put(field, new java.util.TreeMap<>(map)));
        canonical.put("values", sortedValues);
        canonical.put("defaults", new java.util.TreeMap<>(defaults));
        canonical.put("areaUnit", areaUnit == null ? "named" : areaUnit);
        try {
            byte[] digest =
                    java.security.MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(canonical));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A source field name as the profile's names are compared with it: as GDAL's PostgreSQL driver
     * stores it (its LAUNDER option), with the Latin letters that look like Cyrillic ones inside a
     * Cyrillic word read as those ({@link #cyrillicLookAlikes}): «мәртебесi» typed with the Latin i
     * is the profile's «мәртебесі».
     */
    public static String laundered(String field) {
        return cyrillicLookAlikes(field.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_]", "_"));
    }

    private static Map<String, List<String>> copyFields(Map<String, List<String>> fields) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        fields.forEach(
                (k, v) -> out.put(k, v.stream().map(MappingProfile::laundered).toList()));
        return Map.copyOf(out);
    }

    /**
     * The value maps with their words as they are compared. A key that compares as no word at all
     * (empty, spaces, «-», «?», «...») would match the cells a clerk marks as unknown or none, and two
     * keys that compare alike but give different codes leave the code to the order of the file: a
     * profile with either is refused, naming the keys.
     */
    private static Map<String, Map<String, String>> copyValues(String name, Map<String, Map<String, String>> values) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        values.forEach((field, map) -> {
            Map<String, String> words = new LinkedHashMap<>();
            Map<String, String> rawKeys = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                String w = word(k);
                if (w.isEmpty()) {
                    throw new IllegalArgumentException("profile " + name + ": values." + field + "." + quoted(k)
                            + " compares as no word at all (words are compared without spaces and punctuation),"
                            + " so it would match cells marked \"-\", \"?\" or \"...\"; remove it");
                }
                String before = words.get(w);
                if (before != null && !before.equals(v)) {
                    throw new IllegalArgumentException("profile " + name + ": values." + field + "."
                            + quoted(rawKeys.get(w)) + " gives " + quoted(before) + " and values." + field + "."
                            + quoted(k) + " gives " + quoted(v) + ", but the two compare as the same word "
                            + quoted(w) + " (case, ё and е, spaces and punctuation do not count); keep one");
                }
                words.put(w, v);
                rawKeys.putIfAbsent(w, k);
            });
            out.put(field, Map.copyOf(words));
        });
        return Map.copyOf(out);
    }

    /** {@code text} in double quotes, as a profile's JSON writes it. */
    static String quoted(String text) {
        return text == null
                ? "null"
                : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\0", "\\u0000") + "\"";
    }

    private static final java.util.regex.Pattern BETWEEN_WORDS =
            java.util.regex.Pattern.compile("[\\s\u00a0\u2007\u2009\u202f.,;:!?()\"'«»“”„/\\\\\u2010-\u2015\u2212-]+");

    /**
     * A word as value maps compare it: in lower case, ё as е, without characters no one sees, every
     * run of spaces and punctuation one space, trimmed. The database function {@code profile_word(text)} applies the same rule to
     * the file's values.
     */
    public static String word(String raw) {
        return BETWEEN_WORDS
                .matcher(cyrillicLookAlikes(kz.adalmap.importers.validate.CadastralNumber.INVISIBLE
                        .matcher(raw.toLowerCase(Locale.ROOT).replace('ё', 'е'))
                        .replaceAll("")))
                .replaceAll(" ")
                .strip();
    }

    /** Lower-case Latin letters that look like Cyrillic ones, and the Cyrillic letters they stand for. */
    private static final String LOOK_ALIKES = "aceopxyi";

    private static final String LOOKED_LIKE = "асеорхуі";

    /** A word as look-alikes are folded in: a run of Latin and Cyrillic letters. */
    private static final java.util.regex.Pattern LATIN_OR_CYRILLIC =
            java.util.regex.Pattern.compile("[a-zA-Z\u0400-\u04ff]+");

    private static final java.util.regex.Pattern CYRILLIC = java.util.regex.Pattern.compile("[\u0400-\u04ff]");

    /**
     * {@code lowered} (in lower case) with the Latin letters a c e o p x y i of each word that also
     * holds Cyrillic letters, and no other Latin letter, as the Cyrillic а с е о р х у і: text typed
     * on a Latin layout, pasted from OCR, or Kazakh with the Latin i for «і», as most Kazakh keyboards
     * leave people to type it. A word wholly in Latin letters («status», «free», «bos») is left as it
     * is, and so is one with Latin letters no Cyrillic letter looks like. The database function
     * {@code cyrillic_look_alikes(text)} applies the same rule.
     */
    public static String cyrillicLookAlikes(String lowered) {
        java.util.regex.Matcher m = LATIN_OR_CYRILLIC.matcher(lowered);
        StringBuilder out = null;
        int done = 0;
        while (m.find()) {
            String w = m.group();
            if (!CYRILLIC.matcher(w).find() || w.chars().allMatch(ch -> ch >= 0x0400)) {
                continue;
            }
            if (w.chars().anyMatch(ch -> ch < 0x0400 && LOOK_ALIKES.indexOf(ch) < 0)) {
                continue;
            }
            char[] letters = w.toCharArray();
            for (int i = 0; i < letters.length; i++) {
                int at = LOOK_ALIKES.indexOf(letters[i]);
                if (at >= 0) {
                    letters[i] = LOOKED_LIKE.charAt(at);
                }
            }
            if (out == null) {
                out = new StringBuilder(lowered.length());
            }
            out.append(lowered, done, m.start()).append(letters);
            done = m.end();
        }
        return out == null
                ? lowered
                : out.append(lowered, done, lowered.length()).toString();
    }

    /**
     * The Latin letters of {@code text} that stand in words with Cyrillic letters, each once, in
     * the order of their code points («стaтуs»: "a, s"); empty when there are none. The database
     * function {@code latin_in_cyrillic(text)} finds the same (null for none). A word or name that is
     * not known although it looks like one that is may be told so.
     */
    public static String latinInCyrillic(String text) {
        java.util.TreeSet<Character> found = new java.util.TreeSet<>();
        java.util.regex.Matcher m = LATIN_OR_CYRILLIC.matcher(text);
        while (m.find()) {
            String w = m.group();
            if (CYRILLIC.matcher(w).find()) {
                w.chars().filter(ch -> ch < 0x0400).forEach(ch -> found.add((char) ch));
            }
        }
        return found.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
    }
}
