package kz.adalmap.importers.validate;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opening hours written in a simple subset of OpenStreetMap's {@code opening_hours} syntax, read in
 * Kazakhstan's time (UTC+5, no daylight saving):
 *
 * <ul>
 *   <li>rules separated by {@code ;}: {@code Mo-Fr 09:00-18:00; Sa 10:00-14:00};
 *   <li>days as {@code Mo Tu We Th Fr Sa Su}, ranges ({@code Mo-Fr}, also across Sunday: {@code Sa-Mo}) and
 *       lists ({@code Mo,We,Fr}); a rule without days means every day;
 *   <li>times as {@code HH:MM-HH:MM}, several separated by commas for breaks ({@code 09:00-13:00,14:00-18:00});
 *       {@code 24:00} as an end; an end at or before the start runs past midnight into the next day
 *       ({@code Fr 22:00-02:00} is open until Saturday 02:00);
 *   <li>{@code off} (or {@code closed}) for days that are closed: {@code Su off};
 *   <li>{@code 24/7}: always open;
 *   <li>{@code PH off}: closed on public holidays (the days off of the working calendar), whatever the
 *       other rules say; times that run past midnight into a holiday from the day before still count.
 * </ul>
 *
 * As in OpenStreetMap, a later rule replaces what an earlier one said about the same days:
 * {@code Mo-Fr 09:00-18:00; We 09:00-13:00} is open on Wednesday in the morning only. Anything else of
 * the full syntax (months, weeks, sunrise, comments, {@code PH} with times) is refused.
 */
public final class OpeningHours {

    /** Kazakhstan's single time zone since 2024. */
    public static final ZoneOffset KAZAKHSTAN = ZoneOffset.ofHours(5);

    /** How far ahead the next opening is looked for; beyond it a place counts as never opening. */
    public static final int LOOKAHEAD_DAYS = 14;

    /** What a value must look like, for messages. */
    public static final String EXPECTED = "expected opening hours such as 'Mo-Fr 09:00-18:00; Sa 10:00-14:00',"
            + " breaks as 'Mo-Fr 09:00-13:00,14:00-18:00', closed days as 'Su off', '24/7', and 'PH off' to close on"
            + " public holidays";

    private static final List<String> DAYS = List.of("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su");
    private static final String DAY = "(?:Mo|Tu|We|Th|Fr|Sa|Su)";
    private static final Pattern RULE =
            Pattern.compile("(?:(" + DAY + "(?:-" + DAY + ")?(?:\\s*,\\s*" + DAY + "(?:-" + DAY + ")?)*)\\s+)?(.+)");
    private static final Pattern SPAN = Pattern.compile("(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})");
    private static final int DAY_MINUTES = 24 * 60;

    /** Minutes from the start of a day; an end past {@link #DAY_MINUTES} runs into the next day. */
    private record Span(int from, int to) {}

    /** A stretch of time it is open, in Kazakhstan's local time. */
    private record Open(LocalDateTime from, LocalDateTime to) {}

    /** Whether it is open at a moment and when that changes; empty times mean not within the lookahead. */
    public record State(boolean open, Optional<OffsetDateTime> opensNext, Optional<OffsetDateTime> closesAt) {}

    private final Map<DayOfWeek, List<Span>> week;
    private final boolean closedOnHolidays;

    private OpeningHours(Map<DayOfWeek, List<Span>> week, boolean closedOnHolidays) {
        this.week = week;
        this.closedOnHolidays = closedOnHolidays;
    }

    /**
     * Reads {@code text}; throws {@link IllegalArgumentException} whose message names the rule that is wrong,
     * why, and the expected form.
     */
    public static OpeningHours parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty; " + EXPECTED);
        }
        Map<DayOfWeek, List<Span>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            week.put(d, List.of());
        }
        boolean closedOnHolidays = false;
        boolean any = false;
        for (String part : text.split(";", -1)) {
            String rule = part.strip();
            if (rule.isEmpty()) {
                continue;
            }
            any = true;
            if (rule.equals("24/7")) {
                for (DayOfWeek d : DayOfWeek.values()) {
                    week.put(d, List.of(new Span(0, DAY_MINUTES)));
                }
                continue;
            }
            if (rule.startsWith("PH")) {
                if (!rule.substring(2).strip().matches("off|closed")) {
                    throw refused(rule, "only 'PH off' is supported for public holidays");
                }
                closedOnHolidays = true;
                continue;
            }
            Matcher m = RULE.matcher(rule);
            if (!m.matches()) {
                throw refused(rule, "is not a rule");
            }
            List<DayOfWeek> days = m.group(1) == null ? List.of(DayOfWeek.values()) : days(m.group(1));
            String times = m.group(2).strip();
            List<Span> spans = times.equals("off") || times.equals("closed") ? List.of() : spans(rule, times);
            for (DayOfWeek d : days) {
                week.put(d, spans);
            }
        }
        if (!any) {
            throw new IllegalArgumentException("has no rule; " + EXPECTED);
        }
        return new OpeningHours(week, closedOnHolidays);
    }

    /**
     * Whether it is open at {@code at} and when it next opens and closes, looking {@link #LOOKAHEAD_DAYS} ahead.
     * {@code opensNext} is when it opens after {@code at}: when closed, the next opening; when open, the
     * opening after it next closes; empty when that is not within the lookahead (as for {@code 24/7}).
     *
     * @param holiday whether a day (Kazakhstan's date) is a public holiday; asked for the day before
     *     {@code at} to {@link #LOOKAHEAD_DAYS} after it
     */
    public State at(Instant at, Predicate<LocalDate> holiday) {
        LocalDateTime now = LocalDateTime.ofInstant(at, KAZAKHSTAN);
        LocalDate first = now.toLocalDate().minusDays(1);
        LocalDateTime horizon = now.toLocalDate().plusDays(LOOKAHEAD_DAYS + 1L).atStartOfDay();
        List<Open> open = open(first, now.toLocalDate().plusDays(LOOKAHEAD_DAYS), holiday);
        for (int i = 0; i < open.size(); i++) {
            Open o = open.get(i);
            if (o.to().isAfter(now) && !o.from().isAfter(now)) {
                // a stretch that reaches the horizon has no end we know of
                Optional<OffsetDateTime> closes =
                        o.to().isBefore(horizon) ? Optional.of(o.to().atOffset(KAZAKHSTAN)) : Optional.empty();
                Optional<OffsetDateTime> next = closes.isPresent() && i + 1 < open.size()
                        ? Optional.of(open.get(i + 1).from().atOffset(KAZAKHSTAN))
                        : Optional.empty();
                return new State(true, next, closes);
            }
            if (o.from().isAfter(now)) {
                return new State(false, Optional.of(o.from().atOffset(KAZAKHSTAN)), Optional.empty());
            }
        }
        return new State(false, Optional.empty(), Optional.empty());
    }

    /** The stretches it is open that start on the days from {@code first} to {@code last}, merged and in order. */
    private List<Open> open(LocalDate first, LocalDate last, Predicate<LocalDate> holiday) {
        List<Open> all = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            if (closedOnHolidays && holiday.test(day)) {
                continue;
            }
            LocalDateTime midnight = day.atStartOfDay();
            for (Span s : week.get(day.getDayOfWeek())) {
                all.add(new Open(midnight.plusMinutes(s.from()), midnight.plusMinutes(s.to())));
            }
        }
        all.sort(Comparator.comparing(Open::from));
        List<Open> merged = new ArrayList<>();
        for (Open o : all) {
            Open previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (previous != null && !o.from().isAfter(previous.to())) {
                LocalDateTime to = o.to().isAfter(previous.to()) ? o.to() : previous.to();
                merged.set(merged.size() - 1, new Open(previous.from(), to));
            } else {
                merged.add(o);
            }
        }
        return merged;
    }

    private static List<DayOfWeek> days(String selector) {
        List<DayOfWeek> days = new ArrayList<>();
        for (String item : selector.split(",")) {
            String[] ends = item.strip().split("-");
            int from = DAYS.indexOf(ends[0]);
            int to = ends.length == 1 ? from : DAYS.indexOf(ends[1]);
            // Sa-Mo runs across Sunday
            for (int i = from; ; i = (i + 1) % 7) {
                DayOfWeek d = DayOfWeek.of(i + 1);
                if (!days.contains(d)) {
                    days.add(d);
                }
                if (i == to) {
                    break;
                }
            }
        }
        return days;
    }

    private static List<Span> spans(String rule, String times) {
        List<Span> spans = new ArrayList<>();
        for (String item : times.split(",", -1)) {
            String span = item.strip();
            Matcher m = SPAN.matcher(span);
            if (!m.matches()) {
                throw refused(rule, "'" + span + "' is not a time range HH:MM-HH:MM");
            }
            int from = minutes(rule, m.group(1), m.group(2));
            int to = minutes(rule, m.group(3), m.group(4));
            if (from >= DAY_MINUTES) {
                throw refused(rule, "'" + span + "' starts at 24:00; write 00:00 of the next day");
            }
            if (to == from) {
                throw refused(rule, "'" + span + "' opens and closes at the same time; a whole day is 00:00-24:00");
            }
            // an end at or before the start is on the next day
            spans.add(new Span(from, to < from ? to + DAY_MINUTES : to));
        }
        return List.copyOf(spans);
    }

    private static int minutes(String rule, String hours, String minutes) {
        int h = Integer.parseInt(hours);
        int m = Integer.parseInt(minutes);
        if (h > 24 || m > 59 || (h == 24 && m > 0)) {
            throw refused(rule, "'" + hours + ":" + minutes + "' is not a time of day (00:00 to 24:00)");
        }
        return h * 60 + m;
    }

    private static IllegalArgumentException refused(String rule, String reason) {
        return new IllegalArgumentException("the rule '" + rule + "': " + reason + "; " + EXPECTED);
    }
}
