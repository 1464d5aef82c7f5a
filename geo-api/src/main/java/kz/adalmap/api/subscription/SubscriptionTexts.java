package kz.adalmap.api.subscription;

import kz.adalmap.api.outbox.Outbox;

/**
 * What a subscriber reads, in kk, ru or en: the confirmation e-mail and the pages of the confirm and
 * unsubscribe links. The notices of new plots are written by {@code queue_plot_subscription_notices}
 * in SQL, in the same three languages.
 */
final class SubscriptionTexts {

    private SubscriptionTexts() {}

    /** A message or page: a title (the e-mail's subject) and its text. */
    record Text(String title, String body) {}

    static Text confirmationEmail(String language, String token) {
        String confirm = Outbox.PUBLIC_URL + "/api/v1/subscriptions/confirm?token=" + token;
        String unsubscribe = Outbox.PUBLIC_URL + "/api/v1/subscriptions/unsubscribe?token=" + token;
        return switch (language) {
            case "kk" ->
                new Text("AdalMap: бос жер учаскелеріне жазылуды растаңыз", """
                    Біреу (сіз деп үміттенеміз) картада таңдалған аумақта бос жер учаскелері пайда болғанда \
                    осы мекенжайға хабарлауды AdalMap-тан сұрады.

                    Жазылуды растау үшін мына сілтемені ашыңыз:
                    %s

                    Егер бұл сіз болмасаңыз, хатты елемеңіз: растаусыз ештеңе жіберілмейді.
                    Жазылымнан кез келген уақытта бас тартуға болады: %s
                    """.formatted(confirm, unsubscribe));
            case "ru" ->
                new Text("AdalMap: подтвердите подписку на свободные земельные участки", """
                    Кто-то (надеемся, вы) попросил AdalMap сообщать на этот адрес о новых свободных земельных \
                    участках в выбранной на карте области.

                    Чтобы подтвердить подписку, откройте ссылку:
                    %s

                    Если это были не вы, просто не отвечайте на письмо: без подтверждения ничего не придёт.
                    Отписаться можно в любой момент: %s
                    """.formatted(
                                confirm, unsubscribe));
            default ->
                new Text("AdalMap: confirm your subscription to free land plots", """
                    Someone, hopefully you, asked AdalMap to tell this address when new free land plots \
                    appear in an area drawn on the map.

                    To confirm the subscription, open this link:
                    %s

                    If it was not you, ignore this message: nothing is sent without confirmation.
                    You can unsubscribe at any time: %s
                    """.formatted(confirm, unsubscribe));
        };
    }

    static Text confirmedPage(String language) {
        return switch (language) {
            case "kk" ->
                new Text(
                        "Жазылу расталды",
                        "Таңдалған аумақта жаңа бос жер учаскелері пайда болғанда сізге хат жазамыз.");
            case "ru" ->
                new Text(
                        "Подписка подтверждена",
                        "Мы напишем вам, когда в выбранной области появятся новые свободные земельные участки.");
            default ->
                new Text(
                        "Subscription confirmed", "We will write to you when new free land plots appear in your area.");
        };
    }

    static Text unsubscribedPage(String language) {
        return switch (language) {
            case "kk" ->
                new Text("Сіз жазылымнан бас тарттыңыз", "Бос жер учаскелері туралы хаттар енді жіберілмейді.");
            case "ru" -> new Text("Вы отписались", "Письма о свободных земельных участках больше не придут.");
            default -> new Text("You have unsubscribed", "No more messages about free land plots will be sent to you.");
        };
    }

    static String mapLink(String language) {
        return switch (language) {
            case "kk" -> "Картаны ашу";
            case "ru" -> "Открыть карту";
            default -> "Open the map";
        };
    }

    /** A small page; nothing the client sent is written into it. */
    static String html(String language, Text text) {
        return """
                <!DOCTYPE html>
                <html lang="%1$s">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%2$s · AdalMap</title>
                </head>
                <body style="font-family: sans-serif; max-width: 40em; margin: 3em auto; padding: 0 1em">
                <main>
                <h1>%2$s</h1>
                <p>%3$s</p>
                <p><a href="/?lang=%1$s">%4$s</a></p>
                </main>
                </body>
                </html>
                """.formatted(language, text.title(), text.body(), mapLink(language));
    }
}
