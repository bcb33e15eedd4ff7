package org.glassprobe.api.email;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.glassprobe.api.notify.Notice;

/**
 * The words of an e-mail, in plain text and in HTML, from the event as people read it: what
 * happened, how bad, when, which regions failed and why, the error summary, the incident and a
 * link to the check's page. A test sample says it is one at the top. Every text from checks is
 * escaped in the HTML; only an http or https link becomes a link.
 */
final class MailText {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    static final String TEST_MARK = "This is a test message sent from glassprobe's test call: nothing happened.";

    private MailText() {}

    static String plain(Notice n, String subscription) {
        StringBuilder b = new StringBuilder();
        if (n.test()) {
            b.append("[TEST] ").append(TEST_MARK).append("\n\n");
        }
        b.append(n.title()).append("\n\n");
        b.append(label(n)).append(n.subject()).append('\n');
        b.append("Event:    ").append(n.type()).append(" (").append(severity(n)).append(")\n");
        b.append("When:     ").append(WHEN.format(n.at())).append('\n');
        if (!n.regions().isEmpty()) {
            b.append("Regions:\n");
            n.regions().forEach(r -> b.append("  - ").append(r.text()).append('\n'));
        }
        if (n.summary() != null && !n.summary().isBlank()) {
            b.append("Summary:  ").append(n.summary()).append('\n');
        }
        if (n.incident() != null) {
            b.append("Incident: ").append(n.incident()).append('\n');
        }
        b.append("Details:  ").append(n.link()).append("\n\n");
        b.append("-- \nSent by glassprobe for the subscription ").append(subscription).append(".\n");
        return b.toString();
    }

    static String html(Notice n, String subscription) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(escape(n.title())).append("</title></head><body style=\"font-family: sans-serif\">\n");
        if (n.test()) {
            b.append("<p style=\"background: #fff3cd; padding: 8px\"><strong>[TEST]</strong> ").append(escape(TEST_MARK))
                    .append("</p>\n");
        }
        b.append("<h2 style=\"color: ").append(colour(n)).append("\">").append(escape(n.title())).append("</h2>\n");
        b.append("<table>\n");
        row(b, label(n).strip(), escape(n.subject()));
        row(b, "Event:", escape(n.type()) + " (" + severity(n) + ")");
        row(b, "When:", escape(WHEN.format(n.at())));
        if (n.summary() != null && !n.summary().isBlank()) {
            row(b, "Summary:", escape(n.summary()));
        }
        if (n.incident() != null) {
            row(b, "Incident:", escape(n.incident()));
        }
        b.append("</table>\n");
        if (!n.regions().isEmpty()) {
            b.append("<p>Regions:</p>\n<ul>\n");
            n.regions().forEach(r -> b.append("<li>").append(escape(r.text())).append("</li>\n"));
            b.append("</ul>\n");
        }
        String link = n.link();
        String lower = link.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            b.append("<p><a href=\"").append(escape(link)).append("\">").append(escape(link)).append("</a></p>\n");
        } else {
            b.append("<p>").append(escape(link)).append("</p>\n");
        }
        b.append("<p style=\"color: #666; font-size: small\">Sent by glassprobe for the subscription ")
                .append(escape(subscription)).append(".</p>\n</body></html>\n");
        return b.toString();
    }

    private static void row(StringBuilder b, String name, String escapedValue) {
        b.append("<tr><th align=\"left\">").append(escape(name)).append("</th><td>").append(escapedValue)
                .append("</td></tr>\n");
    }

    private static String label(Notice n) {
        return n.type().startsWith("probe.") ? "Probe:    " : "Check:    ";
    }

    private static String severity(Notice n) {
        return n.severity().name().toLowerCase(Locale.ROOT);
    }

    private static String colour(Notice n) {
        return switch (n.severity()) {
            case CRITICAL, ERROR -> "#b00020";
            case WARNING -> "#8a6d00";
            case RESOLVED -> "#1b7f3b";
        };
    }

    /** Text as HTML: the five characters that could end an element or an attribute are escaped. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
