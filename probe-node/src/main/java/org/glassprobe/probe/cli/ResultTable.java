package org.glassprobe.probe.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.result.Attempt;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ConditionResult;
import org.glassprobe.scenarios.result.Integrity;
import org.glassprobe.scenarios.result.JourneyReport;
import org.glassprobe.scenarios.result.Phases;
import org.glassprobe.scenarios.result.StepResult;

/** Renders a result for a person at a terminal: a verdict line, a table of steps and phases, then each condition. */
final class ResultTable {
    private static final String PASS = "✓";
    private static final String FAIL = "✗";
    private static final String NOT_RUN = "–";
    private static final String WARN = "!";
    private static final java.util.Set<String> NETWORK_KINDS = java.util.Set.of("http", "tcp");
    private static final String[] HEADINGS = {"step", "status", "total ms", "resolve", "connect", "tls", "processing",
        "transfer"};

    private final Check check;

    ResultTable(Check check) {
        this.check = check;
    }

    String render(CheckResult result) {
        StringBuilder out = new StringBuilder();
        out.append(result.ok() ? PASS : FAIL).append(' ').append(result.check()).append(' ')
                .append(result.ok() ? (result.warned() ? "passed with a warning" : "passed")
                        : "FAILED (" + result.error().kind().wireName() + ")")
                .append(" in ").append(ms(result.durationMs())).append(" ms")
                .append(result.attempt() > 1 ? " on attempt " + result.attempt() + " of " + (check.retries() + 1) : "")
                .append('\n');
        for (Attempt earlier : result.earlierAttempts()) {
            out.append("  attempt ").append(earlier.number()).append(" failed (")
                    .append(earlier.error().kind().wireName()).append(" in ").append(earlier.error().step())
                    .append("): ").append(earlier.error().message()).append('\n');
        }
        if (!result.variables().isEmpty()) {
            out.append("  variables: ").append(String.join(", ", result.variables().entrySet().stream()
                    .map(v -> v.getValue().describe(v.getKey())).toList()))
                    .append('\n');
        }
        journey(out, result.journey());
        out.append('\n');
        table(out, result.steps());
        out.append('\n');
        for (StepResult step : result.steps()) {
            details(out, step);
        }
        if (!result.ok()) {
            out.append('\n').append(FAIL).append(' ').append(result.error().kind().wireName()).append(" in step \"")
                    .append(result.error().step()).append("\": ").append(result.error().message()).append('\n');
        }
        if (result.warned()) {
            out.append('\n');
            result.warnings().forEach(w -> out.append(WARN).append(" warning: ").append(w.message()).append('\n'));
        }
        for (StepResult step : result.steps()) {
            if (step.cleanupStep() && step.error() != null && result.ok()) {
                out.append('\n').append(FAIL).append(" clean-up step \"").append(step.name()).append("\" failed (")
                        .append(step.error().kind().wireName()).append("); the run passed: its outcome is its steps'"
                                + " (failsRun: true on the clean-up step makes it count)\n");
            }
        }
        return out.toString();
    }

    /** A journey's part in words: what the writer published, or what the reader read and when. */
    private static void journey(StringBuilder out, JourneyReport journey) {
        if (journey == null) {
            return;
        }
        JourneyReport.PublishedObject object = journey.object();
        if (journey.role().equals(JourneyReport.WRITER)) {
            out.append("  journey: wrote ").append(object == null ? "nothing for the readers (the upload did not pass)"
                    : object.url() + " (" + object.size() + " bytes) for the other regions to read").append('\n');
            return;
        }
        if (object == null) {
            return;
        }
        out.append("  journey: read ").append(object.url());
        if (journey.propagationMs() != null) {
            out.append(' ').append(ms(journey.propagationMs())).append(" ms after its upload")
                    .append(Boolean.TRUE.equals(journey.upperBound()) ? " or sooner (the first read had it)"
                            : " (within the last " + ms(journey.resolutionMs()) + " ms)")
                    .append(", ").append(journey.reads()).append(journey.reads() == 1 ? " read" : " reads");
        } else if (Boolean.FALSE.equals(journey.fresh())) {
            out.append(" again (no object of this round was published)");
        }
        out.append('\n');
    }

    private static void table(StringBuilder out, List<StepResult> steps) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADINGS);
        for (StepResult s : steps) {
            Phases p = s.phases();
            // a script's step has the phases of the calls it made with ctx.http(), when it made any; a dns
            // step has its query time as resolve
            boolean measured = NETWORK_KINDS.contains(s.kind()) || p.sum() > 0;
            String label = s.name() + (s.cleanupStep() ? " (clean-up)" : "");
            if (!s.ran()) {
                rows.add(new String[] {NOT_RUN + " " + label, "-", "-", "-", "-", "-", "-", "-"});
                continue;
            }
            rows.add(new String[] {(s.ok() ? PASS : FAIL) + " " + label,
                s.status() == null ? "-" : s.status().toString(), ms(s.durationMs()), phase(measured, p.resolve()),
                phase(measured, p.connect()), phase(measured, p.tls()), phase(measured, p.processing()),
                phase(measured, p.transfer())});
        }
        int[] widths = new int[HEADINGS.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            out.append("  ");
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                String pad = " ".repeat(widths[i] - cell.length());
                out.append(i == 0 ? cell + pad : pad + cell);
                out.append(i == row.length - 1 ? "" : "  ");
            }
            out.append('\n');
        }
    }

    private static void details(StringBuilder out, StepResult step) {
        if (!step.ran()) {
            out.append("  ").append(step.name()).append("  ").append(step.notRun()).append('\n');
            return;
        }
        out.append("  ").append(step.name());
        if (step.request() != null) {
            out.append("  ").append(step.request().method()).append(' ').append(step.request().url());
        }
        out.append('\n');
        int width = step.conditions().stream().mapToInt(c -> label(c).length()).max().orElse(0);
        for (ConditionResult c : step.conditions()) {
            String label = label(c);
            out.append("    ").append(c.ok() ? PASS : FAIL).append(' ').append(label)
                    .append(" ".repeat(width - label.length())).append("  actual: ")
                    .append(c.actual() == null ? "(none)" : c.actual().replace("\n", "\\n")).append('\n');
        }
        for (ConditionResult c : step.warn()) {
            out.append("    ").append(c.ok() ? PASS : WARN).append(" warn: ").append(c.condition()).append("  actual: ")
                    .append(c.actual() == null ? "(none)" : c.actual().replace("\n", "\\n")).append('\n');
        }
        if (step.tls() != null) {
            org.glassprobe.scenarios.result.TlsInfo t = step.tls();
            out.append("    tls: ").append(t.version() == null ? "?" : t.version()).append(", ")
                    .append(t.cipher() == null ? "?" : t.cipher()).append("; ").append(t.subject()).append(" issued by ")
                    .append(t.issuer()).append("; chain expires ").append(t.earliestExpiry())
                    .append(t.earliestExpirySubject().equals(t.subject()) ? "" : " (" + t.earliestExpirySubject() + ")")
                    .append("; ").append(t.trusted() ? "trusted" : "NOT trusted").append(", ")
                    .append(t.hostnameMatch() ? "names the host" : "does NOT name the host").append('\n');
        }
        Integrity integrity = step.integrity();
        if (integrity != null) {
            out.append("    ").append(integrity.ok() ? PASS : FAIL).append(" integrity: same bytes as ")
                    .append(integrity.file()).append(" uploaded by \"").append(integrity.step()).append("\"  actual: ")
                    .append(content(integrity.actual())).append(integrity.ok() ? "" : "; expected: "
                            + content(integrity.expected())).append('\n');
        }
        if (step.dns() != null) {
            out.append("    ").append(step.dns().rcode()).append(" from ").append(step.dns().server()).append(" over ")
                    .append(step.dns().transport().toUpperCase(Locale.ROOT)).append(": ")
                    .append(step.dns().answers().isEmpty() ? "no answers" : String.join(", ", step.dns().answers()))
                    .append('\n');
        }
        for (Map.Entry<String, String> capture : step.captures().entrySet()) {
            out.append("    captured ").append(capture.getKey()).append(" = ").append(capture.getValue()).append('\n');
        }
        if (!step.timings().isEmpty()) {
            out.append("    browser timings (ms): ").append(String.join(", ", step.timings().entrySet().stream()
                    .map(t -> t.getKey() + " " + ms(t.getValue())).toList())).append('\n');
        }
        step.artifacts().forEach(a -> out.append("    ").append(a.type()).append(": ").append(a.path()).append(" (")
                .append(a.size()).append(" bytes)\n"));
        if (step.error() != null && !shownAbove(step)) {
            out.append("    ").append(FAIL).append(' ').append(step.error().kind().wireName()).append(": ")
                    .append(step.error().message()).append('\n');
        }
    }

    /** Whether the failed condition or integrity line above already says why the step failed. */
    private static boolean shownAbove(StepResult step) {
        return switch (step.error().kind()) {
            case INTEGRITY -> step.integrity() != null;
            case STATUS, CONDITION -> step.conditions().stream().anyMatch(c -> !c.ok())
                    && step.error().message().startsWith("condition ");
            default -> false;
        };
    }

    private static String label(ConditionResult c) {
        return c.condition() + (c.implicit() ? " (default)" : "");
    }

    private static String content(Integrity.Content c) {
        return "sha256 " + c.sha256().substring(0, Math.min(16, c.sha256().length())) + "…, " + c.size() + " bytes, "
                + (c.contentType().isEmpty() ? "no content type" : c.contentType());
    }

    /** A phase of an HTTP, TCP or DNS step; other kinds (a browser step, a script's step) have none of their own. */
    private static String phase(boolean measured, double value) {
        return measured ? ms(value) : "-";
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
