package kz.adalmap.api.layer;

/**
 * A draft whose file's coordinate system is on a datum no map of Kazakhstan uses, asked to be published
 * without {@code confirmDatum}: its plots may lie hundreds of metres off, plausibly, and are published
 * only once someone has checked where they lie (409 {@code datum_not_confirmed}).
 */
class DatumNotConfirmedException extends RuntimeException {

    private final String datum;

    private DatumNotConfirmedException(String message, String datum) {
        super(message);
        this.datum = datum;
    }

    static DatumNotConfirmedException of(String layer, int number, String datum) {
        return new DatumNotConfirmedException(
                "revision " + number + " of " + layer + " was read on the datum " + datum + ", which no map of"
                        + " Kazakhstan uses: its plots may lie hundreds of metres off. Check where they lie, and"
                        + " publish it with \"confirmDatum\": true if they are right, or import the file again with"
                        + " its right coordinate system",
                datum);
    }

    /** The datum named, with its ellipsoid: {@code Adindan (ellipsoid Clarke 1880 (RGS))}. */
    String datum() {
        return datum;
    }
}
