package kz.adalmap.api.budget;

/** The confirmation message of a vote in Kazakh, Russian and English: short enough for an SMS. */
final class BudgetTexts {

    /** A message's subject (e-mail only) and body. */
    record Message(String subject, String body) {}

    private BudgetTexts() {}

    /** The message carrying {@code code}, valid {@code minutes}, in {@code language} (kk, ru; English otherwise). */
    static Message code(String language, String code, int year, int minutes) {
        return switch (language == null ? "" : language) {
            case "kk" ->
                new Message(
                        "AdalMap: дауыс беруге арналған код",
                        "Қатысымдық бюджет " + year + ": дауыс беру коды " + code + ". Код " + minutes
                                + " минут жарамды. Оны ешкімге айтпаңыз.");
            case "ru" ->
                new Message(
                        "AdalMap: код для голосования",
                        "Бюджет участия " + year + ": код для голосования " + code + ". Код действует " + minutes
                                + " минут. Никому его не сообщайте.");
            default ->
                new Message(
                        "AdalMap: your voting code",
                        "Participatory budget " + year + ": your voting code is " + code + ". It is valid for "
                                + minutes + " minutes. Do not tell it to anyone.");
        };
    }
}
