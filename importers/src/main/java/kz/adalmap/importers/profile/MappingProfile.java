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
        if (!"plots".equals(kind) && !"networks".equals(kind) && !"custom".equals(kind)) {
            throw new IllegalArgumentException(
                    "profile " + name + ": kind must be \"plots\", \"networks\" or \"custom\", was " + kind);
        }
        fields = fields == null ? Map.of() : copyFields(fields);
        values = values == null ? Map.of() : copyValues(name, values);
        defaults = defaults == null ? Map.of() : Map.copyOf(defaults);
        // null: the area field's name says its unit, and hectares when it says none
        List<String> known = "plots".equals(kind) ? PLOT_FIELDS : NETWORK_FIELDS;
        List<String> unknown = new ArrayList<>();
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
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    private static MappingProfile read(InputStream in, String origin) {
        try {
            return JSON.readValue(in, MappingProfile.class);
        } catch (JacksonException e) {
            java.util.regex.Matcher dup = DUPLICATE.matcher(e.getOriginalMessage());
            if (dup.find()) {
                throw new IllegalArgumentException("mapping profile " + origin + " is not valid: the key "
                        + quoted(dup.group(1)) + " is given twice in one object" + at(e)
                        + "; keep one, or the other meaning would be lost");
            }
            throw new IllegalArgumentException(
                    "mapping profile " + origin + " is not valid: " + e.getOriginalMessage(), e);
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
        return text == null ? "null" : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
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
