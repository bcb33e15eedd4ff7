package org.glassprobe.api.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.eclipse.angus.mail.util.MailConnectException;
import org.glassprobe.api.notify.Attempt;
import org.glassprobe.api.notify.Notice;
import org.glassprobe.api.notify.Notifier;
import org.glassprobe.api.webhook.TargetPolicy;

/**
 * Delivers a message as an e-mail through the subscription's SMTP relay, with Jakarta Mail (Eclipse
 * Angus): a multipart/alternative message, plain text and HTML, whose Message-ID is made from the
 * message's id (a retry carries the same one) and whose References name the incident (a mail client
 * puts an incident's messages in one thread). The relay's host is resolved through the
 * {@link TargetPolicy} at each attempt and the connection goes to the very address it checked; TLS
 * verifies the certificate against the host name. The whole attempt (connecting, every read and
 * write) is bounded by {@code webhooks.timeout}, as the HTTP kinds' call is. The attempt's status is the relay's last SMTP reply code (250 when it
 * took the message), or null when it gave none.
 *
 * <p>Delivered when the relay took the message (250 after DATA), for all its recipients at once (if
 * it refuses one, nobody gets it, so a retry never sends it twice to anyone). Worth trying again:
 * no connection, no answer in time, a 4xx reply, a TLS handshake cut short. Fatal (a person must
 * change the relay or the subscription first): a 5xx reply (550 unknown recipient, 535 wrong
 * password...), STARTTLS required but not offered, a certificate that is not trusted or not the
 * host's, a host that now resolves to an address the policy refuses.
 */
public final class EmailNotifier implements Notifier {
    public static final String KIND = "email";
    private static final int KEPT_ERROR_CHARS = 500;

    private final TargetPolicy policy;
    private final Duration timeout;
    private final ObjectMapper json;
    private final ScheduledThreadPoolExecutor deadlines;

    /** @param timeout bounds connecting, each read and each write (webhooks.timeout) */
    public EmailNotifier(TargetPolicy policy, Duration timeout, ObjectMapper json) {
        this.policy = policy;
        this.timeout = timeout;
        this.json = json;
        this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "glassprobe-email-deadlines");
            t.setDaemon(true);
            return t;
        });
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> fields() {
        return EmailSubscription.FIELDS;
    }

    @Override
    public Destination destination(Map<String, JsonNode> fields) {
        return EmailSubscription.read(fields, policy).destination(json);
    }

    @Override
    public Attempt send(Target target, Message message) {
        long start = System.nanoTime();
        EmailSubscription s;
        try {
            s = EmailSubscription.stored(target, json);
        } catch (IllegalStateException e) {
            return new Attempt.Fatal(null, ms(start), e.getMessage() + "; create the subscription again");
        }
        String relay = s.host() + ":" + s.port();
        List<InetAddress> addresses;
        try {
            addresses = policy.lookup(s.host());
        } catch (TargetPolicy.RefusedTarget e) {
            return new Attempt.Fatal(null, ms(start), e.getMessage());
        } catch (UnknownHostException e) {
            return new Attempt.Transient(null, ms(start), "the relay's host '" + s.host() + "' does not resolve now");
        }
        if (s.security() == Security.NONE) {
            for (InetAddress a : addresses) {
                if (!EmailSubscription.onPrivateNetwork(a)) {
                    return new Attempt.Fatal(null, ms(start), "'" + s.host() + "' now resolves to " + a.getHostAddress()
                            + ", not on loopback or a private network, and security none would send in clear there;"
                            + " nothing was sent");
                }
            }
        }
        Notice notice = Notice.of(message, json);
        Attempt attempt = null;
        for (InetAddress address : addresses) {
            Tried tried = attempt(s, address, relay, target.id(), message, notice, start);
            attempt = tried.attempt();
            if (tried.connected()) {
                break; // only a connection that failed is tried at the host's next address
            }
        }
        return attempt;
    }

    /** How one connection went, and whether it got as far as the relay. */
    private record Tried(Attempt attempt, boolean connected) {}

    private Tried attempt(EmailSubscription s, InetAddress address, String relay, String subscription, Message message,
            Notice notice, long start) {
        long left = timeout.toNanos() - (System.nanoTime() - start);
        if (left <= 0) {
            return new Tried(new Attempt.Transient(null, ms(start), "no answer from " + relay + " within "
                    + timeout.toMillis() + " ms"), true);
        }
        Deadline deadline = new Deadline();
        ScheduledFuture<?> expiry = deadlines.schedule(deadline::expire, left, TimeUnit.NANOSECONDS);
        try {
            return attempt(s, address, relay, subscription, message, notice, start, deadline);
        } finally {
            expiry.cancel(false);
        }
    }

    private Tried attempt(EmailSubscription s, InetAddress address, String relay, String subscription, Message message,
            Notice notice, long start, Deadline deadline) {
        Session session;
        try {
            session = Session.getInstance(properties(s, address, deadline));
        } catch (GeneralSecurityException | IOException e) {
            return new Tried(new Attempt.Fatal(null, ms(start), "TLS to " + relay + " cannot be set up: "
                    + e.getMessage()), true);
        }
        session.setDebug(false); // its debug output would show the login
        SMTPTransport transport = null;
        boolean connected = false;
        try {
            MimeMessage mime = mail(session, s, subscription, message, notice);
            transport = (SMTPTransport) session.getTransport("smtp");
            transport.connect(address.getHostAddress(), s.port(), s.username(),
                    s.username() == null ? null : s.password());
            connected = true;
            transport.sendMessage(mime, mime.getAllRecipients());
            return new Tried(new Attempt.Delivered(transport.getLastReturnCode(), ms(start)), true);
        } catch (MessagingException e) {
            boolean reached = connected || !(e instanceof MailConnectException);
            if (deadline.expired()) {
                return new Tried(new Attempt.Transient(code(transport) != null && code(transport) >= 400
                        ? code(transport) : null, ms(start), "the relay " + relay + " did not finish within "
                        + timeout.toMillis() + " ms (webhooks.timeout)"), true);
            }
            return new Tried(classify(e, transport, s, relay, start), reached);
        } finally {
            if (transport != null) {
                try {
                    transport.close();
                } catch (MessagingException e) {
                    // the message was taken or refused before: QUIT going wrong changes nothing
                }
            }
        }
    }

    private Properties properties(EmailSubscription s, InetAddress address, Deadline deadline)
            throws GeneralSecurityException, IOException {
        String ms = Long.toString(Math.max(1, timeout.toMillis()));
        Properties p = new Properties();
        p.put("mail.smtp.host", address.getHostAddress());
        p.put("mail.smtp.port", Integer.toString(s.port()));
        p.put("mail.smtp.connectiontimeout", ms);
        p.put("mail.smtp.timeout", ms);
        p.put("mail.smtp.writetimeout", ms);
        p.put("mail.smtp.localhost", domain(s.from()));
        p.put("mail.smtp.from", s.from().getAddress());
        p.put("mail.smtp.auth", Boolean.toString(s.username() != null));
        p.put("mail.smtp.auth.mechanisms", "PLAIN LOGIN");
        p.put("mail.smtp.sendpartial", "false");
        p.put("mail.smtp.quitwait", "false");
        p.put("mail.smtp.socketFactory", deadline.sockets());
        p.put("mail.smtp.socketFactory.fallback", "false");
        // RelayTls verifies the host name itself: Jakarta Mail sees only the checked address
        p.put("mail.smtp.ssl.checkserveridentity", "false");
        if (s.security() != Security.NONE) {
            p.put("mail.smtp.ssl.socketFactory", new RelayTls(s.host(), s.certificate(), deadline));
        }
        if (s.security() == Security.STARTTLS) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        } else if (s.security() == Security.TLS) {
            p.put("mail.smtp.ssl.enable", "true");
        }
        return p;
    }

    private static MimeMessage mail(Session session, EmailSubscription s, String subscription, Message message,
            Notice notice) throws MessagingException {
        String domain = domain(s.from());
        String messageId = "<" + message.id() + "@" + domain + ">";
        MimeMessage mime = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        mime.setFrom(s.from());
        mime.setRecipients(RecipientType.TO, s.to().toArray(new InternetAddress[0]));
        mime.setSubject(notice.title(), StandardCharsets.UTF_8.name());
        mime.setSentDate(Date.from(message.attemptAt()));
        mime.setHeader("Auto-Submitted", "auto-generated");
        mime.setHeader("X-Glassprobe-Event", message.type());
        if (notice.test()) {
            mime.setHeader("X-Glassprobe-Test", "true");
        } else if (notice.incident() != null) {
            String thread = "<incident." + notice.incident() + "@" + domain + ">";
            mime.setHeader("References", thread);
            mime.setHeader("In-Reply-To", thread);
        }
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(MailText.plain(notice, subscription), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(MailText.html(notice, subscription), StandardCharsets.UTF_8.name(), "html");
        mime.setContent(new MimeMultipart("alternative", plain, html));
        mime.saveChanges();
        return mime;
    }

    /** Sorts a failure into worth trying again or not; the error keeps the relay's words, never the password. */
    private Attempt classify(MessagingException e, SMTPTransport transport, EmailSubscription s, String relay,
            long start) {
        double ms = ms(start);
        Throwable untrusted = cause(e, CertificateException.class, CertPathValidatorException.class,
                SSLPeerUnverifiedException.class);
        if (untrusted != null) {
            return new Attempt.Fatal(null, ms, clean(s, "the certificate of " + relay + " is not trusted for '"
                    + s.host() + "' (" + untrusted.getMessage() + "); nothing was sent. Give the relay's CA as"
                    + " smtp.certificate, or use the name its certificate has as smtp.host"));
        }
        if (s.security() == Security.STARTTLS && String.valueOf(e.getMessage()).contains("STARTTLS is required")) {
            return new Attempt.Fatal(code(transport), ms, relay + " does not offer STARTTLS, which security starttls"
                    + " requires; nothing was sent in clear. Use security tls if the relay speaks TLS on another"
                    + " port (usually 465)");
        }
        if (e instanceof AuthenticationFailedException) {
            Integer code = leadingCode(e.getMessage());
            String error = clean(s, relay + " refused the login of '" + s.username() + "': " + e.getMessage());
            return code != null && code >= 400 && code < 500 ? new Attempt.Transient(code, ms, error)
                    : new Attempt.Fatal(code != null ? code : code(transport), ms, error);
        }
        List<String> replies = new ArrayList<>();
        Integer permanent = null;
        Integer first = null;
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            Integer code = null;
            if (x instanceof SMTPAddressFailedException a) {
                code = a.getReturnCode();
                replies.add(a.getCommand() + ": " + a.getMessage().strip());
            } else if (x instanceof SMTPSenderFailedException f) {
                code = f.getReturnCode();
                replies.add(f.getCommand() + ": " + f.getMessage().strip());
            } else if (x instanceof SMTPSendFailedException f) {
                code = f.getReturnCode();
                replies.add(f.getCommand() + ": " + f.getMessage().strip());
            }
            if (code != null && code > 0) {
                first = first == null ? code : first;
                if (code >= 500 && permanent == null) {
                    permanent = code;
                }
            }
        }
        if (first != null) {
            String error = clean(s, relay + " refused the message: " + String.join("; ", replies));
            return permanent != null ? new Attempt.Fatal(permanent, ms, error) : new Attempt.Transient(first, ms, error);
        }
        if (Thread.currentThread().isInterrupted()) {
            return new Attempt.Transient(null, ms, "interrupted (the API is stopping)");
        }
        if (cause(e, SocketTimeoutException.class) != null) {
            return new Attempt.Transient(null, ms, "no answer from " + relay + " within " + timeout.toMillis() + " ms");
        }
        if (cause(e, ConnectException.class) != null) {
            return new Attempt.Transient(null, ms, relay + " refused the connection");
        }
        Throwable tls = cause(e, SSLException.class);
        if (tls != null) {
            return new Attempt.Transient(null, ms, clean(s, "the TLS handshake with " + relay + " failed: "
                    + tls.getMessage()));
        }
        Integer code = code(transport);
        String said = transport != null && transport.getLastServerResponse() != null
                ? " (last reply: " + transport.getLastServerResponse().strip() + ")" : "";
        String error = clean(s, relay + ": " + e.getMessage() + said);
        if (code != null && code >= 500) {
            return new Attempt.Fatal(code, ms, error);
        }
        return new Attempt.Transient(code != null && code >= 400 ? code : null, ms, error);
    }

    private static Integer code(SMTPTransport transport) {
        return transport == null || transport.getLastReturnCode() <= 0 ? null : transport.getLastReturnCode();
    }

    private static Integer leadingCode(String reply) {
        if (reply != null && reply.length() >= 3 && reply.substring(0, 3).chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(reply.substring(0, 3));
        }
        return null;
    }

    @SafeVarargs
    private static Throwable cause(Throwable e, Class<? extends Throwable>... types) {
        for (Throwable t = e; t != null; t = t.getCause() != null ? t.getCause()
                : t instanceof MessagingException m ? m.getNextException() : null) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return t;
                }
            }
        }
        return null;
    }

    /** The error as it may be kept: bounded, without the password in any form a login sends it. */
    private static String clean(EmailSubscription s, String error) {
        String text = error.replace("\r", " ").replace("\n", " ").strip();
        String password = s.password();
        if (!password.isEmpty()) {
            Base64.Encoder b64 = Base64.getEncoder();
            text = text.replace(password, "(password)")
                    .replace(b64.encodeToString(password.getBytes(StandardCharsets.UTF_8)), "(password)")
                    .replace(b64.encodeToString(("\0" + s.username() + "\0" + password).getBytes(StandardCharsets.UTF_8)),
                            "(login)");
        }
        return text.length() > KEPT_ERROR_CHARS ? text.substring(0, KEPT_ERROR_CHARS) + "…" : text;
    }

    private static String domain(InternetAddress from) {
        String address = from.getAddress();
        return address.substring(address.lastIndexOf('@') + 1);
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
