package kz.adalmap.api.outbox;

import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/** Sends e-mail messages through the SMTP server of {@code adalmap.mail.*}, as plain UTF-8 text. */
final class SmtpNotifier implements Notifier {

    /** The unsubscribe link of a message, offered to mail programs too (RFC 2369 {@code List-Unsubscribe}). */
    private static final Pattern UNSUBSCRIBE =
            Pattern.compile("https?://\\S+/api/v1/subscriptions/unsubscribe\\?token=\\S+");

    private final JavaMailSenderImpl mail;
    private final String from;

    SmtpNotifier(MailSettings settings) {
        this.from = settings.from();
        this.mail = new JavaMailSenderImpl();
        mail.setHost(settings.host());
        mail.setPort(settings.port());
        mail.setDefaultEncoding(StandardCharsets.UTF_8.name());
        Properties p = mail.getJavaMailProperties();
        // 465 is SMTP over TLS from the first byte; elsewhere upgrade with STARTTLS when the server offers it
        mail.setProtocol(settings.port() == 465 ? "smtps" : "smtp");
        p.put("mail.smtp.starttls.enable", "true");
        if (!settings.username().isBlank()) {
            mail.setUsername(settings.username());
            mail.setPassword(settings.password());
            p.put("mail." + mail.getProtocol() + ".auth", "true");
        }
        // a mail server that does not answer must not hold the sender (nor its lease) for long
        for (String key : new String[] {"connectiontimeout", "timeout", "writetimeout"}) {
            p.put("mail." + mail.getProtocol() + "." + key, "30000");
        }
    }

    @Override
    public void send(OutboxMessage message) throws Exception {
        if (!message.channel().equals("email")) {
            throw new IllegalArgumentException("cannot send " + message.channel() + " messages by e-mail");
        }
        MimeMessage mime = mail.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(mime, false, StandardCharsets.UTF_8.name());
        helper.setFrom(from);
        helper.setTo(message.recipient());
        helper.setSubject(message.subject());
        helper.setText(message.body(), false);
        Matcher unsubscribe = UNSUBSCRIBE.matcher(message.body());
        if (unsubscribe.find()) {
            mime.setHeader("List-Unsubscribe", "<" + unsubscribe.group() + ">");
        }
        mail.send(mime);
    }
}
