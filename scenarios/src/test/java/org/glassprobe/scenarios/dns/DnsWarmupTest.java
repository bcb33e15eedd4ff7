package org.glassprobe.scenarios.dns;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DnsWarmupTest {
    @Test
    void the_warm_up_gets_its_answers_over_udp_and_tcp_from_its_own_loopback_server_in_time() {
        Logger logger = (Logger) LoggerFactory.getLogger(DnsWarmup.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        Level before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        try {
            long start = System.nanoTime();
            DnsWarmup.run();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        } finally {
            logger.detachAppender(events);
            logger.setLevel(before);
        }
        assertThat(events.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.DEBUG);
        assertThat(events.list.get(0).getFormattedMessage()).isEqualTo("dns warm-up done");
    }
}
