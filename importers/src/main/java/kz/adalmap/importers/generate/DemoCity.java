package kz.adalmap.importers.generate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A city the generator can build a synthetic cadastre for: its names, its centre (EPSG:4326) and the
 * region and district part of the cadastral numbers given to its plots. The cadastral codes are
 * plausible, not official: the demo cadastre is synthetic.
 */
public record DemoCity(
        String code,
        String nameKk,
        String nameRu,
        String nameEn,
        double lon,
        double lat,
        String cadastralRegion,
        String cadastralDistrict) {

    private static final List<DemoCity> KNOWN = List.of(
            new DemoCity("oskemen", "Өскемен", "Усть-Каменогорск", "Oskemen", 82.6150, 49.9490, "05", "085"),
            new DemoCity("semey", "Семей", "Семей", "Semey", 80.2275, 50.4111, "23", "062"),
            new DemoCity("kokshetau", "Көкшетау", "Кокшетау", "Kokshetau", 69.3890, 53.2836, "01", "102"),
            new DemoCity("astana", "Астана", "Астана", "Astana", 71.4304, 51.1282, "21", "320"),
            new DemoCity("almaty", "Алматы", "Алматы", "Almaty", 76.9286, 43.2567, "20", "311"),
            new DemoCity("shymkent", "Шымкент", "Шымкент", "Shymkent", 69.5901, 42.3417, "22", "330"),
            new DemoCity("karaganda", "Қарағанды", "Караганда", "Karaganda", 73.0875, 49.8047, "09", "142"),
            new DemoCity("pavlodar", "Павлодар", "Павлодар", "Pavlodar", 76.9674, 52.2873, "14", "218"),
            new DemoCity("aktobe", "Ақтөбе", "Актобе", "Aktobe", 57.1669, 50.2839, "02", "036"));

    public DemoCity {
        if (!cadastralRegion.matches("[0-9]{2}") || !cadastralDistrict.matches("[0-9]{3}")) {
            throw new IllegalArgumentException("cadastral region must be 2 digits and district 3 digits: "
                    + cadastralRegion + "-" + cadastralDistrict);
        }
    }

    /** Every city the generator knows, in a fixed order. */
    public static List<DemoCity> known() {
        return KNOWN;
    }

    /**
     * The known city with this code (case-insensitive).
     *
     * @throws IllegalArgumentException naming the known codes when there is no such city
     */
    public static DemoCity byCode(String code) {
        String wanted = code == null ? "" : code.trim().toLowerCase(Locale.ROOT);
        return KNOWN.stream()
                .filter(c -> c.code.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown demo city '" + code + "'; known cities: "
                        + KNOWN.stream().map(DemoCity::code).collect(Collectors.joining(", "))));
    }

    /** The codes of several cities, comma-separated, e.g. {@code oskemen,semey}. */
    public static List<DemoCity> byCodes(String codes) {
        return Arrays.stream(codes.split(",")).map(DemoCity::byCode).toList();
    }
}
