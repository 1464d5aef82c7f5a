package kz.adalmap.api.common.web;

/**
 * A bounding box {@code minLon,minLat,maxLon,maxLat} in EPSG:4326 degrees, as in the {@code bbox}
 * query parameter. Boxes across the antimeridian (minLon &gt; maxLon) are not accepted here.
 */
public record Bbox(double minLon, double minLat, double maxLon, double maxLat) {

    /** Parses the {@code bbox} parameter, or throws {@link InvalidParameterException} saying what is wrong. */
    public static Bbox parse(String parameter, String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 4) {
            throw InvalidParameterException.of(
                    parameter,
                    "expected four numbers minLon,minLat,maxLon,maxLat, got '" + QueryParameters.abbreviate(text)
                            + "'");
        }
        double[] v = new double[4];
        String[] names = {"minLon", "minLat", "maxLon", "maxLat"};
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                v[i] = Double.NaN;
            }
            if (!Double.isFinite(v[i])) {
                throw InvalidParameterException.of(
                        parameter,
                        names[i] + " is not a number: '" + QueryParameters.abbreviate(parts[i].strip()) + "'");
            }
            double limit = i % 2 == 0 ? 180 : 90;
            if (Math.abs(v[i]) > limit) {
                throw InvalidParameterException.of(
                        parameter,
                        names[i] + " " + parts[i].strip() + " is outside -" + (int) limit + ".." + (int) limit
                                + " (bbox is longitude,latitude in degrees, EPSG:4326)");
            }
        }
        if (v[1] > v[3]) {
            throw InvalidParameterException.of(
                    parameter, "minLat " + parts[1].strip() + " is greater than maxLat " + parts[3].strip());
        }
        if (v[0] > v[2]) {
            throw InvalidParameterException.of(
                    parameter,
                    "minLon " + parts[0].strip() + " is greater than maxLon " + parts[2].strip()
                            + " (did you swap the corners?)");
        }
        return new Bbox(v[0], v[1], v[2], v[3]);
    }
}
