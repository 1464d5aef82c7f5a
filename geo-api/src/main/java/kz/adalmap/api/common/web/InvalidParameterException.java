package kz.adalmap.api.common.web;

/** A request parameter is missing, malformed or unknown; answered with 400 naming the parameter. */
public class InvalidParameterException extends RuntimeException {

    private final String parameter;

    private InvalidParameterException(String parameter, String message) {
        super(parameter + ": " + message);
        this.parameter = parameter;
    }

    public static InvalidParameterException of(String parameter, String message) {
        return new InvalidParameterException(parameter, message);
    }

    public static InvalidParameterException unknown(String parameter, java.util.Collection<String> allowed) {
        return new InvalidParameterException(
                parameter,
                "unknown parameter; this endpoint takes "
                        + (allowed.isEmpty() ? "no parameters" : String.join(", ", allowed)));
    }

    public String parameter() {
        return parameter;
    }
}
