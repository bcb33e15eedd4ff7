package org.glassprobe.demo.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultTest {

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "none,    NULL,   NONE,    0",
            "down,    NULL,   DOWN,    0",
            "refuse,  NULL,   REFUSE,  0",
            "slow,    300,    SLOW,    300",
            "slow,    0,      SLOW,    0",
            "slow,    600000, SLOW,    600000",
            "corrupt, NULL,   CORRUPT, 0",
            "flaky,   50,     FLAKY,   50",
            "flaky,   100,    FLAKY,   100",
            "hang,    NULL,   HANG,    0",
            "SLOW,    ' 7 ',  SLOW,    7",
    })
    void parses_a_mode_and_its_value(String mode, String value, FaultMode expectedMode, int expectedValue) {
        assertThat(assertParses(mode, value)).isEqualTo(Fault.of(expectedMode, expectedValue));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL     | NULL    | MODE  | parameter 'mode' is missing; allowed: none, down, refuse, slow, corrupt, flaky, hang",
            "sideways | NULL    | MODE  | parameter 'mode': found 'sideways'; allowed: none, down, refuse, slow, corrupt, flaky, hang",
            "slow     | NULL    | VALUE | parameter 'value' is missing; allowed: an integer from 0 to 600000 (milliseconds added before the response), required by mode 'slow'",
            "slow     | -1      | VALUE | parameter 'value': found '-1'; allowed: an integer from 0 to 600000 (milliseconds added before the response), required by mode 'slow'",
            "slow     | 600001  | VALUE | parameter 'value': found '600001'; allowed: an integer from 0 to 600000 (milliseconds added before the response), required by mode 'slow'",
            "slow     | 1.5     | VALUE | parameter 'value': found '1.5'; allowed: an integer from 0 to 600000 (milliseconds added before the response), required by mode 'slow'",
            "flaky    | 101     | VALUE | parameter 'value': found '101'; allowed: an integer from 0 to 100 (percent of requests that fail with 500), required by mode 'flaky'",
            "flaky    | lots    | VALUE | parameter 'value': found 'lots'; allowed: an integer from 0 to 100 (percent of requests that fail with 500), required by mode 'flaky'",
            "down     | 5       | VALUE | parameter 'value': found '5'; allowed: no value: mode 'down' takes none (only slow and flaky take a value)",
    })
    void refuses_a_bad_mode_or_value_naming_the_parameter_the_value_found_and_what_is_allowed(
            String mode, String value, InvalidFaultException.Parameter parameter, String message) {
        assertThatThrownBy(() -> Fault.parse(mode, value))
                .isInstanceOfSatisfying(InvalidFaultException.class, invalid -> {
                    assertThat(invalid.parameter()).isEqualTo(parameter);
                    assertThat(invalid.found()).isEqualTo(value == null && parameter == InvalidFaultException.Parameter.VALUE ? null
                            : parameter == InvalidFaultException.Parameter.MODE ? mode : value);
                })
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"SLOW, -1", "FLAKY, 101", "DOWN, 3"})
    void a_fault_cannot_be_built_with_a_value_its_mode_refuses(FaultMode mode, int value) {
        assertThatThrownBy(() -> Fault.of(mode, value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(mode.wireName());
    }

    private static Fault assertParses(String mode, String value) {
        try {
            return Fault.parse(mode, value);
        } catch (InvalidFaultException invalid) {
            throw new AssertionError("expected to parse: " + invalid.getMessage(), invalid);
        }
    }
}
