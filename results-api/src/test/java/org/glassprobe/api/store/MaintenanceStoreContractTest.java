package org.glassprobe.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.store.StoreFixtures.T0;

import java.time.Duration;
import java.time.ZoneId;
import org.glassprobe.api.maintenance.MaintenanceStore;
import org.glassprobe.api.maintenance.MaintenanceWindow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@link MaintenanceStore} promises, on H2 and on PostgreSQL. */
class MaintenanceStoreContractTest extends StoreDatabases {
    private static final MaintenanceWindow ONCE = new MaintenanceWindow("mw_once", "site", T0.plusSeconds(3600),
            T0.plusSeconds(7200), null, null, null, "database move", T0);
    private static final MaintenanceWindow SUNDAYS = new MaintenanceWindow("mw_sundays", null, null, null,
            "0 0 2 ? * SUN", Duration.ofHours(1), ZoneId.of("Europe/Berlin"), null, T0.plusSeconds(1));

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void create_stores_windows_until_the_limit_and_list_returns_them_oldest_first(String database) throws Exception {
        MaintenanceStore windows = new JdbcMaintenanceStore(open(database));
        MaintenanceWindow sameTimeOtherId = new MaintenanceWindow("mw_a", "other", T0, T0.plusSeconds(60), null, null,
                null, null, T0.plusSeconds(1));

        assertThat(windows.create(SUNDAYS, 3)).isTrue();
        assertThat(windows.create(ONCE, 3)).isTrue();
        assertThat(windows.create(sameTimeOtherId, 3)).isTrue();
        assertThat(windows.create(new MaintenanceWindow("mw_too_many", null, T0, T0.plusSeconds(1), null, null, null,
                null, T0), 3)).as("at the limit").isFalse();

        assertThat(windows.list()).as("every field as created; by creation, then id")
                .containsExactly(ONCE, sameTimeOtherId, SUNDAYS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void delete_removes_one_window_and_says_whether_there_was_one(String database) throws Exception {
        MaintenanceStore windows = new JdbcMaintenanceStore(open(database));
        windows.create(ONCE, 10);
        windows.create(SUNDAYS, 10);

        assertThat(windows.delete("mw_once")).isTrue();
        assertThat(windows.list()).containsExactly(SUNDAYS);
        assertThat(windows.delete("mw_once")).isFalse();
        assertThat(windows.create(ONCE, 2)).as("room again below the limit").isTrue();
    }
}
