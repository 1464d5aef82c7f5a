package kz.adalmap.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import kz.adalmap.api.FreshDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The outbox sender against a real PostGIS and a real SMTP server (GreenMail, in this process): it
 * delivers, retries after a failure with a growing delay, gives up at the maximum, never sends a
 * message twice when several senders run at once, and the log notifier masks the address.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "adalmap.outbox.enabled=false",
            "adalmap.outbox.public-url=https://map.example.kz/",
            "adalmap.outbox.max-attempts=3",
            "adalmap.outbox.first-retry=1m",
            "adalmap.outbox.max-retry=10m",
            "adalmap.mail.host=127.0.0.1",
            "adalmap.mail.from=AdalMap <no-reply@adalmap.kz>"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class OutboxIT {

    private static GreenMail smtp = smtp(0);
    private static final int SMTP_PORT = smtp.getSmtp().getPort();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "outbox");
        registry.add("adalmap.mail.port", () -> SMTP_PORT);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxSender sender;

    @Autowired
    OutboxSettings settings;

    @Autowired
    Notifier notifier;

    @Autowired
    SmsNotifier sms;

    /** An SMTP server on {@code port} (0: any free one), started. */
    private static GreenMail smtp(int port) {
        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    @AfterAll
    void stopSmtp() {
        smtp.stop();
    }

    @BeforeEach
    void emptyOutbox() throws Exception {
        jdbc.sql("DELETE FROM outbox_message").update();
        smtp.purgeEmailFromAllMailboxes();
    }

    @Test
    void deliversThroughSmtpWithLinksToThePublicAddress() throws Exception {
        assertThat(notifier).isInstanceOf(SmtpNotifier.class);
        long id = outbox.queueEmail(
                "dana.test@mail.kz",
                "AdalMap: новые свободные участки в выбранной вами области (1)",
                "05-100-001-001  " + Outbox.PUBLIC_URL + "/?plot=05-100-001-001&lang=ru\n\nОтписаться: "
                        + Outbox.PUBLIC_URL + "/api/v1/subscriptions/unsubscribe?token=abc");

        assertThat(sender.sendDue()).isEqualTo(1);

        List<MimeMessage> received = receivedBy("dana.test@mail.kz");
        assertThat(received).hasSize(1);
        MimeMessage mail = received.get(0);
        assertThat(mail.getSubject()).isEqualTo("AdalMap: новые свободные участки в выбранной вами области (1)");
        assertThat(mail.getFrom()[0].toString()).contains("no-reply@adalmap.kz");
        assertThat(mail.getContent().toString())
                .contains("https://map.example.kz/?plot=05-100-001-001&lang=ru")
                .contains("Отписаться: https://map.example.kz/api/v1/subscriptions/unsubscribe?token=abc")
                .doesNotContain(Outbox.PUBLIC_URL);
        assertThat(mail.getHeader("List-Unsubscribe"))
                .containsExactly("<https://map.example.kz/api/v1/subscriptions/unsubscribe?token=abc>");
        Row row = row(id);
        assertThat(row.sentAt()).isNotNull();
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.lastError()).isNull();

        assertThat(sender.sendDue()).as("a sent message is not sent again").isZero();
        assertThat(receivedBy("dana.test@mail.kz")).hasSize(1);
    }

    @Test
    void retriesAfterAFailureWithAGrowingDelayAndGivesUpAtTheMaximum() throws Exception {
        smtp.stop();
        try {
            long retried = outbox.queueEmail("retry.me@mail.kz", "Subject", "Body");
            long lastChance = outbox.queueEmail("last.chance@mail.kz", "Subject", "Body");
            jdbc.sql("UPDATE outbox_message SET attempts = 2 WHERE id = :id")
                    .param("id", lastChance)
                    .update();

            assertThat(sender.sendDue()).isZero();

            Row failed = row(retried);
            assertThat(failed.sentAt()).isNull();
            assertThat(failed.attempts()).isEqualTo(1);
            assertThat(failed.lastError()).contains("127.0.0.1");
            assertThat(Duration.between(failed.now(), failed.notBefore()))
                    .as("first retry after a minute")
                    .isBetween(Duration.ofSeconds(55), Duration.ofSeconds(61));
            assertThat(row(lastChance).attempts()).isEqualTo(3);

            assertThat(sender.sendDue()).as("nothing is due yet").isZero();
            assertThat(row(retried).attempts()).isEqualTo(1);

            jdbc.sql("UPDATE outbox_message SET not_before = now()").update();
            assertThat(sender.sendDue()).isZero();
            Row again = row(retried);
            assertThat(again.attempts()).isEqualTo(2);
            assertThat(Duration.between(again.now(), again.notBefore()))
                    .as("the delay doubles")
                    .isBetween(Duration.ofSeconds(115), Duration.ofSeconds(121));
            assertThat(row(lastChance).attempts()).as("given up").isEqualTo(3);
        } finally {
            smtp = smtp(SMTP_PORT);
        }
        jdbc.sql("UPDATE outbox_message SET not_before = now()").update();
        assertThat(sender.sendDue()).isEqualTo(1);
        assertThat(receivedBy("retry.me@mail.kz")).hasSize(1);
        assertThat(receivedBy("last.chance@mail.kz")).isEmpty();
        Row delivered = jdbc.sql(
                        "SELECT sent_at, attempts, last_error FROM outbox_message WHERE recipient = 'retry.me@mail.kz'")
                .query((rs, n) ->
                        new Row(rs.getObject(1, OffsetDateTime.class), null, null, rs.getInt(2), rs.getString(3)))
                .single();
        assertThat(delivered.sentAt()).isNotNull();
        assertThat(delivered.attempts()).isEqualTo(3);
        assertThat(delivered.lastError()).isNull();
        Row givenUp = jdbc.sql(
                        "SELECT sent_at, attempts, last_error FROM outbox_message WHERE recipient = 'last.chance@mail.kz'")
                .query((rs, n) ->
                        new Row(rs.getObject(1, OffsetDateTime.class), null, null, rs.getInt(2), rs.getString(3)))
                .single();
        assertThat(givenUp.sentAt()).isNull();
        assertThat(givenUp.attempts()).isEqualTo(3);
        assertThat(givenUp.lastError()).isNotBlank();
    }

    @ParameterizedTest(name = "after attempt {0}: {1}")
    @CsvSource({"1, PT1M", "2, PT2M", "3, PT4M", "4, PT8M", "5, PT10M", "40, PT10M"})
    void theDelayDoublesUpToTheMaximum(int attempt, Duration delay) {
        assertThat(settings.retryDelay(attempt)).isEqualTo(delay);
    }

    @Test
    void severalSendersAtOnceDeliverEveryMessageOnce() throws Exception {
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            recipients.add("many" + i + "@mail.kz");
            outbox.queueEmail(recipients.get(i), "Subject " + i, "Body " + i);
        }
        OutboxSender second = new OutboxSender(jdbc, notifier, sms, settings);
        OutboxSender third = new OutboxSender(jdbc, notifier, sms, settings);
        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(sender::sendDue);
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(second::sendDue);
        CompletableFuture<Integer> c = CompletableFuture.supplyAsync(third::sendDue);
        assertThat(a.get() + b.get() + c.get()).isEqualTo(30);

        List<String> got = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            got.add(m.getAllRecipients()[0].toString());
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(recipients);
        assertThat(jdbc.sql("SELECT count(*) FROM outbox_message WHERE sent_at IS NULL OR attempts <> 1")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void theLogNotifierWritesTheMessageWithTheRecipientMasked(CapturedOutput output) throws Exception {
        long id = outbox.queueEmail(
                "aigerim.nurlanovna@mail.kz",
                "AdalMap: confirm your subscription",
                "Open " + Outbox.PUBLIC_URL + "/api/v1/subscriptions/confirm?token=xyz");
        OutboxSender logging = new OutboxSender(jdbc, new LogNotifier(), sms, settings);

        assertThat(logging.sendDue()).isEqualTo(1);

        assertThat(output.getAll())
                .contains("a***@mail.kz")
                .contains("AdalMap: confirm your subscription")
                .contains("https://map.example.kz/api/v1/subscriptions/confirm?token=xyz")
                .doesNotContain("aigerim.nurlanovna");
        assertThat(row(id).sentAt()).isNotNull();
        assertThat(receivedBy("aigerim.nurlanovna@mail.kz")).isEmpty();
    }

    @Test
    void aTextMessageGoesToTheLogWithTheNumberMaskedNeverByMail(CapturedOutput output) {
        long id = outbox.queueSms("+7 701 987 65 43", "AdalMap: appeal AM-TEST-0001 answered");

        assertThat(sender.sendDue()).isEqualTo(1);

        assertThat(output.getAll())
                .contains("sms message " + id + " to ***43", "AdalMap: appeal AM-TEST-0001 answered")
                .doesNotContain("987 65 43");
        assertThat(row(id).sentAt()).isNotNull();
        assertThat(smtp.getReceivedMessages()).noneMatch(m -> {
            try {
                return m.getSubject().isEmpty()
                        || String.valueOf(m.getContent()).contains("AM-TEST-0001");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aFailureIsLoggedWithTheRecipientMasked(CapturedOutput output) {
        outbox.queueEmail("bolat.secret@mail.kz", "Subject", "Body");
        Notifier quoting = message -> {
            throw new IllegalStateException("550 5.1.1 <" + message.recipient() + ">: Recipient address rejected");
        };

        assertThat(new OutboxSender(jdbc, quoting, sms, settings).sendDue()).isZero();

        assertThat(output.getAll())
                .contains("b***@mail.kz", "Recipient address rejected")
                .doesNotContain("bolat.secret");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "aigerim@mail.kz, a***@mail.kz",
        "a@b.kz, a***@b.kz",
        "'first.last+tag@sub.example.kz', f***@sub.example.kz",
        "not-an-address, ***",
        "'+7 701 123 45 67', ***67",
        "@mail.kz, ***"
    })
    void masksAnAddress(String address, String masked) {
        assertThat(Recipients.mask(address)).isEqualTo(masked);
    }

    private record Row(
            OffsetDateTime sentAt, OffsetDateTime notBefore, OffsetDateTime now, int attempts, String lastError) {}

    private Row row(long id) {
        return jdbc.sql("SELECT sent_at, not_before, now(), attempts, last_error FROM outbox_message WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> new Row(
                        rs.getObject(1, OffsetDateTime.class),
                        rs.getObject(2, OffsetDateTime.class),
                        rs.getObject(3, OffsetDateTime.class),
                        rs.getInt(4),
                        rs.getString(5)))
                .single();
    }

    private static List<MimeMessage> receivedBy(String address) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(address)) {
                found.add(m);
            }
        }
        return found;
    }
}
