package kz.adalmap.importers.validate;

import java.util.Locale;

/**
 * Says what the coordinates of a file that declares no coordinate system look like, from their
 * extent: longitude/latitude in Kazakhstan (then they are read as WGS 84), or the metres of a
 * projection, or swapped axes, with the option that would read them right.
 */
public final class CoordinateGuess {

    /** Longitude and latitude of Kazakhstan, with a margin. */
    public static final double MIN_LON = 45.0;

    public static final double MAX_LON = 88.5;
    public static final double MIN_LAT = 40.0;
    public static final double MAX_LAT = 56.5;

    private CoordinateGuess() {}

    /**
     * Null when {@code extent} (minX, minY, maxX, maxY) is plausible longitude/latitude in Kazakhstan;
     * otherwise a message saying what the coordinates look like and how to pass the right system.
     */
    public static String explain(double[] extent) {
        return explain(extent, false);
    }

    /**
     * Like {@link #explain(double[])}, for a file that {@code declared} a coordinate system of its
     * own which does not fit its numbers: the advice is then to pass the right one instead.
     */
    public static String explain(double[] extent, boolean declared) {
        return explain(extent, declared, null);
    }

    /**
     * Like {@link #explain(double[], boolean)}, for a file of {@code format} (the importer's name of
     * it: {@code shp}, {@code geojson}, {@code csv}…; null when unknown): the advice names what the
     * file holds, a Shapefile's .prj, a GeoJSON's crs member, the columns of a CSV.
     */
    public static String explain(double[] extent, boolean declared, String format) {
        boolean geojson = "geojson".equals(format) || "json".equals(format);
        boolean columns = format == null || "csv".equals(format);
        double minX = extent[0];
        double minY = extent[1];
        double maxX = extent[2];
        double maxY = extent[3];
        String range =
                "x from " + number(minX) + " to " + number(maxX) + ", y from " + number(minY) + " to " + number(maxY);
        String how = declared
                ? " Pass the right coordinate system with --srs (an EPSG code such as EPSG:32643, a WKT or a PROJ"
                        + " definition): it is read instead of the file's own. Or correct the layer's coordinate system"
                        + " in the program that wrote the file" + whereTheSystemIsWritten(format) + "."
                : " Pass the file's coordinate system with --srs (an EPSG code such as EPSG:32643, a WKT or a "
                        + "PROJ definition), or add its .prj.";
        for (double v : extent) {
            if (!Double.isFinite(v) || Math.abs(v) > 1e9) {
                return "the coordinates are not usable numbers (" + range + ")." + how;
            }
        }
        if (within(minX, maxX, MIN_LON, MAX_LON) && within(minY, maxY, MIN_LAT, MAX_LAT)) {
            return null;
        }
        if (within(minX, maxX, MIN_LAT, MAX_LAT) && within(minY, maxY, MIN_LON, MAX_LON)) {
            // a coordinate system cannot swap them: GDAL reads every one of them longitude first
            return "the coordinates look like latitude, longitude with the axes swapped (" + range + "): GeoJSON, "
                    + "Shapefile, KML and CSV put longitude first. In a CSV, swap the names of the two columns (the"
                    + " longitude's values are 45 to 88 in Kazakhstan, the latitude's 40 to 56); from a GIS, export"
                    + " the layer again as longitude, latitude. A coordinate system given with --srs does not swap"
                    + " them.";
        }
        if (Math.abs(minX) <= 180 && Math.abs(maxX) <= 180 && Math.abs(minY) <= 90 && Math.abs(maxY) <= 90) {
            return "the coordinates look like longitude/latitude but lie outside Kazakhstan (" + range + ")." + how;
        }
        if (within(minY, maxY, 4_400_000, 6_300_000)) {
            if (within(minX, maxX, 100_000, 900_000)) {
                return "the coordinates look like metres of a transverse Mercator projection (" + range + "): "
                        + "UTM zones 38N–45N are EPSG:32638–32645, Pulkovo 1942 Gauss–Krüger zones without the zone "
                        + "number in front EPSG:2498–2505 (6°, central meridians 45°–87° E) or EPSG:2590–2599 and 2601–2605 (3°; 2600 is Lithuania's),"
                        + " or a city's local system; the zone cannot be told from the numbers alone." + how;
            }
            long zone = Math.round(Math.floor(minX / 1_000_000));
            if (zone >= 4 && zone <= 32 && Math.floor(maxX / 1_000_000) == zone) {
                int code = gaussKrugerCode((int) zone, (minX + maxX) / 2, (minY + maxY) / 2);
                return "the coordinates look like Pulkovo 1942 Gauss–Krüger metres with zone " + zone + " in front of "
                        + "the easting (" + range + "): "
                        + (code != 0
                                ? "try --srs EPSG:" + code + " ("
                                        + (code < 28400
                                                ? "3° zone " + zone + ", central meridian " + 3 * zone
                                                : "6° zone " + zone + ", central meridian " + (6 * zone - 3))
                                        + "° E)."
                                        + (code >= 28400 ? qazTrf23((int) zone) : "")
                                : "read as a 6° zone (EPSG:" + (28400 + zone) + ") or a 3° one"
                                        + (zone >= 7 && zone <= 60 ? " (EPSG:" + (2516 + zone) + ")" : "")
                                        + ", they do not lie in Kazakhstan, whose 6° zones are 8–15 and 3° zones"
                                        + " 16–29.")
                        + (webMercatorInKazakhstan(extent)
                                ? " Or they are Web Mercator metres, as web maps and online tools export them: then"
                                        + " --srs EPSG:3857."
                                : "")
                        + how;
            }
        }
        if (webMercatorInKazakhstan(extent)) {
            return "the coordinates look like Web Mercator metres (" + range + "), as web maps and online tools"
                    + " export them: try --srs EPSG:3857." + how;
        }
        if (within(minX, maxX, 4_400_000, 6_300_000) && within(minY, maxY, 100_000, 32_900_000)) {
            if (geojson) {
                // a GeoJSON that names the system its numbers are in is read northing first without --srs
                return "the coordinates look like projected metres with the northing first (" + range + "), as"
                        + " programs that follow the order of the axes EPSG gives a system write them: a GeoJSON is"
                        + " read easting first, and another coordinate system given does not swap them. If the"
                        + " file's crs member names the system its numbers are in, give that one or none: the file"
                        + " is then read northing first. Otherwise export it again easting first, as QGIS and GDAL"
                        + " write GeoJSON." + how;
            }
            // swapped, eastings with a zone in front name their zone, as they do the right way round
            double[] swapped = {minY, minX, maxY, maxX};
            String code = within(minY, maxY, 4_000_000, 61_000_000) ? suggestedCode(swapped) : null;
            long zone = Math.round(Math.floor(minY / 1_000_000));
            return "the coordinates look like projected metres with the northing first (" + range + "), as"
                    + " surveyors write X and Y: "
                    + (columns
                            ? "swap the two columns (or the axes in the GIS that exported the file)"
                            : "export the layer again with the axes swapped in the GIS that wrote it")
                    + " so that the easting comes first, then pass its coordinate system"
                    + (code != null && code.matches("EPSG:(28[0-9]{3}|2[5-6][0-9]{2})")
                            ? " (swapped, they look like Pulkovo 1942 Gauss–Krüger metres with zone " + zone
                                    + " in front of the easting, whose code is " + code + ")"
                            : "")
                    + "; a coordinate system alone does not swap them." + how;
        }
        return (declared
                        ? "its coordinates are neither longitude/latitude in Kazakhstan nor numbers of a coordinate system"
                                + " the importer can tell ("
                        : "the file declares no coordinate system and its coordinates are not longitude/latitude in"
                                + " Kazakhstan (")
                + range + ")." + how;
    }

    /**
     * The coordinate system the numbers of {@code extent} (minX, minY, maxX, maxY) are in, as {@link
     * #explain(double[], boolean, String)} advises it, when it can name one: {@code EPSG:4326} for
     * longitude and latitude in Kazakhstan, a Pulkovo 1942 Gauss–Krüger code for metres with the zone in
     * front of the easting that lie in Kazakhstan in it, {@code EPSG:3857} for Web Mercator metres of
     * Kazakhstan; null when the numbers name none (UTM metres, whose zone they do not tell, swapped axes,
     * another country's degrees).
     */
    public static String suggestedCode(double[] extent) {
        double minX = extent[0];
        double minY = extent[1];
        double maxX = extent[2];
        double maxY = extent[3];
        for (double v : extent) {
            if (!Double.isFinite(v) || Math.abs(v) > 1e9) {
                return null;
            }
        }
        if (within(minX, maxX, MIN_LON, MAX_LON) && within(minY, maxY, MIN_LAT, MAX_LAT)) {
            return "EPSG:4326";
        }
        if (Math.abs(minX) <= 180 && Math.abs(maxX) <= 180 && Math.abs(minY) <= 90 && Math.abs(maxY) <= 90) {
            return null;
        }
        if (within(minY, maxY, 4_400_000, 6_300_000)) {
            if (within(minX, maxX, 100_000, 900_000)) {
                return null;
            }
            long zone = Math.round(Math.floor(minX / 1_000_000));
            if (zone >= 4 && zone <= 32 && Math.floor(maxX / 1_000_000) == zone) {
                int code = gaussKrugerCode((int) zone, (minX + maxX) / 2, (minY + maxY) / 2);
                return code != 0 ? "EPSG:" + code : webMercatorInKazakhstan(extent) ? "EPSG:3857" : null;
            }
        }
        return webMercatorInKazakhstan(extent) ? "EPSG:3857" : null;
    }

    /** The code to read a file's numbers in, and the words that say why. */
    public record ZoneCode(String code, String message) {}

    private static final java.util.regex.Pattern FALSE_EASTING =
            java.util.regex.Pattern.compile("(?i)PARAMETER\\[\"False[ _]easting\",\\s*([-+0-9.eE]+)");
    private static final java.util.regex.Pattern CENTRAL_MERIDIAN = java.util.regex.Pattern.compile(
            "(?i)PARAMETER\\[\"(?:Longitude of natural origin|central_meridian)\",\\s*([-+0-9.eE]+)");
    private static final java.util.regex.Pattern SCALE = java.util.regex.Pattern.compile(
            "(?i)PARAMETER\\[\"(?:Scale factor at natural origin|scale_factor)\",\\s*([-+0-9.eE]+)");

    /**
     * When {@code wkt}, the coordinate system a file is read in, is a Pulkovo 1942 Gauss–Krüger zone
     * with its number in front of the easting (false easting 14 500 000 for zone 14) while the
     * file's numbers ({@code extent}) are the same zone's without it (eastings of 100 000 to 900 000),
     * as an export that left the number off under the old .prj writes them: the code of that zone
     * without the number (6° zones EPSG:2492–2522, 3° zones EPSG:2582–2636, 2600 being Lithuania's),
     * and the words that say so, for {@code given} the system given with --srs, else the file's own.
     * Null otherwise, and when the numbers in that code would not lie in Kazakhstan.
     */
    public static ZoneCode zoneNumberLeftOut(String wkt, double[] extent, boolean given, String format) {
        int zone = numberedZone(wkt);
        if (zone == 0) {
            return null;
        }
        double falseEasting = parameter(FALSE_EASTING, wkt);
        double meridian = parameter(CENTRAL_MERIDIAN, wkt);
        int code;
        String which;
        if (meridian == 6 * zone - 3) {
            code = 2490 + zone;
            which = "6° zone " + zone;
        } else {
            code = zone <= 24 ? 2575 + zone : 2576 + zone;
            which = "3° zone " + zone;
        }
        if (!within(extent[0], extent[2], 100_000, 900_000) || !within(extent[1], extent[3], 4_400_000, 6_300_000)) {
            return null;
        }
        double[] lonLat =
                gaussKrugerToLonLat((extent[0] + extent[2]) / 2 - 500_000, (extent[1] + extent[3]) / 2, meridian);
        if (lonLat[0] < MIN_LON || lonLat[0] > MAX_LON || lonLat[1] < MIN_LAT || lonLat[1] > MAX_LAT) {
            return null;
        }
        String range = "x from " + number(extent[0]) + " to " + number(extent[2]) + ", y from " + number(extent[1])
                + " to " + number(extent[3]);
        return new ZoneCode(
                "EPSG:" + code,
                "the numbers are those of " + which + " without the zone number in front of the easting, while "
                        + (given ? "the coordinate system given" : "its coordinate system") + " has it (false easting "
                        + number(falseEasting) + "; " + range + "): try --srs EPSG:" + code + " (Pulkovo 1942 / "
                        + which + " without the zone number, central meridian " + number(meridian) + "° E)."
                        + (given
                                ? ""
                                : " Or correct the layer's coordinate system in the program that wrote the file"
                                        + whereTheSystemIsWritten(format) + "."));
    }

    /**
     * When {@code wkt}, the coordinate system a file is read in, is a Pulkovo 1942 Gauss–Krüger zone
     * with its number in front of the easting (false easting 13 500 000 for zone 13) while every
     * easting of the file ({@code extent}) begins with another zone's number, within that zone's
     * width (12 671 900 under zone 13's system: written in zone 12, as a surveyor of the next zone
     * writes them): the code of the Gauss–Krüger system of that number in which the numbers lie in
     * Kazakhstan, and the words that say so, for {@code given} the system given with --srs, else the
     * file's own. Read in the file's zone such numbers lie 500 to 900 km west or east, mostly still in
     * Kazakhstan, so where they fall does not tell; the number in front does. Null otherwise.
     */
    public static ZoneCode otherZoneWritten(String wkt, double[] extent, boolean given, String format) {
        int zone = numberedZone(wkt);
        if (zone == 0 || extent == null) {
            return null;
        }
        for (double v : extent) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        long written = (long) Math.floor(extent[0] / 1_000_000);
        if (written == zone
                || written < 2
                || written > 60
                || Math.floor(extent[2] / 1_000_000) != written
                || !within(extent[0], extent[2], written * 1_000_000 + 150_000, written * 1_000_000 + 850_000)
                || !within(extent[1], extent[3], 4_400_000, 6_300_000)) {
            return null;
        }
        int code = gaussKrugerCode((int) written, (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2);
        if (code == 0) {
            return null;
        }
        String range = "x from " + number(extent[0]) + " to " + number(extent[2]) + ", y from " + number(extent[1])
                + " to " + number(extent[3]);
        return new ZoneCode(
                "EPSG:" + code,
                "the file's eastings begin with " + written + ", the number of zone " + written + ", while "
                        + (given ? "the coordinate system given" : "its coordinate system") + " is zone " + zone
                        + " with the number in front (false easting " + number(parameter(FALSE_EASTING, wkt)) + "; "
                        + range + "): the numbers look written in zone " + written + "; try --srs EPSG:" + code
                        + " ("
                        + (code < 28400
                                ? "3° zone " + written + ", central meridian " + 3 * written
                                : "6° zone " + written + ", central meridian " + (6 * written - 3))
                        + "° E)."
                        + (given
                                ? ""
                                : " Or correct the layer's coordinate system in the program that wrote the file"
                                        + whereTheSystemIsWritten(format) + "."));
    }

    /**
     * The zone of {@code wkt} (WKT 1 or 2) when it is a Pulkovo 1942 Gauss–Krüger zone with its number
     * in front of the easting: a transverse Mercator of scale 1 whose false easting is the zone's
     * number in millions and 500 000, on the central meridian of that 6° zone (2–32) or 3° zone
     * (7–60); 0 otherwise, and for null.
     */
    public static int numberedZone(String wkt) {
        if (wkt == null) {
            return 0;
        }
        double falseEasting = parameter(FALSE_EASTING, wkt);
        double meridian = parameter(CENTRAL_MERIDIAN, wkt);
        double scale = parameter(SCALE, wkt);
        if (Double.isNaN(falseEasting) || Double.isNaN(meridian) || scale != 1) {
            return 0;
        }
        long zone = Math.round((falseEasting - 500_000) / 1_000_000);
        if (zone < 2 || zone > 60 || Math.abs(falseEasting - (zone * 1_000_000 + 500_000)) > 0.5) {
            return 0;
        }
        boolean sixDegrees = meridian == 6 * zone - 3 && zone <= 32;
        boolean threeDegrees = meridian == 3 * zone && zone >= 7;
        return sixDegrees || threeDegrees ? (int) zone : 0;
    }

    /** The first number {@code pattern} finds in {@code wkt}, NaN when none. */
    private static double parameter(java.util.regex.Pattern pattern, String wkt) {
        java.util.regex.Matcher m = pattern.matcher(wkt);
        try {
            return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * Where the program that wrote a file of {@code format} keeps its coordinate system, in brackets
     * after a space, or nothing for a format whose place has no short name.
     */
    public static String whereTheSystemIsWritten(String format) {
        if ("shp".equals(format)) {
            return " (a Shapefile's .prj)";
        }
        if ("geojson".equals(format) || "json".equals(format)) {
            return " (a GeoJSON's crs member)";
        }
        return format == null ? " (a Shapefile's .prj)" : "";
    }

    /**
     * The other system of the same numbers: QazTRF-23 / Gauss–Krüger zone {@code zone} (EPSG:10942–10949
     * for zones 8–15, 2025) has Pulkovo 1942's central meridian, scale 1 and zone in front of the
     * easting, so the numbers cannot tell them apart; its datum places them 60–120 m from Pulkovo's in
     * Kazakhstan, and PROJ 9.1's database does not know the code, so its definition is to be passed.
     */
    private static String qazTrf23(int zone) {
        if (zone < 8 || zone > 15) {
            return "";
        }
        return " Or, for surveys of 2025 on, QazTRF-23 / Gauss–Krüger zone " + zone + " (EPSG:" + (10934 + zone)
                + "), whose numbers are the same: the two systems place them 60 to 120 m apart, so ask the"
                + " surveyors which one they used. This server's PROJ does not know EPSG:" + (10934 + zone)
                + ": pass its definition (its WKT from epsg.org) instead of the code.";
    }

    /**
     * The EPSG code of the Pulkovo 1942 Gauss–Krüger system with {@code zone} in front of the easting
     * that places the point ({@code x}, {@code y}) in Kazakhstan, or 0 when none does. Kazakhstan's
     * 6° zones are 8–15 (EPSG:28408–28415, central meridian 6 × zone − 3) and its 3° zones 16–29
     * (EPSG:2532–2545, central meridian 3 × zone): the number tells which is likelier, tried first.
     */
    static int gaussKrugerCode(int zone, double x, double y) {
        int sixDegrees = 28400 + zone;
        // EPSG:2523–2576: 3° zones 7 to 60
        int threeDegrees = zone >= 7 && zone <= 60 ? 2516 + zone : 0;
        int[] tried = zone >= 16 ? new int[] {threeDegrees, sixDegrees} : new int[] {sixDegrees, threeDegrees};
        for (int code : tried) {
            if (code == 0) {
                continue;
            }
            double meridian = code < 28400 ? 3 * zone : 6 * zone - 3;
            double[] lonLat = gaussKrugerToLonLat(x - zone * 1_000_000.0 - 500_000, y, meridian);
            if (lonLat[0] >= MIN_LON && lonLat[0] <= MAX_LON && lonLat[1] >= MIN_LAT && lonLat[1] <= MAX_LAT) {
                return code;
            }
        }
        return 0;
    }

    /**
     * Longitude and latitude on the Krassowsky ellipsoid of a transverse Mercator point ({@code east}
     * metres from the central meridian {@code meridian}, {@code north} from the equator, scale 1):
     * Snyder's series, to a metre or so, which the datum's shift of some 100 m dwarfs anyway.
     */
    static double[] gaussKrugerToLonLat(double east, double north, double meridian) {
        double a = 6_378_245;
        double f = 1 / 298.3;
        double e2 = 2 * f - f * f;
        double ep2 = e2 / (1 - e2);
        double mu = north / (a * (1 - e2 / 4 - 3 * e2 * e2 / 64 - 5 * e2 * e2 * e2 / 256));
        double e1 = (1 - Math.sqrt(1 - e2)) / (1 + Math.sqrt(1 - e2));
        double phi1 = mu
                + (3 * e1 / 2 - 27 * Math.pow(e1, 3) / 32) * Math.sin(2 * mu)
                + (21 * e1 * e1 / 16 - 55 * Math.pow(e1, 4) / 32) * Math.sin(4 * mu)
                + (151 * Math.pow(e1, 3) / 96) * Math.sin(6 * mu)
                + (1097 * Math.pow(e1, 4) / 512) * Math.sin(8 * mu);
        double sin = Math.sin(phi1);
        double cos = Math.cos(phi1);
        double c1 = ep2 * cos * cos;
        double t1 = Math.tan(phi1) * Math.tan(phi1);
        double n1 = a / Math.sqrt(1 - e2 * sin * sin);
        double r1 = a * (1 - e2) / Math.pow(1 - e2 * sin * sin, 1.5);
        double d = east / n1;
        double lat = phi1
                - (n1 * Math.tan(phi1) / r1)
                        * (d * d / 2
                                - (5 + 3 * t1 + 10 * c1 - 4 * c1 * c1 - 9 * ep2) * Math.pow(d, 4) / 24
                                + (61 + 90 * t1 + 298 * c1 + 45 * t1 * t1 - 252 * ep2 - 3 * c1 * c1)
                                        * Math.pow(d, 6)
                                        / 720);
        double lon = (d
                        - (1 + 2 * t1 + c1) * Math.pow(d, 3) / 6
                        + (5 - 2 * c1 + 28 * t1 - 3 * c1 * c1 + 8 * ep2 + 24 * t1 * t1) * Math.pow(d, 5) / 120)
                / cos;
        return new double[] {meridian + Math.toDegrees(lon), Math.toDegrees(lat)};
    }

    /** The extent, read as Web Mercator (EPSG:3857) metres, lies in Kazakhstan. */
    private static boolean webMercatorInKazakhstan(double[] extent) {
        double radius = 6_378_137;
        double minLon = Math.toDegrees(extent[0] / radius);
        double maxLon = Math.toDegrees(extent[2] / radius);
        double minLat = Math.toDegrees(Math.atan(Math.sinh(extent[1] / radius)));
        double maxLat = Math.toDegrees(Math.atan(Math.sinh(extent[3] / radius)));
        return within(minLon, maxLon, MIN_LON, MAX_LON) && within(minLat, maxLat, MIN_LAT, MAX_LAT);
    }

    private static boolean within(double min, double max, double low, double high) {
        return min >= low && max <= high;
    }

    /**
     * A coordinate as a GIS shows it: metres in whole digits (14614706, not 1.46147e+07), degrees
     * and small numbers to six significant digits.
     */
    static String number(double value) {
        return Math.abs(value) >= 100_000
                ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.6g", value)
                        .replaceFirst("(\\.\\d*?)0+$", "$1")
                        .replaceFirst("\\.$", "");
    }
}
