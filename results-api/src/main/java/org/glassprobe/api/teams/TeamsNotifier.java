package org.glassprobe.api.teams;

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
 * Posts events to a Microsoft Teams channel through a workflow (Power Automate's "Post to a channel
 * when a webhook request is received") as an Adaptive Card 1.4: the title coloured by severity, a
 * fact per region with its error, the error summary, and a button to the check's page. The
 * workflow's URL carries its signature, so it is the credential: kept as the secret, shown masked,
 * never logged. A 4xx other than 408 and 429 (the workflow is gone, off, or refuses the card) is
 * fatal; 408, 429 and 5xx are tried again.
 */
public final class TeamsNotifier implements Notifier {
    public static final String KIND = "teams";
    static final String CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
    static final String SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
    private static final int MAX_FACTS = 25;
    private static final int MAX_FACT_VALUE = 1000;
    private static final int MAX_SUMMARY = 3000;

    private final HttpSender http;
    private final ObjectMapper json;

    public TeamsNotifier(HttpSender http, ObjectMapper json) {
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
        String url = http.url("url", fields.get("url"), "the workflow's HTTP POST URL from Teams (Workflows > \"Post"
                + " to a channel when a webhook request is received\"), e.g. https://prod-01.westeurope.logic.azure.com"
                + "/workflows/…/triggers/manual/paths/invoke?api-version=2016-06-01&sig=…");
        return new Destination(HttpSender.masked(url), "{}", url, false);
    }

    @Override
    public Attempt send(Target target, Message message) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(message(Notice.of(message, json)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Teams card cannot be written as JSON", e);
        }
        return http.post(target.secret(), target.address(), Map.of(), body, HttpSender.JSON, TeamsNotifier::classify);
    }

    static Attempt classify(int status, String answer, double ms) {
        return HttpSender.byStatus(status, ms, "Teams " + HttpSender.said(status, answer)
                .substring("the receiver ".length()));
    }

    /** The workflow's message: one attachment, the Adaptive Card. */
    ObjectNode message(Notice notice) {
        ObjectNode root = json.createObjectNode().put("type", "message");
        ObjectNode attachment = root.putArray("attachments").addObject();
        attachment.put("contentType", CONTENT_TYPE).putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", SCHEMA).put("type", "AdaptiveCard").put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("text", cut(notice.title(), 300)).put("weight", "Bolder")
                .put("size", "Medium").put("wrap", true).put("color", color(notice.severity()));
        if (!notice.regions().isEmpty()) {
            ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
            int shown = 0;
            for (Notice.RegionLine r : notice.regions()) {
                if (shown == MAX_FACTS - 1 && notice.regions().size() > MAX_FACTS) {
                    int left = notice.regions().size() - shown;
                    facts.addObject().put("title", "…").put("value", "and " + left + " more regions");
                    break;
                }
                facts.addObject().put("title", cut(r.region(), 100)).put("value", r.error() == null
                        || r.error().isBlank() ? (notice.resolved() ? "passes" : "no error recorded")
                        : cut(r.error(), MAX_FACT_VALUE));
                shown++;
            }
        }
        if (notice.summary() != null && !notice.summary().isBlank()) {
            body.addObject().put("type", "TextBlock").put("text", cut(notice.summary(), MAX_SUMMARY)).put("wrap", true);
        }
        body.addObject().put("type", "TextBlock").put("text", (notice.test() ? "A test message from glassprobe"
                : "glassprobe") + " · " + notice.at() + (notice.incident() == null ? "" : " · incident "
                + notice.incident())).put("size", "Small").put("isSubtle", true).put("wrap", true);
        ArrayNode actions = card.putArray("actions");
        if (notice.link().startsWith("https://") || notice.link().startsWith("http://")) {
            actions.addObject().put("type", "Action.OpenUrl").put("title", notice.incident() != null
                    ? "Open the check" : "Open the uptime page").put("url", notice.link());
        }
        return root;
    }

    /** Adaptive Cards' colours: attention (red) for failures, warning for slowness, good for recoveries. */
    static String color(Notice.Severity severity) {
        return switch (severity) {
            case CRITICAL, ERROR -> "Attention";
            case WARNING -> "Warning";
            case RESOLVED -> "Good";
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
