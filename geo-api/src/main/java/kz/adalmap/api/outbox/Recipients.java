package kz.adalmap.api.outbox;

/** Hides contact addresses in log lines: {@code aigerim@mail.kz} becomes {@code a***@mail.kz}. */
public final class Recipients {

    private Recipients() {}

    /** The first character and the domain of an e-mail address; {@code ***} for anything else. */
    public static String mask(String address) {
        if (address == null) {
            return "***";
        }
        int at = address.lastIndexOf('@');
        if (at < 1) {
            return "***";
        }
        return address.charAt(0) + "***" + address.substring(at);
    }

    /** {@code text} (an error message, say) with every occurrence of {@code address} masked. */
    static String maskIn(String text, String address) {
        if (text == null || address == null || address.isEmpty()) {
            return text;
        }
        return text.replace(address, mask(address));
    }
}
