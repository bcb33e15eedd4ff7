package org.glassprobe.probe.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.glassprobe.probe.checks.ApiFailure;
import org.glassprobe.probe.checks.CheckDirectory;
import org.glassprobe.probe.checks.ChecksClient;
import org.glassprobe.probe.checks.LocalCheck;
import org.glassprobe.probe.checks.Plan;
import org.glassprobe.probe.checks.PlanPrinter;
import org.glassprobe.probe.checks.Pull;
import org.glassprobe.probe.checks.RemoteCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code checks plan|apply|pull DIR}: checks as code. A directory of check files (in a team's git
 * repository) is validated with the same check language the probes run, compared with the results
 * API, and applied so that the API holds exactly the directory's checks for one owner.
 */
@Command(name = "checks",
        description = "Checks as code: plan, apply or pull a directory of check files against the results API.",
        subcommands = {ChecksCommand.PlanCommand.class, ChecksCommand.ApplyCommand.class,
            ChecksCommand.PullCommand.class})
final class ChecksCommand implements Callable<Integer> {
    /** Exit status of plan: changes to apply. */
    static final int CHANGES = 3;
    static final Pattern OWNER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    static final String TOKEN_ENV = "GLASSPROBE_ADMIN_TOKEN";
    static final String URL_ENV = "GLASSPROBE_API_URL";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @ParentCommand
    private ProbeCli parent;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("checks: name what to do: plan, apply or pull (glassprobe-probe checks"
                + " --help)");
        return ProbeCli.INVALID;
    }

    /** What every checks command takes: the API and where its token comes from. */
    static final class ApiOptions {
        @Option(names = "--api", paramLabel = "URL",
                description = "The results API, e.g. https://glassprobe.example.org (default: $" + URL_ENV + ")."
                        + " The admin token is read from $" + TOKEN_ENV + " only.")
        String api;
    }

    /** The parts every checks command starts from; a bad one is printed and the exit status returned. */
    private record Start(ChecksClient client, Integer failed) {}

    private Start start(ApiOptions options, String command, String owner, boolean ownerRequired) {
        PrintWriter err = spec.commandLine().getErr();
        if (owner == null && ownerRequired) {
            err.println("checks " + command + ": --owner NAME is required: the owner whose checks the directory"
                    + " holds (e.g. --owner team-web); apply deletes only checks of that owner");
            return new Start(null, ProbeCli.INVALID);
        }
        if (owner != null && !OWNER.matcher(owner).matches()) {
            err.println("checks " + command + ": --owner \"" + owner + "\" is not an owner name: 1 to 63 of a-z,"
                    + " 0-9, '.', '_' and '-', starting with a letter or digit ([a-z0-9][a-z0-9._-]{0,62})");
            return new Start(null, ProbeCli.INVALID);
        }
        String api = options.api != null ? options.api : parent.wiring().environment().apply(URL_ENV);
        if (api == null || api.isBlank()) {
            err.println("checks " + command + ": no results API given: pass --api URL or set " + URL_ENV);
            return new Start(null, ProbeCli.INVALID);
        }
        HttpUrl url = HttpUrl.parse(api.strip());
        if (url == null) {
            err.println("checks " + command + ": " + (options.api != null ? "--api" : URL_ENV) + " \"" + api
                    + "\" is not an http or https URL; write the results API's address in full, e.g."
                    + " https://glassprobe.example.org");
            return new Start(null, ProbeCli.INVALID);
        }
        String token = parent.wiring().environment().apply(TOKEN_ENV);
        if (token == null || token.isBlank()) {
            err.println("checks " + command + ": " + TOKEN_ENV + " is not set: export the results API's admin token"
                    + " in it (in CI, from a secret); it is never taken as a flag, so that it stays out of"
                    + " process lists and logs");
            return new Start(null, ProbeCli.INVALID);
        }
        return new Start(new ChecksClient(url, token.strip(), TIMEOUT), null);
    }

    /** Reads and validates the directory; prints every problem. Null when there was one. */
    private List<LocalCheck> readDirectory(Path dir) {
        PrintWriter err = spec.commandLine().getErr();
        CheckDirectory.Reading reading;
        try {
            reading = CheckDirectory.read(dir, parent.wiring().language());
        } catch (IOException e) {
            err.println(dir + ": cannot read the directory: " + e.getMessage());
            return null;
        }
        if (!reading.valid()) {
            reading.problems().forEach(p -> err.println(p));
            err.println(reading.problems().size() + (reading.problems().size() == 1 ? " problem" : " problems")
                    + " in " + dir + "; nothing was changed");
            return null;
        }
        return reading.checks();
    }

    /** The API's checks, with the text of those the directory also names. */
    private static List<RemoteCheck> remote(ChecksClient client, List<LocalCheck> local) throws ApiFailure {
        List<String> names = local.stream().map(LocalCheck::name).toList();
        List<RemoteCheck> all = new ArrayList<>();
        for (RemoteCheck listed : client.list()) {
            all.add(names.contains(listed.name()) ? client.get(listed.name(), false) : listed);
        }
        return all;
    }

    /** Prints the plan and its conflicts; the plan, or null when it cannot go on (exit 2 then). */
    private Plan plan(ChecksClient client, List<LocalCheck> local, String owner, boolean adopt) throws ApiFailure {
        PrintWriter out = spec.commandLine().getOut();
        Plan plan = Plan.of(local, remote(client, local), owner, adopt);
        PlanPrinter.lines(plan).forEach(out::println);
        out.println(plan.summary());
        out.flush();
        if (!plan.conflicts().isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            plan.conflicts().forEach(c -> err.println(c.local().shown() + ": name: " + PlanPrinter.conflictText(c)));
            err.println(plan.conflicts().size() + (plan.conflicts().size() == 1 ? " conflict" : " conflicts")
                    + "; nothing was changed");
            return null;
        }
        return plan;
    }

    @Command(name = "plan",
            description = "Show what apply would change on the API for this directory, changing nothing.",
            footer = {"", "Exit status: 0 no changes, 1 the API could not be reached or refused (token, server"
                    + " error), 2 invalid files, bad arguments or a conflict, 3 there are changes to apply."})
    static final class PlanCommand implements Callable<Integer> {
        @ParentCommand
        private ChecksCommand checks;

        @Mixin
        private ApiOptions api;

        @Option(names = "--owner", paramLabel = "NAME", description = "The owner whose checks the directory holds.")
        private String owner;

        @Option(names = "--adopt", description = "Plan to take over checks of the directory's names that were made"
                + " by hand or belong to another owner.")
        private boolean adopt;

        @Parameters(index = "0", paramLabel = "DIR", description = "The directory of check files.")
        private Path dir;

        @Override
        public Integer call() {
            Start start = checks.start(api, "plan", owner, true);
            if (start.failed() != null) {
                return start.failed();
            }
            List<LocalCheck> local = checks.readDirectory(dir);
            if (local == null) {
                return ProbeCli.INVALID;
            }
            try {
                Plan plan = checks.plan(start.client(), local, owner, adopt);
                if (plan == null) {
                    return ProbeCli.INVALID;
                }
                return plan.hasChanges() ? CHANGES : 0;
            } catch (ApiFailure e) {
                checks.spec.commandLine().getErr().println("checks plan: " + e.getMessage());
                return ProbeCli.FAILED;
            }
        }
    }

    @Command(name = "apply",
            description = "Make the API hold exactly this directory's checks for --owner: create, change, and"
                    + " delete the owner's checks that are no longer in it. Every file is validated first"
                    + " (here, then by the API's dry run); nothing changes if one is invalid.",
            footer = {"", "Exit status: 0 applied (or nothing to change), 1 the API could not be reached or"
                    + " refused (token, server error; run apply again to finish), 2 invalid files, bad"
                    + " arguments or a conflict (nothing was changed)."})
    static final class ApplyCommand implements Callable<Integer> {
        @ParentCommand
        private ChecksCommand checks;

        @Mixin
        private ApiOptions api;

        @Option(names = "--owner", paramLabel = "NAME", description = "The owner whose checks the directory holds.")
        private String owner;

        @Option(names = "--adopt", description = "Take over checks of the directory's names that were made by hand"
                + " or belong to another owner.")
        private boolean adopt;

        @Parameters(index = "0", paramLabel = "DIR", description = "The directory of check files.")
        private Path dir;

        @Override
        public Integer call() {
            PrintWriter out = checks.spec.commandLine().getOut();
            PrintWriter err = checks.spec.commandLine().getErr();
            Start start = checks.start(api, "apply", owner, true);
            if (start.failed() != null) {
                return start.failed();
            }
            List<LocalCheck> local = checks.readDirectory(dir);
            if (local == null) {
                return ProbeCli.INVALID;
            }
            ChecksClient client = start.client();
            Plan plan;
            try {
                plan = checks.plan(client, local, owner, adopt);
                if (plan == null) {
                    return ProbeCli.INVALID;
                }
                if (!plan.hasChanges()) {
                    out.println("No changes.");
                    return 0;
                }
                List<String> refusals = new ArrayList<>();
                for (var push : pushes(plan)) {
                    ChecksClient.PutAnswer answer = client.put(push.getKey(), owner, push.getValue(), true);
                    if (!answer.stored()) {
                        answer.reasons().forEach(r -> refusals.add(withDirectory(r, push.getKey())));
                    }
                }
                if (!refusals.isEmpty()) {
                    refusals.forEach(err::println);
                    err.println("the results API refuses " + (refusals.size() == 1 ? "this" : "these")
                            + "; nothing was changed");
                    return ProbeCli.INVALID;
                }
            } catch (ApiFailure e) {
                err.println("checks apply: " + e.getMessage() + "; nothing was changed");
                return ProbeCli.FAILED;
            }
            return execute(client, plan, out, err);
        }

        /** Each check to push, with whether it is adopted. */
        private static List<Map.Entry<LocalCheck, Boolean>> pushes(Plan plan) {
            List<Map.Entry<LocalCheck, Boolean>> pushes = new ArrayList<>();
            plan.creates().forEach(c -> pushes.add(Map.entry(c, false)));
            plan.changes().forEach(c -> pushes.add(Map.entry(c.local(), c.adopt())));
            return pushes;
        }

        private int execute(ChecksClient client, Plan plan, PrintWriter out, PrintWriter err) {
            int done = 0;
            int total = plan.creates().size() + plan.changes().size() + plan.deletes().size();
            try {
                for (var push : pushes(plan)) {
                    LocalCheck check = push.getKey();
                    ChecksClient.PutAnswer answer = client.put(check, owner, push.getValue(), false);
                    if (!answer.stored()) {
                        err.println("checks apply: the API refused " + check.name() + " although its dry run passed"
                                + " (did someone change the API meanwhile?): " + String.join("; ", answer.reasons())
                                + "\n" + done + " of " + total + " changes were made; run apply again to finish");
                        return ProbeCli.FAILED;
                    }
                    done++;
                    out.println((answer.status() == 201 ? "created " : push.getValue() ? "adopted " : "changed ")
                            + check.name() + " (" + check.shown() + ")");
                    out.flush();
                }
                for (RemoteCheck gone : plan.deletes()) {
                    client.delete(gone.name());
                    done++;
                    out.println("deleted " + gone.name());
                    out.flush();
                }
            } catch (ApiFailure e) {
                err.println("checks apply: " + e.getMessage() + "\n" + done + " of " + total + " changes were made;"
                        + " running apply again finishes the job (it is idempotent)");
                return ProbeCli.FAILED;
            }
            out.println("Applied: " + plan.creates().size() + " created, " + plan.changes().size() + " changed, "
                    + plan.deletes().size() + " deleted, " + plan.unchanged().size() + " unchanged.");
            return 0;
        }

        /** An API problem names the file as pushed (relative to DIR); shown as the user wrote DIR. */
        private String withDirectory(String reason, LocalCheck check) {
            return reason.startsWith(check.file() + ":") ? check.shown() + reason.substring(check.file().length())
                    : check.shown() + ": " + reason;
        }
    }

    @Command(name = "pull",
            description = "Write the API's checks (each under its stored file name, with its upload files) into DIR,"
                    + " to start a checks directory from what is deployed.",
            footer = {"", "Exit status: 0 written, 1 the API could not be reached or refused, 2 bad arguments,"
                    + " a file that exists with other content (without --force) or two checks that would write"
                    + " the same file (nothing was written)."})
    static final class PullCommand implements Callable<Integer> {
        @ParentCommand
        private ChecksCommand checks;

        @Mixin
        private ApiOptions api;

        @Option(names = "--owner", paramLabel = "NAME", description = "Pull only this owner's checks.")
        private String owner;

        @Option(names = "--force", description = "Overwrite files that exist with other content.")
        private boolean force;

        @Parameters(index = "0", paramLabel = "DIR", description = "The directory to write (made if missing).")
        private Path dir;

        @Override
        public Integer call() {
            PrintWriter out = checks.spec.commandLine().getOut();
            PrintWriter err = checks.spec.commandLine().getErr();
            Start start = checks.start(api, "pull", owner, false);
            if (start.failed() != null) {
                return start.failed();
            }
            List<RemoteCheck> pulled = new ArrayList<>();
            try {
                for (RemoteCheck listed : start.client().list()) {
                    if (owner == null || owner.equals(listed.owner())) {
                        pulled.add(start.client().get(listed.name(), true));
                    }
                }
            } catch (ApiFailure e) {
                err.println("checks pull: " + e.getMessage() + "; nothing was written");
                return ProbeCli.FAILED;
            }
            Pull.Outputs outputs = Pull.of(pulled);
            if (!outputs.problems().isEmpty()) {
                outputs.problems().forEach(err::println);
                err.println("nothing was written");
                return ProbeCli.INVALID;
            }
            try {
                if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
                    err.println("checks pull: " + dir + " is not a directory; nothing was written");
                    return ProbeCli.INVALID;
                }
                List<String> clashes = Pull.clashes(dir, outputs.files());
                if (!clashes.isEmpty() && !force) {
                    clashes.forEach(c -> err.println(c + "; --force overwrites it"));
                    err.println("nothing was written");
                    return ProbeCli.INVALID;
                }
                for (var written : Pull.write(dir, outputs.files()).entrySet()) {
                    out.println(written.getValue() + " " + dir.resolve(written.getKey().path()));
                }
            } catch (IOException e) {
                err.println("checks pull: cannot write into " + dir + ": " + e.getMessage());
                return ProbeCli.INVALID;
            }
            out.println("Pulled " + pulled.size() + (pulled.size() == 1 ? " check" : " checks") + " into " + dir
                    + ".");
            return 0;
        }
    }
}
