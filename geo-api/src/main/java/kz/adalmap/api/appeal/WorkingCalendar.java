package kz.adalmap.api.appeal;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;

/**
 * Kazakhstan's working calendar: Monday to Friday are working days except for the listed days off
 * (public holidays, days carried over from a holiday on a weekend, transfer days), and a listed
 * working day (a Saturday made working by a transfer) is working although it is a weekend day. The
 * exceptions come from the {@code work_calendar_day} table.
 */
final class WorkingCalendar {

    private final Map<LocalDate, Boolean> dayOff;

    /** @param dayOff for each exceptional day, whether it is a day off (true) or a working day (false) */
    WorkingCalendar(Map<LocalDate, Boolean> dayOff) {
        this.dayOff = Map.copyOf(dayOff);
    }

    boolean isWorkingDay(LocalDate day) {
        Boolean off = dayOff.get(day);
        if (off != null) {
            return !off;
        }
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /**
     * The {@code workingDays}-th working day after {@code submitted}: the day of submission itself never
     * counts, whether or not it is a working day, so an appeal of Friday with 3 days is due on Wednesday.
     */
    LocalDate addWorkingDays(LocalDate submitted, int workingDays) {
        if (workingDays < 1) {
            throw new IllegalArgumentException("workingDays must be at least 1, got " + workingDays);
        }
        LocalDate day = submitted;
        int counted = 0;
        while (counted < workingDays) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                counted++;
            }
        }
        return day;
    }
}
