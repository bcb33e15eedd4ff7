package org.glassprobe.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deploy/local/start}: the whole network on this machine until Ctrl-C. */
@Command(name = "deploy/local/start", mixinStandardHelpOptions = true,
        description = "Start the results API, the demo site and three probes (eu-west, us-east, ap-south) on this"
                + " machine, enrol the probes, push the example checks, and run until Ctrl-C.")
public final class LocalNetworkMain implements Callable<Integer> {
    @Option(names = "--base-port", defaultValue = "8080", paramLabel = "N",
            description = "The API on N, the demo site on N+1 (admin N+2), the probes' /metrics on N+3..N+5 (default ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--fresh", description = "Start from an empty run folder (forget earlier history).")
    boolean fresh;

    @Option(names = "--root", paramLabel = "DIR", description = "The glassprobe repository (default: found from this jar).")
    Path root;

    @Option(names = "--run-dir", paramLabel = "DIR",
            description = "Where the network keeps its data and logs (default: deploy/local/run in the repository,"
                    + " deploy/replicas/run with --replicas).")
    Path runDir;

    @Option(names = "--replicas", defaultValue = "1", paramLabel = "N",
            description = "Run N API replicas on the PostgreSQL database named by GLASSPROBE_DB_URL (with"
                    + " GLASSPROBE_DB_USER, GLASSPROBE_DB_PASSWORD) behind nginx on the base port, the replicas on"
                    + " N+6 onwards (default ${DEFAULT-VALUE}: one API on H2); deploy/replicas/start uses 2.")
    int replicas;

    @Option(names = "--demo-lag", paramLabel = "REGION=DURATION",
            description = "Make the demo site show new images to REGION's probes only this long after their upload"
                    + " (never: not at all), for the journey example (image-propagation); repeatable, e.g."
                    + " --demo-lag us-east=2s --demo-lag ap-south=never.")
    List<String> demoLags = new java.util.ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalNetworkMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (basePort < 1024 || basePort > 65000) {
            System.err.println("start: --base-port must be between 1024 and 65000, got " + basePort);
            return 2;
        }
        Path repo = root != null ? root : findRoot();
        LocalNetwork.Replicas replicated;
        try {
            replicated = replicas == 1 ? LocalNetwork.Replicas.NONE : new LocalNetwork.Replicas(replicas,
                    env("GLASSPROBE_DB_URL"), env("GLASSPROBE_DB_USER"), env("GLASSPROBE_DB_PASSWORD"));
        } catch (IllegalArgumentException e) {
            System.err.println("start: --replicas " + replicas + ": " + e.getMessage());
            return 2;
        }
        List<String> demoArgs = new java.util.ArrayList<>();
        for (String lag : demoLags) {
            if (!lag.matches("[a-z0-9][a-z0-9-]*=\\S+")) {
                System.err.println("start: --demo-lag " + lag + ": write REGION=DURATION or REGION=never, e.g."
                        + " us-east=2s");
                return 2;
            }
            demoArgs.addAll(List.of("--lag", lag));
        }
        Path defaultRun = repo.resolve(replicas == 1 ? "deploy/local/run" : "deploy/replicas/run");
        LocalNetwork.Options options = new LocalNetwork.Options(repo, runDir != null ? runDir : defaultRun, basePort,
                LocalNetwork.REGIONS, null, fresh, true, Map.of(), List.of(), LocalNetwork.PROBE_JAVA_OPTIONS,
                replicated).withDemoArgs(demoArgs);
        LocalNetwork network = LocalNetwork.create(options, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        // before anything starts: a Ctrl-C in the middle of the start stops what was started so far
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping the probes, the demo site and the API" + (replicas > 1 ? "'s replicas" : "")
                    + "...");
            network.close();
            System.out.println("stopped everything this started");
            stopped.countDown();
        }, "glassprobe-local-stop"));
        try {
            network.begin();
        } catch (java.io.IOException e) {
            System.err.println("start: " + e.getMessage());
            System.err.println("start: if a port is taken, choose others with --base-port N");
            network.close();
            return 1;
        }
        network.printWhereToLook(System.out);
        stopped.await();
        return 0;
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }

    private static Path findRoot() {
        try {
            Path jar = Path.of(LocalNetworkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("deploy/local")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                    return p;
                }
            }
        } catch (java.net.URISyntaxException ignored) {
            // fall back to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
