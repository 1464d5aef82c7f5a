package kz.adalmap.api.ogc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.QueryParameters;

/**
 * A coordinate reference system the OGC API answers in (OGC API – Features Part 2), named by its OGC URI.
 *
 * <p>Axis order is the one the CRS defines: CRS84 is longitude, latitude (as GeoJSON); EPSG:4326 is
 * latitude, longitude; Web Mercator and UTM are easting, northing.
 *
 * @param srid the PostGIS SRID that PROJ transforms to
 * @param latLon whether the first axis is latitude (EPSG:4326)
 * @param geographic whether coordinates are degrees (else metres)
 */
record OgcCrs(String uri, int srid, boolean latLon, boolean geographic) {

    static final OgcCrs CRS84 = new OgcCrs("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, false, true);
    static final OgcCrs EPSG_4326 = epsg(4326, true, true);

    /** CRS84, WGS 84, Web Mercator, and UTM zones 38N–45N (WGS 84), which cover Kazakhstan. */
    static final List<OgcCrs> SUPPORTED = supported();

    private static List<OgcCrs> supported() {
        List<OgcCrs> all = new ArrayList<>(List.of(CRS84, EPSG_4326, epsg(3857, false, false)));
        IntStream.rangeClosed(32638, 32645).forEach(code -> all.add(epsg(code, false, false)));
        return List.copyOf(all);
    }

    private static OgcCrs epsg(int code, boolean latLon, boolean geographic) {
        return new OgcCrs("http://www.opengis.net/def/crs/EPSG/0/" + code, code, latLon, geographic);
    }

    /**
     * Reads {@code parameter}: the URI of a supported CRS, or its safe CURIE ({@code [EPSG:3857]},
     * {@code [OGC:CRS84]}) or plain short name ({@code EPSG:3857}); 400 naming the supported ones otherwise.
     */
    static OgcCrs parse(String parameter, String text) {
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        String upper = t.toUpperCase(Locale.ROOT);
        for (OgcCrs crs : SUPPORTED) {
            if (crs.uri.equals(t) || crs.shortName().equals(upper)) {
                return crs;
            }
        }
        if (upper.equals("CRS84") || upper.equals("OGC:CRS84")) {
            return CRS84;
        }
        throw InvalidParameterException.of(
                parameter,
                "unsupported coordinate reference system '" + QueryParameters.abbreviate(text) + "'; use one of "
                        + String.join(", ", uris()));
    }

    static List<String> uris() {
        return SUPPORTED.stream().map(OgcCrs::uri).toList();
    }

    /** {@code EPSG:3857} or {@code OGC:CRS84}. */
    String shortName() {
        return uri.equals(CRS84.uri) ? "OGC:CRS84" : "EPSG:" + srid;
    }

    /** The value of the {@code Content-Crs} header: the URI in angle brackets. */
    String header() {
        return "<" + uri + ">";
    }
}
