package org.glassprobe.demo.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegionLagsTest {

    @Test
    void a_lagging_region_sees_an_image_only_once_its_lag_has_passed() {
        RegionLags lags = RegionLags.parse(List.of("us-east=2s", "ap-south=1500ms", "sa-east=never"));
        assertThat(lags.hides("us-east", Duration.ofMillis(1999))).isTrue();
        assertThat(lags.hides("us-east", Duration.ofSeconds(2))).isFalse();
        assertThat(lags.hides("ap-south", Duration.ofMillis(1499))).isTrue();
        assertThat(lags.hides("ap-south", Duration.ofMillis(1500))).isFalse();
        assertThat(lags.hides("sa-east", Duration.ofDays(400))).as("never").isTrue();
        assertThat(lags.hides("eu-west", Duration.ZERO)).as("a region without a lag").isFalse();
        assertThat(lags.hides(null, Duration.ZERO)).as("no header").isFalse();
        assertThat(lags.describe()).isEqualTo("ap-south=1500ms, sa-east=never, us-east=2000ms");
    }

    @Test
    void a_region_given_twice_keeps_its_last_lag_and_none_is_no_lag() {
        assertThat(RegionLags.parse(List.of("us-east=never", "us-east=0ms")).hides("us-east", Duration.ZERO)).isFalse();
        assertThat(RegionLags.parse(List.of()).isEmpty()).isTrue();
        assertThat(RegionLags.NONE.describe()).isEqualTo("none");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "us-east|found 'us-east'; allowed: REGION=DURATION or REGION=never, a region of 1 to 32 of a-z, 0-9 and '-'"
                + " (eu-west=2s, ap-south=never)",
        "US East=2s|found 'US East=2s'; allowed: REGION=DURATION or REGION=never",
        "us-east=soon|found 'us-east=soon'; allowed: a lag from 0ms to 24h written as 1500ms, 2s, 5m or 1h, or never",
        "us-east=25h|found 'us-east=25h'; allowed: a lag from 0ms to 24h",
        "us-east=-1s|found 'us-east=-1s'; allowed: a lag from 0ms to 24h"})
    void a_bad_setting_is_refused_naming_it(String setting, String message) {
        assertThatThrownBy(() -> RegionLags.parse(List.of(setting))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }
}
