package kz.adalmap.api.appeal;

import kz.adalmap.api.common.web.NotFoundException;

/** No appeal (or attachment) the caller may see has this tracking code; also for a signal without its secret. */
class AppealNotFoundException extends NotFoundException {

    private AppealNotFoundException(String message) {
        super(message);
    }

    static AppealNotFoundException forTrackingCode(String code) {
        return new AppealNotFoundException("No appeal has the tracking code '"
                + kz.adalmap.api.common.web.QueryParameters.abbreviate(code) + "'.");
    }

    static AppealNotFoundException forAttachment(String code, int n) {
        return new AppealNotFoundException("Appeal '" + code + "' has no public attachment " + n + ".");
    }
}
