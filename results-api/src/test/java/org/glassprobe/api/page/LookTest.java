package org.glassprobe.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.glassprobe.api.outage.CheckStateCollector;
import org.glassprobe.api.outage.CheckStates;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LookTest {
    @ParameterizedTest
    @EnumSource(CheckStates.State.class)
    void status_json_names_each_state_as_metrics_and_webhooks_do(CheckStates.State state) {
        assertThat(Look.of(state).wireName()).isEqualTo(CheckStateCollector.label(state)).matches("[a-z_]+");
    }
}
