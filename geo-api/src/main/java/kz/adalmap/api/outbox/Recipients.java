package kz.adalmap.api.outbox;

import java.util.regex.Pattern;

/**
 * Hides contact addresses in log lines: {@code aigerim@mail.kz} becomes {@code a***@mail.kz}, the phone
 * number {@code +7 701 123 45 67} becomes {@code ***67}.
 */
public final class Recipients {

    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()-]*[0-9]{2}");

    private Recipients() {}

    /**
     * The first character and the domain of an e-mail address; the last two digits of a phone number
     * (enough to tell two of one citizen's numbers apart, not to call anyone); {@code ***} for anything else.
     */
    public static String mask(String address) {
        if (address == null) {
            return "***";
        }
        if (PHONE.matcher(address).matches()) {
            String digits = address.replaceAll("[^0-9]", "");
            return "***" + digits.substring(digits.length() - 2);
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
