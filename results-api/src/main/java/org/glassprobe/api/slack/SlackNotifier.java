package org.glassprobe.api.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.glassprobe.api.notify.Attempt;
import org.glassprobe.api.notify.Notice;
import org.glassprobe.api.notify.Notifier;
import org.glassprobe.api.webhook.HttpSender;

/**
 * Posts events to a Slack incoming webhook as Block Kit: a header with what happened, the regions
 * and why they failed, the error summary, and a button to the check's page. The webhook's URL is
 * its own credential: kept as the secret, shown masked, never logged. Slack's answers that say the
 * webhook cannot be used (404 {@code no_service}, 410 {@code channel_is_archived}, 400
 * {@code invalid_payload}, 403) are fatal; 408, 429 and 5xx are tried again.
 */
public final class SlackNotifier implements Notifier {
    public static final String KIND = "slack";
    static final int HEADER_MAX = 150;
    static final int TEXT_MAX = 3000;
    private static final int MAX_REGION_LINES = 50;

    private final HttpSender http;
    private final ObjectMapper json;

    public SlackNotifier(HttpSender http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> fields() {
        return List.of("url");
    }

    @Override
    public Destination destination(Map<String, JsonNode> fields) {
        String url = http.url("url", fields.get("url"), "the Slack incoming webhook's URL, e.g."
                + " https://hooks.slack.com/services/T000/B000/XXXX (Slack: your app > Incoming Webhooks)");
        return new Destination(HttpSender.masked(url), "{}", url, false);
    }

    @Override
    public Attempt send(Target target, Message message) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(message(Notice.of(message, json)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Slack message cannot be written as JSON", e);
        }
        return http.post(target.secret(), target.address(), Map.of(), body, HttpSender.JSON, SlackNotifier::classify);
    }

    /** Slack answers in plain words ({@code no_service}); those about the webhook or the message are final. */
    static Attempt classify(int status, String answer, double ms) {
        return HttpSender.byStatus(status, ms, "Slack " + HttpSender.said(status, answer)
                .substring("the receiver ".length()));
    }

    /** The Block Kit message: {@code {"text": fallback, "blocks": [...]}}. */
    ObjectNode message(Notice notice) {
        ObjectNode root = json.createObjectNode();
        root.put("text", fit(notice.title() + regionsInOneLine(notice), TEXT_MAX));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", cut(notice.title(), HEADER_MAX))
                .put("emoji", false);
        if (!notice.regions().isEmpty()) {
            section(blocks, regionLines(notice));
        }
        if (notice.summary() != null && !notice.summary().isBlank()) {
            section(blocks, "*" + (notice.resolved() ? "What happened" : "Error summary") + "*\n"
                    + fit(notice.summary(), TEXT_MAX - 20));
        }
        String when = "<!date^" + notice.at().getEpochSecond() + "^{date_short_pretty} {time_secs}|"
                + notice.at() + ">";
        ObjectNode context = blocks.addObject().put("type", "context");
        String about = (notice.test() ? "A test message from glassprobe" : "glassprobe") + " · " + when
                + (notice.incident() == null ? "" : " · incident " + escape(notice.incident()));
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", fit(about, TEXT_MAX));
        if (linkable(notice.link())) {
            ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements").addObject();
            button.put("type", "button").put("url", notice.link()).put("action_id", "open-check");
            button.putObject("text").put("type", "plain_text").put("text",
                    notice.incident() != null ? "Open the check" : "Open the uptime page");
        }
        return root;
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", mrkdwn);
    }

    /** {@code *Regions*} and a line per region with its error, within Slack's 3000 characters. */
    private static String regionLines(Notice notice) {
        StringBuilder text = new StringBuilder(notice.resolved() ? "*Regions*" : "*Failing regions and why*");
        int shown = 0;
        for (Notice.RegionLine r : notice.regions()) {
            String line = "\n• *" + escape(r.region()) + "*" + (r.error() == null || r.error().isBlank() ? ""
                    : ": " + fit(r.error(), 500));
            int left = notice.regions().size() - shown;
            if (shown == MAX_REGION_LINES || text.length() + line.length() > TEXT_MAX - 40) {
                text.append("\n… and ").append(left).append(left == 1 ? " more region" : " more regions");
                break;
            }
            text.append(line);
            shown++;
        }
        return text.toString();
    }

    private static String regionsInOneLine(Notice notice) {
        StringBuilder s = new StringBuilder();
        for (Notice.RegionLine r : notice.regions()) {
            s.append(s.length() == 0 ? " — " : "; ").append(r.text());
        }
        return s.toString();
    }

    static boolean linkable(String link) {
        return link != null && (link.startsWith("https://") || link.startsWith("http://"));
    }

    /** Slack's mrkdwn escaping: {@code &}, {@code <} and {@code >} as entities, nothing else. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The text escaped, cut (before escaping, so that no entity is split) to at most {@code max} characters. */
    static String fit(String text, int max) {
        String escaped = escape(text);
        if (escaped.length() <= max) {
            return escaped;
        }
        int n = Math.min(text.length(), max - 1);
        while (n > 0 && escape(text.substring(0, n)).length() > max - 1) {
            n -= Math.max(1, (escape(text.substring(0, n)).length() - (max - 1)) / 5);
        }
        if (n > 0 && Character.isHighSurrogate(text.charAt(n - 1))) {
            n--;
        }
        return escape(text.substring(0, n)) + "…";
    }

    /** At most {@code max} characters (UTF-16 units, as Slack and Discord count), never half a surrogate pair. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
