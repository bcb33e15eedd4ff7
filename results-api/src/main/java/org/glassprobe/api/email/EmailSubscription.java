package org.glassprobe.api.email;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.ByteArrayInputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.glassprobe.api.notify.InvalidSubscription;
import org.glassprobe.api.notify.Notifier;
import org.glassprobe.api.webhook.TargetPolicy;

/**
 * What an e-mail subscription says: its recipients, its sender, and the SMTP relay that takes its
 * messages (host, port, security, login, a certificate to trust). Read strictly from a new
 * subscription's fields, and back from what was stored: the recipients in the address
 * ({@code mailto:a@example.org,b@example.org}), the rest in the settings, the password as the secret.
 *
 * @param username    null when the relay takes mail without a login
 * @param password    "" when there is no login
 * @param certificate a PEM certificate (or CA) trusted besides the JVM's trust store, null when none
 */
record EmailSubscription(List<InternetAddress> to, InternetAddress from, String host, int port, Security security,
        String username, String password, String certificate) {
    static final List<String> FIELDS = List.of("to", "from", "smtp");
    static final List<String> SMTP_FIELDS = List.of("host", "port", "security", "username", "password", "certificate");
    static final int MAX_RECIPIENTS = 20;
    private static final String MAILTO = "mailto:";
    private static final int MAX_ADDRESS = 2000; // the stored address's column
    private static final int MAX_SETTINGS = 4000; // the stored settings' column
    private static final int MAX_MAILBOX = 254;
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?"
            + "|\\[?[0-9A-Fa-f:.]+]?");

    EmailSubscription {
        to = List.copyOf(to);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        password = password == null ? "" : password;
    }

    /** The address the admin is shown: {@code mailto:} and the recipients. */
    String address() {
        return MAILTO + String.join(",", to.stream().map(InternetAddress::getAddress).toList());
    }

    /** Everything but the recipients (in the address) and the password (the secret), as a JSON object. */
    String settings(ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("from", from.toUnicodeString());
        ObjectNode smtp = root.putObject("smtp");
        smtp.put("host", host);
        smtp.put("port", port);
        smtp.put("security", security.wireName());
        if (username != null) {
            smtp.put("username", username);
        }
        if (certificate != null) {
            smtp.put("certificate", certificate);
        }
        try {
            return json.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("e-mail settings cannot be written as JSON", e);
        }
    }

    Notifier.Destination destination(ObjectMapper json) {
        String address = address();
        if (address.length() > MAX_ADDRESS) {
            throw new InvalidSubscription("to", "the recipients take " + address.length() + " characters together;"
                    + " at most " + (MAX_ADDRESS - MAILTO.length()) + ": send to a list address instead");
        }
        String settings = settings(json);
        if (settings.length() > MAX_SETTINGS) {
            throw new InvalidSubscription(certificate != null ? "smtp.certificate" : "from", "the settings take "
                    + settings.length() + " characters; at most " + MAX_SETTINGS
                    + (certificate != null ? ": give only the one certificate to trust (the relay's CA), not a chain" : ""));
        }
        return new Notifier.Destination(address, settings, password, false);
    }

    /** Reads a new subscription's fields, refusing what cannot be used (naming the field and what is allowed). */
    static EmailSubscription read(Map<String, JsonNode> fields, TargetPolicy policy) {
        List<InternetAddress> to = recipients(fields.get("to"));
        InternetAddress from = sender(fields.get("from"));
        JsonNode smtp = fields.get("smtp");
        if (smtp == null || !smtp.isObject()) {
            throw new InvalidSubscription("smtp", "required: the relay that takes the messages, an object such as"
                    + " {\"host\": \"smtp.example.org\", \"port\": 587, \"security\": \"starttls\", \"username\":"
                    + " \"alerts\", \"password\": \"...\"}");
        }
        smtp.fieldNames().forEachRemaining(name -> {
            if (!SMTP_FIELDS.contains(name)) {
                throw new InvalidSubscription("smtp." + name, "unknown field; smtp has " + String.join(", ", SMTP_FIELDS));
            }
        });
        Security security = security(smtp.get("security"));
        String host = host(smtp.get("host"), security, policy);
        int port = port(smtp.get("port"), security);
        String username = optionalText(smtp.get("username"), "smtp.username", 256);
        String password = optionalText(smtp.get("password"), "smtp.password", 1024);
        if (username != null && password == null) {
            throw new InvalidSubscription("smtp.password", "required with smtp.username: the relay's login is both");
        }
        if (password != null && username == null) {
            throw new InvalidSubscription("smtp.username", "required with smtp.password: the relay's login is both");
        }
        if (password != null && security == Security.NONE) {
            throw new InvalidSubscription("smtp.security", "none would send the password in clear; use starttls or"
                    + " tls to log in, or leave out smtp.username and smtp.password");
        }
        String certificate = certificate(smtp.get("certificate"), security);
        return new EmailSubscription(to, from, host, port, security, username, password, certificate);
    }

    /** Reads what was stored for a subscription. */
    static EmailSubscription stored(Notifier.Target target, ObjectMapper json) {
        try {
            if (!target.address().startsWith(MAILTO)) {
                throw new IllegalArgumentException("the address is not a mailto: address");
            }
            List<InternetAddress> to = new ArrayList<>();
            for (String a : target.address().substring(MAILTO.length()).split(",")) {
                to.add(new InternetAddress(a, true));
            }
            JsonNode root = json.readTree(target.settings());
            JsonNode smtp = root.path("smtp");
            String username = smtp.hasNonNull("username") ? smtp.get("username").asText() : null;
            String certificate = smtp.hasNonNull("certificate") ? smtp.get("certificate").asText() : null;
            Security security = Security.fromWire(smtp.path("security").asText()).orElseThrow(
                    () -> new IllegalArgumentException("unknown security " + smtp.path("security")));
            InternetAddress read = new InternetAddress(root.path("from").asText(), true);
            // made again so that a name outside ASCII is encoded in the From header (RFC 2047)
            InternetAddress from = read.getPersonal() == null ? read
                    : new InternetAddress(read.getAddress(), read.getPersonal(), StandardCharsets.UTF_8.name());
            return new EmailSubscription(to, from,
                    smtp.path("host").asText(), smtp.path("port").asInt(), security, username, target.secret(),
                    certificate);
        } catch (AddressException | JsonProcessingException | IllegalArgumentException
                | java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException("subscription " + target.id() + " has e-mail settings that cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private static List<InternetAddress> recipients(JsonNode node) {
        String how = "a list of 1 to " + MAX_RECIPIENTS + " addresses such as [\"oncall@example.org\"]";
        if (node == null || node.isNull()) {
            throw new InvalidSubscription("to", "required: " + how);
        }
        if (!node.isArray() || node.isEmpty() || node.size() > MAX_RECIPIENTS) {
            throw new InvalidSubscription("to", "must be " + how + (node.isArray() ? ", found " + node.size() : ""));
        }
        Set<String> seen = new LinkedHashSet<>();
        List<InternetAddress> to = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String field = "to[" + i + "]";
            JsonNode a = node.get(i);
            if (!a.isTextual()) {
                throw new InvalidSubscription(field, "must be an address such as \"oncall@example.org\", found " + a);
            }
            InternetAddress address = mailbox(field, a.asText().strip());
            if (address.getPersonal() != null || !address.getAddress().equals(a.asText().strip())) {
                throw new InvalidSubscription(field, "'" + a.asText() + "' must be a bare address such as"
                        + " oncall@example.org, without a name or angle brackets");
            }
            if (address.getAddress().contains("\"") || address.getAddress().contains(",")) {
                throw new InvalidSubscription(field, "'" + a.asText() + "': quoted local parts are not supported");
            }
            if (seen.add(address.getAddress().toLowerCase(java.util.Locale.ROOT))) {
                to.add(address);
            }
        }
        return to;
    }

    private static InternetAddress sender(JsonNode node) {
        if (node == null || !node.isTextual()) {
            throw new InvalidSubscription("from", "required: the sender's address, optionally with a name, such as"
                    + " \"glassprobe <alerts@example.org>\"" + (node == null ? "" : ", found " + node));
        }
        return mailbox("from", node.asText().strip());
    }

    /** One mailbox, read by Jakarta Mail's strict RFC 822 parser, with a domain and no line breaks. */
    private static InternetAddress mailbox(String field, String text) {
        if (text.isEmpty() || text.length() > 320 || text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidSubscription(field, "must be an address of 3 to 320 printable characters on one line");
        }
        InternetAddress address;
        try {
            address = new InternetAddress(text, true);
            address.validate();
        } catch (AddressException e) {
            throw new InvalidSubscription(field, "'" + text + "' is not an e-mail address (" + e.getMessage() + ")");
        }
        String mailbox = address.getAddress();
        int at = mailbox.lastIndexOf('@');
        if (address.isGroup() || at <= 0 || at == mailbox.length() - 1 || mailbox.length() > MAX_MAILBOX) {
            throw new InvalidSubscription(field, "'" + text + "' is not an address of the form name@domain (at most "
                    + MAX_MAILBOX + " characters)");
        }
        return address;
    }

    private static Security security(JsonNode node) {
        if (node == null || node.isNull()) {
            return Security.STARTTLS;
        }
        return Security.fromWire(node.isTextual() ? node.asText() : "").orElseThrow(() -> new InvalidSubscription(
                "smtp.security", node + " is not a security mode; known: " + Security.known()
                        + " (starttls, the default, on port 587; tls on 465; none only to a relay on a private network)"));
    }

    private static String host(JsonNode node, Security security, TargetPolicy policy) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new InvalidSubscription("smtp.host", "required: the relay's host name, such as smtp.example.org"
                    + (node == null ? "" : ", found " + node));
        }
        String host = node.asText().strip();
        if (host.length() > 253 || !HOST.matcher(host).matches()) {
            throw new InvalidSubscription("smtp.host", "'" + host + "' is not a host name or IP address (no scheme,"
                    + " no port: put the port in smtp.port)");
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        policy.problem(bare).ifPresent(why -> {
            throw new InvalidSubscription("smtp.host", why);
        });
        if (security == Security.NONE) {
            List<InetAddress> addresses;
            try {
                addresses = policy.lookup(bare);
            } catch (UnknownHostException e) {
                throw new InvalidSubscription("smtp.host", "'" + host + "' does not resolve now, so it cannot be told"
                        + " to be on this machine or a private network, as security none needs");
            }
            for (InetAddress a : addresses) {
                if (!onPrivateNetwork(a)) {
                    throw new InvalidSubscription("smtp.security", "none sends in clear, so it is allowed only to a"
                            + " relay on loopback or a private network; '" + host + "' is at " + a.getHostAddress()
                            + ": use starttls or tls");
                }
            }
        }
        return bare;
    }

    /** Whether an address is on this machine or a private network (where security none may be used). */
    static boolean onPrivateNetwork(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()) {
            return true;
        }
        return a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
    }

    private static int port(JsonNode node, Security security) {
        if (node == null || node.isNull()) {
            return security.defaultPort();
        }
        if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > 65535) {
            throw new InvalidSubscription("smtp.port", "must be a whole number from 1 to 65535, found " + node
                    + " (leave it out for " + security.defaultPort() + " with security " + security.wireName() + ")");
        }
        return node.asInt();
    }

    private static String optionalText(JsonNode node, String field, int max) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isEmpty() || node.asText().length() > max
                || node.asText().chars().anyMatch(Character::isISOControl)) {
            // never quote the value: it may be the password
            throw new InvalidSubscription(field, "must be a string of 1 to " + max + " printable characters");
        }
        return node.asText();
    }

    private static String certificate(JsonNode node, Security security) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (security == Security.NONE) {
            throw new InvalidSubscription("smtp.certificate", "is for TLS; security none uses no certificate");
        }
        if (!node.isTextual() || !node.asText().contains("-----BEGIN CERTIFICATE-----")) {
            throw new InvalidSubscription("smtp.certificate", "must be a PEM certificate, the text from"
                    + " -----BEGIN CERTIFICATE----- to -----END CERTIFICATE----- (the relay's own or its CA's)");
        }
        String pem = node.asText().strip();
        if (certificates(pem).isEmpty()) {
            throw new InvalidSubscription("smtp.certificate", "holds no certificate");
        }
        return pem;
    }

    /** The certificates in a PEM text. */
    static List<X509Certificate> certificates(String pem) {
        try {
            Collection<? extends java.security.cert.Certificate> read = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            List<X509Certificate> certificates = new ArrayList<>();
            for (java.security.cert.Certificate c : read) {
                certificates.add((X509Certificate) c);
            }
            return certificates;
        } catch (CertificateException e) {
            throw new InvalidSubscription("smtp.certificate", "cannot be read as a PEM X.509 certificate ("
                    + e.getMessage() + ")");
        }
    }
}
