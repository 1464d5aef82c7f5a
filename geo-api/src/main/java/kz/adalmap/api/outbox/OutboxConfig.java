package kz.adalmap.api.outbox;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Chooses the notifiers (SMTP when {@code adalmap.mail.host} is set, else the log; the log for text
 * messages) and runs the outbox
 * sender every {@code adalmap.outbox.interval} unless {@code adalmap.outbox.enabled} is false.
 */
@Configuration
@EnableScheduling
class OutboxConfig implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(OutboxConfig.class);

    private final OutboxSettings settings;
    private final OutboxSender sender;

    OutboxConfig(OutboxSettings settings, OutboxSender sender) {
        this.settings = settings;
        this.sender = sender;
    }

    @Bean
    static Notifier notifier(MailSettings mail) {
        if (mail.configured()) {
            log.info("outbox: e-mail is sent through {}:{}", mail.host(), mail.port());
            return new SmtpNotifier(mail);
        }
        log.info("outbox: no mail server configured (adalmap.mail.host); messages are written to the log");
        return new LogNotifier();
    }

    /**
     * Text messages go to the log, the number masked: no SMS gateway ships with AdalMap. To send real
     * ones, return a gateway's {@link SmsNotifier} here when its settings are given, as for e-mail above.
     */
    @Bean
    static SmsNotifier smsNotifier() {
        log.info("outbox: no SMS gateway configured; text messages are written to the log");
        return new LogNotifier()::send;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!settings.enabled()) {
            return;
        }
        Duration interval = settings.interval();
        registrar.addFixedDelayTask(new FixedDelayTask(this::run, interval, interval));
    }

    private void run() {
        try {
            sender.sendDue();
        } catch (DataAccessException e) {
            // the database is away for a moment: the next run tries again
            log.warn(
                    "outbox: could not read the outbox: {}",
                    e.getMostSpecificCause().getMessage());
        }
    }
}
