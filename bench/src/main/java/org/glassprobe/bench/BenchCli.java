package org.glassprobe.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code glassprobe-bench}: benchmarks that print numbers. They are never part of the test run. */
@Command(name = "glassprobe-bench", mixinStandardHelpOptions = true,
        description = "glassprobe's benchmarks: each prints medians and ratios against a baseline measured in"
                + " the same run.",
        subcommands = {LatencyTruthBenchmark.class, IngestBenchmark.class, BrowserBenchmark.class, PageBenchmark.class,
                DetectionBenchmark.class,
                ProbeThroughputBenchmark.class, CliBenchmark.class,
                CommandLine.HelpCommand.class})
public final class BenchCli {
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCli()).execute(args));
    }
}
