package org.glassprobe.api.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.scenarios.model.Durations;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintenance windows as an admin creates and deletes them; what they cover is the
 * {@link MaintenanceCalendar}'s to answer, told at once of each change.
 */
public final class MaintenanceService {
    private static final Logger logger = LoggerFactory.getLogger(MaintenanceService.class);
    private static final Set<String> FIELDS = Set.of("check", "startsAt", "endsAt", "cron", "duration", "timeZone",
            "reason");
    private static final Duration MAX_DURATION = Duration.ofDays(31);

    /**
     * @param knownCheck whether a check of that name exists
     * @param changed    run after a window was created or deleted (decides again at once)
     * @param max        the most windows kept
     */
    public record Options(ObjectMapper json, SecureRandom random, Clock clock, Predicate<String> knownCheck,
            Runnable changed, int max) {}

    private final MaintenanceStore store;
    private final MaintenanceCalendar calendar;
    private final Options options;

    public MaintenanceService(MaintenanceStore store, MaintenanceCalendar calendar, Options options) {
        this.store = store;
        this.calendar = calendar;
        this.options = options;
    }

    public List<MaintenanceWindow> list() {
        return calendar.list();
    }

    public void delete(String id) {
        if (!store.delete(id)) {
            throw ApiException.notFound("no maintenance window with id '" + id + "'");
        }
        calendar.forget();
        logger.atInfo().addKeyValue("window", id).log("maintenance window deleted");
        options.changed().run();
    }

    public MaintenanceWindow create(byte[] body) {
        JsonNode root;
        try {
            root = options.json().readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("the maintenance window is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("a maintenance window is a JSON object such as {\"check\": \"site\","
                    + " \"startsAt\": \"2026-03-02T22:00:00Z\", \"endsAt\": \"2026-03-02T23:00:00Z\"} or"
                    + " {\"cron\": \"0 0 2 ? * SUN\", \"duration\": \"1h\", \"timeZone\": \"Europe/Berlin\"}");
        }
        root.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw ApiException.badRequest("unknown field '" + f + "'; a maintenance window has check (optional:"
                        + " every check), startsAt and endsAt (one-off), or cron, duration and timeZone (recurring,"
                        + " with optional startsAt and endsAt bounds), and reason (optional)");
            }
        });
        String check = text(root, "check", 100);
        if (check != null && !options.knownCheck().test(check)) {
            throw ApiException.badRequest("check: no check named '" + check + "'; leave check out for every check");
        }
        Instant startsAt = instant(root, "startsAt");
        Instant endsAt = instant(root, "endsAt");
        if (startsAt != null && endsAt != null && !endsAt.isAfter(startsAt)) {
            throw ApiException.badRequest("endsAt (" + endsAt + ") must be after startsAt (" + startsAt + ")");
        }
        String cron = text(root, "cron", 200);
        String durationText = text(root, "duration", 20);
        String zoneText = text(root, "timeZone", 64);
        Duration duration = null;
        ZoneId zone = null;
        if (cron == null) {
            if (durationText != null || zoneText != null) {
                throw ApiException.badRequest("duration and timeZone belong to a recurring window: give cron with"
                        + " them, or give startsAt and endsAt alone for a one-off window");
            }
            if (startsAt == null || endsAt == null) {
                throw ApiException.badRequest("a one-off window needs startsAt and endsAt (ISO-8601 instants such as"
                        + " 2026-03-02T22:00:00Z); a recurring one needs cron and duration");
            }
            if (Duration.between(startsAt, endsAt).compareTo(MAX_DURATION) > 0) {
                throw ApiException.badRequest("a one-off window lasts at most 31 days; found "
                        + Duration.between(startsAt, endsAt).toDays() + " days");
            }
        } else {
            if (!CronExpression.isValidExpression(cron)) {
                String why;
                try {
                    new CronExpression(cron);
                    why = "";
                } catch (java.text.ParseException e) {
                    why = ": " + e.getMessage();
                }
                throw ApiException.badRequest("cron: '" + cron + "' is not a Quartz cron expression" + why
                        + "; seconds minutes hours day-of-month month day-of-week, e.g. '0 0 2 ? * SUN'");
            }
            if (durationText == null) {
                throw ApiException.badRequest("a recurring window needs duration: how long each occurrence lasts,"
                        + " e.g. 30m or 2h");
            }
            duration = Durations.parse(durationText).orElseThrow(() -> ApiException.badRequest("duration: '"
                    + durationText + "' is not a duration; write a number and a unit, e.g. 30m or 2h"));
            if (duration.compareTo(Duration.ofMinutes(1)) < 0 || duration.compareTo(MAX_DURATION) > 0) {
                throw ApiException.badRequest("duration: '" + durationText + "' is out of range; 1m to 31d");
            }
            try {
                zone = zoneText == null ? ZoneOffset.UTC : ZoneId.of(zoneText);
            } catch (DateTimeException e) {
                throw ApiException.badRequest("timeZone: '" + zoneText + "' is not a time zone; use an IANA name"
                        + " such as Europe/Berlin, or UTC");
            }
        }
        String reason = text(root, "reason", 500);
        byte[] id = new byte[9];
        options.random().nextBytes(id);
        MaintenanceWindow window = new MaintenanceWindow("mw_" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(id), check, startsAt, endsAt, cron, duration, zone, reason, options.clock().instant());
        if (!store.create(window, options.max())) {
            throw new ApiException(409, "the API keeps at most " + options.max() + " maintenance windows; delete one"
                    + " first");
        }
        calendar.forget();
        logger.atInfo().addKeyValue("window", window.id()).addKeyValue("check", check == null ? "*" : check)
                .log("maintenance window created");
        options.changed().run();
        return window;
    }

    private static String text(JsonNode root, String field, int max) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > max) {
            throw ApiException.badRequest(field + " must be a non-empty string of at most " + max
                    + " characters; found " + n);
        }
        return n.asText().strip();
    }

    private static Instant instant(JsonNode root, String field) {
        String text = text(root, field, 40);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw ApiException.badRequest(field + ": '" + text + "' is not an instant; write ISO-8601 in UTC, e.g."
                    + " 2026-03-02T22:00:00Z");
        }
    }
}
