package org.glassprobe.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * This machine's podman as the tests drive it: the OCI runtime that can start a container here, and
 * rlimits this machine lets root give a container.
 *
 * <p>Both are found, not assumed: on these machines crun refuses the kernel's hybrid cgroups layout and
 * podman's default rlimits (a million open files) are more than root may set without CAP_SYS_RESOURCE,
 * while runc with the limits this process has starts containers.
 *
 * @param runtime      the OCI runtime given to podman, or empty for podman's own choice
 * @param fileLimit    the open-files limit given to each container
 * @param processLimit the processes limit given to each container
 */
record Podman(Optional<String> runtime, long fileLimit, long processLimit) {
    /** Higher than any of these programs needs, and within what these machines allow. */
    private static final long LIMIT_CAP = 16_384;

    /**
     * Finds how to start a container of {@code image} here: podman's own runtime, then runc. Empty,
     * with each attempt's failure in {@code failures}, when neither can.
     */
    static Optional<Podman> find(String image, List<String> failures) throws IOException, InterruptedException {
        long files = Math.min(LIMIT_CAP, hardLimit("Max open files"));
        long processes = Math.min(LIMIT_CAP, hardLimit("Max processes"));
        List<Optional<String>> runtimes = new ArrayList<>(List.of(Optional.empty()));
        if (Command.onPath("runc")) {
            runtimes.add(Optional.of("runc"));
        }
        for (Optional<String> runtime : runtimes) {
            Podman podman = new Podman(runtime, files, processes);
            List<String> run = new ArrayList<>(List.of("run", "--rm"));
            run.addAll(podman.runOptions());
            run.addAll(List.of(image, "true"));
            Command.Result tried = podman.run(Duration.ofMinutes(1), run);
            if (tried.ok()) {
                return Optional.of(podman);
            }
            failures.add(tried.describe());
        }
        return Optional.empty();
    }

    /**
     * The options of every {@code podman run}: the host's network, so that the test reaches the programs
     * on 127.0.0.1 and changes no firewall rule or bridge of this machine, and the rlimits found.
     */
    List<String> runOptions() {
        return List.of("--network", "host", "--ulimit", "nofile=" + fileLimit + ":" + fileLimit,
                "--ulimit", "nproc=" + processLimit + ":" + processLimit);
    }

    /** Runs {@code podman ARGS} with this runtime, within {@code limit}. */
    Command.Result run(Duration limit, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("podman"));
        runtime.ifPresent(r -> command.addAll(List.of("--runtime", r)));
        command.addAll(args);
        return Command.run(limit, command);
    }

    Command.Result run(Duration limit, String... args) throws IOException, InterruptedException {
        return run(limit, List.of(args));
    }

    /** This process's hard limit named {@code name} in /proc/self/limits ("unlimited" as Long.MAX_VALUE). */
    private static long hardLimit(String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith(name)) {
                String[] fields = line.substring(name.length()).trim().split("\\s+");
                return "unlimited".equals(fields[1]) ? Long.MAX_VALUE : Long.parseLong(fields[1]);
            }
        }
        throw new IOException("no \"" + name + "\" in /proc/self/limits");
    }
}
