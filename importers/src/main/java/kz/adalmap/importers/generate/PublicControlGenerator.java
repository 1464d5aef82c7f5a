package kz.adalmap.importers.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds the demo features of the public-control layers for the demo cities and writes them as
 * GeoJSON files (RFC 7946, EPSG:4326) whose properties are named like the attributes of the layer
 * definitions in {@code demo/layers/*.json}:
 *
 * <ul>
 *   <li>{@code budget-objects.geojson}: {@value #BUDGET_OBJECTS} objects of budget programmes per city
 *       (school and clinic repairs, roads, yards, lighting, water mains) with amounts in tenge, a
 *       contractor, dates and progress counted against {@link CadastreGenerator#REFERENCE_DAY}; a few
 *       are overspent or stalled, and {@value #SUSPICIOUS} per city are paid in full while nothing was
 *       done for years, which is what an open-budget map exists to show;
 *   <li>{@code accessibility.geojson}: {@value #ACCESSIBLE} schools, clinics, akimats, libraries and
 *       other buildings per city with what they offer people with disabilities, and whether they have a
 *       passport and are adapted;
 *   <li>{@code service-offices.geojson}: {@value #OFFICES} front offices, service akimats and public
 *       service centres per city with their hours, services and phone.
 * </ul>
 *
 * <p>The objects stand in the blocks of the street grid the plots of the same seed lie on, within the
 * rings of blocks the city's plots fill, and take its street names. The same options give
 * byte-identical files.
 */
public final class PublicControlGenerator {

    /** Budget objects per city. */
    public static final int BUDGET_OBJECTS = 36;
    /** Budget objects per city paid in full with no progress for at least two years. */
    public static final int SUSPICIOUS = 2;
    /** Buildings with an accessibility passport (or without one) per city. */
    public static final int ACCESSIBLE = 40;
    /** Service offices per city. */
    public static final int OFFICES = 10;

    /** The file names, without {@code .geojson}, which are also the codes of the layers they fill. */
    public static final List<String> LAYERS = List.of("budget-objects", "accessibility", "service-offices");

    // random streams of their own, after the purposes 1–4 of the cadastre generator
    private static final int BUDGET = 11;
    private static final int ACCESSIBILITY = 12;
    private static final int SERVICE = 13;

    private static final LocalDate TODAY = CadastreGenerator.REFERENCE_DAY;

    /**
     * What to generate.
     *
     * @param cities the demo cities
     * @param plotsPerCity about how many plots each city has, which says how far its blocks reach
     * @param seed the seed of the plots, so that the objects lie on their street grid
     */
    public record Options(List<DemoCity> cities, int plotsPerCity, long seed) {
        public Options {
            cities = List.copyOf(cities);
        }
    }

    private final Options options;

    public PublicControlGenerator(Options options) {
        this.options = options;
    }

    /** Writes the three files into {@code folder}, replacing older ones. */
    public void generate(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (GeoJsonLines out = new GeoJsonLines(folder.resolve("budget-objects.geojson"))) {
            for (DemoCity city : options.cities()) {
                writeBudgetObjects(out, new Placer(city, BUDGET));
            }
            out.commit();
        }
        try (GeoJsonLines out = new GeoJsonLines(folder.resolve("accessibility.geojson"))) {
            for (DemoCity city : options.cities()) {
                writeAccessibility(out, new Placer(city, ACCESSIBILITY));
            }
            out.commit();
        }
        try (GeoJsonLines out = new GeoJsonLines(folder.resolve("service-offices.geojson"))) {
            for (DemoCity city : options.cities()) {
                writeOffices(out, new Placer(city, SERVICE));
            }
            out.commit();
        }
    }

    /**
     * Picks places inside the blocks of a city's grid, within the square around the centre that holds
     * about as many blocks as the city's plots fill (ten plots to a block on average).
     */
    private final class Placer {
        final DemoCity city;
        final SplittableRandom random;
        final CadastreGenerator.CityGrid grid;
        final int rings;
        int cy;
        int house;

        Placer(DemoCity city, int purpose) {
            this.city = city;
            this.random = CadastreGenerator.random(options.seed(), city, purpose);
            this.grid = CadastreGenerator.grid(options.seed(), city);
            this.rings = Math.max(1, (int) Math.ceil((Math.sqrt(options.plotsPerCity() / 10.0) - 1) / 2));
        }

        /** Moves to a new place and returns its longitude and latitude; {@link #street()} and {@link #house} describe it. */
        double[] next() {
            int cx = random.nextInt(-rings, rings + 1);
            cy = random.nextInt(-rings, rings + 1);
            house = Math.abs(cx) * 40 + 1 + random.nextInt(38);
            // blocks are centred on their cell, streets run between them
            double x = cx * CadastreGenerator.CELL_W + random.nextDouble(-0.4, 0.4) * CadastreGenerator.BLOCK_W;
            double y = cy * CadastreGenerator.CELL_H + random.nextDouble(-0.4, 0.4) * CadastreGenerator.BLOCK_H;
            return new double[] {grid.lon(x, y), grid.lat(x, y)};
        }

        String street() {
            return CadastreGenerator.street(cy);
        }

        String address() {
            return "г. " + city.nameRu() + ", ул. " + street() + ", " + house;
        }

        int number(int bound) {
            return 1 + random.nextInt(bound);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Budget objects

    /** A budget programme: its value in the layer definition, object names and the range of costs in tenge. */
    private record Programme(String value, String[] names, long minKzt, long maxKzt) {}

    private static final Programme[] PROGRAMMES = {
        new Programme(
                "school_repair",
                new String[] {
                    "Капитальный ремонт школы-гимназии № %d",
                    "Ремонт кровли общеобразовательной школы № %d",
                    "Замена окон и утепление фасада школы № %d",
                    "Ремонт спортзала школы-лицея № %d"
                },
                60_000_000,
                900_000_000),
        new Programme(
                "roads",
                new String[] {
                    "Средний ремонт ул. %s", "Капитальный ремонт ул. %s с тротуарами", "Строительство дороги по ул. %s"
                },
                150_000_000,
                2_500_000_000L),
        new Programme(
                "yards",
                new String[] {
                    "Благоустройство двора по ул. %s",
                    "Детская площадка во дворе по ул. %s",
                    "Озеленение и освещение двора по ул. %s"
                },
                12_000_000,
                90_000_000),
        new Programme(
                "street_lighting",
                new String[] {"Освещение ул. %s", "Замена фонарей на светодиодные по ул. %s"},
                15_000_000,
                160_000_000),
        new Programme(
                "water_supply",
                new String[] {
                    "Реконструкция водопровода по ул. %s", "Строительство канализационного коллектора по ул. %s"
                },
                90_000_000,
                1_200_000_000),
        new Programme(
                "clinic_repair",
                new String[] {"Капитальный ремонт городской поликлиники № %d", "Ремонт приёмного покоя поликлиники № %d"
                },
                70_000_000,
                600_000_000),
    };
    private static final double[] PROGRAMME_SHARE = {0.22, 0.22, 0.2, 0.14, 0.14, 0.08};

    private static final String[] CONTRACTORS = {
        "ТОО «СтройИнвест-Восток»",
        "ТОО «Жол Құрылыс»",
        "ТОО «Нұр Строй Сервис»",
        "ТОО «Алтай Құрылыс»",
        "ТОО «КазДорСтрой»",
        "ТОО «Сарыарқа Жарық»",
        "ТОО «Су Арнасы»",
        "ТОО «Ремстроймонтаж»",
        "ТОО «Бірлік Курылыс Групп»",
        "ИП «Ахметов Б. К.»",
    };

    private static void writeBudgetObjects(GeoJsonLines out, Placer place) throws IOException {
        SplittableRandom random = place.random;
        for (int i = 1; i <= BUDGET_OBJECTS; i++) {
            double[] at = place.next();
            boolean suspicious = i <= SUSPICIOUS;
            Programme programme = suspicious
                    ? PROGRAMMES[0]
                    : CadastreGenerator.pick(random.nextDouble(), PROGRAMMES, PROGRAMME_SHARE);
            // a school roof "repaired" for years: the names say what the money was for
            String template =
                    suspicious ? programme.names()[1] : programme.names()[random.nextInt(programme.names().length)];
            String name =
                    template.contains("%d") ? template.formatted(place.number(60)) : template.formatted(place.street());
            long allocated =
                    thousands(programme.minKzt() + random.nextDouble() * (programme.maxKzt() - programme.minKzt()));
            // works start between two and a half years ago and next spring and last four months to two years
            LocalDate start = suspicious
                    ? TODAY.minusYears(2).minusDays(random.nextInt(200)).withDayOfMonth(1)
                    : TODAY.minusDays(random.nextInt(-150, 900)).withDayOfMonth(1);
            LocalDate end =
                    start.plusMonths(suspicious ? 8 : 4 + random.nextInt(20)).minusDays(1);
            String status;
            int progress;
            long spent;
            String contractor = CONTRACTORS[random.nextInt(CONTRACTORS.length)];
            double r = random.nextDouble();
            if (suspicious) {
                // the money left; the work never started; the report still says "in progress" for one of them
                status = i == 1 ? "in_progress" : "stalled";
                progress = 0;
                spent = allocated;
            } else if (start.isAfter(TODAY)) {
                status = "planned";
                progress = 0;
                spent = 0;
                // the tender for a planned object is often not held yet
                contractor = r < 0.5 ? null : contractor;
            } else if (r < 0.1) {
                status = "stalled";
                progress = 10 + random.nextInt(50);
                spent = thousands(allocated * Math.min(1, progress / 100.0 + random.nextDouble(0.1, 0.4)));
            } else if (!end.isAfter(TODAY)) {
                status = "completed";
                progress = 100;
                // most finish a little under the estimate; a few need more than was allocated
                spent = thousands(
                        allocated * (r < 0.18 ? random.nextDouble(1.03, 1.18) : random.nextDouble(0.88, 1.0)));
            } else {
                status = "in_progress";
                double elapsed = (double) ChronoUnit.DAYS.between(start, TODAY) / ChronoUnit.DAYS.between(start, end);
                progress = (int) Math.max(1, Math.min(95, Math.round(100 * elapsed * random.nextDouble(0.7, 1.1))));
                spent = thousands(allocated * Math.min(1, progress / 100.0 * random.nextDouble(0.8, 1.1)));
            }
            out.point(at[0], at[1])
                    .put("object_id", "%s-%04d-%03d".formatted(place.city.code(), start.getYear(), i))
                    .put("name", name)
                    .put("programme", programme.value())
                    .put("year", start.getYear())
                    .put("allocated_kzt", allocated)
                    .put("spent_kzt", spent)
                    .put("contractor", contractor)
                    .put("start_date", start.toString())
                    .put("end_date", end.toString())
                    .put("progress_pct", progress)
                    .put("status", status)
                    .end();
        }
    }

    /** Rounded to whole thousands of tenge, as budget lines are. */
    private static long thousands(double kzt) {
        return Math.round(kzt / 1000) * 1000;
    }

    // ---------------------------------------------------------------------------------------------
    // Accessibility passports

    private static final String[] ACCESSIBLE_KINDS = {
        "school",
        "kindergarten",
        "clinic",
        "hospital",
        "akimat",
        "library",
        "public_service_centre",
        "culture",
        "sports"
    };
    private static final double[] ACCESSIBLE_SHARE = {0.3, 0.2, 0.12, 0.05, 0.06, 0.09, 0.06, 0.06, 0.06};
    private static final String[] FEATURES = {
        "ramp", "lift", "wide_doors", "accessible_toilet", "parking", "tactile", "sound_signals"
    };
    // how often each feature is there in an adapted, a partly adapted and a not adapted building
    private static final double[][] FEATURE_SHARE = {
        {1, 0.8, 1, 1, 0.9, 0.8, 0.6},
        {0.8, 0.3, 0.6, 0.4, 0.5, 0.2, 0.1},
        {0.2, 0.05, 0.3, 0.05, 0.1, 0, 0},
    };
    private static final String[] ADAPTATION = {"adapted", "partly", "not_adapted"};

    private static void writeAccessibility(GeoJsonLines out, Placer place) throws IOException {
        SplittableRandom random = place.random;
        for (int i = 1; i <= ACCESSIBLE; i++) {
            double[] at = place.next();
            String kind = CadastreGenerator.pick(random.nextDouble(), ACCESSIBLE_KINDS, ACCESSIBLE_SHARE);
            int level = CadastreGenerator.pick(
                    random.nextDouble(), new Integer[] {0, 1, 2}, new double[] {0.25, 0.45, 0.3});
            boolean passported = level == 0 || random.nextDouble() < 0.7;
            out.point(at[0], at[1])
                    .put("object_id", "%s-ap-%03d".formatted(place.city.code(), i))
                    .put("name", buildingName(kind, place))
                    .put("kind", kind)
                    .put("address", place.address());
            boolean[] has = new boolean[FEATURES.length];
            for (int f = 0; f < FEATURES.length; f++) {
                // an adapted building has a ramp, wide doors and a toilet by definition
                boolean essential = level == 0 && (f == 0 || f == 2 || f == 3);
                has[f] = essential || random.nextDouble() < FEATURE_SHARE[level][f];
                out.put(FEATURES[f], has[f]);
            }
            // what a wheelchair user needs to get in and get by: a ramp, wide doors and an accessible toilet
            out.put("wheelchair_accessible", has[0] && has[2] && has[3])
                    .put("passport_status", passported ? "passported" : "not_passported")
                    .put("adaptation", ADAPTATION[level])
                    .end();
        }
    }

    private static String buildingName(String kind, Placer place) {
        return switch (kind) {
            case "school" -> "Общеобразовательная школа № " + place.number(60);
            case "kindergarten" -> "Детский сад № " + place.number(90);
            case "clinic" -> "Городская поликлиника № " + place.number(12);
            case "hospital" -> "Городская больница № " + place.number(4);
            case "akimat" -> "Акимат г. " + place.city.nameRu() + ", приёмная по ул. " + place.street();
            case "library" -> "Библиотека-филиал № " + place.number(20);
            case "public_service_centre" -> "ЦОН № " + place.number(5) + " г. " + place.city.nameRu();
            case "culture" -> "Дом культуры «" + place.street() + "»";
            default -> "Спорткомплекс «Жастар» по ул. " + place.street();
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Service offices

    // the city's telephone code; a city not listed gets the Astana code, the demo phones are made up anyway
    private static final Map<String, String> PHONE_CODES = Map.of(
            "oskemen", "7232",
            "semey", "7222",
            "kokshetau", "7162",
            "astana", "7172",
            "almaty", "727",
            "shymkent", "7252",
            "karaganda", "7212",
            "pavlodar", "7182",
            "aktobe", "7132");

    private static void writeOffices(GeoJsonLines out, Placer place) throws IOException {
        SplittableRandom random = place.random;
        String phoneCode = PHONE_CODES.getOrDefault(place.city.code(), "7172");
        for (int i = 1; i <= OFFICES; i++) {
            double[] at = place.next();
            // a few public service centres and service akimats, the rest front offices in the districts
            String kind = i <= 3 ? "public_service_centre" : i <= 5 ? "service_akimat" : "front_office";
            String name;
            String hours;
            String services;
            switch (kind) {
                case "public_service_centre" -> {
                    name = "ЦОН № " + i + " г. " + place.city.nameRu();
                    hours = "Mo-Fr 09:00-20:00; Sa 09:00-13:00";
                    services = "Удостоверения личности и паспорта; регистрация по месту жительства;"
                            + " регистрация недвижимости; пенсии и пособия; справки";
                }
                case "service_akimat" -> {
                    name = "Сервисный акимат г. " + place.city.nameRu() + " по ул. " + place.street();
                    hours = "Mo-Fr 09:00-18:30";
                    services = "Земельные участки; разрешения на строительство; архитектура и градостроительство;"
                            + " жилищная очередь";
                }
                default -> {
                    name = "Фронт-офис акимата № " + (i - 5) + " (ул. " + place.street() + ")";
                    hours = random.nextBoolean() ? "Mo-Fr 09:00-18:00; Sa 10:00-14:00" : "Mo-Fr 09:00-18:00";
                    services = "Приём обращений; справки о составе семьи; адресные справки; социальная помощь";
                }
            }
            out.point(at[0], at[1])
                    .put("office_id", "%s-so-%02d".formatted(place.city.code(), i))
                    .put("name", name)
                    .put("kind", kind)
                    .put("address", place.address())
                    // OpenStreetMap-style opening hours, the form the layer's opening_hours attribute reads
                    .put("hours", hours)
                    .put("services", services)
                    .put(
                            "phone",
                            "+7 (%s) %02d-%02d-%02d"
                                    .formatted(
                                            phoneCode,
                                            20 + random.nextInt(80),
                                            random.nextInt(100),
                                            random.nextInt(100)))
                    .end();
        }
    }
}
