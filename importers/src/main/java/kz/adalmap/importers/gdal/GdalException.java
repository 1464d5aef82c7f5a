package kz.adalmap.importers.gdal;

/** GDAL could not be run, or could not read or write a file; the message says what GDAL reported. */
public class GdalException extends RuntimeException {

    public GdalException(String message) {
        super(message);
    }

    public GdalException(String message, Throwable cause) {
        super(message, cause);
    }
}
