package kz.adalmap.importers.source;

import java.util.Locale;

/**
 * Why a file could not be imported at all, as a code: the message of the exception says it in
 * English with the file's own names and numbers, and the map's editor page says each of these in
 * Kazakh, Russian and English (its {@code failure} texts) above that message.
 */
public enum SourceProblem {
    /** No file at the path given (the command line). */
    NO_FILE,
    /** The file has no bytes. */
    EMPTY_FILE,
    /** The file, or what a zip unpacks to, is larger than the import's limit. */
    TOO_LARGE,
    /** An extension AdalMap does not read. */
    UNSUPPORTED_FORMAT,
    /** A Shapefile or MapInfo table without the files that belong with it. */
    INCOMPLETE,
    /** A file cut short or damaged: a truncated Shapefile, a broken zip. */
    DAMAGED,
    /** One page of a service's answer that says more features were left out (ArcGIS's exceededTransferLimit). */
    PARTIAL,
    /** GDAL cannot read the file: not a format it knows, or damaged inside. */
    UNREADABLE,
    /** An archive of several datasets, or a plots file of several layers of polygons, none named. */
    SEVERAL_DATASETS,
    /** An archive without any file of a format AdalMap reads. */
    NO_GIS_DATA,
    /** A zip with entries outside itself, or with more entries than an export has. */
    UNSAFE_ZIP,
    /** A zip that unpacks to many times its size. */
    DECOMPRESSION_BOMB,
    /** A code page that is not one of those offices use, or text not in UTF-8 from a file that does not say its code page. */
    UNKNOWN_ENCODING,
    /** Features without geometry (a CSV without a known geometry column). */
    NO_GEOMETRY,
    /** A layer without features. */
    NO_FEATURES,
    /** Points or lines for plots, polygons for networks. */
    WRONG_GEOMETRY_TYPE,
    /** The declared coordinate system does not fit the coordinates, or puts them outside Kazakhstan. */
    WRONG_CRS,
    /** A local plane (MapInfo NonEarth, a city's own system) without a definition. */
    LOCAL_CRS,
    /** No coordinate system, and coordinates that are not longitude and latitude in Kazakhstan. */
    NO_CRS,
    /** The layer named is not in the file, or the file has none GDAL can read. */
    NO_LAYER,
    /** The profile does not fit the layer (kind, attributes), or the layer is not defined. */
    WRONG_PROFILE,
    /** A layer code that is not lower-case letters, digits, '-' or '_'. */
    BAD_LAYER_CODE,
    /** GDAL did not finish in the time allowed. */
    TIMEOUT,
    /** GDAL could not be run at all: a problem of the server, not of the file. */
    SERVER;

    /** The code in lower case, as the API and the editor's texts name it. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
