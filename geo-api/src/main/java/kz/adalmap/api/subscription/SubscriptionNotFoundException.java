package kz.adalmap.api.subscription;

import kz.adalmap.api.common.web.NotFoundException;

/** No subscription has the token of a confirm or unsubscribe link. */
class SubscriptionNotFoundException extends NotFoundException {

    private SubscriptionNotFoundException(String message) {
        super(message);
    }

    static SubscriptionNotFoundException forToken() {
        return new SubscriptionNotFoundException(
                "No subscription has this token. The link may have been cut: copy it whole from the message.");
    }
}
