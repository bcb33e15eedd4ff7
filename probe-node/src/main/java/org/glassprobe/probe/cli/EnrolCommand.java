package org.glassprobe.probe.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.glassprobe.probe.agent.ProbeIdentity;
import org.glassprobe.probe.agent.ProbeSettings;
import org.glassprobe.probe.sync.ApiClient;
import org.glassprobe.probe.sync.ApiException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code enrol}: registers this probe with the results API and keeps its token in the data folder. */
@Command(name = "enrol",
        description = "Enrol this probe with the results API; its token is stored in DIR/probe.json (owner-only).",
        footer = {"", "Exit status: 0 enrolled, 1 the API refused or did not answer, 2 bad arguments."})
final class EnrolCommand implements Callable<Integer> {
    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--api", required = true, paramLabel = "URL", description = "The results API, e.g. http://127.0.0.1:8080")
    private String api;

    @Option(names = "--admin-token", required = true, paramLabel = "TOKEN",
            description = "The API's admin token (or set GLASSPROBE_ADMIN_TOKEN and pass --admin-token=env).")
    private String adminToken;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "This probe's name, e.g. eu-west-1")
    private String name;

    @Option(names = "--region", required = true, paramLabel = "REGION", description = "Its region, e.g. eu-west")
    private String region;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label (repeatable).")
    private Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "probe-data",
            description = "The probe's data folder (default: ${DEFAULT-VALUE}).")
    private Path data;

    @Option(names = "--force", description = "Replace an identity already in the data folder.")
    private boolean force;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (ProbeIdentity.exists(data) && !force) {
            err.println("enrol: " + data.resolve(ProbeIdentity.FILE) + " already holds a probe identity; use --force"
                    + " to replace it, or another --data folder for another probe");
            return ProbeCli.INVALID;
        }
        String token = adminToken.equals("env") ? System.getenv("GLASSPROBE_ADMIN_TOKEN") : adminToken;
        if (token == null || token.isBlank()) {
            err.println("enrol: --admin-token=env but GLASSPROBE_ADMIN_TOKEN is not set");
            return ProbeCli.INVALID;
        }
        ApiClient client;
        try {
            client = new ApiClient(ApiClient.url(api), token, ProbeSettings.defaults().enrolment());
        } catch (IllegalArgumentException e) {
            err.println("enrol: --api " + e.getMessage());
            return ProbeCli.INVALID;
        }
        try {
            ApiClient.Enrolled enrolled = client.enrol(name, region, labels);
            new ProbeIdentity(client.base().toString(), enrolled.name(), enrolled.region(), enrolled.token(),
                    Instant.now()).write(data);
            out.println("enrolled probe " + enrolled.name() + " in region " + enrolled.region() + "; its token is in "
                    + data.resolve(ProbeIdentity.FILE) + "\nstart it: glassprobe-probe agent --data " + data);
            return 0;
        } catch (ApiException e) {
            err.println("enrol: " + e.getMessage());
            return e.status() == 400 || e.status() == 409 ? ProbeCli.INVALID : ProbeCli.FAILED;
        }
    }
}
