package kz.adalmap.api.layer;

import java.util.Map;
import kz.adalmap.importers.publish.LayerImporter;

/**
 * A draft whose plots may lie elsewhere than its coordinates say ({@link LayerImporter#placementWarning}: a
 * file on a datum no map of Kazakhstan uses, degrees read past a {@code .prj} GDAL cannot read, a CSV's columns
 * X and Y that lie in Kazakhstan either way round), asked to
 * be published without {@code confirmDatum}: its plots may lie far off, plausibly, and are published only
 * once someone has checked where they lie (409 {@code datum_not_confirmed}).
 */
class DatumNotConfirmedException extends RuntimeException {

    private final Map<String, Object> warning;

    private DatumNotConfirmedException(String message, Map<String, Object> warning) {
        super(message);
        this.warning = warning;
    }

    static DatumNotConfirmedException of(String layer, int number, LayerImporter.PlacementWarning warning) {
        Map<String, Object> detail = warning.detail();
        String why = "file_prj_read_as_degrees".equals(detail.get("key"))
                ? "was read as longitude and latitude (WGS 84) past a .prj GDAL cannot read (" + detail.get("file")
                        + "), whose datum is unknown: its plots may lie elsewhere"
                : "file_xy_either_way".equals(detail.get("key"))
                        ? "was read with its column X as the longitude, but its points lie in Kazakhstan either way"
                                + " round and surveyors write X for the latitude: they may lie "
                                + detail.get("distance") + " km off"
                        : "file_no_datum_shift".equals(detail.get("key"))
                                ? "was placed without a datum shift, its coordinate system having the Krassowsky"
                                        + " ellipsoid of Pulkovo 1942 but no shift to WGS 84 for its datum ("
                                        + detail.get("datum") + "): its plots lie some 40 to 100 m off"
                                : "was read on the datum " + detail.get("datum")
                                        + ", which no map of Kazakhstan uses: its plots"
                                        + " may lie hundreds of metres off";
        return new DatumNotConfirmedException(
                "revision " + number + " of " + layer + " " + why + ". Check where they lie, and publish it with"
                        + " \"confirmDatum\": true if they are right, or import the file again with its right"
                        + " coordinate system",
                detail);
    }

    /**
     * The datum named, with its ellipsoid: {@code Adindan (ellipsoid Clarke 1880 (RGS))}; null when the
     * warning names none (degrees read past a {@code .prj} GDAL cannot read, columns X and Y either way round).
     */
    String datum() {
        Object datum = warning.get("datum");
        return datum == null ? null : datum.toString();
    }

    /** The warning's detail, as the report's {@code datumToConfirm} gives it. */
    Map<String, Object> warning() {
        return warning;
    }
}
