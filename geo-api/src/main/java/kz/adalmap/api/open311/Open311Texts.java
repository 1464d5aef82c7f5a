package kz.adalmap.api.open311;

import java.util.Locale;
import java.util.Optional;
import kz.adalmap.api.open311.Open311Queries.Category;

/** The words Open311 shows in the language a client asks for with {@code locale}: kk, ru (the default) or en. */
enum Open311Texts {
    KK,
    RU,
    EN;

    /** The language of {@code locale} ({@code kk}, {@code ru}, {@code en}, also {@code ru_KZ}, {@code en-US}). */
    static Optional<Open311Texts> of(String locale) {
        String language = locale.strip().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        return switch (language) {
            case "kk" -> Optional.of(KK);
            case "ru" -> Optional.of(RU);
            case "en" -> Optional.of(EN);
            default -> Optional.empty();
        };
    }

    String name(Category c) {
        return pick(c.nameKk(), c.nameRu(), c.nameEn());
    }

    String pick(String kk, String ru, String en) {
        String text = switch (this) {
            case KK -> kk;
            case RU -> ru;
            case EN -> en;
        };
        // an agency without a name in this language is still named
        return text != null ? text : ru;
    }

    String description(Category c) {
        return switch (this) {
            case KK ->
                "«" + c.nameKk() + "» санаты бойынша өтініштер. Жауап " + c.dueWorkingDays()
                        + " жұмыс күні ішінде беріледі.";
            case RU ->
                "Обращения категории «" + c.nameRu() + "». Ответ — в течение " + c.dueWorkingDays() + " рабочих дней.";
            case EN ->
                "Appeals in the category “" + c.nameEn() + "”. The answer is due within " + c.dueWorkingDays()
                        + " working days.";
        };
    }

    String serviceNotice(Category c) {
        return switch (this) {
            case KK -> "Жауап " + c.dueWorkingDays() + " жұмыс күні ішінде беріледі.";
            case RU -> "Ответ — в течение " + c.dueWorkingDays() + " рабочих дней.";
            case EN -> "The answer is due within " + c.dueWorkingDays() + " working days.";
        };
    }

    String mergedInto(String trackingCode) {
        return switch (this) {
            case KK -> trackingCode + " өтінішімен біріктірілді.";
            case RU -> "Объединено с обращением " + trackingCode + ".";
            case EN -> "Merged into appeal " + trackingCode + ".";
        };
    }

    String group() {
        return pick("Қоғамдық бақылау картасы", "Карта общественного контроля", "Public control map");
    }
}
