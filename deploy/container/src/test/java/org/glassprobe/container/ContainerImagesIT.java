package org.glassprobe.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three images of deploy/container, built by podman from their Containerfiles on a Debian 12 base that
 * this test makes with mmdebstrap (no registry is reachable), and run as containers: the API's entrypoint
 * answers /healthz and /readyz with its H2 database in its volume, the demo site's answers /health, the
 * probe's enrols against that API at its first start and delivers results, each as its own non-root user,
 * and each image's HEALTHCHECK says healthy, and unhealthy when it should.
 *
 * <p>Containers run on the host's network, the programs listening on 127.0.0.1 only. It needs root (for
 * mmdebstrap and rootful podman), podman and mmdebstrap (deploy/setup-debian installs them) and Debian's
 * package mirror; without them it is reported skipped, saying why. What it made (containers, volumes,
 * images, the base's tar) is removed when it ends.
 */
class ContainerImagesIT {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Path WORK = Path.of("target/container-it").toAbsolutePath();
    private static final String RUN = "glassprobe-it-" + ProcessHandle.current().pid();
    private static final Pattern TOKEN = Pattern.compile("(gpa_[A-Za-z0-9_-]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An image of deploy/container as the test expects it. */
    private record Image(String program, String jar, int uid, Optional<String> volume) {
        String tag() {
            return "localhost/" + RUN + "-" + program + ":test";
        }

        Path containerfile() {
            return ROOT.resolve("deploy/container/" + program + "/Containerfile");
        }
    }

    private static final Image API = new Image("api", "results-api/target/glassprobe-api.jar", 10001,
            Optional.of("/var/lib/glassprobe/api"));
    private static final Image PROBE = new Image("probe", "probe-node/target/glassprobe-probe.jar", 10002,
            Optional.of("/var/lib/glassprobe/probe"));
    private static final Image DEMO = new Image("demo-site", "deploy/demo-site/target/glassprobe-demo-site.jar", 10003,
            Optional.empty());

    private static final List<String> containers = new ArrayList<>();
    private static final List<String> volumes = new ArrayList<>();
    private static final List<String> images = new ArrayList<>();
    private static Podman podman;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void buildTheImagesOnADebianBaseMadeHere() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "mmdebstrap and rootful podman need root: runs as root only (CI is root)");
        Assumptions.assumeTrue(Command.onPath("podman") && Command.onPath("mmdebstrap"),
                "needs podman and mmdebstrap from Debian: deploy/setup-debian installs them");
        for (Image image : List.of(API, PROBE, DEMO)) {
            assertThat(ROOT.resolve(image.jar())).as("mvn package builds %s before this test", image.jar())
                    .isRegularFile();
        }
        deleteTree(WORK);
        Files.createDirectories(WORK);

        long start = System.nanoTime();
        String base = "localhost/" + RUN + "-base:debian12";
        images.add(base);
        DebianBase.Outcome made = DebianBase.make(WORK.resolve("base.tar"), base);
        Assumptions.assumeTrue(made.unreachable() == null,
                () -> "Debian's package mirror cannot be reached from here, so no base image can be made: "
                        + made.unreachable());
        long madeAt = System.nanoTime();

        List<String> failures = new ArrayList<>();
        podman = Podman.find(base, failures).orElse(null);
        Assumptions.assumeTrue(podman != null,
                () -> "podman cannot start a container on this machine with any runtime it has: " + failures);

        for (Image image : List.of(API, PROBE, DEMO)) {
            images.add(image.tag());
            // Chroot isolation: the Containerfiles' RUN steps (useradd, install -d) need neither a
            // runtime of their own nor a network, and it builds where a runtime cannot start.
            // Docker format, because the OCI image format has no HEALTHCHECK.
            Command.Result built = Command.run(Duration.ofMinutes(5), List.of("podman", "build", "--isolation",
                    "chroot", "--format", "docker", "--build-arg", "BASE=" + base, "-f",
                    image.containerfile().toString(), "-t", image.tag(), ROOT.toString()));
            assertThat(built.ok()).as(built::describe).isTrue();
        }
        System.out.printf("ContainerImagesIT: Debian base made and imported in %d s, three images built in %d s,"
                        + " containers run with runtime %s%n", (madeAt - start) / 1_000_000_000,
                (System.nanoTime() - madeAt) / 1_000_000_000, podman.runtime().orElse("(podman's default)"));
    }

    @AfterAll
    static void removeWhatThisTestMade() throws Exception {
        for (String container : containers) {
            Command.run(Duration.ofMinutes(1), List.of("podman", "rm", "--force", "--time", "5", container));
        }
        for (String volume : volumes) {
            Command.run(Duration.ofMinutes(1), List.of("podman", "volume", "rm", "--force", volume));
        }
        // The images before the base they are built on.
        for (String image : images.stream().sorted(Comparator.comparing((String i) -> i.endsWith(":debian12")))
                .toList()) {
            Command.run(Duration.ofMinutes(1), List.of("podman", "rmi", "--force", image));
        }
        deleteTree(WORK);
    }

    @Test
    void each_image_runs_its_program_as_a_fixed_non_root_user_with_its_state_in_a_volume_and_a_healthcheck()
            throws Exception {
        for (Image image : List.of(API, PROBE, DEMO)) {
            Command.Result inspected = podman.run(Duration.ofMinutes(1), "image", "inspect", image.tag());
            assertThat(inspected.ok()).as(inspected::describe).isTrue();
            JsonNode config = JSON.readTree(inspected.out()).get(0);
            assertThat(config.path("Config").path("User").asText()).as(image.program())
                    .isEqualTo(image.uid() + ":" + image.uid());
            List<String> declared = new ArrayList<>();
            config.path("Config").path("Volumes").fieldNames().forEachRemaining(declared::add);
            assertThat(declared).as("%s's volumes", image.program())
                    .isEqualTo(image.volume().map(List::of).orElse(List.of()));
            assertThat(config.path("Healthcheck").path("Test").toString()).as("%s's HEALTHCHECK", image.program())
                    .contains("CMD-SHELL", "glassprobe-http-ok");
            assertThat(config.path("Config").path("Env").toString()).as("%s's JVM options", image.program())
                    .contains("JAVA_OPTS=-X");
        }

        // The entrypoints hand other commands to the program: each prints its version, as its user.
        for (Image image : List.of(API, PROBE)) {
            Command.Result version = podmanRun(List.of("--rm"), image, List.of("--version"));
            assertThat(version.ok()).as(version::describe).isTrue();
            assertThat(version.out()).contains("0.1.0");
        }
        Command.Result id = podmanRun(List.of("--rm", "--entrypoint", "id"), DEMO, List.of("-u"));
        assertThat(id.out().strip()).as(id::describe).isEqualTo("10003");
    }

    @Test
    void probe_image_without_an_identity_or_the_settings_to_enrol_exits_2_naming_what_is_missing() throws Exception {
        Command.Result run = podmanRun(List.of("--rm", "-e", "GLASSPROBE_PROBE_NAME=alone"), PROBE, List.of());
        assertThat(run.code()).as(run::describe).isEqualTo(2);
        assertThat(run.out()).contains("no identity in /var/lib/glassprobe/probe/probe.json",
                "GLASSPROBE_API_URL", "GLASSPROBE_PROBE_REGION", "GLASSPROBE_ADMIN_TOKEN")
                .doesNotContain("GLASSPROBE_PROBE_NAME");
    }

    @Test
    void api_demo_site_and_probe_run_in_containers_as_their_users_and_the_probe_enrols_once_and_delivers()
            throws Exception {
        long start = System.nanoTime();
        int apiPort = freePort();
        int demoPort = freePort();
        int demoAdminPort = freePort();
        int probePort = freePort();
        String apiUrl = "http://127.0.0.1:" + apiPort;
        String demoUrl = "http://127.0.0.1:" + demoPort;

        // The API with no admin token set: it makes one and prints it once, as the README tells.
        String apiVolume = volume("api-data");
        String api = startDetached("api", API, List.of("-e", "GLASSPROBE_API_HOST=127.0.0.1",
                "-e", "GLASSPROBE_API_PORT=" + apiPort, "-v", apiVolume + ":/var/lib/glassprobe/api"), List.of());
        String demo = startDetached("demo", DEMO, List.of("-e", "GLASSPROBE_DEMO_HOST=127.0.0.1",
                "-e", "GLASSPROBE_DEMO_PORT=" + demoPort, "-e", "GLASSPROBE_DEMO_ADMIN_PORT=" + demoAdminPort),
                List.of());

        String token = awaitMatch(api, TOKEN);
        awaitUntil("the API's /healthz answers 200", () -> status(apiUrl + "/healthz") == 200, api);
        awaitUntil("the API's /readyz answers 200", () -> status(apiUrl + "/readyz") == 200, api);
        assertHealthy(api);
        Path apiData = mountpoint(apiVolume);
        assertThat(apiData.resolve("glassprobe.mv.db")).as("H2's file in the API's volume").isRegularFile();
        assertThat(Files.getAttribute(apiData.resolve("glassprobe.mv.db"), "unix:uid")).isEqualTo(API.uid());
        assertRunsAs(api, API.uid(), "-jar /usr/share/glassprobe/glassprobe-api.jar", "-Xmx384m");

        awaitUntil("the demo site's /health answers 200", () -> status(demoUrl + "/health") == 200, demo);
        assertHealthy(demo);
        assertRunsAs(demo, DEMO.uid(), "-jar /usr/share/glassprobe/glassprobe-demo-site.jar");
        // The HEALTHCHECK can say unhealthy: the site answering 503 is not healthy.
        assertThat(status(post("http://127.0.0.1:" + demoAdminPort + "/admin/faults?mode=down"))).isEqualTo(200);
        assertThat(podman.run(Duration.ofSeconds(30), "healthcheck", "run", demo).code())
                .as("the demo site's HEALTHCHECK while it answers 503").isNotZero();
        assertThat(status(post("http://127.0.0.1:" + demoAdminPort + "/admin/faults?mode=none"))).isEqualTo(200);
        assertHealthy(demo);

        // A check of the demo site whose target each probe gives; the probe enrols at its first start.
        putCheck(apiUrl, token, """
                name: demo-health
                kind: ping
                interval: 2s
                timeout: 1s
                variables:
                  target: ~
                http:
                  url: ${target}/health
                expect:
                  - "[STATUS] == 200"
                """);
        String probeVolume = volume("probe-data");
        String probe = startDetached("probe", PROBE, List.of("-e", "GLASSPROBE_API_URL=" + apiUrl,
                "-e", "GLASSPROBE_PROBE_NAME=container-1", "-e", "GLASSPROBE_PROBE_REGION=eu-west",
                "-e", "GLASSPROBE_ADMIN_TOKEN=" + token, "-e", "GLASSPROBE_PROBE_LISTEN=127.0.0.1:" + probePort,
                "-v", probeVolume + ":/var/lib/glassprobe/probe"), List.of("agent", "--var", "target=" + demoUrl));
        awaitUntil("the probe's results reach the API",
                () -> results(apiUrl, token, "demo-health").size() >= 2, probe, api);
        assertThat(results(apiUrl, token, "demo-health")).allSatisfy(r -> {
            assertThat(r.path("probe").asText()).isEqualTo("container-1");
            assertThat(r.path("region").asText()).isEqualTo("eu-west");
            assertThat(r.path("result").path("ok").asBoolean()).as(r.toString()).isTrue();
        });
        Path identity = mountpoint(probeVolume).resolve("probe.json");
        assertThat(Files.getAttribute(identity, "unix:uid")).isEqualTo(PROBE.uid());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(identity, LinkOption.NOFOLLOW_LINKS)))
                .isEqualTo("rw-------");
        assertRunsAs(probe, PROBE.uid(), "-jar /usr/share/glassprobe/glassprobe-probe.jar agent", "-Xmx128m");
        assertThat(environment(probe)).as("the agent's environment: it needs its own token only")
                .doesNotContainKey("GLASSPROBE_ADMIN_TOKEN").containsEntry("GLASSPROBE_PROBE_NAME", "container-1");
        awaitUntil("the probe's HEALTHCHECK says healthy",
                () -> podman.run(Duration.ofSeconds(30), "healthcheck", "run", probe).ok(), probe);

        // Stopped and started again, with the same settings: it keeps its identity and does not enrol again
        // (a second enrolment of the name would be refused, and the container would end).
        Command.Result stopped = podman.run(Duration.ofSeconds(60), "stop", "--time", "30", probe);
        assertThat(stopped.ok()).as(stopped::describe).isTrue();
        assertThat(exitCode(probe)).as("the agent's status after SIGTERM").isIn(0, 143);
        int before = results(apiUrl, token, "demo-health").size();
        Command.Result restarted = podman.run(Duration.ofSeconds(60), "start", probe);
        assertThat(restarted.ok()).as(restarted::describe).isTrue();
        awaitUntil("the restarted probe delivers again",
                () -> results(apiUrl, token, "demo-health").size() >= before + 2, probe, api);
        assertThat(logs(probe)).containsOnlyOnce("enrolling as container-1");
        JsonNode probes = get(apiUrl + "/api/v1/probes?limit=1000", token);
        assertThat(probes.path("probes").findValuesAsText("name")).containsExactly("container-1");

        Command.Result apiStopped = podman.run(Duration.ofSeconds(60), "stop", "--time", "30", api);
        assertThat(apiStopped.ok()).as(apiStopped::describe).isTrue();
        assertThat(exitCode(api)).as("the API's status after SIGTERM; its log: %s", logs(api)).isIn(0, 143);
        System.out.printf("ContainerImagesIT: the three containers' run took %d s%n",
                (System.nanoTime() - start) / 1_000_000_000);
    }

    /**
     * {@code podman run} of {@code image} with the host's options, to its end (at most 2 minutes), without
     * the image's HEALTHCHECK: podman would schedule it with systemd, which does not run here (and says so
     * in the output); a test runs the check itself with {@code podman healthcheck run}.
     */
    private static Command.Result podmanRun(List<String> options, Image image, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("run"));
        command.addAll(podman.runOptions());
        command.addAll(options);
        if (!options.contains("--detach")) {
            command.add("--no-healthcheck");
        }
        command.add(image.tag());
        command.addAll(args);
        return podman.run(Duration.ofMinutes(2), command);
    }

    /** Starts a container of {@code image} in the background, named for this run; removed at the end. */
    private static String startDetached(String name, Image image, List<String> options, List<String> args)
            throws IOException, InterruptedException {
        String container = RUN + "-" + name;
        containers.add(container);
        List<String> all = new ArrayList<>(List.of("--detach", "--name", container));
        all.addAll(options);
        Command.Result started = podmanRun(all, image, args);
        assertThat(started.ok()).as(started::describe).isTrue();
        return container;
    }

    private static String volume(String name) {
        String volume = RUN + "-" + name;
        volumes.add(volume);
        return volume;
    }

    private static Path mountpoint(String volume) throws IOException, InterruptedException {
        Command.Result inspected = podman.run(Duration.ofSeconds(30), "volume", "inspect", "--format",
                "{{.Mountpoint}}", volume);
        assertThat(inspected.ok()).as(inspected::describe).isTrue();
        return Path.of(inspected.out().strip());
    }

    private static void assertHealthy(String container) throws IOException, InterruptedException {
        Command.Result check = podman.run(Duration.ofSeconds(30), "healthcheck", "run", container);
        assertThat(check.ok()).as("%s's HEALTHCHECK: %s", container, check.describe()).isTrue();
    }

    /** The container's main process, seen from this machine: its uids and its command line. */
    private static void assertRunsAs(String container, int uid, String... inCommandLine) throws Exception {
        Path proc = Path.of("/proc", String.valueOf(pid(container)));
        String uids = Files.readAllLines(proc.resolve("status")).stream().filter(l -> l.startsWith("Uid:"))
                .findFirst().orElseThrow();
        assertThat(uids.substring("Uid:".length()).trim().split("\\s+")).as("%s's real, effective, saved and"
                + " file-system uids", container).containsOnly(String.valueOf(uid));
        String commandLine = new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ');
        assertThat(commandLine).contains(inCommandLine);
    }

    private static Map<String, String> environment(String container) throws Exception {
        String raw = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid(container)), "environ")));
        Map<String, String> env = new HashMap<>();
        for (String entry : raw.split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }

    private static long pid(String container) throws IOException, InterruptedException {
        Command.Result inspected = podman.run(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Pid}}",
                container);
        assertThat(inspected.ok()).as(inspected::describe).isTrue();
        long pid = Long.parseLong(inspected.out().strip());
        assertThat(pid).as("%s is running; its log: %s", container, logs(container)).isPositive();
        return pid;
    }

    private static int exitCode(String container) throws IOException, InterruptedException {
        Command.Result inspected = podman.run(Duration.ofSeconds(30), "inspect", "--format", "{{.State.ExitCode}}",
                container);
        assertThat(inspected.ok()).as(inspected::describe).isTrue();
        return Integer.parseInt(inspected.out().strip());
    }

    private static String logs(String container) throws IOException, InterruptedException {
        return podman.run(Duration.ofSeconds(30), "logs", container).out();
    }

    private static String awaitMatch(String container, Pattern pattern) {
        String[] found = new String[1];
        awaitUntil(container + " prints " + pattern, () -> {
            Matcher m = pattern.matcher(logs(container));
            if (m.find()) {
                found[0] = m.group(1);
                return true;
            }
            return false;
        }, container);
        return found[0];
    }

    /** Waits at most 90 s for {@code condition}; on timeout, fails with the containers' logs. */
    private static void awaitUntil(String what, Callable<Boolean> condition, String... diagnose) {
        try {
            Awaitility.await(what).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptionsInstanceOf(IOException.class).until(condition);
        } catch (ConditionTimeoutException e) {
            StringBuilder message = new StringBuilder(e.getMessage());
            for (String container : diagnose) {
                try {
                    message.append("\n--- podman logs ").append(container).append(":\n").append(logs(container));
                } catch (IOException | InterruptedException logsFailed) {
                    message.append("\n(no logs of ").append(container).append(": ").append(logsFailed).append(')');
                }
            }
            fail(message.toString());
        }
    }

    private int status(String url) throws IOException, InterruptedException {
        return status(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private int status(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static HttpRequest.Builder post(String url) {
        return HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody());
    }

    private void putCheck(String apiUrl, String token, String yaml) throws IOException, InterruptedException {
        String name = yaml.lines().filter(l -> l.startsWith("name: ")).findFirst().orElseThrow().substring(6);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(apiUrl + "/api/v1/checks/" + name))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/yaml")
                .timeout(Duration.ofSeconds(10)).PUT(HttpRequest.BodyPublishers.ofString(yaml)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 201);
    }

    /** A check's results: one page of up to 1000, more than this test makes. */
    private List<JsonNode> results(String apiUrl, String token, String check) throws IOException, InterruptedException {
        List<JsonNode> all = new ArrayList<>();
        get(apiUrl + "/api/v1/checks/" + check + "/results?limit=1000&from=2000-01-01T00:00:00Z", token)
                .path("results").forEach(all::add);
        return all;
    }

    private JsonNode get(String url, String token) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("GET " + url + ": HTTP " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    /**
     * A port free on 127.0.0.1 now, below the kernel's range for outgoing connections (32768-60999), where a
     * busy machine could take it at random between this check and the container's start.
     */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(22_000, 32_000);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // taken: draw another
            }
        }
        throw new IOException("no free port between 22000 and 32000 on 127.0.0.1 in 200 tries");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
