package kz.adalmap.api.appeal;

import java.time.LocalDate;
import kz.adalmap.api.outbox.Outbox;

/**
 * The confirmation e-mail of a submitted appeal, in kk, ru or en. It names the tracking code and the
 * due date, never the citizen's text or the tracking secret of a corruption signal.
 */
final class AppealTexts {

    private AppealTexts() {}

    /** An e-mail's subject and body. */
    record Mail(String subject, String body) {}

    static Mail confirmation(String language, String code, LocalDate due) {
        String link = Outbox.PUBLIC_URL + "/api/v1/appeals/track/" + code;
        return switch (language) {
            case "ru" -> new Mail("AdalMap: обращение " + code + " принято", """
                    Ваше обращение принято и получило номер %s.
                    Ответ должен быть дан до %s.

                    Следить за обращением: %s
                    """.formatted(code, due, link));
            case "en" -> new Mail("AdalMap: appeal " + code + " received", """
                    Your appeal has been received; its tracking code is %s.
                    It is due to be answered by %s.

                    Follow it here: %s
                    """.formatted(code, due, link));
            default -> new Mail("AdalMap: %s өтініші қабылданды".formatted(code), """
                    Сіздің өтінішіңіз қабылданды, оның нөмірі %s.
                    Жауап %s дейін берілуі тиіс.

                    Өтінішті бақылау: %s
                    """.formatted(code, due, link));
        };
    }
}
