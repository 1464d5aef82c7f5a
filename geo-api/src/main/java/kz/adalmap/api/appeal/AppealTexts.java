package kz.adalmap.api.appeal;

import java.time.LocalDate;
import kz.adalmap.api.outbox.Outbox;

/**
 * The confirmation e-mail of a submitted appeal and the notices of its status changes, in kk, ru or
 * en. They name the tracking code, the due date, the new status and its public reason, never the
 * citizen's text or the tracking secret.
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

    /** The notice of a status change, as an e-mail (subject and body) and as a text message ({@link #sms}). */
    static Mail statusNotice(String language, String code, String status, String reason) {
        String link = link(code);
        String name = statusName(language, status);
        String why = reason == null || reason.isBlank() ? "" : "\n" + reasonLabel(language) + ": " + reason + "\n";
        return switch (language) {
            case "ru" -> new Mail("AdalMap: обращение " + code + " — " + name, """
                    Статус вашего обращения %s изменился: %s.
                    %s
                    Следить за обращением: %s
                    """.formatted(code, name, why, link));
            case "en" -> new Mail("AdalMap: appeal " + code + " — " + name, """
                    The status of your appeal %s has changed: %s.
                    %s
                    Follow it here: %s
                    """.formatted(code, name, why, link));
            default -> new Mail("AdalMap: %s өтініші — %s".formatted(code, name), """
                    Сіздің %s өтінішіңіздің мәртебесі өзгерді: %s.
                    %s
                    Өтінішті бақылау: %s
                    """.formatted(code, name, why, link));
        };
    }

    /** The notice of a status change in one short text: the status, the reason and the link. */
    static String sms(String language, String code, String status, String reason) {
        String why = reason == null || reason.isBlank() ? "" : " (" + reason + ")";
        String name = statusName(language, status);
        return switch (language) {
            case "ru" -> "AdalMap: обращение " + code + " — " + name + why + ". " + link(code);
            case "en" -> "AdalMap: appeal " + code + " — " + name + why + ". " + link(code);
            default -> "AdalMap: " + code + " өтініші — " + name + why + ". " + link(code);
        };
    }

    private static String link(String code) {
        return Outbox.PUBLIC_URL + "/api/v1/appeals/track/" + code;
    }

    private static String reasonLabel(String language) {
        return switch (language) {
            case "ru" -> "Причина";
            case "en" -> "Reason";
            default -> "Себебі";
        };
    }

    /** A status in words, the same as the map's legend uses. */
    static String statusName(String language, String status) {
        int i = switch (language) {
            case "ru" -> 1;
            case "en" -> 2;
            default -> 0;
        };
        String[] names = switch (status) {
            case "new" -> new String[] {"жаңа", "новое", "new"};
            case "under_review" -> new String[] {"модерацияда", "на модерации", "under review"};
            case "routed" -> new String[] {"органға жіберілді", "направлено в орган", "sent to the agency"};
            case "in_progress" -> new String[] {"орындалуда", "в работе", "in progress"};
            case "answered" -> new String[] {"жауап берілді", "дан ответ", "answered"};
            case "resolved" -> new String[] {"шешілді", "решено", "resolved"};
            case "rejected" -> new String[] {"қабылданбады", "отклонено", "rejected"};
            case "merged" ->
                new String[] {
                    "басқа өтінішпен біріктірілді", "объединено с другим обращением", "merged with another appeal"
                };
            default -> new String[] {status, status, status};
        };
        return names[i];
    }
}
