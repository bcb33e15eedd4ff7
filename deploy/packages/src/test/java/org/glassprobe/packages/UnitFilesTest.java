package org.glassprobe.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.glassprobe.local.LocalNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitFilesTest {
    private static final Path DEB = Path.of("src/deb");

    @ParameterizedTest
    @CsvSource({"glassprobe-api, api", "glassprobe-probe, probe"})
    void units_start_the_programs_with_the_jvm_options_the_benchmarks_measured(String pkg, String part)
            throws Exception {
        SystemdUnit unit = SystemdUnit.read(DEB.resolve(pkg).resolve(pkg + ".service"));
        List<String> expected = part.equals("api") ? LocalNetwork.API_JVM_OPTIONS : LocalNetwork.PROBE_JAVA_OPTIONS;

        assertThat(SystemdUnit.words(unit.environment().get("JAVA_OPTS"))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"glassprobe-api, api, data-dir", "glassprobe-probe, probe, data"})
    void units_run_sandboxed_as_their_user_writing_only_the_state_their_config_names(String pkg, String part,
            String dataKey) throws Exception {
        SystemdUnit unit = SystemdUnit.read(DEB.resolve(pkg).resolve(pkg + ".service"));
        String state = "/var/lib/glassprobe/" + part;

        assertThat(unit.one("Service.User")).isEqualTo(pkg);
        assertThat(unit.one("Service.NoNewPrivileges")).isEqualTo("yes");
        assertThat(unit.one("Service.ProtectSystem")).isEqualTo("strict");
        assertThat(unit.one("Service.PrivateTmp")).isEqualTo("yes");
        assertThat(unit.one("Service.ReadWritePaths")).isEqualTo(state);
        assertThat(unit.one("Service.WorkingDirectory")).isEqualTo(state);
        assertThat(unit.one("Service.Restart")).isEqualTo("on-failure");
        assertThat(unit.one("Service.RestartPreventExitStatus")).isEqualTo("2");
        assertThat(unit.one("Service.MemoryMax")).isEqualTo("1G");
        assertThat(unit.execStart()).containsSubsequence("--config", "/etc/glassprobe/" + part + ".yaml");
        String config = Files.readString(DEB.resolve(pkg).resolve(part + ".yaml"));
        assertThat(Pattern.compile("(?m)^" + Pattern.quote(dataKey) + ": (.+)$").matcher(config).results()
                .map(m -> m.group(1).strip()).toList()).containsExactly(state);
    }

    @ParameterizedTest
    @CsvSource({"glassprobe-api, 384", "glassprobe-probe, 128"})
    void the_memory_limit_leaves_room_above_the_heap(String pkg, int heapMiB) throws Exception {
        SystemdUnit unit = SystemdUnit.read(DEB.resolve(pkg).resolve(pkg + ".service"));
        String high = unit.one("Service.MemoryHigh");

        assertThat(high).endsWith("M");
        assertThat(Integer.parseInt(high.substring(0, high.length() - 1))).isGreaterThanOrEqualTo(2 * heapMiB);
        assertThat(SystemdUnit.words(unit.environment().get("JAVA_OPTS"))).contains("-Xmx" + heapMiB + "m");
    }
}
