package org.glassprobe.scenarios.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** How answers are written for conditions, where that is glassprobe's own code rather than dnsjava's. */
class DnsRecordTextTest {
    @Test
    void ipv6_addresses_are_written_in_their_shortest_form() throws Exception {
        assertThat(DnsStepExecutor.ipv6(InetAddress.getByName("2001:db8:0:0:1:0:0:1").getAddress()))
                .isEqualTo("2001:db8::1:0:0:1");
        assertThat(DnsStepExecutor.ipv6(InetAddress.getByName("::1").getAddress())).isEqualTo("::1");
        assertThat(DnsStepExecutor.ipv6(InetAddress.getByName("2001:db8:1:2:3:4:0:5").getAddress()))
                .isEqualTo("2001:db8:1:2:3:4:0:5");
        assertThat(DnsStepExecutor.ipv6(new byte[16])).isEqualTo("::");
    }
}
