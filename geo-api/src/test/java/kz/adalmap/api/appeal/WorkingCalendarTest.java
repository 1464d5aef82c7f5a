package kz.adalmap.api.appeal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkingCalendarTest {

    // excerpts of work_calendar_day (V017) plus a made-up working Saturday
    private static final WorkingCalendar CALENDAR = new WorkingCalendar(Map.ofEntries(
            Map.entry(LocalDate.parse("2026-12-16"), true),
            Map.entry(LocalDate.parse("2027-01-01"), true),
            Map.entry(LocalDate.parse("2027-01-02"), true),
            Map.entry(LocalDate.parse("2027-01-04"), true),
            Map.entry(LocalDate.parse("2027-01-07"), true),
            Map.entry(LocalDate.parse("2026-03-21"), true),
            Map.entry(LocalDate.parse("2026-03-22"), true),
            Map.entry(LocalDate.parse("2026-03-23"), true),
            Map.entry(LocalDate.parse("2026-03-24"), true),
            Map.entry(LocalDate.parse("2026-03-25"), true),
            Map.entry(LocalDate.parse("2026-12-19"), false)));

    @ParameterizedTest(name = "{0} + {1} working days = {2} ({3})")
    @CsvSource({
        "2026-11-23, 3, 2026-11-26, Monday: no weekend in between",
        "2026-11-27, 3, 2026-12-02, Friday: across the weekend",
        "2026-11-28, 3, 2026-12-02, Saturday: the day of submission never counts",
        "2026-11-29, 5, 2026-12-04, Sunday: five working days",
        "2026-12-14, 3, 2026-12-18, across Independence Day on Wednesday",
        "2026-12-17, 3, 2026-12-21, a working Saturday made by a transfer counts",
        "2026-12-30, 3, 2027-01-06, across New Year and its day carried over from Saturday",
        "2027-01-05, 3, 2027-01-11, across Orthodox Christmas",
        "2026-03-20, 3, 2026-03-30, across Nauryz and its carried-over days",
    })
    void countsWorkingDaysAfterTheDayOfSubmission(LocalDate submitted, int days, LocalDate due, String why) {
        assertThat(CALENDAR.addWorkingDays(submitted, days)).as(why).isEqualTo(due);
    }

    @ParameterizedTest(name = "{0} working: {1}")
    @CsvSource({
        "2026-11-27, true",
        "2026-11-28, false",
        "2026-11-29, false",
        "2026-12-16, false",
        "2026-12-19, true",
        "2027-01-04, false",
    })
    void knowsWeekendsHolidaysAndTransfers(LocalDate day, boolean working) {
        assertThat(CALENDAR.isWorkingDay(day)).isEqualTo(working);
    }

    @Test
    void refusesZeroDays() {
        assertThatThrownBy(() -> CALENDAR.addWorkingDays(LocalDate.parse("2026-11-27"), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
