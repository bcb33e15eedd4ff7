package org.glassprobe.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/container/compose.yaml and the load balancer's nginx config, read as the network they describe:
 * PostgreSQL, two API replicas clustered on it, nginx in front of them, the demo site, three probes in
 * three regions behind the load balancer, each with a healthcheck and its state in a volume. The nginx
 * config is checked by Debian's nginx ({@code nginx -t}) in a prefix under target/.
 */
class ComposeFileTest {
    private static final Path DIR = Path.of("").toAbsolutePath();
    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Pattern ARG_BASE = Pattern.compile("(?m)^ARG BASE=(\\S+)$");
    private static final Pattern VOLUME = Pattern.compile("(?m)^VOLUME (\\S+)$");

    private static JsonNode compose;
    private static Map<String, JsonNode> services;

    @BeforeAll
    static void readTheComposeFile() throws IOException {
        compose = new YAMLMapper().readTree(DIR.resolve("compose.yaml").toFile());
        services = new TreeMap<>();
        for (Map.Entry<String, JsonNode> service : compose.path("services").properties()) {
            services.put(service.getKey(), service.getValue());
        }
    }

    @Test
    void postgres_keeps_its_data_in_a_named_volume_and_says_when_it_is_ready() {
        JsonNode postgres = services.get("postgres");
        assertThat(postgres).as("a postgres service").isNotNull();
        assertThat(postgres.path("image").asText()).startsWith("docker.io/library/postgres:");
        assertThat(texts(postgres.path("volumes"))).containsExactly("postgres-data:/var/lib/postgresql/data");
        assertThat(namedVolumes()).contains("postgres-data");
        assertThat(postgres.path("environment").path("POSTGRES_DB").asText()).isEqualTo("glassprobe");
        assertThat(texts(postgres.path("healthcheck").path("test"))).contains("pg_isready");
    }

    @Test
    void two_api_replicas_share_one_postgresql_with_clustered_jobs_and_one_admin_token() {
        List<String> apis = built("api");
        assertThat(apis).containsExactly("api-1", "api-2");
        Set<String> dbUrls = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (String name : apis) {
            JsonNode env = services.get(name).path("environment");
            dbUrls.add(env.path("GLASSPROBE_DB_URL").asText());
            tokens.add(env.path("GLASSPROBE_ADMIN_TOKEN").asText());
            assertThat(env.path("GLASSPROBE_JOBS_CLUSTERED").asText()).as(name).isEqualTo("true");
            assertThat(env.path("GLASSPROBE_DB_PASSWORD").asText()).as(name)
                    .isEqualTo(services.get("postgres").path("environment").path("POSTGRES_PASSWORD").asText());
            assertThat(services.get(name).path("depends_on").path("postgres").path("condition").asText())
                    .isEqualTo("service_healthy");
            assertThat(texts(services.get(name).path("healthcheck").path("test"))).as(name).contains("/readyz");
        }
        assertThat(dbUrls).containsExactly("jdbc:postgresql://postgres:5432/glassprobe");
        assertThat(tokens).hasSize(1).allSatisfy(t -> assertThat(t).startsWith("${GLASSPROBE_ADMIN_TOKEN:?"));
    }

    @Test
    void the_load_balancer_runs_nginx_with_this_config_in_front_of_exactly_the_api_replicas() throws IOException {
        JsonNode lb = services.get("lb");
        assertThat(lb.path("image").asText()).startsWith("docker.io/library/nginx:");
        assertThat(texts(lb.path("volumes")))
                .contains("./nginx/glassprobe-lb.conf:/etc/nginx/conf.d/default.conf:ro");
        assertThat(lb.path("depends_on").path("api-1").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(lb.path("depends_on").path("api-2").path("condition").asText()).isEqualTo("service_healthy");

        // Its directives, without the comments (which may name what is left out).
        String conf = Files.readString(DIR.resolve("nginx/glassprobe-lb.conf")).replaceAll("(?m)#.*$", "");
        Matcher servers = Pattern.compile("(?m)^\\s*server (\\S+):8080 max_fails=\\d+ fail_timeout=\\d+s;").matcher(conf);
        List<String> upstream = new ArrayList<>();
        while (servers.find()) {
            upstream.add(servers.group(1));
        }
        assertThat(upstream).as("the upstream's servers, with passive health checks").isEqualTo(built("api"));
        assertThat(conf).contains("listen 8080;");
        // The probes' routes: a frozen replica gets so little time that the retry on the other one still ends
        // within the probe's own 10 s bound on a call, and a result batch (a POST) may be retried there.
        String probeRoutes = block(conf, "location /api/v1/probe/ {");
        Matcher read = Pattern.compile("proxy_read_timeout (\\d+)s;").matcher(probeRoutes);
        Matcher overall = Pattern.compile("proxy_next_upstream_timeout (\\d+)s;").matcher(probeRoutes);
        assertThat(read.find()).isTrue();
        assertThat(overall.find()).isTrue();
        assertThat(probeRoutes).contains("proxy_next_upstream error timeout http_502 http_503 http_504 non_idempotent;",
                "proxy_next_upstream_tries 2;");
        assertThat(2 * Long.parseLong(read.group(1))).isLessThanOrEqualTo(Long.parseLong(overall.group(1)));
        assertThat(Duration.ofSeconds(Long.parseLong(overall.group(1)))).isLessThan(Duration.ofSeconds(10));
        // The long polls wait on purpose (the command channel 25 s, a journey's reader 20 s): longer than the
        // probes' 4 s, and a slow answer is not sent to the other replica.
        String longPolls = block(conf, "location ~ ^/api/v1/probe/(commands|journeys/) {");
        assertThat(longPolls).contains("proxy_read_timeout 35s;", "proxy_next_upstream error http_502 http_503 http_504;");
        // Everything else: the admin's POSTs are not repeated.
        assertThat(block(conf, "location / {")).contains("proxy_next_upstream error timeout http_502 http_503 http_504;")
                .doesNotContain("non_idempotent");
    }

    /** The text of the block that opens with {@code opening}, to its matching closing brace. */
    private static String block(String conf, String opening) {
        int start = conf.indexOf(opening);
        assertThat(start).as("the config has %s", opening).isNotNegative();
        int depth = 0;
        for (int i = start; i < conf.length(); i++) {
            if (conf.charAt(i) == '{') {
                depth++;
            } else if (conf.charAt(i) == '}' && --depth == 0) {
                return conf.substring(start, i + 1);
            }
        }
        throw new AssertionError(opening + " is not closed");
    }

    @Test
    void three_probes_in_distinct_regions_reach_the_api_through_the_load_balancer_and_keep_their_identity_in_volumes()
            throws IOException {
        List<String> probes = built("probe");
        assertThat(probes).hasSize(3);
        Set<String> regions = new HashSet<>();
        Set<String> names = new HashSet<>();
        Set<String> probeVolumes = new HashSet<>();
        String probeData = only(VOLUME, containerfile("probe"));
        for (String name : probes) {
            JsonNode probe = services.get(name);
            JsonNode env = probe.path("environment");
            regions.add(env.path("GLASSPROBE_PROBE_REGION").asText());
            names.add(env.path("GLASSPROBE_PROBE_NAME").asText());
            assertThat(env.path("GLASSPROBE_API_URL").asText()).as(name).isEqualTo("http://lb:8080");
            assertThat(env.path("GLASSPROBE_ADMIN_TOKEN").asText()).as("%s enrols itself", name)
                    .isEqualTo(services.get("api-1").path("environment").path("GLASSPROBE_ADMIN_TOKEN").asText());
            assertThat(texts(probe.path("command"))).as(name)
                    .containsExactly("agent", "--var", "target=http://demo-site:8081");
            List<String> mounts = texts(probe.path("volumes"));
            assertThat(mounts).as(name).hasSize(1);
            String[] mount = mounts.get(0).split(":");
            assertThat(mount[1]).as("%s's state, where the image declares it", name).isEqualTo(probeData);
            probeVolumes.add(mount[0]);
            assertThat(probe.path("depends_on").path("lb").path("condition").asText()).isEqualTo("service_healthy");
        }
        assertThat(regions).hasSize(3).doesNotContain("");
        assertThat(names).hasSize(3).doesNotContain("");
        assertThat(probeVolumes).as("one named volume for each probe").hasSize(3);
        assertThat(namedVolumes()).containsAll(probeVolumes);
    }

    @Test
    void the_demo_site_is_built_here_and_every_service_has_a_healthcheck() {
        assertThat(built("demo-site")).containsExactly("demo-site");
        assertThat(texts(services.get("demo-site").path("healthcheck").path("test"))).contains("/health");
        assertThat(services).allSatisfy((name, service) -> {
            assertThat(service.path("healthcheck").path("test").isArray()).as("%s's healthcheck", name).isTrue();
            assertThat(service.path("restart").asText()).as(name).isEqualTo("unless-stopped");
        });
    }

    @Test
    void builds_use_the_containerfiles_of_this_folder_with_their_own_default_base() throws IOException {
        for (var entry : services.entrySet()) {
            JsonNode build = entry.getValue().path("build");
            if (build.isMissingNode()) {
                continue;
            }
            assertThat(DIR.resolve(build.path("context").asText()).normalize()).as(entry.getKey())
                    .isEqualTo(DIR.resolve("../..").normalize());
            Path containerfile = DIR.resolve("../..").resolve(build.path("dockerfile").asText()).normalize();
            assertThat(containerfile).isRegularFile();
            String base = only(ARG_BASE, Files.readString(containerfile));
            assertThat(build.path("args").path("BASE").asText()).as(entry.getKey())
                    .isEqualTo("${GLASSPROBE_JAVA_BASE:-" + base + "}");
        }
    }

    @Test
    void nginx_accepts_the_load_balancer_config() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(NGINX), "needs Debian's nginx: deploy/setup-debian installs it");
        Command.Result checked = nginxTest(Files.readString(DIR.resolve("nginx/glassprobe-lb.conf")), "lb");
        assertThat(checked.ok()).as(checked::describe).isTrue();
        assertThat(checked.out()).contains("test is successful");
    }

    @Test
    void nginx_check_refuses_a_broken_config() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(NGINX), "needs Debian's nginx: deploy/setup-debian installs it");
        String conf = Files.readString(DIR.resolve("nginx/glassprobe-lb.conf"));
        Command.Result checked = nginxTest(conf.replace("proxy_read_timeout", "proxy_read_timeuot"), "broken");
        assertThat(checked.code()).as(checked::describe).isNotZero();
        assertThat(checked.out()).contains("unknown directive \"proxy_read_timeuot\"");
    }

    /**
     * Runs {@code nginx -t} on {@code conf} inside an http block, as the nginx image includes it, with every
     * path (pid, logs, temp files) under target/, so that the machine's own nginx is not touched. The
     * replicas' names resolve only on the compose network: here they become 127.0.0.1, which the
     * upstream test above has checked are exactly the compose services.
     */
    private static Command.Result nginxTest(String conf, String name) throws IOException, InterruptedException {
        Path prefix = Files.createDirectories(DIR.resolve("target/nginx-" + name));
        String local = conf;
        for (String api : built("api")) {
            local = local.replace("server " + api + ":", "server 127.0.0.1:");
        }
        Files.writeString(prefix.resolve("glassprobe-lb.conf"), local);
        Files.writeString(prefix.resolve("nginx.conf"), """
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events {}
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include %1$s/glassprobe-lb.conf;
                }
                """.formatted(prefix));
        return Command.run(Duration.ofSeconds(30), List.of(NGINX.toString(), "-t", "-p", prefix + "/",
                "-e", prefix.resolve("error.log").toString(), "-c", prefix.resolve("nginx.conf").toString()));
    }

    /** The services built from deploy/container/PROGRAM/Containerfile, sorted by name. */
    private static List<String> built(String program) {
        return services.entrySet().stream()
                .filter(e -> e.getValue().path("build").path("dockerfile").asText()
                        .equals("deploy/container/" + program + "/Containerfile"))
                .map(Map.Entry::getKey).sorted().toList();
    }

    private static Set<String> namedVolumes() {
        Set<String> names = new HashSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String containerfile(String program) throws IOException {
        return Files.readString(DIR.resolve(program + "/Containerfile"));
    }

    private static String only(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("%s in the Containerfile", pattern).isTrue();
        String found = m.group(1);
        assertThat(m.find()).as("only one %s", pattern).isFalse();
        return found;
    }

    private static List<String> texts(JsonNode node) {
        List<String> all = new ArrayList<>();
        node.forEach(n -> all.add(n.asText()));
        return all;
    }
}
