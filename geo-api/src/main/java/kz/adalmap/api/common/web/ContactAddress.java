package kz.adalmap.api.common.web;

import java.util.regex.Pattern;

/**
 * What the service takes for an e-mail address and a phone number, alike wherever a person leaves one
 * (an appeal's contact, a subscription, a proposal, a voter's verification).
 */
public final class ContactAddress {

    /** The syntax of an e-mail address as browsers check it (WHATWG HTML), with a dot in the domain. */
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
            + "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()-]{5,24}");

    private ContactAddress() {}

    public static boolean isEmail(String text) {
        return text.length() <= 254 && EMAIL.matcher(text).matches();
    }

    public static boolean isPhone(String text) {
        return PHONE.matcher(text).matches();
    }
}
