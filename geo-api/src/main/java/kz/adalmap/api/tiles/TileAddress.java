package kz.adalmap.api.tiles;

import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.QueryParameters;

/**
 * A tile of the Web Mercator (EPSG:3857) XYZ grid: zoom {@code z} from 0 to {@link #MAX_ZOOM}, column
 * {@code x} from the antimeridian eastwards and row {@code y} from the north, both from 0 to 2^z − 1.
 */
record TileAddress(int z, int x, int y) {

    static final int MAX_ZOOM = 22;

    /** Reads the path segments, or throws {@link InvalidParameterException} naming the one that is wrong. */
    static TileAddress parse(String z, String x, String y) {
        int zoom = number("z", z, MAX_ZOOM);
        int last = (1 << zoom) - 1;
        return new TileAddress(zoom, number("x", x, last), number("y", y, last));
    }

    private static int number(String name, String text, int max) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw InvalidParameterException.of(
                name,
                "must be a whole number from 0 to " + max
                        + (name.equals("z") ? "" : " at this zoom")
                        + ", got '" + QueryParameters.abbreviate(text) + "'");
    }

    @Override
    public String toString() {
        return z + "/" + x + "/" + y;
    }
}
