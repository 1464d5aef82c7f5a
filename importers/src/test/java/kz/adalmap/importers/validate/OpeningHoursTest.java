package kz.adalmap.importers.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The subset of the opening_hours syntax, read in Kazakhstan's time; 2026-03-02 is a Monday. */
class OpeningHoursTest {

    private static final Predicate<LocalDate> NO_HOLIDAYS = day -> false;

    private static Instant at(String localTime) {
        return OffsetDateTime.parse(localTime + "+05:00").toInstant();
    }

    private static OpeningHours.State state(String hours, String localTime) {
        return OpeningHours.parse(hours).at(at(localTime), NO_HOLIDAYS);
    }

    private static Optional<OffsetDateTime> time(String localTime) {
        return Optional.of(OffsetDateTime.parse(localTime + "+05:00"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Mo-Fr 09:00-18:00; Sa 10:00-14:00 | 2026-03-02T08:59 | false
            Mo-Fr 09:00-18:00; Sa 10:00-14:00 | 2026-03-02T09:00 | true
            Mo-Fr 09:00-18:00; Sa 10:00-14:00 | 2026-03-02T17:59 | true
            Mo-Fr 09:00-18:00; Sa 10:00-14:00 | 2026-03-02T18:00 | false
            Mo-Fr 09:00-18:00; Sa 10:00-14:00 | 2026-03-07T11:00 | true
            Mo-Fr 09:00-18:00; Sa 10:00-14:00 | 2026-03-08T11:00 | false
            Mo-Fr 09:00-13:00,14:00-18:00     | 2026-03-03T13:30 | false
            Mo-Fr 09:00-13:00, 14:00-18:00    | 2026-03-03T14:30 | true
            Mo-Su 00:00-24:00                 | 2026-03-08T03:00 | true
            24/7                              | 2026-03-08T23:59 | true
            Mo,We,Fr 10:00-12:00              | 2026-03-03T11:00 | false
            Mo,We,Fr 10:00-12:00              | 2026-03-04T11:00 | true
            Sa-Mo 10:00-12:00                 | 2026-03-08T11:00 | true
            Sa-Mo 10:00-12:00                 | 2026-03-03T11:00 | false
            10:00-12:00                       | 2026-03-08T11:00 | true
            Mo-Fr 09:00-18:00; We off         | 2026-03-04T10:00 | false
            Mo-Fr 09:00-18:00; We 09:00-13:00 | 2026-03-04T14:00 | false
            Mo-Fr 09:00-18:00; We 09:00-13:00 | 2026-03-04T10:00 | true
            Fr 22:00-02:00                    | 2026-03-06T23:00 | true
            Fr 22:00-02:00                    | 2026-03-07T01:59 | true
            Fr 22:00-02:00                    | 2026-03-07T02:00 | false
            Fr 22:00-02:00                    | 2026-03-06T21:00 | false
            """)
    void isOpenAtLocalTime(String hours, String localTime, boolean open) {
        assertThat(state(hours, localTime).open()).isEqualTo(open);
    }

    @Test
    void readsTimesInKazakhstanTime() {
        // 04:00 UTC is 09:00 in Kazakhstan
        assertThat(OpeningHours.parse("Mo-Fr 09:00-18:00")
                        .at(Instant.parse("2026-03-02T04:00:00Z"), NO_HOLIDAYS)
                        .open())
                .isTrue();
        assertThat(OpeningHours.parse("Mo-Fr 09:00-18:00")
                        .at(Instant.parse("2026-03-02T03:59:00Z"), NO_HOLIDAYS)
                        .open())
                .isFalse();
    }

    @Test
    void opensNextOnMondayWhenClosedOverTheWeekend() {
        OpeningHours.State friday = state("Mo-Fr 09:00-18:00", "2026-03-06T19:00");
        assertThat(friday.open()).isFalse();
        assertThat(friday.opensNext()).isEqualTo(time("2026-03-09T09:00"));
        assertThat(friday.closesAt()).isEmpty();
    }

    @Test
    void whenOpenTellsWhenItClosesAndOpensAgain() {
        OpeningHours.State morning = state("Mo-Fr 09:00-13:00,14:00-18:00", "2026-03-02T10:00");
        assertThat(morning.open()).isTrue();
        assertThat(morning.closesAt()).isEqualTo(time("2026-03-02T13:00"));
        assertThat(morning.opensNext()).isEqualTo(time("2026-03-02T14:00"));
    }

    @Test
    void alwaysOpenNeverOpensNext() {
        OpeningHours.State always = state("24/7", "2026-03-02T10:00");
        assertThat(always.open()).isTrue();
        assertThat(always.closesAt()).isEmpty();
        assertThat(always.opensNext()).isEmpty();
        // 00:00-24:00 every day joins the days into one stretch
        assertThat(state("Mo-Su 00:00-24:00", "2026-03-02T10:00").closesAt()).isEmpty();
    }

    @Test
    void neverOpenHasNoNextOpening() {
        OpeningHours.State closed = state("Mo-Su off", "2026-03-02T10:00");
        assertThat(closed.open()).isFalse();
        assertThat(closed.opensNext()).isEmpty();
    }

    @Test
    void closedOnPublicHolidaysWithPhOff() {
        // Nauryz: 2026-03-23 to 25 are days off (Monday to Wednesday)
        Set<LocalDate> nauryz =
                Set.of(LocalDate.parse("2026-03-23"), LocalDate.parse("2026-03-24"), LocalDate.parse("2026-03-25"));
        OpeningHours hours = OpeningHours.parse("Mo-Fr 09:00-18:00; PH off");
        OpeningHours.State holiday = hours.at(at("2026-03-23T10:00"), nauryz::contains);
        assertThat(holiday.open()).isFalse();
        assertThat(holiday.opensNext()).isEqualTo(time("2026-03-26T09:00"));
        // from Friday evening, across the weekend and the holidays
        assertThat(hours.at(at("2026-03-20T18:30"), nauryz::contains).opensNext())
                .isEqualTo(time("2026-03-26T09:00"));
        // without PH off, a holiday is an ordinary day
        assertThat(OpeningHours.parse("Mo-Fr 09:00-18:00")
                        .at(at("2026-03-23T10:00"), nauryz::contains)
                        .open())
                .isTrue();
    }

    @Test
    void overnightHoursSpillIntoTheNextDay() {
        OpeningHours.State saturday = state("Fr 22:00-02:00", "2026-03-07T01:00");
        assertThat(saturday.closesAt()).isEqualTo(time("2026-03-07T02:00"));
        assertThat(saturday.opensNext()).isEqualTo(time("2026-03-13T22:00"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                ";",
                "Mo-Fr 9:00-18:00",
                "Mo-Fr 09:00 - 18:00",
                "Mon-Fri 09:00-18:00",
                "Mo-Fr 09:00-25:00",
                "Mo-Fr 09:60-18:00",
                "Mo-Fr 24:00-02:00",
                "Mo-Fr 09:00-09:00",
                "Mo-Fr 09:00-18:00,",
                "PH 10:00-14:00",
                "Jan-Mar Mo-Fr 09:00-18:00",
                "Mo-Fr sunrise-sunset",
                "Mo-Fr 09:00-18:00 \"by appointment\"",
                "<script>alert(1)</script>"
            })
    void refusesValuesOutsideTheSubsetShowingTheExpectedForm(String text) {
        assertThatThrownBy(() -> OpeningHours.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected opening hours such as 'Mo-Fr 09:00-18:00; Sa 10:00-14:00'");
    }

    @Test
    void namesTheRuleThatIsWrong() {
        assertThatThrownBy(() -> OpeningHours.parse("Mo-Fr 09:00-18:00; Sa 10-14"))
                .hasMessageStartingWith("the rule 'Sa 10-14': '10-14' is not a time range HH:MM-HH:MM");
    }
}
