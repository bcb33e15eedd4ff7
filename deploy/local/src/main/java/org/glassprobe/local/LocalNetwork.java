package org.glassprobe.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The whole network on one machine, as separate processes: the results API (H2 in the run folder),
 * the demo site, and a probe per region, enrolled and given the example checks. Used by
 * {@code deploy/local/start} and by the end-to-end tests, which also stop, kill and restart parts.
 *
 * <p>With {@link Replicas}, as {@code deploy/replicas/start} runs it: several API replicas on one PostgreSQL,
 * started at the same instant, behind Debian's nginx as load balancer ({@code deploy/replicas/nginx.conf}),
 * and the probes enrolled and delivering through it.
 */
public final class LocalNetwork implements AutoCloseable {
    /**
     * The JVM options docs/probe.md recommends for a probe agent, and with which every probe here
     * starts, so that the benchmarks measure what a user runs (why each: docs/probe.md).
     */
    public static final List<String> PROBE_JAVA_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms48m", "-Xmx128m",
            "-Xmn16m", "-XX:TrimNativeHeapInterval=5000");

    /** The regions of the local network, one probe each. */
    public static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");

    /**
     * API replicas on one PostgreSQL behind nginx, instead of one API on H2.
     *
     * @param count      how many replicas (2 or more)
     * @param dbUrl      the PostgreSQL database's JDBC URL
     * @param dbUser     its user
     * @param dbPassword its password
     */
    public record Replicas(int count, String dbUrl, String dbUser, String dbPassword) {
        /** One API on H2. */
        public static final Replicas NONE = new Replicas(1, "", "", "");

        public Replicas {
            if (count < 1) {
                throw new IllegalArgumentException("at least one API, was " + count);
            }
            if (count > 1 && !dbUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("replicas share one PostgreSQL database: set GLASSPROBE_DB_URL"
                        + " to its JDBC URL (jdbc:postgresql://HOST:5432/DATABASE), and GLASSPROBE_DB_USER and"
                        + " GLASSPROBE_DB_PASSWORD");
            }
        }
    }

    /**
     * How to start it.
     *
     * @param root          the repository (where the jars and the examples are)
     * @param runDir        where data and logs go
     * @param basePort      the API on it, the demo site on +1, its admin on +2, the probes' local servers on +3…
     * @param regions       one probe per region
     * @param adminToken    the admin token (null: GLASSPROBE_ADMIN_TOKEN, else a new one)
     * @param fresh         start from an empty run folder
     * @param pushExamples  push every check under scenarios/examples
     * @param apiEnv        more settings for the API, as environment variables
     * @param probeArgs     more arguments for every probe agent
     * @param probeJava     the JVM options every probe agent starts with ({@link #PROBE_JAVA_OPTIONS} unless a
     *                      benchmark compares others)
     * @param replicas      one API on H2 ({@link Replicas#NONE}), or replicas behind a load balancer on
     *                      base port, the replicas themselves on the ports after the probes'
     * @param demoArgs      more arguments for the demo site (e.g. {@code --lag us-east=2s})
     */
    public record Options(Path root, Path runDir, int basePort, List<String> regions, String adminToken, boolean fresh,
            boolean pushExamples, Map<String, String> apiEnv, List<String> probeArgs, List<String> probeJava,
            Replicas replicas, List<String> demoArgs) {
        public Options {
            regions = List.copyOf(regions);
            apiEnv = Map.copyOf(apiEnv);
            probeArgs = List.copyOf(probeArgs);
            probeJava = List.copyOf(probeJava);
            java.util.Objects.requireNonNull(replicas, "replicas");
            demoArgs = List.copyOf(demoArgs);
        }

        public Options(Path root, Path runDir, int basePort, List<String> regions, String adminToken, boolean fresh,
                boolean pushExamples, Map<String, String> apiEnv, List<String> probeArgs, List<String> probeJava,
                Replicas replicas) {
            this(root, runDir, basePort, regions, adminToken, fresh, pushExamples, apiEnv, probeArgs, probeJava,
                    replicas, List.of());
        }

        /** The same, with these arguments for the demo site. */
        public Options withDemoArgs(List<String> args) {
            return new Options(root, runDir, basePort, regions, adminToken, fresh, pushExamples, apiEnv, probeArgs,
                    probeJava, replicas, args);
        }

        /** One API on H2. */
        public Options(Path root, Path runDir, int basePort, List<String> regions, String adminToken, boolean fresh,
                boolean pushExamples, Map<String, String> apiEnv, List<String> probeArgs, List<String> probeJava) {
            this(root, runDir, basePort, regions, adminToken, fresh, pushExamples, apiEnv, probeArgs, probeJava,
                    Replicas.NONE);
        }

        /** With the recommended JVM options for the probes. */
        public Options(Path root, Path runDir, int basePort, List<String> regions, String adminToken, boolean fresh,
                boolean pushExamples, Map<String, String> apiEnv, List<String> probeArgs) {
            this(root, runDir, basePort, regions, adminToken, fresh, pushExamples, apiEnv, probeArgs,
                    PROBE_JAVA_OPTIONS);
        }

        public static Options defaults(Path root) {
            return new Options(root, root.resolve("deploy/local/run"), 8080, REGIONS, null, false, true, Map.of(),
                    List.of());
        }
    }

    private final Options options;
    private final String adminToken;
    /**
     * The results API's JVM options as docs/api.md ("Memory") ships them: a bounded heap, G1, and an
     * exit on running out of memory (a restart replays the journal) instead of limping on.
     */
    public static final List<String> API_JVM_OPTIONS = List.of("-Xms256m", "-Xmx384m", "-XX:+UseG1GC",
            "-XX:MaxMetaspaceSize=160m", "-XX:ReservedCodeCacheSize=96m", "-XX:+ExitOnOutOfMemoryError");
    private final String javaBin = ProcessHandle.current().info().command().orElse("java");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final PrintStream progress;
    private final List<ManagedProcess> apis = new ArrayList<>();
    private final ManagedProcess loadBalancer;
    private final ManagedProcess demo;
    private final Map<String, ManagedProcess> probes = new LinkedHashMap<>();
    private final Map<String, List<String>> probeCommands = new LinkedHashMap<>();
    private final AdminClient admin;
    private boolean closed;

    private LocalNetwork(Options options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
        String token = options.adminToken() != null ? options.adminToken() : System.getenv("GLASSPROBE_ADMIN_TOKEN");
        this.adminToken = token != null && !token.isBlank() ? token : newToken();
        Path logs = options.runDir().resolve("logs");
        Replicas replicas = options.replicas();
        for (int r = 0; r < replicas.count(); r++) {
            Map<String, String> apiEnv = new LinkedHashMap<>();
            apiEnv.put("GLASSPROBE_API_HOST", "127.0.0.1");
            apiEnv.put("GLASSPROBE_API_PORT", Integer.toString(replicated() ? replicaPort(r) : apiPort()));
            apiEnv.put("GLASSPROBE_ADMIN_TOKEN", adminToken);
            List<String> apiCommand = new ArrayList<>(List.of(javaBin));
            apiCommand.addAll(API_JVM_OPTIONS);
            apiCommand.addAll(List.of("-jar", jar("results-api/target/glassprobe-api.jar")));
            if (replicated()) {
                // deploy/replicas/api.yaml holds what the replicas share; each gets its port and the database here
                apiCommand.addAll(List.of("--config", options.root().resolve("deploy/replicas/api.yaml").toString()));
                apiEnv.put("GLASSPROBE_DB_URL", replicas.dbUrl());
                apiEnv.put("GLASSPROBE_DB_USER", replicas.dbUser());
                apiEnv.put("GLASSPROBE_DB_PASSWORD", replicas.dbPassword());
                apiEnv.put("GLASSPROBE_PUBLIC_URL", apiUrl());
            } else {
                apiEnv.put("GLASSPROBE_DATA_DIR", options.runDir().resolve("api").toString());
                // everything runs on this machine: a webhook receiver here is on loopback
                apiEnv.put("GLASSPROBE_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");
            }
            apiEnv.putAll(options.apiEnv());
            apis.add(new ManagedProcess(replicated() ? "results API replica " + (r + 1) : "results API", apiCommand,
                    apiEnv, logs.resolve(replicated() ? "api-" + (r + 1) + ".log" : "api.log")));
        }
        List<String> nginx = new ArrayList<>(List.of("/usr/sbin/nginx", "-p", options.runDir().toAbsolutePath().toString(),
                "-c", loadBalancerConfig().toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            // started by root, nginx's workers would run as nobody, who cannot write the run folder's temp files
            nginx.addAll(List.of("-g", "user root;"));
        }
        this.loadBalancer = replicated() ? new ManagedProcess("load balancer (nginx)", nginx, Map.of(),
                logs.resolve("nginx.log")) : null;
        List<String> demoCommand = new ArrayList<>(List.of(javaBin, "-Xmx256m", "-jar",
                jar("deploy/demo-site/target/glassprobe-demo-site.jar"), "--port", Integer.toString(demoPort()),
                "--admin-port", Integer.toString(demoPort() + 1)));
        demoCommand.addAll(options.demoArgs());
        this.demo = new ManagedProcess("demo site", List.copyOf(demoCommand), Map.of(), logs.resolve("demo-site.log"));
        int i = 0;
        for (String region : options.regions()) {
            List<String> command = new ArrayList<>(List.of(javaBin));
            command.addAll(options.probeJava());
            command.addAll(List.of("-jar", jar("probe-node/target/glassprobe-probe.jar"), "agent", "--api", apiUrl(),
                    "--data", probeDir(region).toString(), "--var", "target=" + demoUrl(),
                    "--var", "store=" + demoUrl() + "/dav", "--listen", "127.0.0.1:" + probeLocalPort(i++)));
            command.addAll(options.probeArgs());
            probeCommands.put(region, List.copyOf(command));
            probes.put(region, new ManagedProcess("probe " + probeName(region), command, Map.of(),
                    logs.resolve("probe-" + region + ".log")));
        }
        this.admin = new AdminClient(apiUrl(), adminToken);
    }

    /** Starts everything, enrols the probes and pushes the checks; on failure stops what it started. */
    public static LocalNetwork start(Options options, PrintStream progress) throws IOException, InterruptedException {
        LocalNetwork network = create(options, progress);
        try {
            network.begin();
            return network;
        } catch (IOException | InterruptedException | RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /**
     * The network, not started: whoever must be able to stop it at any moment of its start (a
     * Ctrl-C) holds it first, then calls {@link #begin}.
     */
    public static LocalNetwork create(Options options, PrintStream progress) {
        return new LocalNetwork(options, progress);
    }

    /** Starts each part in turn; once {@link #close} has begun, no further part is started. */
    public void begin() throws IOException, InterruptedException {
        for (String jar : List.of("results-api/target/glassprobe-api.jar", "deploy/demo-site/target/glassprobe-demo-site.jar",
                "probe-node/target/glassprobe-probe.jar")) {
            if (!Files.isRegularFile(options.root().resolve(jar))) {
                throw new IOException(jar + " is missing; build first: mvn -B -q -DskipTests package");
            }
        }
        if (options.fresh()) {
            deleteTree(options.runDir());
        }
        Files.createDirectories(options.runDir());
        if (options.pushExamples() && !Files.isExecutable(chromium())) {
            List<String> skipped = browserExamples();
            if (!skipped.isEmpty()) {
                progress.println("note: this machine has no Chromium at " + chromium() + ", so these examples cannot run"
                        + " here and are not pushed: " + String.join(", ", skipped) + " (install it with"
                        + " deploy/setup-debian or apt-get install -y chromium, or set GLASSPROBE_CHROMIUM)");
            }
        }
        if (replicated()) {
            startReplicas();
        } else {
            progress.println("starting the results API on " + apiUrl() + " (data: " + options.runDir().resolve("api")
                    + ")");
            launch(api());
            awaitUp(api(), apiUrl() + "/readyz", Duration.ofSeconds(90));
        }
        progress.println("starting the demo site on " + demoUrl());
        launch(demo);
        awaitUp(demo, demoUrl() + "/health", Duration.ofSeconds(60));
        Set<String> known = new HashSet<>();
        admin.probes().path("probes").forEach(p -> known.add(p.path("name").asText()));
        for (String region : options.regions()) {
            if (known.contains(probeName(region)) && Files.exists(probeDir(region).resolve("probe.json"))) {
                continue;
            }
            progress.println("enrolling probe " + probeName(region) + " in region " + region);
            enrol(region);
        }
        if (options.pushExamples()) {
            pushExamples();
        }
        int i = 0;
        for (var probe : probes.entrySet()) {
            progress.println("starting probe " + probeName(probe.getKey()) + " (region " + probe.getKey() + ")");
            launch(probe.getValue());
            awaitUp(probe.getValue(), "http://127.0.0.1:" + probeLocalPort(i++) + "/healthz", Duration.ofSeconds(60));
        }
    }

    /**
     * Starts every replica at the same instant (on an empty database they race to migrate it: Flyway's lock
     * lets one do it), waits until each is ready, then starts the load balancer before them.
     */
    private void startReplicas() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/sbin/nginx"))) {
            throw new IOException("the load balancer is Debian's nginx, which is not installed: apt-get install -y"
                    + " nginx (or deploy/setup-debian)");
        }
        progress.println("starting " + apis.size() + " results API replicas on " + options.replicas().dbUrl()
                + " at once");
        for (ManagedProcess replica : apis) {
            launch(replica);
        }
        for (int r = 0; r < apis.size(); r++) {
            awaitUp(apis.get(r), replicaUrl(r) + "/readyz", Duration.ofSeconds(120));
        }
        String template = Files.readString(options.root().resolve("deploy/replicas/nginx.conf"));
        String config = template.replace("{{run-dir}}", options.runDir().toAbsolutePath().toString())
                .replace("{{listen}}", "127.0.0.1:" + apiPort());
        for (int r = 0; r < apis.size(); r++) {
            config = config.replace("{{replica-" + (r + 1) + "}}", "127.0.0.1:" + replicaPort(r));
        }
        java.util.regex.Matcher left = java.util.regex.Pattern.compile("\\{\\{[a-z0-9-]+}}").matcher(config);
        if (left.find()) {
            throw new IOException("deploy/replicas/nginx.conf has a place this start cannot fill (more replicas than "
                    + apis.size() + "?): " + left.group());
        }
        Files.createDirectories(options.runDir().resolve("nginx-tmp"));
        Files.writeString(loadBalancerConfig(), config);
        progress.println("starting the load balancer (nginx) on " + apiUrl());
        launch(loadBalancer);
        awaitUp(loadBalancer, apiUrl() + "/readyz", Duration.ofSeconds(30));
    }

    private Path loadBalancerConfig() {
        return options.runDir().resolve("nginx.conf").toAbsolutePath();
    }

    private boolean replicated() {
        return options.replicas().count() > 1;
    }

    private void enrol(String region) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(javaBin, "-jar", jar("probe-node/target/glassprobe-probe.jar"), "enrol", "--api", apiUrl(),
                "--admin-token", adminToken, "--name", probeName(region), "--region", region,
                "--data", probeDir(region).toString(), "--force").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("enrolling " + probeName(region) + " failed: " + out.trim());
        }
    }

    /** Pushes every check file under scenarios/examples, with the example images. */
    public void pushExamples() throws IOException, InterruptedException {
        Path examples = options.root().resolve("scenarios/examples");
        Map<String, byte[]> files = new LinkedHashMap<>();
        Path images = examples.resolve("images");
        if (Files.isDirectory(images)) {
            try (Stream<Path> s = Files.list(images)) {
                for (Path f : s.sorted().toList()) {
                    files.put("images/" + f.getFileName(), Files.readAllBytes(f));
                }
            }
        }
        try (Stream<Path> s = Files.list(examples)) {
            for (Path f : s.sorted().toList()) {
                String file = f.getFileName().toString();
                String lower = file.toLowerCase(Locale.ROOT);
                if (!(lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".java"))) {
                    continue;
                }
                byte[] text = Files.readAllBytes(f);
                if (!Files.isExecutable(chromium()) && needsBrowser(file, new String(text,
                        java.nio.charset.StandardCharsets.UTF_8))) {
                    continue; // said at the start: this machine cannot run it
                }
                java.util.regex.Matcher notHere = NOT_PUSHED.matcher(new String(text,
                        java.nio.charset.StandardCharsets.UTF_8));
                if (notHere.find()) {
                    progress.println("note: " + file + " is not pushed: " + notHere.group(1).strip());
                    continue;
                }
                if (needsNameServer(new String(text, java.nio.charset.StandardCharsets.UTF_8))) {
                    progress.println("note: " + file + " asks a name server (its variable resolver) that the local"
                            + " network does not run, so it is not pushed; its comment says how to run it against a"
                            + " dnsmasq of your own");
                    continue;
                }
                String name = checkName(new String(text, java.nio.charset.StandardCharsets.UTF_8), file);
                try {
                    admin.putCheck(name, file, text, files);
                    progress.println("pushed check " + name + " (" + file + ")");
                } catch (IOException e) {
                    progress.println("could not push " + file + ": " + e.getMessage());
                }
            }
        }
    }

    /** The Chromium the probes would start (GLASSPROBE_CHROMIUM, else Debian's). */
    private static Path chromium() {
        String configured = System.getenv("GLASSPROBE_CHROMIUM");
        return Path.of(configured != null && !configured.isBlank() ? configured : "/usr/bin/chromium");
    }

    /** An example that says why the local network cannot run it: {@code # deploy/local: not pushed: REASON}. */
    private static final java.util.regex.Pattern NOT_PUSHED = java.util.regex.Pattern
            .compile("(?m)^#\\s*deploy/local: not pushed:(.*)$");

    /** A dns step: it needs a name server, which the local network does not start. */
    private static final java.util.regex.Pattern DNS_STEP = java.util.regex.Pattern.compile("(?m)^\\s*(?:-\\s+)?dns\\s*:");

    /** Whether an example asks a name server (a dns step): the local network runs none. */
    static boolean needsNameServer(String text) {
        return DNS_STEP.matcher(text).find();
    }

    private static final java.util.regex.Pattern BROWSER_STEP =
            java.util.regex.Pattern.compile("(?m)^\\s*(?:-\\s+)?(goto|click|fill|upload|waitFor|screenshot)\\s*:");

    /** Whether an example drives a browser: a YAML browser step, or a script that asks for a page. */
    static boolean needsBrowser(String file, String text) {
        if (file.endsWith(".java")) {
            return text.contains(".page()") || text.contains("checkDisplayedImage");
        }
        return BROWSER_STEP.matcher(text).find();
    }

    /** The examples that drive a browser, by file name. */
    private List<String> browserExamples() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(options.root().resolve("scenarios/examples"))) {
            for (Path f : s.sorted().toList()) {
                String file = f.getFileName().toString();
                if ((file.endsWith(".yaml") || file.endsWith(".java"))
                        && needsBrowser(file, Files.readString(f))) {
                    names.add(file);
                }
            }
        }
        return names;
    }

    /** The check's name as the file declares it (name: in YAML), else the file's base name. */
    private static String checkName(String text, String file) {
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.startsWith("name:")) {
                return t.substring(5).strip().replaceAll("^[\"']|[\"']$", "");
            }
            if (t.contains("name = \"")) {
                int start = t.indexOf("name = \"") + 8;
                return t.substring(start, t.indexOf('"', start));
            }
        }
        return file.replaceAll("\\.[^.]+$", "");
    }

    private void awaitUp(ManagedProcess process, String url, Duration within) throws IOException, InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IOException(process.name() + " exited while starting; its log (" + process.log() + ") ends:\n"
                        + process.tail(15));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException(process.name() + " did not answer " + url + " within " + within.toSeconds()
                + " s; its log (" + process.log() + ") ends:\n" + process.tail(15));
    }

    /** Prints where to look. */
    public void printWhereToLook(PrintStream out) {
        out.println();
        out.println("glassprobe is running on this machine:");
        out.println("  results API   " + apiUrl() + "   (status: " + apiUrl() + "/readyz)"
                + (replicated() ? "; nginx before " + apis.size() + " replicas" : ""));
        for (int r = 0; replicated() && r < apis.size(); r++) {
            out.println("  replica " + (r + 1) + "     " + replicaUrl(r) + "   (pid " + apis.get(r).pid() + ")");
        }
        out.println("  uptime page   " + apiUrl() + "/   (also " + apiUrl() + "/status.json and /badge/{check}.svg)");
        out.println("  admin token   " + adminToken);
        out.println("                e.g. curl -H 'Authorization: Bearer " + adminToken + "' " + apiUrl() + "/api/v1/probes");
        out.println("  demo site     " + demoUrl() + "   (make it fail: curl -X POST 'http://127.0.0.1:" + (demoPort() + 1)
                + "/admin/faults?mode=down', back: ...?mode=none)");
        int i = 0;
        for (String region : options.regions()) {
            out.println("  probe         " + probeName(region) + " in " + region + "   http://127.0.0.1:" + probeLocalPort(i++)
                    + "/metrics");
        }
        out.println("  logs          " + options.runDir().resolve("logs"));
        out.println("Press Ctrl-C to stop everything this started.");
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + apiPort();
    }

    public String demoUrl() {
        return "http://127.0.0.1:" + demoPort();
    }

    public String demoAdminUrl() {
        return "http://127.0.0.1:" + (demoPort() + 1);
    }

    public String adminToken() {
        return adminToken;
    }

    public AdminClient admin() {
        return admin;
    }

    /** The API, or its first replica. */
    public ManagedProcess api() {
        return apis.get(0);
    }

    /** Replica {@code index} (from 0). */
    public ManagedProcess replica(int index) {
        return apis.get(index);
    }

    /** Replica {@code index}'s own address, bypassing the load balancer. */
    public String replicaUrl(int index) {
        return "http://127.0.0.1:" + replicaPort(index);
    }

    /** The load balancer before the replicas; absent with one API. */
    public java.util.Optional<ManagedProcess> loadBalancer() {
        return java.util.Optional.ofNullable(loadBalancer);
    }

    public ManagedProcess demo() {
        return demo;
    }

    public ManagedProcess probe(String region) {
        return probes.get(region);
    }

    /** The probe's local server (/metrics, /healthz). */
    public String probeLocalUrl(String region) {
        return "http://127.0.0.1:" + probeLocalPort(options.regions().indexOf(region));
    }

    public static String probeName(String region) {
        return "local-" + region;
    }

    public Path probeDir(String region) {
        return options.runDir().resolve("probe-" + region);
    }

    /** Starts the API again after a stop, and waits until it is ready. */
    public void restartApi() throws IOException, InterruptedException {
        if (replicated()) {
            restartReplica(0);
            return;
        }
        launch(api());
        awaitUp(api(), apiUrl() + "/readyz", Duration.ofSeconds(90));
    }

    /** Starts replica {@code index} again after a stop or kill, and waits until it is ready. */
    public void restartReplica(int index) throws IOException, InterruptedException {
        launch(apis.get(index));
        awaitUp(apis.get(index), replicaUrl(index) + "/readyz", Duration.ofSeconds(90));
    }

    /** Starts a probe again after a stop or kill, and waits until it answers. */
    public void restartProbe(String region) throws IOException, InterruptedException {
        probe(region).start();
        awaitUp(probe(region), probeLocalUrl(region) + "/healthz", Duration.ofSeconds(60));
    }

    /**
     * Starts a stopped (or killed) probe again with more arguments than the others, e.g.
     * {@code --var target=http://127.0.0.1:1} to make its region alone see the site down; without
     * any, as it was started first.
     */
    public synchronized void restartProbe(String region, List<String> extraArgs) throws IOException, InterruptedException {
        ManagedProcess before = probe(region);
        if (before.isAlive()) {
            throw new IllegalStateException("probe of " + region + " still runs; stop it first");
        }
        List<String> command = new ArrayList<>(probeCommands.get(region));
        command.addAll(extraArgs);
        probes.put(region, new ManagedProcess(before.name(), command, Map.of(), before.log()));
        restartProbe(region);
    }

    private int apiPort() {
        return options.basePort();
    }

    private int demoPort() {
        return options.basePort() + 1;
    }

    private int probeLocalPort(int index) {
        return options.basePort() + 3 + index;
    }

    /** The replicas after the probes' local servers (one per region). */
    private int replicaPort(int index) {
        return options.basePort() + 3 + options.regions().size() + index;
    }

    private String jar(String relative) {
        return options.root().resolve(relative).toString();
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "gpa_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Starts a part unless the network is being stopped (a Ctrl-C during the start). */
    private synchronized void launch(ManagedProcess part) throws IOException {
        if (closed) {
            throw new IOException("stopped while starting (" + part.name() + " was not started)");
        }
        part.start();
    }

    /**
     * Stops the probes first (they deliver what they can), then the demo site, then the load balancer
     * and the API or its replicas; at any moment, even in the middle of {@link #begin}, after which no
     * further part starts.
     */
    @Override
    public synchronized void close() {
        closed = true;
        probes.values().parallelStream().forEach(p -> p.stop(30));
        demo.stop(10);
        if (loadBalancer != null) {
            loadBalancer.stop(10);
        }
        apis.parallelStream().forEach(a -> a.stop(20));
    }
}
