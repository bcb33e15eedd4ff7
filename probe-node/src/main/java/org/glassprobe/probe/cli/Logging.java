package org.glassprobe.probe.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The probe's logging, set up in code rather than from an XML file: reading logback.xml costs a
 * command-line run about 200 ms of its start (an XML parser loaded for eight lines). Logs go to
 * stderr, so that what the CLI prints on stdout (tables, JSON) stays clean; glassprobe's own at
 * {@code GLASSPROBE_LOG_LEVEL} (default INFO), everything else at WARN. A logback.xml (or
 * logback-test.xml) on the class path still wins: logback reads it before asking this.
 */
@ConfiguratorRank(value = ConfiguratorRank.NOMINAL - 5)
public final class Logging extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} %msg %kvp%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("org.glassprobe").setLevel(Level.toLevel(System.getenv("GLASSPROBE_LOG_LEVEL"), Level.INFO));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
