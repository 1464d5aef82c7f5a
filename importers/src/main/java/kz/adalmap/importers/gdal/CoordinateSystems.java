package kz.adalmap.importers.gdal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.adalmap.importers.source.SourceProblem;

/**
 * What GDAL and PROJ make of a coordinate system before a file is read in it: its definition
 * ({@code gdalsrsinfo}), and whether PROJ shifts its datum on the way to WGS 84 ({@code
 * gdaltransform}), the same PROJ that {@code ogr2ogr} then uses.
 */
public final class CoordinateSystems {

    /** The Krassowsky 1940 ellipsoid of Pulkovo 1942, by its numbers whatever its name. */
    private static final Pattern KRASSOWSKY =
            Pattern.compile("(?:ELLIPSOID|SPHEROID)\\[\"[^\"]*\",\\s*6378245(?:\\.0*)?,\\s*298\\.30*[,\\]]");

    private static final Pattern DATUM = Pattern.compile("DATUM\\[\"([^\"]*)\"");

    private static final Pattern EPSG_CODE = Pattern.compile("(?i)\\s*EPSG:\\s*([0-9]+)\\s*");

    /**
     * Within this of each other, a point read in the system and its place without any datum shift are
     * the same: between the Krassowsky and WGS 84 ellipsoids the same geocentric point moves some 3
     * m, and Pulkovo 1942's shift in Kazakhstan is 40 to 100 m.
     */
    static final double NO_SHIFT_METRES = 10;

    private final String srsInfo;
    private final String transform;

    public CoordinateSystems() {
        this(
                System.getenv().getOrDefault("ADALMAP_GDALSRSINFO", "gdalsrsinfo"),
                System.getenv().getOrDefault("ADALMAP_GDALTRANSFORM", "gdaltransform"));
    }

    public CoordinateSystems(String srsInfo, String transform) {
        this.srsInfo = srsInfo;
        this.transform = transform;
    }

    /**
     * The definition of {@code srs} (an EPSG code, a WKT or PROJ definition, or a file holding one)
     * as WKT 2. Throws {@link GdalException} of {@link SourceProblem#WRONG_CRS} when GDAL does not
     * know it, saying why: an EPSG code newer than this PROJ's database is its most common cause.
     */
    public String definition(String srs) {
        return definition(srs, "the coordinate system given");
    }

    /**
     * Like {@link #definition(String)}, for a system {@code whose} words name: "the coordinate system
     * given" for the user's, the file's own words (its GeoJSON {@code crs} member, its EWKT SRID) for
     * one the file names, so that an unknown code is said to come from where it does.
     */
    public String definition(String srs, String whose) {
        String text;
        try {
            text = GdalProcess.run(srsInfo, List.of("-o", "wkt2_2019", srs), Map.of(), GdalProcess.DESCRIBING);
        } catch (GdalException e) {
            if (e.problem() == SourceProblem.SERVER || e.problem() == SourceProblem.TIMEOUT) {
                throw e;
            }
            Matcher code = EPSG_CODE.matcher(srs);
            throw new GdalException(
                    SourceProblem.WRONG_CRS,
                    code.matches()
                            ? whose + ", EPSG:" + code.group(1) + ", is not in the database of"
                                    + " EPSG codes of this server's PROJ: the code is newer than that database (QazTRF-23,"
                                    + " Kazakhstan's reference frame, is EPSG:10941, of 2025, and its zones follow it)"
                                    + " or no code at all. Pass the system's definition instead, as WKT or a PROJ"
                                    + " string: the surveyors who gave the coordinates have it, and epsg.org exports"
                                    + " any code's WKT"
                            : "the coordinate system given is not one GDAL knows: use an EPSG code (EPSG:32643), a"
                                    + " WKT or a PROJ definition",
                    e);
        }
        int start = text.indexOf('[');
        if (start < 0) {
            throw new GdalException(
                    SourceProblem.WRONG_CRS,
                    "the coordinate system given is not one GDAL knows: use an EPSG code (EPSG:32643), a WKT or a"
                            + " PROJ definition",
                    null);
        }
        // gdalsrsinfo starts with an empty line
        return text.strip();
    }

    /**
     * The name of the datum of {@code wkt} (a WKT 1 or 2 definition) when its ellipsoid is Krassowsky
     * 1940 and PROJ places the point ({@code x}, {@code y}) of it in WGS 84 without a datum shift: no
     * transformation PROJ knows for its datum (an AutoCAD or MapInfo export's own name of Pulkovo
     * 1942, an ellipsoid without a datum, a PROJ string with {@code +ellps=krass} alone) and no
     * shift given (TOWGS84, or MapInfo's zeros). Null otherwise: another ellipsoid, or a shift.
     */
    public String krassowskyWithoutShift(String wkt, double x, double y) {
        if (wkt == null || !KRASSOWSKY.matcher(wkt).find()) {
            return null;
        }
        String point = String.format(Locale.ROOT, "%.6f %.6f%n", x, y);
        double[] wgs84 = transformed(wkt, "EPSG:4326", point);
        // the same ellipsoid without a datum: PROJ passes longitude and latitude through unchanged
        double[] unshifted = transformed(wkt, "+proj=longlat +ellps=krass +no_defs", point);
        if (wgs84 == null || unshifted == null) {
            return null;
        }
        double metresPerDegree = 111_320;
        double east = (wgs84[0] - unshifted[0]) * metresPerDegree * Math.cos(Math.toRadians(wgs84[1]));
        double north = (wgs84[1] - unshifted[1]) * metresPerDegree;
        if (Math.hypot(east, north) >= NO_SHIFT_METRES) {
            return null;
        }
        Matcher datum = DATUM.matcher(wkt);
        return datum.find() ? datum.group(1) : "none";
    }

    /**
     * Names programs give Pulkovo 1942's datum that PROJ does not know, so that it places their files
     * without the datum's shift: AutoCAD Map 3D's (CS-MAP's) «Pulkovo42», of its systems
     * «Pulkovo42.GK6d-14», «Pulkovo42.GK3d-28» and «LL-Pulkovo42», and the surveyors' «SK-42»
     * («СК-42»), compared without case, spaces, dashes and underscores. Pulkovo 1942(58) and 1942(83)
     * of Europe are other datums and are not among them.
     */
    private static final Pattern PULKOVO_1942_NAME = Pattern.compile("(?iu)pulkovo(?:19)?42|sk42|ск42");

    /** Whether {@code datum}, a datum's name, is one of {@link #PULKOVO_1942_NAME}. */
    public static boolean namesPulkovo1942(String datum) {
        return datum != null
                && PULKOVO_1942_NAME.matcher(datum.replaceAll("[\\s_\\-.]", "")).matches();
    }

    /**
     * Names of a datum that name none in particular, only the Krassowsky ellipsoid or nothing at all:
     * ESRI's «D_Krasovsky_1940» (GDAL reads it as EPSG's «Not specified (based on Krassowsky 1940
     * ellipsoid)»), «Krassowsky_1940», GDAL's «Not_specified_based_on_Krassowsky_1940_ellipsoid» and
     * «Unknown based on Krassovsky, 1942 ellipsoid» (what {@code +ellps=krass} alone gives),
     * «unknown», «D_unknown»; compared without case, spaces and punctuation. In Kazakhstan such a
     * system is Pulkovo 1942; a datum of a name of its own (Beijing 1954, Pulkovo 1995) is not among
     * them.
     */
    private static final Pattern NO_PARTICULAR_DATUM = Pattern.compile("(?iu)d?(?:(?:unknown|notspecified)(?:datum)?"
            + "(?:basedo(?:n|upon)(?:the)?)?)?kras+o(?:v|w|ff)(?:sk(?:y|i|ii|ij|iy))?(?:19(?:40|42))?(?:ellipsoid)?"
            + "|d?(?:unknown|notspecified)(?:datum)?");

    /** Whether {@code datum}, a datum's name, is one of {@link #NO_PARTICULAR_DATUM}. */
    public static boolean namesNoParticularDatum(String datum) {
        return datum != null
                && NO_PARTICULAR_DATUM
                        .matcher(datum.replaceAll("[\\s_\\-.,()]", ""))
                        .matches();
    }

    /**
     * Whether {@code wkt} gives its own shift to WGS 84 (TOWGS84, a bound system), even of zeros, as
     * MapInfo's datum 9999 does when its zeros say no shift deliberately.
     */
    public static boolean shiftGiven(String wkt) {
        return wkt != null && wkt.matches("(?s).*\\b(?:TOWGS84|BOUNDCRS|ABRIDGEDTRANSFORMATION)\\[.*");
    }

    /**
     * {@code wkt} with its datum named {@code datum} renamed Pulkovo 1942, the name PROJ knows it and
     * its transformations to WGS 84 by; everything else (ellipsoid, projection, units) as it was. The
     * codes of the datum and of its geographic system go with their name (EPSG:6024 and 4024, of
     * «Not specified (based on Krassowsky 1940 ellipsoid)»): PROJ would read them before the name.
     */
    public static String asPulkovo1942(String wkt, String datum) {
        Matcher named =
                Pattern.compile("DATUM\\[\"" + Pattern.quote(datum) + "\"").matcher(wkt);
        if (!named.find()) {
            return wkt;
        }
        int start = named.start();
        int end = closingBracket(wkt, wkt.indexOf('[', start));
        if (end < 0) {
            return wkt;
        }
        String node = "DATUM[\"Pulkovo 1942\"" + wkt.substring(named.end(), end + 1);
        String renamed = wkt.substring(0, start) + withoutCodes(node) + wkt.substring(end + 1);
        // the geographic system around the datum
        Matcher geographic = Pattern.compile("(?:BASEGEOGCRS|BASEGEODCRS|GEOGCRS|GEODCRS|GEOGCS)\\[")
                .matcher(renamed.substring(0, start));
        int around = -1;
        while (geographic.find()) {
            around = geographic.start();
        }
        if (around >= 0) {
            int aroundEnd = closingBracket(renamed, renamed.indexOf('[', around));
            if (aroundEnd > start) {
                renamed = renamed.substring(0, around)
                        + withoutCodes(renamed.substring(around, aroundEnd + 1))
                        + renamed.substring(aroundEnd + 1);
            }
        }
        return renamed;
    }

    /** The index of the bracket closing the one at {@code open} in {@code wkt}, or -1; quoted text skipped. */
    private static int closingBracket(String wkt, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i >= 0 && i < wkt.length(); i++) {
            char c = wkt.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '[') {
                depth++;
            } else if (!quoted && c == ']' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** {@code node}, a WKT node, without its own ID or AUTHORITY (those of the nodes in it kept). */
    private static String withoutCodes(String node) {
        StringBuilder kept = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < node.length(); i++) {
            char c = node.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '[') {
                depth++;
            } else if (!quoted && c == ']') {
                depth--;
            } else if (!quoted && c == ',' && depth == 1) {
                Matcher code = CODE.matcher(node).region(i, node.length());
                if (code.lookingAt()) {
                    int end = closingBracket(node, code.end() - 1);
                    if (end > 0) {
                        i = end;
                        continue;
                    }
                }
            }
            kept.append(c);
        }
        return kept.toString();
    }

    private static final Pattern CODE = Pattern.compile(",\\s*(?:ID|AUTHORITY)\\[");

    /** An ellipsoid's name and semi-major axis in metres. */
    private static final Pattern ELLIPSOID = Pattern.compile("(?:ELLIPSOID|SPHEROID)\\[\"([^\"]*)\",\\s*([0-9.]+)");

    /**
     * The semi-major axes, in whole metres, of the ellipsoids Kazakhstan's data use: WGS 84 and GRS
     * 1980 (and the spheres of web maps), Krassowsky 1940 of Pulkovo 1942 and 1995, PZ-90.
     */
    private static final java.util.Set<Long> KAZAKH_ELLIPSOIDS = java.util.Set.of(6378137L, 6378245L, 6378136L);

    /**
     * The datum of {@code wkt} (and its ellipsoid, in brackets) when its ellipsoid is none that a map
     * of Kazakhstan uses, such as the Clarke 1880 of Adindan that a damaged MapInfo datum number
     * names; null otherwise, and for a system without an ellipsoid.
     */
    public static String foreignDatum(String wkt) {
        if (wkt == null) {
            return null;
        }
        Matcher ellipsoid = ELLIPSOID.matcher(wkt);
        if (!ellipsoid.find()) {
            return null;
        }
        long axis = Math.round(Double.parseDouble(ellipsoid.group(2)));
        if (KAZAKH_ELLIPSOIDS.contains(axis) || axis == 6371000L) {
            return null;
        }
        Matcher datum = DATUM.matcher(wkt);
        return (datum.find() ? datum.group(1) : "none") + " (ellipsoid " + ellipsoid.group(1) + ")";
    }

    /**
     * The points {@code xy} (each x then y, easting or longitude first as GDAL reads every file) of
     * {@code srs} (an EPSG code, a WKT or PROJ definition) as longitude and latitude of WGS 84, by
     * the PROJ that {@code ogr2ogr} uses; a point PROJ cannot place, or every one when it does not know
     * the system, is null.
     */
    public double[][] inWgs84(String srs, double[]... xy) {
        StringBuilder points = new StringBuilder();
        for (double[] p : xy) {
            points.append(String.format(Locale.ROOT, "%.6f %.6f%n", p[0], p[1]));
        }
        double[][] placed = new double[xy.length][];
        String out;
        try {
            out = GdalProcess.run(
                    transform,
                    List.of("-s_srs", srs, "-t_srs", "EPSG:4326", "-output_xy"),
                    Map.of(),
                    GdalProcess.DESCRIBING,
                    points.toString());
        } catch (GdalException e) {
            return placed;
        }
        // one line a point, in their order: two numbers, or GDAL's words for a point it cannot place
        // (PROJ's warnings, on the same stream, are left out)
        List<String> lines = out.lines()
                .filter(l -> lonLat(l) != null || l.contains("transformation failed"))
                .toList();
        for (int i = 0; i < xy.length && i < lines.size(); i++) {
            placed[i] = lonLat(lines.get(i));
        }
        return placed;
    }

    /** The point (text of x and y) in {@code target}, or null when PROJ cannot place it. */
    private double[] transformed(String source, String target, String point) {
        String out;
        try {
            out = GdalProcess.run(
                    transform,
                    List.of("-s_srs", source, "-t_srs", target, "-output_xy"),
                    Map.of(),
                    GdalProcess.DESCRIBING,
                    point);
        } catch (GdalException e) {
            return null;
        }
        for (String line : out.lines().toList()) {
            String[] xy = line.strip().split("\\s+");
            if (xy.length == 2 && !line.contains("ERROR")) {
                return lonLat(line);
            }
        }
        return null;
    }

    /** A line of gdaltransform's as its two numbers, or null when it holds no finite two. */
    private static double[] lonLat(String line) {
        String[] xy = line.strip().split("\\s+");
        if (xy.length != 2 || line.contains("ERROR")) {
            return null;
        }
        try {
            double lon = Double.parseDouble(xy[0]);
            double lat = Double.parseDouble(xy[1]);
            return Double.isFinite(lon) && Double.isFinite(lat) ? new double[] {lon, lat} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
