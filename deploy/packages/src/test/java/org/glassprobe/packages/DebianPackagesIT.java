package org.glassprobe.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.glassprobe.local.AdminClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two Debian packages as an operator uses them, on this machine's real dpkg: install, the units'
 * {@code systemd-analyze verify}, each unit's {@code ExecStart} run as its user with its environment, umask,
 * no new privileges and no capabilities (CI has no running systemd, so its file-system sandbox is not applied
 * here), enrolment, results delivered, an upgrade to a rebuilt package keeping config and data, remove, purge.
 *
 * <p>It installs into the machine's root, so it runs only as root, and only where neither package is
 * installed and {@code /var/lib/glassprobe} does not exist (else it is reported skipped, saying why);
 * it purges both packages and deletes the data it made when it ends.
 */
class DebianPackagesIT {
    private static final Path TARGET = Path.of("target");
    private static final Path STATE = Path.of("/var/lib/glassprobe");
    private static final Path ETC = Path.of("/etc/glassprobe");
    private static final Path UNITS = Path.of("/lib/systemd/system");
    private static final List<String> PACKAGES = List.of("glassprobe-api", "glassprobe-probe");
    private static final Pattern STARTED_PORT = Pattern.compile("results API started port=\"(\\d+)\"");
    private static final Pattern TOKEN = Pattern.compile("(gpa_[A-Za-z0-9_-]+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> started = new ArrayList<>();
    private Path logs;

    @BeforeEach
    void onlyOnAMachineWithoutGlassprobe() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg"))
                        && Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))
                        && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs Debian's dpkg, systemd (for systemd-analyze) and util-linux (setpriv)");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "installs packages into this machine's root: runs as root only (CI is root)");
        for (String pkg : PACKAGES) {
            Assumptions.assumeFalse(installed(pkg), pkg + " is installed on this machine; this test would replace"
                    + " it: run it on a machine without glassprobe (CI), or dpkg --purge " + pkg + " first");
        }
        Assumptions.assumeFalse(Files.exists(STATE), STATE + " exists; this test would mix its data with it:"
                + " run it on a machine without glassprobe, or move " + STATE + " away first");
        logs = Files.createDirectories(TARGET.resolve("packages-it"));
    }

    @AfterEach
    void purgeWhatThisTestInstalled() throws Exception {
        for (Process p : started) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (logs == null) {
            return;
        }
        for (String pkg : PACKAGES) {
            String state = status(pkg);
            if (state.equals("installed") || state.equals("config-files")) {
                run("dpkg", "--purge", pkg);
            }
        }
        if (Files.exists(STATE)) {
            run("rm", "-rf", "--one-file-system", STATE.toString());
        }
    }

    @Test
    void packages_install_run_as_their_users_enrol_deliver_upgrade_keeping_config_and_data_and_purge_all_but_data()
            throws Exception {
        Path apiDeb = built("glassprobe-api");
        Path probeDeb = built("glassprobe-probe");

        // Install.
        assertThat(run("dpkg", "--install", apiDeb.toString(), probeDeb.toString()).code()).isZero();
        for (String pkg : PACKAGES) {
            String part = part(pkg);
            assertThat(Path.of("/usr/share/glassprobe/" + pkg + ".jar")).isRegularFile();
            assertThat(Files.isExecutable(Path.of("/usr/bin/" + pkg))).isTrue();
            assertThat(ETC.resolve(part + ".yaml")).isRegularFile();
            assertThat(mode(ETC.resolve(part + ".env"))).isEqualTo("rw-------");
            assertThat(run("getent", "passwd", pkg).out()).contains(":" + STATE.resolve(part) + ":/usr/sbin/nologin");
            assertThat(owner(STATE.resolve(part))).isEqualTo(pkg);
            assertThat(mode(STATE.resolve(part))).isEqualTo("rwxr-x---");
            assertThat(Path.of("/etc/systemd/system/multi-user.target.wants/" + pkg + ".service")).isSymbolicLink();
        }
        assertThat(Files.isExecutable(Path.of("/usr/sbin/glassprobe-probe-enrol"))).isTrue();

        // The units as systemd would load them: no error, no warning.
        Result verify = run("systemd-analyze", "verify", UNITS.resolve("glassprobe-api.service").toString(),
                UNITS.resolve("glassprobe-probe.service").toString());
        assertThat(verify.code()).as(verify.out()).isZero();
        assertThat(verify.out()).as("systemd-analyze verify says nothing of our units")
                .doesNotContain("glassprobe");

        // An operator's changes to the config files, which an upgrade must keep.
        edit(ETC.resolve("api.yaml"), "# server:\n#   host: 0.0.0.0\n#   port: 8080\n",
                "server:\n  host: 127.0.0.1\n  port: 0\n");
        edit(ETC.resolve("probe.yaml"), "# listen: 127.0.0.1:9116\n", "listen: \"off\"\n");

        // The API as its unit starts it; it prints its admin token once.
        Service api = start("glassprobe-api", "api-1");
        int port = api.awaitLog(STARTED_PORT);
        String apiUrl = "http://127.0.0.1:" + port;
        String token = api.awaitOut(TOKEN);
        awaitReady(apiUrl);
        assertThat(owner(STATE.resolve("api/glassprobe.mv.db"))).isEqualTo("glassprobe-api");
        assertThat(mode(STATE.resolve("api/glassprobe.mv.db"))).isEqualTo("rw-r-----");

        // Enrolment refuses what cannot work and changes nothing.
        Result asNobody = run(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "/usr/sbin/glassprobe-probe-enrol", "--api", apiUrl, "--name", "deb-1", "--region", "eu-west"),
                Map.of("GLASSPROBE_ADMIN_TOKEN", token));
        assertThat(asNobody.code()).isEqualTo(2);
        assertThat(asNobody.out()).contains("run it as root");
        Result noToken = run(List.of("/usr/sbin/glassprobe-probe-enrol", "--api", apiUrl, "--name", "deb-1",
                "--region", "eu-west"), Map.of());
        assertThat(noToken.code()).isEqualTo(2);
        assertThat(noToken.out()).contains("set GLASSPROBE_ADMIN_TOKEN");
        Result wrongToken = run(List.of("/usr/sbin/glassprobe-probe-enrol", "--api", apiUrl, "--name", "deb-1",
                "--region", "eu-west"), Map.of("GLASSPROBE_ADMIN_TOKEN", "gpa_not-the-token-of-this-api"));
        assertThat(wrongToken.code()).as(wrongToken.out()).isEqualTo(1);
        assertThat(STATE.resolve("probe/probe.json")).doesNotExist();

        // Enrolment: the identity belongs to the service's user alone.
        Result enrol = run(List.of("/usr/sbin/glassprobe-probe-enrol", "--api", apiUrl, "--name", "deb-1",
                "--region", "eu-west"), Map.of("GLASSPROBE_ADMIN_TOKEN", token));
        assertThat(enrol.code()).as(enrol.out()).isZero();
        Path identity = STATE.resolve("probe/probe.json");
        assertThat(owner(identity)).isEqualTo("glassprobe-probe");
        assertThat(mode(identity)).isEqualTo("rw-------");
        byte[] identityBytes = Files.readAllBytes(identity);

        // A check the probe runs against the API's own /healthz; the probe delivers its results.
        AdminClient admin = new AdminClient(apiUrl, token);
        admin.putCheck("api-health", "api-health.yaml", healthCheck(apiUrl).getBytes(StandardCharsets.UTF_8),
                Map.of());
        Service probe = start("glassprobe-probe", "probe-1");
        await("results delivered by the packaged probe").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> admin.results("api-health").size() >= 3);
        assertThat(admin.results("api-health")).allSatisfy(r -> {
            assertThat(r.path("probe").asText()).isEqualTo("deb-1");
            assertThat(r.path("result").path("ok").asBoolean()).isTrue();
        });
        assertThat(owner(STATE.resolve("probe/spool"))).isEqualTo("glassprobe-probe");
        probe.stop();
        int before = admin.results("api-health").size();
        api.stop();

        // Upgrade to a rebuilt package whose config files changed too, unattended as apt would with
        // Dpkg::Options::=--force-confdef,--force-confold: the operator's files stay, the new ones beside them.
        Path apiDeb2 = rebuilt(apiDeb, "+rebuilt1");
        Path probeDeb2 = rebuilt(probeDeb, "+rebuilt1");
        Result upgrade = run("dpkg", "--force-confdef", "--force-confold", "--install", apiDeb2.toString(),
                probeDeb2.toString());
        assertThat(upgrade.code()).as(upgrade.out()).isZero();
        assertThat(run("dpkg-query", "-W", "-f", "${Version}", "glassprobe-api").out()).endsWith("+rebuilt1");
        assertThat(Files.readString(ETC.resolve("api.yaml"))).contains("server:\n  host: 127.0.0.1\n  port: 0\n")
                .doesNotContain("rebuilt for the upgrade test");
        assertThat(Files.readString(ETC.resolve("api.yaml.dpkg-dist"))).contains("rebuilt for the upgrade test");
        assertThat(Files.readString(ETC.resolve("probe.yaml"))).contains("listen: \"off\"\n");
        assertThat(Files.readAllBytes(identity)).isEqualTo(identityBytes);
        assertThat(owner(identity)).isEqualTo("glassprobe-probe");

        // The upgraded API keeps its database and token (it prints none), and the probe delivers again.
        Service api2 = start("glassprobe-api", "api-2");
        String apiUrl2 = "http://127.0.0.1:" + api2.awaitLog(STARTED_PORT);
        awaitReady(apiUrl2);
        assertThat(api2.out()).doesNotContain("gpa_");
        AdminClient admin2 = new AdminClient(apiUrl2, token);
        assertThat(admin2.results("api-health")).hasSize(before);
        Files.writeString(ETC.resolve("probe.yaml"), "api: " + apiUrl2 + "\n", java.nio.file.StandardOpenOption.APPEND);
        Service probe2 = start("glassprobe-probe", "probe-2");
        await("results delivered after the upgrade").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> admin2.results("api-health").size() >= before + 2);
        probe2.stop();
        api2.stop();

        // Remove: the programs go, config and data stay; purge: config, users and systemd's links go, data stays.
        assertThat(run("dpkg", "--remove", "glassprobe-api", "glassprobe-probe").code()).isZero();
        assertThat(Path.of("/usr/share/glassprobe/glassprobe-api.jar")).doesNotExist();
        assertThat(Path.of("/usr/bin/glassprobe-probe")).doesNotExist();
        assertThat(UNITS.resolve("glassprobe-api.service")).doesNotExist();
        assertThat(ETC.resolve("api.yaml")).isRegularFile();
        Result purge = run("dpkg", "--purge", "glassprobe-api", "glassprobe-probe");
        assertThat(purge.code()).as(purge.out()).isZero();
        assertThat(purge.out()).contains("kept its data in /var/lib/glassprobe/api");
        assertThat(ETC).doesNotExist();
        for (String pkg : PACKAGES) {
            assertThat(run("getent", "passwd", pkg).code()).isNotZero();
            assertThat(run("getent", "group", pkg).code()).isNotZero();
            assertThat(Path.of("/etc/systemd/system/" + pkg + ".service")).doesNotExist();
            assertThat(Path.of("/etc/systemd/system/multi-user.target.wants/" + pkg + ".service")).doesNotExist();
        }
        assertThat(STATE.resolve("api/glassprobe.mv.db")).isRegularFile();
        assertThat(identity).isRegularFile();
    }

    private static String healthCheck(String apiUrl) {
        return """
                name: api-health
                kind: ping
                interval: 2s
                timeout: 500ms
                http:
                  url: %s/healthz
                expect:
                  - "[STATUS] == 200"
                """.formatted(apiUrl);
    }

    private static String part(String pkg) {
        return pkg.substring("glassprobe-".length());
    }

    private static Path built(String pkg) throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches(Pattern.quote(pkg) + "_[^_]+_all\\.deb"))
                    .toList();
            assertThat(debs).as("mvn package builds exactly one %s_<version>_all.deb in %s", pkg, TARGET).hasSize(1);
            return debs.get(0);
        }
    }

    /** The package unpacked, its version raised, a comment added to its config file, and packed again. */
    private Path rebuilt(Path deb, String versionSuffix) throws Exception {
        Path tree = logs.resolve("rebuild-" + deb.getFileName());
        run("rm", "-rf", tree.toString());
        assertThat(run("dpkg-deb", "--raw-extract", deb.toString(), tree.toString()).code()).isZero();
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replaceFirst("(?m)^(Version: .+)$", "$1" + versionSuffix));
        try (Stream<Path> configs = Files.list(tree.resolve("etc/glassprobe"))) {
            for (Path yaml : configs.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.writeString(yaml, Files.readString(yaml) + "# rebuilt for the upgrade test\n");
            }
        }
        StringBuilder md5sums = new StringBuilder();
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path f : all.filter(Files::isRegularFile).filter(f -> !f.startsWith(tree.resolve("DEBIAN"))).sorted()
                    .toList()) {
                md5sums.append(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(f))))
                        .append("  ").append(tree.relativize(f)).append('\n');
            }
        }
        Files.writeString(tree.resolve("DEBIAN/md5sums"), md5sums);
        Path out = logs.resolve(deb.getFileName().toString().replace("_all.deb", versionSuffix + "_all.deb"));
        Result build = run("dpkg-deb", "-Zgzip", "--build", tree.toString(), out.toString());
        assertThat(build.code()).as(build.out()).isZero();
        return out;
    }

    /** Starts the unit's ExecStart as systemd would, apart from the file-system sandbox (see the class). */
    private Service start(String pkg, String name) throws Exception {
        SystemdUnit unit = SystemdUnit.read(UNITS.resolve(pkg + ".service"));
        String user = unit.one("Service.User");
        assertThat(unit.one("Service.NoNewPrivileges")).isEqualTo("yes");
        assertThat(unit.one("Service.CapabilityBoundingSet")).isEmpty();
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + user,
                "--regid=" + unit.one("Service.Group"), "--init-groups", "--no-new-privs", "--inh-caps=-all",
                "--bounding-set=-all", "/bin/sh", "-c", "umask " + unit.one("Service.UMask") + " && exec \"$@\"",
                "sh"));
        command.addAll(unit.execStart());
        ProcessBuilder builder = new ProcessBuilder(command).directory(new java.io.File(unit.one("Service.WorkingDirectory")))
                .redirectOutput(logs.resolve(name + ".out").toFile()).redirectError(logs.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", STATE.resolve(part(pkg)).toString());
        env.put("USER", user);
        env.put("LOGNAME", user);
        env.putAll(unit.environment());
        env.putAll(unit.environmentFile());
        Process process = builder.start();
        started.add(process);
        return new Service(name, process, logs.resolve(name + ".out"), logs.resolve(name + ".log"));
    }

    private void awaitReady(String apiUrl) {
        await("the API's /readyz").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(apiUrl + "/readyz")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).as("%s holds the commented lines an operator would change", file).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    private static String owner(Path path) throws IOException {
        return Files.readAttributes(path, PosixFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                .owner().getName();
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static boolean installed(String pkg) throws Exception {
        return status(pkg).equals("installed");
    }

    /** dpkg's state of a package ("installed", "config-files" after a remove …); empty when it does not know it. */
    private static String status(String pkg) throws Exception {
        Result status = run("dpkg-query", "-W", "-f", "${db:Status-Status}", pkg);
        return status.code() == 0 ? status.out().strip() : "";
    }

    record Result(int code, String out) {
    }

    private static Result run(String... command) throws Exception {
        return run(List.of(command), Map.of());
    }

    /** Runs a command to its end (at most 5 minutes), standard error merged into the output. */
    private static Result run(List<String> command, Map<String, String> extraEnv) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("GLASSPROBE_ADMIN_TOKEN");
        builder.environment().putAll(new LinkedHashMap<>(extraEnv));
        Process p = builder.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not end within 5 minutes");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** A process started from a unit, with its standard output and log in files under target/packages-it. */
    private record Service(String name, Process process, Path outFile, Path logFile) {

        String out() {
            return read(outFile);
        }

        int awaitLog(Pattern pattern) {
            return Integer.parseInt(awaitIn(logFile, pattern));
        }

        String awaitOut(Pattern pattern) {
            return awaitIn(outFile, pattern);
        }

        private String awaitIn(Path file, Pattern pattern) {
            String[] found = new String[1];
            await(name + " writes " + pattern + " to " + file).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        assertThat(process.isAlive()).as("%s is running; its log: %s", name, read(logFile)).isTrue();
                        Matcher m = pattern.matcher(read(file));
                        if (m.find()) {
                            found[0] = m.group(1);
                            return true;
                        }
                        return false;
                    });
            return found[0];
        }

        /** SIGTERM, as systemctl stop sends, and the clean-stop status the unit accepts. */
        void stop() throws InterruptedException {
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s stops within 30 s", name).isTrue();
            assertThat(process.exitValue()).as("%s's status after SIGTERM; its log: %s", name, read(logFile))
                    .isIn(0, 143);
        }

        private static String read(Path file) {
            try {
                return Files.exists(file) ? Files.readString(file) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
