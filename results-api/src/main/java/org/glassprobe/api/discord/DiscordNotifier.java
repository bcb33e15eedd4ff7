package org.glassprobe.api.discord;

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
 * Posts events to a Discord channel's webhook as one embed: the title linking the check's page, a
 * colour by severity, the error summary, a field per region with its error, within Discord's
 * limits, and {@code allowed_mentions} empty so that no text from a check can ping anyone. The
 * webhook's URL carries its token, so it is the credential: kept as the secret, shown masked, never
 * logged. Discord answers 204; a 4xx other than 408 and 429 (404 Unknown Webhook, 401, 400 Invalid
 * Form Body) is fatal; 429 (with its {@code retry_after}), 408 and 5xx are tried again.
 */
public final class DiscordNotifier implements Notifier {
    public static final String KIND = "discord";
    static final int TITLE_MAX = 256;
    static final int DESCRIPTION_MAX = 4096;
    static final int FIELDS_MAX = 25;
    static final int FIELD_NAME_MAX = 256;
    static final int FIELD_VALUE_MAX = 1024;
    static final int FOOTER_MAX = 2048;
    static final int EMBED_TOTAL_MAX = 6000;

    private final HttpSender http;
    private final ObjectMapper json;

    public DiscordNotifier(HttpSender http, ObjectMapper json) {
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
        String url = http.url("url", fields.get("url"), "the channel webhook's URL from Discord (Server Settings >"
                + " Integrations > Webhooks > Copy Webhook URL), e.g. https://discord.com/api/webhooks/123/abc");
        return new Destination(HttpSender.masked(url), "{}", url, false);
    }

    @Override
    public Attempt send(Target target, Message message) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(message(Notice.of(message, json)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Discord message cannot be written as JSON", e);
        }
        return http.post(target.secret(), target.address(), Map.of(), body, HttpSender.JSON, this::classify);
    }

    /** Discord's errors are JSON: {@code {"message": "Unknown Webhook", "code": 10015}}, a 429 with {@code retry_after}. */
    Attempt classify(int status, String answer, double ms) {
        String said = answer;
        try {
            JsonNode error = json.readTree(answer);
            if (error != null && error.hasNonNull("message")) {
                said = error.get("message").asText() + (error.hasNonNull("code") ? " (code " + error.get("code")
                        .asText() + ")" : "") + (error.hasNonNull("retry_after") ? "; retry after "
                        + error.get("retry_after").asText() + " s" : "");
            }
        } catch (JsonProcessingException e) {
            // not JSON (a proxy's page): kept as it is
        }
        String text = "Discord answered " + status + (said.isEmpty() ? "" : ": " + HttpSender.shortened(said));
        return HttpSender.byStatus(status, ms, text);
    }

    /** {@code {"embeds": [one], "allowed_mentions": {"parse": []}}}. */
    ObjectNode message(Notice notice) {
        ObjectNode root = json.createObjectNode();
        ObjectNode embed = root.putArray("embeds").addObject();
        String title = cut(notice.title(), TITLE_MAX);
        embed.put("title", title);
        String description = notice.summary() == null || notice.summary().isBlank() ? ""
                : cut(notice.summary(), 2000);
        if (!description.isEmpty()) {
            embed.put("description", description);
        }
        if (notice.link().startsWith("https://") || notice.link().startsWith("http://")) {
            embed.put("url", notice.link());
        }
        embed.put("color", color(notice.severity()));
        String footer = cut((notice.test() ? "A test message from glassprobe" : "glassprobe")
                + (notice.incident() == null ? "" : " · incident " + notice.incident()), 200);
        int left = EMBED_TOTAL_MAX - title.length() - description.length() - footer.length();
        ArrayNode fields = embed.putArray("fields");
        int shown = 0;
        for (Notice.RegionLine r : notice.regions()) {
            String name = cut(r.region(), FIELD_NAME_MAX);
            String value = r.error() == null || r.error().isBlank()
                    ? (notice.resolved() ? "passes" : "no error recorded") : cut(r.error(), FIELD_VALUE_MAX);
            int more = notice.regions().size() - shown;
            boolean last = shown == FIELDS_MAX - 1 && more > 1;
            // room is kept for the field that says how many regions did not fit
            if (last || name.length() + value.length() > left - 40) {
                fields.addObject().put("name", "…").put("value", "and " + more + (more == 1 ? " more region"
                        : " more regions")).put("inline", false);
                break;
            }
            fields.addObject().put("name", name).put("value", value).put("inline", false);
            left -= name.length() + value.length();
            shown++;
        }
        embed.putObject("footer").put("text", footer);
        embed.put("timestamp", notice.at().toString());
        root.putObject("allowed_mentions").putArray("parse");
        return root;
    }

    /** Red for an outage, orange for a failure, yellow for slowness, green for a recovery. */
    static int color(Notice.Severity severity) {
        return switch (severity) {
            case CRITICAL -> 0xED4245;
            case ERROR -> 0xE67E22;
            case WARNING -> 0xFEE75C;
            case RESOLVED -> 0x57F287;
        };
    }

    private static String cut(String text, int max) {
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
