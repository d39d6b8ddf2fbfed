package io.parley.account;

import jakarta.mail.internet.InternetAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends Parley's mails over SMTP, one at a time in the background: a request never waits for
 * the mail server, so answers take as long whether a mail goes out or not. Mail text holds
 * one-time links; it is never logged.
 */
@Component
class Mailer implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(Mailer.class);

    private final JavaMailSender sender;
    private final String from;
    private final ExecutorService queue = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("mailer").factory());

    Mailer(ObjectProvider<JavaMailSender> sender, AccountProperties properties) {
        this.sender = sender.getIfAvailable();
        this.from = properties.email().from();
        if (properties.email().enabled() && this.sender == null) {
            throw new IllegalStateException("parley.auth.email.enabled needs an SMTP server: set spring.mail.host (and port, "
                    + "username, password)");
        }
    }

    void send(String to, String subject, String text) {
        if (sender == null) {
            throw new IllegalStateException("No SMTP server is configured");
        }
        queue.execute(() -> {
            try {
                SimpleMailMessage message = new SimpleMailMessage();
                message.setFrom(from);
                message.setTo(new InternetAddress(to, true).getAddress());
                message.setSubject(subject);
                message.setText(text);
                sender.send(message);
            } catch (MailException | jakarta.mail.internet.AddressException e) {
                // The message names neither the link nor the text.
                log.warn("Could not send a mail ({}): {}", subject, e.getClass().getSimpleName());
            }
        });
    }

    @Override
    public void destroy() {
        queue.shutdown();
    }
}
