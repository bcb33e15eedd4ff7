package org.glassprobe.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.glassprobe.kubernetes.ManifestReader.Manifest;
import org.glassprobe.local.LocalNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the manifests in deploy/kubernetes beyond their schema: what the API and the probes need
 * to run as the docs say (replicas on PostgreSQL, health endpoints, one probe per region with its
 * state kept), and what makes objects fit together (selectors, Services, Secrets, volumes).
 */
class KubernetesManifestsTest {
    /** The module's folder is the manifests' folder (Surefire runs in it). */
    private static final Path FOLDER = Path.of("");
    private static final String KUSTOMIZATION = "kustomization.yaml";
    private static final String API = "glassprobe-api";
    private static final String PLACEHOLDER = "REPLACE-ME";
    private static final String PROBE_STATE = "/var/lib/glassprobe/probe";
    private static final int PROBE_PORT = 9116;
    private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");

    private static List<Path> files;
    private static List<Manifest> manifests;

    /** A Kustomization as far as these manifests use it; any other field is refused. */
    record Kustomization(String apiVersion, String kind, List<String> resources) {}

    /** A Deployment or a StatefulSet, by what the checks need of either. */
    record Workload(String kind, String name, Integer replicas, LabelSelector selector, PodTemplateSpec template) {
        PodSpec pod() {
            return template.getSpec();
        }

        /** Init containers first, as the kubelet starts them. */
        List<Container> containers() {
            return Stream.concat(pod().getInitContainers().stream(), pod().getContainers().stream()).toList();
        }

        Container container(String name) {
            return containers().stream().filter(c -> c.getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(this.name + " has no container " + name));
        }

        @Override
        public String toString() {
            return kind + " " + name;
        }
    }

    @BeforeAll
    static void readEveryManifest() throws IOException, InvalidManifestException {
        try (Stream<Path> listing = Files.list(FOLDER.toAbsolutePath())) {
            files = listing.map(Path::getFileName)
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .filter(f -> !f.toString().equals(KUSTOMIZATION))
                    .sorted()
                    .toList();
        }
        ManifestReader reader = new ManifestReader();
        List<Manifest> all = new ArrayList<>();
        for (Path file : files) {
            all.addAll(reader.read(file));
        }
        manifests = List.copyOf(all);
    }

    @Test
    void kustomization_lists_every_manifest_once_so_both_ways_of_applying_agree() throws Exception {
        Kustomization kustomization = new ManifestReader().readAs(FOLDER.resolve(KUSTOMIZATION), Kustomization.class);

        assertThat(kustomization.apiVersion()).isEqualTo("kustomize.config.k8s.io/v1beta1");
        assertThat(kustomization.kind()).isEqualTo("Kustomization");
        assertThat(kustomization.resources()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(files.stream().map(Path::toString).toList());
    }

    @Test
    void every_file_holds_named_objects_unique_per_kind_and_no_namespace() {
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(manifests).as(file.toString()).anyMatch(m -> m.file().equals(file));
        }
        assertThat(manifests.stream().map(m -> m.object().getKind() + "/" + m.object().getMetadata().getName()))
                .doesNotHaveDuplicates();
        // kubectl -n or kustomize's namespace: chooses it, so one set of files serves any namespace
        assertThat(manifests).allSatisfy(m -> assertThat(m.object().getMetadata().getNamespace())
                .as(describe(m)).isNull());
    }

    @Test
    void every_container_requests_cpu_and_memory_and_has_a_memory_limit_not_below_its_request() {
        for (Workload workload : workloads()) {
            for (Container container : workload.containers()) {
                String what = workload + " container " + container.getName();
                assertThat(container.getResources()).as(what).isNotNull();
                Map<String, Quantity> requests = container.getResources().getRequests();
                Map<String, Quantity> limits = container.getResources().getLimits();
                assertThat(requests).as(what + " requests").containsKeys("cpu", "memory");
                assertThat(limits).as(what + " limits").containsKey("memory");
                assertThat(bytes(limits.get("memory"))).as(what + " memory limit")
                        .isGreaterThanOrEqualTo(bytes(requests.get("memory")));
                assertThat(Quantity.getAmountInBytes(requests.get("cpu"))).as(what + " cpu request").isPositive();
            }
        }
    }

    @Test
    void glassprobe_jvms_start_with_the_measured_options_and_fit_in_their_memory_request() {
        Map<String, List<String>> measured = Map.of(
                "glassprobe/api:", LocalNetwork.API_JVM_OPTIONS,
                "glassprobe/probe:", LocalNetwork.PROBE_JAVA_OPTIONS);
        int jvms = 0;
        for (Workload workload : workloads()) {
            for (Container container : workload.containers()) {
                Optional<List<String>> expected = measured.entrySet().stream()
                        .filter(e -> container.getImage().startsWith(e.getKey())).map(Map.Entry::getValue).findFirst();
                if (expected.isEmpty()) {
                    continue;
                }
                jvms++;
                String what = workload + " container " + container.getName();
                List<String> options = List.of(env(container, "JAVA_OPTS").orElseThrow(
                        () -> new AssertionError(what + " sets no JAVA_OPTS")).split(" +"));
                assertThat(options).as(what).isEqualTo(expected.get());
                long fixed = mib(options, "-Xmx") + mib(options, "-XX:MaxMetaspaceSize=")
                        + mib(options, "-XX:ReservedCodeCacheSize=");
                assertThat(bytes(container.getResources().getRequests().get("memory")))
                        .as(what + " memory request against heap, metaspace and code cache")
                        .isGreaterThanOrEqualTo(BigDecimal.valueOf(fixed << 20));
            }
        }
        assertThat(jvms).isGreaterThanOrEqualTo(1 + 2 * REGIONS.size());
    }

    @Test
    void the_api_runs_replicated_on_postgresql_with_clustered_jobs_and_its_secrets_from_a_secret() {
        Workload api = workload(API);
        Container container = api.container("api");

        assertThat(api.kind()).isEqualTo("Deployment");
        assertThat(api.replicas()).isGreaterThanOrEqualTo(2);
        assertThat(env(container, "GLASSPROBE_DB_URL")).hasValueSatisfying(url -> assertThat(url)
                .startsWith("jdbc:postgresql://"));
        assertThat(env(container, "GLASSPROBE_JOBS_CLUSTERED")).contains("true");
        for (String secret : List.of("GLASSPROBE_DB_PASSWORD", "GLASSPROBE_ADMIN_TOKEN")) {
            assertThat(secretRef(container, secret)).as(secret).isPresent();
        }
        PodDisruptionBudget budget = only(PodDisruptionBudget.class, API);
        assertThat(matches(budget.getSpec().getSelector(), api.template())).isTrue();
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isBetween(1, api.replicas() - 1);
    }

    @Test
    void the_api_is_ready_on_readyz_and_alive_on_healthz_at_the_port_it_listens_on() {
        Container api = workload(API).container("api");
        int listens = Integer.parseInt(env(api, "GLASSPROBE_API_PORT").orElse("8080"));

        assertThat(api.getPorts()).extracting(ContainerPort::getContainerPort).containsExactly(listens);
        assertThat(httpGet(api.getReadinessProbe(), "readiness")).satisfies(get -> {
            assertThat(get.getPath()).isEqualTo("/readyz");
            assertThat(port(api, get.getPort())).isEqualTo(listens);
        });
        assertThat(httpGet(api.getLivenessProbe(), "liveness")).satisfies(get -> {
            assertThat(get.getPath()).isEqualTo("/healthz");
            assertThat(port(api, get.getPort())).isEqualTo(listens);
        });
    }

    @Test
    void no_container_is_restarted_because_its_database_fails() {
        for (Workload workload : workloads()) {
            for (Container container : workload.containers()) {
                for (Probe probe : Stream.of(container.getLivenessProbe(), container.getStartupProbe())
                        .filter(p -> p != null && p.getHttpGet() != null).toList()) {
                    assertThat(probe.getHttpGet().getPath()).as(workload + " container " + container.getName())
                            .isNotEqualTo("/readyz");
                }
            }
        }
    }

    @Test
    void one_probe_deployment_per_region_with_distinct_names_enrolled_once() {
        List<Workload> probes = probes();
        List<String> regions = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Workload probe : probes) {
            Map<String, String> enrol = flags(enrolScript(probe));
            assertThat(probe.kind()).isEqualTo("Deployment");
            assertThat(probe.replicas()).as(probe.toString()).isEqualTo(1);
            assertThat(probe.name()).isEqualTo("glassprobe-probe-" + enrol.get("--region"));
            assertThat(enrol.get("--name")).startsWith(enrol.get("--region") + "-");
            // only then does enrol run: it refuses (exit 2) an identity that exists or a name taken
            assertThat(enrolScript(probe)).startsWith("[ -f " + enrol.get("--data") + "/probe.json ] || ");
            assertThat(enrol).containsEntry("--admin-token", "env");
            assertThat(secretRef(probe.container("enrol"), "GLASSPROBE_ADMIN_TOKEN")).isPresent();
            assertThat(env(probe.container("agent"), "GLASSPROBE_ADMIN_TOKEN")).as("the agent needs no admin token")
                    .isEmpty();
            assertThat(secretRef(probe.container("agent"), "GLASSPROBE_ADMIN_TOKEN")).isEmpty();
            regions.add(enrol.get("--region"));
            names.add(enrol.get("--name"));
        }
        assertThat(regions).containsExactlyInAnyOrderElementsOf(REGIONS);
        assertThat(names).doesNotHaveDuplicates();
    }

    @Test
    void each_probe_keeps_its_state_on_a_claim_of_its_own_where_enrol_and_agent_both_look() {
        Set<String> claims = new HashSet<>();
        for (Workload probe : probes()) {
            assertThat(probe.template().getMetadata().getLabels()).as(probe.toString()).isNotEmpty();
            assertThat(only(Deployment.class, probe.name()).getSpec().getStrategy().getType()).as(probe.toString())
                    .isEqualTo("Recreate");
            String enrolData = flags(enrolScript(probe)).get("--data");
            String agentData = flags(String.join(" ", probe.container("agent").getCommand())).get("--data");
            assertThat(enrolData).isEqualTo(agentData).isEqualTo(PROBE_STATE);
            for (Container container : List.of(probe.container("enrol"), probe.container("agent"))) {
                String claim = claimHolding(probe, container, agentData).orElseThrow(() -> new AssertionError(
                        probe + " container " + container.getName() + " has no claim mounted holding " + agentData));
                assertThat(manifests).as(probe + " claim " + claim).anyMatch(m ->
                        m.object() instanceof PersistentVolumeClaim pvc && pvc.getMetadata().getName().equals(claim));
                claims.add(claim);
            }
        }
        assertThat(claims).as("one claim per probe").hasSameSizeAs(probes());
    }

    @Test
    void the_probe_agent_serves_healthz_on_every_interface_at_the_port_liveness_checks() {
        for (Workload probe : probes()) {
            Container agent = probe.container("agent");
            assertThat(agent.getCommand()).as(probe.toString())
                    .startsWith("glassprobe-probe", "agent")
                    .containsSubsequence("--listen", "0.0.0.0:" + PROBE_PORT);
            HTTPGetAction get = httpGet(agent.getLivenessProbe(), probe + " liveness");
            assertThat(get.getPath()).isEqualTo("/healthz");
            assertThat(port(agent, get.getPort())).isEqualTo(PROBE_PORT);
        }
    }

    @Test
    void every_secret_reference_names_a_secret_and_a_key_in_the_manifests() {
        Map<String, Set<String>> keys = new HashMap<>();
        for (Secret secret : all(Secret.class)) {
            Set<String> names = new HashSet<>(secret.getStringData().keySet());
            names.addAll(secret.getData().keySet());
            keys.put(secret.getMetadata().getName(), names);
        }
        int references = 0;
        for (Workload workload : workloads()) {
            for (Container container : workload.containers()) {
                String what = workload + " container " + container.getName();
                for (EnvVar env : container.getEnv()) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        SecretKeySelector ref = env.getValueFrom().getSecretKeyRef();
                        assertThat(keys).as(what + " " + env.getName()).containsKey(ref.getName());
                        assertThat(keys.get(ref.getName())).as(what + " " + env.getName()).contains(ref.getKey());
                        assertThat(ref.getOptional()).as(what + " " + env.getName()).isNotEqualTo(Boolean.TRUE);
                        references++;
                    }
                }
                container.getEnvFrom().stream().filter(from -> from.getSecretRef() != null).forEach(from ->
                        assertThat(keys).as(what + " envFrom").containsKey(from.getSecretRef().getName()));
            }
            for (Volume volume : workload.pod().getVolumes()) {
                if (volume.getSecret() != null) {
                    assertThat(keys).as(workload + " volume " + volume.getName())
                            .containsKey(volume.getSecret().getSecretName());
                }
            }
        }
        assertThat(references).isPositive();
    }

    @Test
    void secrets_hold_placeholders_never_a_real_token() {
        assertThat(all(Secret.class)).isNotEmpty().allSatisfy(secret -> {
            assertThat(secret.getData()).as(secret.getMetadata().getName()).isEmpty();
            assertThat(secret.getStringData()).as(secret.getMetadata().getName()).isNotEmpty()
                    .allSatisfy((key, value) -> assertThat(value).as(key).isEqualTo(PLACEHOLDER));
        });
        // the API refuses an admin token this short, so nobody runs with the placeholder by mistake
        assertThat(PLACEHOLDER.length()).isLessThan(16);
    }

    @Test
    void each_workload_selects_its_own_pods_and_no_other_workloads() {
        List<Workload> workloads = workloads();
        for (Workload workload : workloads) {
            assertThat(workload.selector().getMatchExpressions()).as(workload.toString()).isEmpty();
            assertThat(workload.selector().getMatchLabels()).as(workload.toString()).isNotEmpty();
            for (Workload other : workloads) {
                assertThat(matches(workload.selector(), other.template()))
                        .as(workload + " selects the pods of " + other).isEqualTo(other == workload);
            }
        }
    }

    @Test
    void each_service_selects_pods_that_have_the_port_it_targets_and_the_api_service_only_the_api() {
        for (Service service : all(Service.class)) {
            List<Workload> selected = workloads().stream()
                    .filter(w -> matches(service.getSpec().getSelector(), w.template())).toList();
            assertThat(selected).as("pods of Service " + service.getMetadata().getName()).isNotEmpty();
            for (ServicePort servicePort : service.getSpec().getPorts()) {
                for (Workload workload : selected) {
                    assertThat(workload.pod().getContainers()).as(service.getMetadata().getName() + " targets "
                            + workload).anyMatch(c -> port(c, servicePort.getTargetPort()) != null);
                }
            }
        }
        List<Workload> apiPods = workloads().stream()
                .filter(w -> matches(only(Service.class, API).getSpec().getSelector(), w.template())).toList();
        assertThat(apiPods).extracting(Workload::name).containsExactly(API);
    }

    @Test
    void addresses_in_the_manifests_name_services_and_ports_that_exist() {
        List<URI> addresses = new ArrayList<>();
        addresses.add(URI.create(env(workload(API).container("api"), "GLASSPROBE_DB_URL").orElseThrow()
                .substring("jdbc:".length())));
        for (Workload probe : probes()) {
            addresses.add(URI.create(flags(enrolScript(probe)).get("--api")));
        }
        for (URI address : addresses) {
            int port = address.getPort() != -1 ? address.getPort() : address.getScheme().equals("https") ? 443 : 80;
            Service service = only(Service.class, address.getHost());
            assertThat(service.getSpec().getPorts()).as(address.toString())
                    .anyMatch(p -> p.getPort() == port);
        }
    }

    @Test
    void images_name_a_version_never_latest() {
        for (Workload workload : workloads()) {
            for (Container container : workload.containers()) {
                String image = container.getImage();
                String tag = image.substring(image.lastIndexOf('/') + 1);
                assertThat(tag).as(workload + " image " + image).contains(":");
                assertThat(tag.substring(tag.indexOf(':') + 1)).as(workload + " image " + image)
                        .isNotBlank().isNotEqualTo("latest");
            }
        }
    }

    @Test
    void pods_run_as_the_uid_and_gid_the_images_of_deploy_container_create() throws Exception {
        for (Workload workload : workloads()) {
            String image = workload.pod().getContainers().get(0).getImage();
            String program = image.startsWith("glassprobe/api:") ? "api"
                    : image.startsWith("glassprobe/probe:") ? "probe" : null;
            if (program == null) {
                continue;
            }
            java.util.regex.Matcher user = java.util.regex.Pattern.compile("(?m)^USER (\\d+):(\\d+)$")
                    .matcher(java.nio.file.Files.readString(Path.of("../container", program, "Containerfile")));
            assertThat(user.find()).as("deploy/container/%s/Containerfile has USER uid:gid", program).isTrue();
            PodSecurityContext pod = workload.pod().getSecurityContext();
            assertThat(pod.getRunAsUser()).as(workload.toString()).isEqualTo(Long.parseLong(user.group(1)));
            assertThat(pod.getRunAsGroup()).as(workload.toString()).isEqualTo(Long.parseLong(user.group(2)));
        }
    }

    @Test
    void containers_run_as_non_root_with_no_privileges_on_a_read_only_root() {
        for (Workload workload : workloads()) {
            PodSecurityContext pod = workload.pod().getSecurityContext();
            assertThat(pod).as(workload.toString()).isNotNull();
            assertThat(pod.getRunAsNonRoot()).as(workload.toString()).isTrue();
            // numeric, so that the kubelet can check runAsNonRoot whatever the image calls its user
            assertThat(pod.getRunAsUser()).as(workload.toString()).isPositive();
            assertThat(workload.pod().getAutomountServiceAccountToken()).as(workload.toString()).isFalse();
            for (Container container : workload.containers()) {
                String what = workload + " container " + container.getName();
                SecurityContext security = container.getSecurityContext();
                assertThat(security).as(what).isNotNull();
                assertThat(security.getAllowPrivilegeEscalation()).as(what).isFalse();
                assertThat(security.getPrivileged()).as(what).isNotEqualTo(Boolean.TRUE);
                assertThat(security.getReadOnlyRootFilesystem()).as(what).isTrue();
                assertThat(security.getCapabilities().getDrop()).as(what).containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).as(what).isEmpty();
                assertThat(container.getVolumeMounts()).as(what + " has a writable /tmp")
                        .anyMatch(m -> m.getMountPath().equals("/tmp") && isEmptyDir(workload, m));
            }
        }
    }

    // -- reading the objects

    private static <T extends HasMetadata> List<T> all(Class<T> kind) {
        return manifests.stream().map(Manifest::object).filter(kind::isInstance).map(kind::cast).toList();
    }

    private static <T extends HasMetadata> T only(Class<T> kind, String name) {
        List<T> found = all(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
        assertThat(found).as(kind.getSimpleName() + " " + name).hasSize(1);
        return found.get(0);
    }

    private static List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        for (Deployment d : all(Deployment.class)) {
            workloads.add(new Workload("Deployment", d.getMetadata().getName(), d.getSpec().getReplicas(),
                    d.getSpec().getSelector(), d.getSpec().getTemplate()));
        }
        for (StatefulSet s : all(StatefulSet.class)) {
            workloads.add(new Workload("StatefulSet", s.getMetadata().getName(), s.getSpec().getReplicas(),
                    s.getSpec().getSelector(), s.getSpec().getTemplate()));
        }
        assertThat(workloads).isNotEmpty();
        return workloads;
    }

    private static Workload workload(String name) {
        return workloads().stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no workload " + name));
    }

    /** The workloads that run the probe's image. */
    private static List<Workload> probes() {
        List<Workload> probes = workloads().stream()
                .filter(w -> w.containers().stream().anyMatch(c -> c.getImage().startsWith("glassprobe/probe:")))
                .toList();
        assertThat(probes).isNotEmpty();
        return probes;
    }

    private static String enrolScript(Workload probe) {
        List<String> command = probe.container("enrol").getCommand();
        assertThat(command).as(probe + " enrol").hasSize(3).startsWith("/bin/sh", "-c");
        return command.get(2);
    }

    /** A command line's {@code --flag value} and {@code --flag=value} pairs. */
    private static Map<String, String> flags(String commandLine) {
        Map<String, String> flags = new HashMap<>();
        String[] words = commandLine.trim().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            if (words[i].startsWith("--") && words[i].contains("=")) {
                flags.put(words[i].substring(0, words[i].indexOf('=')), words[i].substring(words[i].indexOf('=') + 1));
            } else if (words[i].startsWith("--") && i + 1 < words.length && !words[i + 1].startsWith("--")) {
                flags.put(words[i], words[++i]);
            }
        }
        return flags;
    }

    private static Optional<String> env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name) && e.getValue() != null)
                .map(EnvVar::getValue).findFirst();
    }

    private static Optional<SecretKeySelector> secretRef(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name) && e.getValueFrom() != null)
                .map(e -> e.getValueFrom().getSecretKeyRef()).filter(Objects::nonNull).findFirst();
    }

    private static HTTPGetAction httpGet(Probe probe, String what) {
        assertThat(probe).as(what).isNotNull();
        assertThat(probe.getHttpGet()).as(what + " httpGet").isNotNull();
        return probe.getHttpGet();
    }

    /** The container port a probe's or Service's port names (a number, or a port's name); null when none. */
    private static Integer port(Container container, IntOrString port) {
        return container.getPorts().stream()
                .filter(p -> port.getIntVal() != null ? p.getContainerPort().equals(port.getIntVal())
                        : port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst().orElse(null);
    }

    /** Whether the selector's labels are all on the template's pods. */
    private static boolean matches(LabelSelector selector, PodTemplateSpec template) {
        return matches(selector.getMatchLabels(), template);
    }

    private static boolean matches(Map<String, String> labels, PodTemplateSpec template) {
        return !labels.isEmpty() && template.getMetadata().getLabels().entrySet().containsAll(labels.entrySet());
    }

    /** The claim mounted in {@code container} at {@code path} or a folder above it. */
    private static Optional<String> claimHolding(Workload workload, Container container, String path) {
        for (VolumeMount mount : container.getVolumeMounts()) {
            String at = mount.getMountPath().endsWith("/") ? mount.getMountPath() : mount.getMountPath() + "/";
            if (path.equals(mount.getMountPath()) || path.startsWith(at)) {
                Optional<String> claim = workload.pod().getVolumes().stream()
                        .filter(v -> v.getName().equals(mount.getName()) && v.getPersistentVolumeClaim() != null)
                        .map(v -> v.getPersistentVolumeClaim().getClaimName()).findFirst();
                if (claim.isPresent()) {
                    return claim;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isEmptyDir(Workload workload, VolumeMount mount) {
        return workload.pod().getVolumes().stream()
                .anyMatch(v -> v.getName().equals(mount.getName()) && v.getEmptyDir() != null);
    }

    private static BigDecimal bytes(Quantity quantity) {
        assertThat(quantity).isNotNull();
        return Quantity.getAmountInBytes(quantity);
    }

    /** The MiB an option such as {@code -Xmx384m} sets; 0 when it is absent. */
    private static long mib(List<String> options, String prefix) {
        Pattern size = Pattern.compile(Pattern.quote(prefix) + "(\\d+)([mMgG])");
        for (String option : options) {
            Matcher m = size.matcher(option);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return m.group(2).equalsIgnoreCase("g") ? n * 1024 : n;
            }
        }
        return 0;
    }

    private static String describe(Manifest manifest) {
        return manifest.file() + " document " + manifest.document() + " (" + manifest.object().getKind() + " "
                + manifest.object().getMetadata().getName() + ")";
    }
}
