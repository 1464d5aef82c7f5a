package kz.adalmap.api.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The mail server messages are sent through ({@code adalmap.mail.*}); an empty host means "no mail
 * server": messages are written to the log instead.
 *
 * @param port 587 (submission with STARTTLS when offered) by default; 465 means SMTP over TLS
 * @param username empty when the server takes mail without logging in
 */
@ConfigurationProperties("adalmap.mail")
record MailSettings(
        @DefaultValue("") String host,
        @DefaultValue("587") int port,
        @DefaultValue("") String username,
        @DefaultValue("") String password,
        @DefaultValue("AdalMap <no-reply@adalmap.kz>") String from) {

    MailSettings {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("adalmap.mail.port must be 1 to 65535, got " + port);
        }
    }

    boolean configured() {
        return !host.isBlank();
    }

    @Override
    public String toString() {
        return "MailSettings[host=" + host + ", port=" + port + ", username=" + username + ", from=" + from + "]";
    }
}
