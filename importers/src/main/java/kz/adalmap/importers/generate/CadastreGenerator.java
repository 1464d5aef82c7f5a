package kz.adalmap.importers.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds a synthetic cadastre for Kazakh cities and writes it as three GeoJSON files (RFC 7946,
 * EPSG:4326, one feature per line) that GDAL and any other GIS server can read:
 *
 * <ul>
 *   <li>{@code plots.geojson}: land plots on a street grid around each city centre, blocks of
 *       houses, shops, industry, gardens and green areas, parcels of plausible sizes (about 0.1 ha for
 *       a house, several hectares for a farm), with cadastral numbers {@code RR-DDD-QQQ-NNN}, land
 *       category, purpose, right type, status (about one plot in seven is free), address and, for
 *       auctions, date and starting price;
 *   <li>{@code networks.geojson}: power, gas, water, sewerage, heating and telecom lines along the
 *       streets and their substations and stations at crossings, with capacity and free capacity;
 *   <li>{@code appeals.geojson}: citizens' appeals with texts (some with a phone number, IIN or
 *       e-mail written into them, as citizens do), status, channel, and the reporter's contact.
 * </ul>
 *
 * <p>The same options give byte-identical files. Plots of one city never overlap and every polygon
 * is valid. Memory does not grow with the number of plots: a million plots stream straight to disk.
 * Appeal dates are counted back from {@link #REFERENCE_DAY}, not from today, so that the files do
 * not change from one day to the next.
 */
public final class CadastreGenerator {

    /** The day the generated appeals and auctions are dated from. */
    public static final LocalDate REFERENCE_DAY = LocalDate.of(2026, 11, 20);

    /** The largest number of plots one run may ask for. */
    public static final int MAX_PLOTS = 5_000_000;

    private static final ZoneOffset ALMATY = ZoneOffset.ofHours(5);
    // a block of 200 × 100 m between streets 30 m wide
    static final double BLOCK_W = 200;
    static final double BLOCK_H = 100;
    private static final double STREET = 30;
    static final double CELL_W = BLOCK_W + STREET;
    static final double CELL_H = BLOCK_H + STREET;
    private static final double CORNER_CUT = 4;

    /**
     * What to generate.
     *
     * @param cities the cities, at least one; plots and appeals are shared out evenly among them
     * @param plots number of plots in all, 1 to {@link #MAX_PLOTS}
     * @param appeals number of appeals in all, 0 or more
     * @param seed the same seed gives the same files
     */
    public record Options(List<DemoCity> cities, int plots, int appeals, long seed) {
        public Options {
            if (cities == null || cities.isEmpty()) {
                throw new IllegalArgumentException("at least one city is needed");
            }
            if (plots < 1 || plots > MAX_PLOTS) {
                throw new IllegalArgumentException("plots must be between 1 and " + MAX_PLOTS + ", was " + plots);
            }
            if (appeals < 0 || appeals > 1_000_000) {
                throw new IllegalArgumentException("appeals must be between 0 and 1000000, was " + appeals);
            }
            cities = List.copyOf(cities);
            if (new HashSet<>(cities).size() != cities.size()) {
                throw new IllegalArgumentException("a city is listed twice");
            }
        }
    }

    /** What was written, and where. */
    public record Summary(Path folder, long plots, long freePlots, long networks, long appeals) {
        @Override
        public String toString() {
            return "generated %d plots (%d free), %d network features and %d appeals in %s"
                    .formatted(plots, freePlots, networks, appeals, folder);
        }
    }

    private final Options options;

    public CadastreGenerator(Options options) {
        this.options = options;
    }

    /** Writes {@code plots.geojson}, {@code networks.geojson} and {@code appeals.geojson} into {@code folder}. */
    public Summary generate(Path folder) throws IOException {
        Files.createDirectories(folder);
        List<DemoCity> cities = options.cities();
        long free = 0;
        long networks;
        long appeals;
        CityGrid[] grids = new CityGrid[cities.size()];
        try (GeoJsonLines plots = new GeoJsonLines(folder.resolve("plots.geojson"))) {
            for (int i = 0; i < cities.size(); i++) {
                grids[i] = new CityGrid(cities.get(i), random(cities.get(i), 1));
                free += writePlots(plots, grids[i], share(options.plots(), cities.size(), i));
            }
            plots.commit();
        }
        try (GeoJsonLines out = new GeoJsonLines(folder.resolve("networks.geojson"))) {
            for (CityGrid grid : grids) {
                writeNetworks(out, grid, random(grid.city, 2));
            }
            out.commit();
            networks = out.count();
        }
        try (GeoJsonLines out = new GeoJsonLines(folder.resolve("appeals.geojson"))) {
            Set<String> codes = new HashSet<>();
            for (int i = 0; i < grids.length; i++) {
                writeAppeals(
                        out, grids[i], share(options.appeals(), cities.size(), i), random(grids[i].city, 3), codes);
            }
            out.commit();
            appeals = out.count();
        }
        return new Summary(folder, options.plots(), free, networks, appeals);
    }

    private static int share(int total, int parts, int index) {
        return total / parts + (index < total % parts ? 1 : 0);
    }

    /** One random stream per city and purpose, so that adding a city leaves the others as they were. */
    private SplittableRandom random(DemoCity city, int purpose) {
        return random(options.seed(), city, purpose);
    }

    /** The random stream of one city and purpose for {@code seed}; the purposes 1–4 are this generator's. */
    static SplittableRandom random(long seed, DemoCity city, int purpose) {
        long h = seed * 0x9E3779B97F4A7C15L + city.code().hashCode() * 31L + purpose;
        return new SplittableRandom(h);
    }

    /** The street grid of {@code city} as the plots of {@code seed} lie on it. */
    static CityGrid grid(long seed, DemoCity city) {
        return new CityGrid(city, random(seed, city, 1));
    }

    // ---------------------------------------------------------------------------------------------
    // Plots

    /** What a block is used for; decides the land category, the parcel sizes and the purposes. */
    private enum Zone {
        RESIDENTIAL("settlement", "Ж-1 (усадебная жилая застройка)", 2, 17, 26),
        COMMERCIAL("settlement", "ОД-2 (общественно-деловая зона)", 2, 30, 55),
        INDUSTRIAL("industrial", "П-1 (производственная зона)", 1, 45, 80),
        AGRICULTURAL("agricultural", "СХ-1 (сельскохозяйственное использование)", 1, 90, 110),
        PARK("protected", "Р-1 (рекреационная зона)", 1, 200, 200),
        FOREST("forest", "Л-1 (зелёная защитная зона)", 1, 200, 200),
        WATER("water", "В-1 (водоохранная зона)", 1, 200, 200),
        RESERVE("reserve", "З-1 (земли запаса)", 1, 60, 100);

        final String category;
        final String permittedUse;
        final int rows;
        final double minWidth;
        final double maxWidth;

        Zone(String category, String permittedUse, int rows, double minWidth, double maxWidth) {
            this.category = category;
            this.permittedUse = permittedUse;
            this.rows = rows;
            this.minWidth = minWidth;
            this.maxWidth = maxWidth;
        }
    }

    private static final String[][] RESIDENTIAL_PURPOSES = {
        {"Для индивидуального жилищного строительства", "Жеке тұрғын үй құрылысы үшін"},
        {"Для обслуживания индивидуального жилого дома", "Жеке тұрғын үйге қызмет көрсету үшін"},
    };
    private static final String[][] COMMERCIAL_PURPOSES = {
        {"Для строительства объекта торговли", "Сауда объектісін салу үшін"},
        {"Для строительства и эксплуатации офисного здания", "Кеңсе ғимаратын салу және пайдалану үшін"},
        {"Для размещения объекта общественного питания", "Қоғамдық тамақтану объектісін орналастыру үшін"},
        {"Для строительства многоквартирного жилого дома", "Көппәтерлі тұрғын үй салу үшін"},
        {"Для строительства станции технического обслуживания", "Техникалық қызмет көрсету станциясын салу үшін"},
    };
    private static final String[][] INDUSTRIAL_PURPOSES = {
        {"Для строительства производственной базы", "Өндірістік база салу үшін"},
        {"Для размещения склада", "Қойма орналастыру үшін"},
        {
            "Для строительства цеха по переработке сельхозпродукции",
            "Ауыл шаруашылығы өнімдерін қайта өңдеу цехын салу үшін"
        },
        {"Для размещения стоянки грузового транспорта", "Жүк көлігі тұрағын орналастыру үшін"},
    };
    private static final String[][] AGRICULTURAL_PURPOSES = {
        {"Для ведения крестьянского хозяйства", "Шаруа қожалығын жүргізу үшін"},
        {"Для садоводства", "Бағбандық үшін"},
        {"Для тепличного хозяйства", "Жылыжай шаруашылығы үшін"},
    };
    private static final String[][] PARK_PURPOSES = {
        {"Для размещения сквера", "Гүлзар орналастыру үшін"},
        {"Для размещения зоны отдыха", "Демалыс аймағын орналастыру үшін"},
    };
    private static final String[][] FOREST_PURPOSES = {{"Для размещения зелёной зоны", "Жасыл аймақ орналастыру үшін"}};
    private static final String[][] WATER_PURPOSES = {{"Для размещения водоёма", "Су айдынын орналастыру үшін"}};
    private static final String[][] RESERVE_PURPOSES = {
        {"Земли запаса для последующего предоставления", "Кейіннен беруге арналған босалқы жерлер"},
    };

    private static final String[] STREETS = {
        "Абая",
        "Сатпаева",
        "Кабанбай батыра",
        "Ауэзова",
        "Толе би",
        "Казыбек би",
        "Айтеке би",
        "Абылай хана",
        "Республики",
        "Независимости",
        "Жамбыла",
        "Махамбета",
        "Шокана Уалиханова",
        "Мира",
        "Гоголя",
        "Пушкина",
        "Ибрая Алтынсарина",
        "Курмангазы",
        "Биржана сал",
        "Акана серэ",
        "Кенесары",
        "Бейбитшилик",
        "Тауелсиздик",
        "Жибек жолы",
        "Алтын орда",
        "Сарыарка",
        "Шакарима",
        "Мухтара Ауэзова",
        "Байтурсынова",
        "Жансугурова",
        "Турксиба",
        "Степная",
        "Садовая",
        "Заводская",
        "Промышленная",
        "Луговая",
        "Береговая",
        "Новостройка",
        "Жастар",
        "Достык",
    };

    /**
     * The street grid of one city, built outwards from its centre in rings of blocks, and what the
     * plot generation left for the networks and appeals (the blocks used).
     */
    static final class CityGrid {
        final DemoCity city;
        final double rotation;
        final double cos;
        final double sin;
        final double metresPerDegreeLon;
        final double metresPerDegreeLat = 110_574;
        int minX = Integer.MAX_VALUE;
        int maxX = Integer.MIN_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxY = Integer.MIN_VALUE;

        CityGrid(DemoCity city, SplittableRandom random) {
            this.city = city;
            // real grids are seldom exactly north-south
            this.rotation = Math.toRadians(random.nextDouble(-12, 12));
            this.cos = Math.cos(rotation);
            this.sin = Math.sin(rotation);
            this.metresPerDegreeLon = 111_320 * Math.cos(Math.toRadians(city.lat()));
        }

        double lon(double x, double y) {
            return city.lon() + (x * cos - y * sin) / metresPerDegreeLon;
        }

        double lat(double x, double y) {
            return city.lat() + (x * sin + y * cos) / metresPerDegreeLat;
        }

        void use(int cx, int cy) {
            minX = Math.min(minX, cx);
            maxX = Math.max(maxX, cx);
            minY = Math.min(minY, cy);
            maxY = Math.max(maxY, cy);
        }
    }

    /** Walks the cells of the grid ring by ring around (0, 0): (0,0), then the 8 cells around it, and so on. */
    private static final class Spiral {
        int ring;
        int index;
        int cx;
        int cy;

        void next() {
            int side = 2 * ring;
            int perimeter = 4 * side;
            if (ring == 0 || index == perimeter) {
                ring++;
                index = 0;
                side = 2 * ring;
            }
            int i = index++;
            // walk the square ring counter-clockwise starting at its south-west corner
            if (i < side) {
                cx = -ring + i;
                cy = -ring;
            } else if (i < 2 * side) {
                cx = ring;
                cy = -ring + (i - side);
            } else if (i < 3 * side) {
                cx = ring - (i - 2 * side);
                cy = ring;
            } else {
                cx = -ring;
                cy = ring - (i - 3 * side);
            }
        }
    }

    private long writePlots(GeoJsonLines out, CityGrid grid, int count) throws IOException {
        SplittableRandom random = random(grid.city, 4);
        Spiral spiral = new Spiral();
        long written = 0;
        long free = 0;
        int block = 0;
        boolean first = true;
        while (written < count) {
            if (first) {
                first = false;
            } else {
                spiral.next();
            }
            int cx = spiral.cx;
            int cy = spiral.cy;
            grid.use(cx, cy);
            double bx = cx * CELL_W - BLOCK_W / 2;
            double by = cy * CELL_H - BLOCK_H / 2;
            double distance = Math.hypot(bx + BLOCK_W / 2, by + BLOCK_H / 2);
            Zone zone = zone(random, distance);
            // the accounting quarter is the block; past 999 blocks the numbering moves on to the next district code
            String district = "%03d".formatted(Integer.parseInt(grid.city.cadastralDistrict()) + block / 999);
            String quarter = "%03d".formatted(block % 999 + 1);
            block++;
            String street = street(cy);
            int plotNumber = 0;
            double rowH = BLOCK_H / zone.rows;
            double[][] cuts = new double[zone.rows][];
            for (int row = 0; row < zone.rows; row++) {
                cuts[row] = cuts(random, bx, BLOCK_W, zone.minWidth, zone.maxWidth);
            }
            for (int row = 0; row < zone.rows && written < count; row++) {
                double y0 = by + row * rowH;
                double y1 = y0 + rowH;
                double[] x = cuts[row];
                // the parcels of the other row meet this one at their own corners: put those points on the
                // shared edge too, so that neighbours share exactly the same vertices and never overlap
                double[] below = row > 0 ? cuts[row - 1] : new double[0];
                double[] above = row < zone.rows - 1 ? cuts[row + 1] : new double[0];
                for (int k = 0; k + 1 < x.length && written < count; k++) {
                    boolean west = k == 0;
                    boolean east = k + 2 == x.length;
                    boolean south = row == 0;
                    boolean north = row == zone.rows - 1;
                    double[][] ring = parcel(
                            x[k],
                            y0,
                            x[k + 1],
                            y1,
                            between(below, x[k], x[k + 1]),
                            between(above, x[k], x[k + 1]),
                            west && south,
                            east && south,
                            east && north,
                            west && north);
                    plotNumber++;
                    int house = Math.abs(cx) * 40 + (row == 0 ? 2 * k + 1 : 2 * k + 2);
                    free += writePlot(
                            out, grid, random, zone, ring, district, quarter, plotNumber, street, house, distance);
                    written++;
                }
            }
        }
        return free;
    }

    private static Zone zone(SplittableRandom random, double distance) {
        double r = random.nextDouble();
        if (distance < 1200) {
            return pick(
                    r,
                    new Zone[] {Zone.COMMERCIAL, Zone.RESIDENTIAL, Zone.PARK, Zone.INDUSTRIAL, Zone.RESERVE},
                    new double[] {0.35, 0.45, 0.07, 0.06, 0.07});
        }
        if (distance < 3500) {
            return pick(
                    r,
                    new Zone[] {Zone.RESIDENTIAL, Zone.COMMERCIAL, Zone.INDUSTRIAL, Zone.PARK, Zone.RESERVE, Zone.WATER
                    },
                    new double[] {0.55, 0.1, 0.2, 0.04, 0.09, 0.02});
        }
        return pick(
                r,
                new Zone[] {Zone.INDUSTRIAL, Zone.RESIDENTIAL, Zone.AGRICULTURAL, Zone.FOREST, Zone.WATER, Zone.RESERVE
                },
                new double[] {0.28, 0.3, 0.26, 0.05, 0.02, 0.09});
    }

    static <T> T pick(double r, T[] values, double[] weights) {
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += weights[i];
            if (r < sum) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    static String street(int cy) {
        int n = Math.floorMod(cy, STREETS.length * 2);
        return n < STREETS.length ? STREETS[n] : STREETS[n - STREETS.length] + " (мкр. Новый)";
    }

    /**
     * Where a row of parcels is cut: {@code start}, then widths between {@code min} and {@code max}
     * (rounded to 10 cm, as on surveyors' plans) up to {@code start + length}; the last parcel takes the rest.
     */
    private static double[] cuts(SplittableRandom random, double start, double length, double min, double max) {
        double[] at = new double[(int) (length / (min * 0.8)) + 2];
        int n = 0;
        at[n++] = start;
        double done = 0;
        while (length - done > 1e-6) {
            double w = min >= max ? max : Math.round(random.nextDouble(min, max) * 10) / 10.0;
            if (length - done - w < min * 0.8) {
                w = length - done;
            }
            done += w;
            at[n++] = start + done;
        }
        at[n - 1] = start + length;
        double[] out = new double[n];
        System.arraycopy(at, 0, out, 0, n);
        return out;
    }

    /** The values of the ascending {@code cuts} strictly between {@code from} and {@code to}. */
    private static double[] between(double[] cuts, double from, double to) {
        return java.util.Arrays.stream(cuts)
                .filter(c -> c > from + 1e-6 && c < to - 1e-6)
                .toArray();
    }

    /**
     * The counter-clockwise ring of a rectangular parcel in local metres, with extra vertices on its
     * south and north edges (ascending x), and with the corners that face a street crossing cut off,
     * as they are at real block corners.
     */
    private static double[][] parcel(
            double x0,
            double y0,
            double x1,
            double y1,
            double[] southPoints,
            double[] northPoints,
            boolean sw,
            boolean se,
            boolean ne,
            boolean nw) {
        int size = 8 + southPoints.length + northPoints.length;
        double[] xs = new double[size];
        double[] ys = new double[size];
        int n = 0;
        double c = CORNER_CUT;
        if (sw) {
            xs[n] = x0;
            ys[n++] = y0 + c;
            xs[n] = x0 + c;
            ys[n++] = y0;
        } else {
            xs[n] = x0;
            ys[n++] = y0;
        }
        for (double x : southPoints) {
            xs[n] = x;
            ys[n++] = y0;
        }
        if (se) {
            xs[n] = x1 - c;
            ys[n++] = y0;
            xs[n] = x1;
            ys[n++] = y0 + c;
        } else {
            xs[n] = x1;
            ys[n++] = y0;
        }
        if (ne) {
            xs[n] = x1;
            ys[n++] = y1 - c;
            xs[n] = x1 - c;
            ys[n++] = y1;
        } else {
            xs[n] = x1;
            ys[n++] = y1;
        }
        for (int i = northPoints.length - 1; i >= 0; i--) {
            xs[n] = northPoints[i];
            ys[n++] = y1;
        }
        if (nw) {
            xs[n] = x0 + c;
            ys[n++] = y1;
            xs[n] = x0;
            ys[n++] = y1 - c;
        } else {
            xs[n] = x0;
            ys[n++] = y1;
        }
        double[][] ring = new double[2][n];
        System.arraycopy(xs, 0, ring[0], 0, n);
        System.arraycopy(ys, 0, ring[1], 0, n);
        return ring;
    }

    /** Shoelace area of an open ring in square metres. */
    private static double area(double[] xs, double[] ys) {
        double twice = 0;
        for (int i = 0; i < xs.length; i++) {
            int j = (i + 1) % xs.length;
            twice += xs[i] * ys[j] - xs[j] * ys[i];
        }
        return twice / 2;
    }

    /** Writes one plot; returns 1 when it is free, else 0. */
    private static int writePlot(
            GeoJsonLines out,
            CityGrid grid,
            SplittableRandom random,
            Zone zone,
            double[][] ring,
            String district,
            String quarter,
            int plotNumber,
            String street,
            int house,
            double distance)
            throws IOException {
        double[] lon = new double[ring[0].length];
        double[] lat = new double[ring[0].length];
        for (int i = 0; i < lon.length; i++) {
            lon[i] = grid.lon(ring[0][i], ring[1][i]);
            lat[i] = grid.lat(ring[0][i], ring[1][i]);
        }
        double areaM2 = area(ring[0], ring[1]);
        String status = status(random, zone);
        String[] purpose = purpose(random, zone);
        boolean registered = !status.equals("free") || random.nextDouble() >= 0.05;
        String cadastral = registered
                ? "%s-%s-%s-%03d".formatted(grid.city.cadastralRegion(), district, quarter, plotNumber)
                : null;
        String auctionDate = null;
        double price = Double.NaN;
        if (status.equals("auction_scheduled") || (status.equals("free") && random.nextBoolean())) {
            // tenge per square metre, dearer near the centre and for trade
            double perM2 = switch (zone) {
                        case COMMERCIAL -> 6000 + random.nextDouble(9000);
                        case RESIDENTIAL -> 2000 + random.nextDouble(3000);
                        case INDUSTRIAL, RESERVE -> 900 + random.nextDouble(2100);
                        default -> 40 + random.nextDouble(160);
                    }
                    * Math.max(0.4, 1 - distance / 20_000);
            price = Math.round(areaM2 * perM2 / 1000) * 1000.0;
        }
        if (status.equals("auction_scheduled")) {
            auctionDate = REFERENCE_DAY.plusDays(10 + random.nextInt(50)).toString();
        }
        out.polygon(lon, lat)
                .put("cadastral_number", cadastral)
                // what the title documents say differs a little from the drawn area
                .put("area_declared_ha", areaM2 / 10_000 * (1 + random.nextDouble(-0.015, 0.015)), 4)
                .put("land_category", zone.category)
                .put("intended_purpose_ru", purpose[0])
                .put("intended_purpose_kk", purpose[1])
                .put("permitted_use", zone.permittedUse)
                .put("right_type", rightType(random, zone))
                .put("divisible", zone == Zone.RESIDENTIAL ? Boolean.FALSE : random.nextDouble() < 0.5)
                .put("status", status)
                .put("address", address(grid.city, zone, street, house, plotNumber))
                .put("auction_date", auctionDate)
                .put("starting_price_kzt", price, 0)
                .put("city", grid.city.code())
                .end();
        return status.equals("free") ? 1 : 0;
    }

    private static String status(SplittableRandom random, Zone zone) {
        if (zone == Zone.PARK || zone == Zone.FOREST || zone == Zone.WATER) {
            return "allocated";
        }
        boolean offered = zone == Zone.INDUSTRIAL || zone == Zone.RESERVE || zone == Zone.AGRICULTURAL;
        return pick(
                random.nextDouble(),
                new String[] {"free", "auction_scheduled", "in_application", "allocated", "withdrawn"},
                offered ? new double[] {0.24, 0.06, 0.07, 0.59, 0.04} : new double[] {0.11, 0.03, 0.05, 0.77, 0.04});
    }

    private static String[] purpose(SplittableRandom random, Zone zone) {
        String[][] choices = switch (zone) {
            case RESIDENTIAL -> RESIDENTIAL_PURPOSES;
            case COMMERCIAL -> COMMERCIAL_PURPOSES;
            case INDUSTRIAL -> INDUSTRIAL_PURPOSES;
            case AGRICULTURAL -> AGRICULTURAL_PURPOSES;
            case PARK -> PARK_PURPOSES;
            case FOREST -> FOREST_PURPOSES;
            case WATER -> WATER_PURPOSES;
            case RESERVE -> random.nextBoolean() ? RESERVE_PURPOSES : INDUSTRIAL_PURPOSES;
        };
        return choices[random.nextInt(choices.length)];
    }

    private static String rightType(SplittableRandom random, Zone zone) {
        double r = random.nextDouble();
        return switch (zone) {
            case RESIDENTIAL -> r < 0.9 ? "private_ownership" : "temporary_paid_use";
            case COMMERCIAL -> r < 0.6 ? "private_ownership" : "temporary_paid_use";
            case INDUSTRIAL -> r < 0.4 ? "private_ownership" : "temporary_paid_use";
            case AGRICULTURAL -> r < 0.85 ? "temporary_paid_use" : "private_ownership";
            case PARK, FOREST, WATER -> "permanent_land_use";
            case RESERVE -> r < 0.85 ? "temporary_paid_use" : "temporary_gratuitous_use";
        };
    }

    private static String address(DemoCity city, Zone zone, String street, int house, int plotNumber) {
        String prefix = "г. " + city.nameRu() + ", ";
        return switch (zone) {
            case AGRICULTURAL -> prefix + "массив «Жерұйық», участок " + plotNumber;
            case INDUSTRIAL -> prefix + "промзона, ул. " + street + ", " + house;
            case FOREST, WATER, PARK -> prefix + "ул. " + street;
            default -> prefix + "ул. " + street + ", " + house;
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Networks

    private static final String[] KINDS = {"power", "gas", "water", "sewerage", "heating", "telecom"};
    // how likely a street is to carry each kind, and where in the 30 m street it runs (metres from the middle)
    private static final double[] KIND_SHARE = {0.9, 0.55, 0.8, 0.6, 0.45, 0.7};
    private static final double[] KIND_OFFSET = {-12, -8, -4, 4, 8, 12};

    private static void writeNetworks(GeoJsonLines out, CityGrid grid, SplittableRandom random) throws IOException {
        int number = 1;
        // streets running east-west lie south of each block row, and one more north of the last
        for (int cy = grid.minY; cy <= grid.maxY + 1; cy++) {
            double y = cy * CELL_H - CELL_H / 2;
            for (int k = 0; k < KINDS.length; k++) {
                if (random.nextDouble() < KIND_SHARE[k]) {
                    int from = grid.minX + random.nextInt(Math.max(1, (grid.maxX - grid.minX) / 2 + 1));
                    int to = Math.min(grid.maxX + 1, from + 2 + random.nextInt(grid.maxX - grid.minX + 2));
                    double[] xs = new double[to - from + 1];
                    double[] ys = new double[xs.length];
                    for (int i = 0; i < xs.length; i++) {
                        xs[i] = (from + i) * CELL_W - CELL_W / 2;
                        ys[i] = y + KIND_OFFSET[k];
                    }
                    writeLine(out, grid, random, KINDS[k], xs, ys, number++);
                }
            }
        }
        for (int cx = grid.minX; cx <= grid.maxX + 1; cx++) {
            double x = cx * CELL_W - CELL_W / 2;
            for (int k = 0; k < KINDS.length; k++) {
                if (random.nextDouble() < KIND_SHARE[k] * 0.7) {
                    int from = grid.minY + random.nextInt(Math.max(1, (grid.maxY - grid.minY) / 2 + 1));
                    int to = Math.min(grid.maxY + 1, from + 2 + random.nextInt(grid.maxY - grid.minY + 2));
                    double[] xs = new double[to - from + 1];
                    double[] ys = new double[xs.length];
                    for (int i = 0; i < xs.length; i++) {
                        xs[i] = x + KIND_OFFSET[k];
                        ys[i] = (from + i) * CELL_H - CELL_H / 2;
                    }
                    writeLine(out, grid, random, KINDS[k], xs, ys, number++);
                }
            }
        }
        // substations, gas regulators, pumping stations and telecom nodes at some crossings
        double[] stationShare = {0.18, 0.05, 0.04, 0.03, 0.04, 0.06};
        for (int cy = grid.minY; cy <= grid.maxY + 1; cy++) {
            for (int cx = grid.minX; cx <= grid.maxX + 1; cx++) {
                for (int k = 0; k < KINDS.length; k++) {
                    if (random.nextDouble() < stationShare[k]) {
                        double x = cx * CELL_W - CELL_W / 2 + KIND_OFFSET[k];
                        double y = cy * CELL_H - CELL_H / 2 + KIND_OFFSET[(k + 3) % KINDS.length];
                        writeStation(out, grid, random, KINDS[k], x, y, number++);
                    }
                }
            }
        }
    }

    private static void writeLine(
            GeoJsonLines out, CityGrid grid, SplittableRandom random, String kind, double[] xs, double[] ys, int number)
            throws IOException {
        double[] lon = new double[xs.length];
        double[] lat = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            lon[i] = grid.lon(xs[i], ys[i]);
            lat[i] = grid.lat(xs[i], ys[i]);
        }
        double capacity;
        double voltage = Double.NaN;
        String pressure = null;
        int diameter = 0;
        String name;
        switch (kind) {
            case "power" -> {
                voltage = random.nextDouble() < 0.7 ? 10 : 0.4;
                capacity = voltage == 10 ? 500 + random.nextInt(25) * 100 : 100 + random.nextInt(9) * 50;
                name = (voltage == 10 ? "КЛ-10 кВ ф. " : "ВЛ-0,4 кВ ф. ") + number;
            }
            case "gas" -> {
                pressure =
                        pick(random.nextDouble(), new String[] {"low", "medium", "high"}, new double[] {0.5, 0.4, 0.1});
                diameter = new int[] {57, 89, 108, 159, 219}[random.nextInt(5)];
                capacity = diameter * (5 + random.nextInt(10));
                name = "Газопровод Ø" + diameter + " № " + number;
            }
            case "water" -> {
                diameter = new int[] {100, 150, 200, 300, 400}[random.nextInt(5)];
                capacity = diameter * (8 + random.nextInt(12));
                name = "Водовод Ø" + diameter + " № " + number;
            }
            case "sewerage" -> {
                diameter = new int[] {150, 200, 300, 500}[random.nextInt(4)];
                capacity = diameter * (6 + random.nextInt(10));
                name = "Канализационный коллектор Ø" + diameter + " № " + number;
            }
            case "heating" -> {
                diameter = new int[] {108, 159, 219, 325, 426}[random.nextInt(5)];
                capacity = Math.round(diameter / 20.0 * (1 + random.nextDouble()) * 10) / 10.0;
                name = "Теплотрасса 2Ø" + diameter + " № " + number;
            }
            default -> {
                capacity = random.nextBoolean() ? 1000 : 10_000;
                name = "ВОЛС № " + number;
            }
        }
        out.lineString(lon, lat);
        network(out, grid.city, random, kind, name, capacity, voltage, pressure, diameter);
    }

    private static void writeStation(
            GeoJsonLines out, CityGrid grid, SplittableRandom random, String kind, double x, double y, int number)
            throws IOException {
        double capacity;
        double voltage = Double.NaN;
        String pressure = null;
        String name;
        switch (kind) {
            case "power" -> {
                voltage = 10;
                capacity = new int[] {250, 400, 630, 1000}[random.nextInt(4)];
                name = "ТП-" + number;
            }
            case "gas" -> {
                pressure = "medium";
                capacity = 500 + random.nextInt(20) * 100;
                name = "ГРП-" + number;
            }
            case "water" -> {
                capacity = 1000 + random.nextInt(40) * 100;
                name = "Насосная станция водопровода № " + number;
            }
            case "sewerage" -> {
                capacity = 800 + random.nextInt(30) * 100;
                name = "КНС-" + number;
            }
            case "heating" -> {
                capacity = 5 + random.nextInt(30);
                name = "ЦТП-" + number;
            }
            default -> {
                capacity = 10_000;
                name = "Узел связи № " + number;
            }
        }
        out.point(grid.lon(x, y), grid.lat(x, y));
        network(out, grid.city, random, kind, name, capacity, voltage, pressure, 0);
    }

    private static void network(
            GeoJsonLines out,
            DemoCity city,
            SplittableRandom random,
            String kind,
            String name,
            double capacity,
            double voltage,
            String pressure,
            int diameter)
            throws IOException {
        // a third of the networks have nothing left to connect, which is what entrepreneurs need to know
        double free = random.nextDouble() < 0.3 ? 0 : Math.round(capacity * random.nextDouble(0.05, 0.6) * 10) / 10.0;
        out.put("kind", kind)
                .put("name", name)
                .put("operator_name", operator(city, kind))
                .put("capacity", capacity, 2)
                .put("free_capacity", free, 2)
                .put("voltage_kv", voltage, 2)
                .put("pressure_class", pressure)
                .put("diameter_mm", diameter == 0 ? Double.NaN : diameter, 0)
                .put("city", city.code())
                .end();
    }

    private static String operator(DemoCity city, String kind) {
        return switch (kind) {
            case "power" -> "АО «" + city.nameRu() + " РЭК»";
            case "gas" -> "АО «QazaqGaz Аймақ»";
            case "water", "sewerage" -> "ГКП «" + city.nameRu() + " Водоканал»";
            case "heating" -> "ТОО «" + city.nameRu() + " Теплосети»";
            default -> "АО «Казахтелеком»";
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Appeals

    private static final String[] CATEGORIES = {
        "roads",
        "utilities",
        "housing",
        "land",
        "public_services",
        "education",
        "health",
        "social_aid",
        "employment",
        "corruption",
    };
    private static final double[] CATEGORY_SHARE = {0.2, 0.2, 0.12, 0.12, 0.07, 0.06, 0.06, 0.05, 0.04, 0.08};
    private static final String[][] TEXTS = {
        {
            "Яма на проезжей части возле дома, машины объезжают по тротуару.",
            "Не работает уличное освещение на всём квартале уже вторую неделю.",
            "Аула жолында үлкен шұңқыр пайда болды, түнде көрінбейді."
        },
        {
            "Нет холодной воды с утра, аварийная служба не отвечает.",
            "Прорыв трубы теплотрассы, из люка идёт пар.",
            "Ауласында кәріз суы ағып жатыр, иісі қатты."
        },
        {
            "В подъезде протекает крыша, управляющая компания не реагирует.",
            "Лифт не работает больше месяца.",
            "Үйдің шатыры ағып тұр, пәтерге су кіреді."
        },
        {
            "На свободном участке по соседству складируют строительный мусор.",
            "Участок, выставленный на аукцион, уже огорожен забором.",
            "Бос жер учаскесін біреу қоршап алған, кім екені белгісіз."
        },
        {
            "В ЦОНе не принимают документы без записи, записи нет на месяц вперёд.",
            "Справку обещали выдать через три дня, прошло две недели."
        },
        {"В школе не работает отопление в спортзале.", "Балабақшаға кезек жылжымайды."},
        {"В поликлинике нет записи к терапевту на ближайшие две недели.", "Ауруханада дәрі жоқ деп қайтарып жіберді."},
        {
            "Не назначают адресную социальную помощь, документы сданы два месяца назад.",
            "Мүгедектігі бар адамға пандус жоқ."
        },
        {
            "Центр занятости не отвечает на обращения о переобучении.",
            "Жастар тәжірибесіне жіберу туралы өтінішке жауап жоқ."
        },
        {
            "За ускорение выдачи разрешения на строительство попросили деньги.",
            "Сотрудник предложил «решить вопрос» с участком за вознаграждение."
        },
    };
    private static final String[] ANSWERS = {
        "Работы включены в план текущего ремонта, срок исполнения — 10 рабочих дней.",
        "Выезд на место проведён, нарушение устранено.",
        "Обращение направлено в уполномоченный орган, заявителю дан ответ.",
        "Факты не подтвердились, дано разъяснение по порядку обращения.",
        "Өтініш қаралды, жұмыс кестеге енгізілді.",
    };
    private static final String[] FIRST_NAMES = {
        "Айгерим",
        "Нурлан",
        "Дана",
        "Ерлан",
        "Асель",
        "Бауыржан",
        "Ольга",
        "Сергей",
        "Жанар",
        "Тимур",
        "Мадина",
        "Арман",
    };
    private static final String[] LAST_NAMES = {
        "Сейткали", "Жумабаев", "Ахметова", "Иванов", "Нурпеисова", "Касымов", "Ким", "Оспанова", "Тулеген", "Петрова",
    };
    private static final String CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final DateTimeFormatter OFFSET_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private static void writeAppeals(
            GeoJsonLines out, CityGrid grid, int count, SplittableRandom random, Set<String> codes) throws IOException {
        for (int i = 0; i < count; i++) {
            String code;
            do {
                StringBuilder sb = new StringBuilder("AM-");
                for (int k = 0; k < 8; k++) {
                    if (k == 4) {
                        sb.append('-');
                    }
                    sb.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
                }
                code = sb.toString();
            } while (!codes.add(code));
            int c = categoryIndex(random.nextDouble());
            String category = CATEGORIES[c];
            String[] texts = TEXTS[c];
            String text = texts[random.nextInt(texts.length)];
            String phone = "+7 7%02d %03d %02d %02d"
                    .formatted(random.nextInt(100), random.nextInt(1000), random.nextInt(100), random.nextInt(100));
            String iin = iin(random);
            String email = "%s.%d@mail.kz"
                    .formatted(
                            new String[] {"aigerim", "nurlan", "dana", "erlan", "asel"}[random.nextInt(5)],
                            random.nextInt(100));
            // as citizens do, some write their contacts into the text itself; the public sees them masked
            double leak = random.nextDouble();
            if (leak < 0.15) {
                text += " Мой телефон " + phone + ", перезвоните.";
            } else if (leak < 0.25) {
                text += " ИИН " + iin + ".";
            } else if (leak < 0.32) {
                text += " Ответ прошу направить на " + email;
            }
            String status = pick(
                    random.nextDouble(),
                    new String[] {"new", "under_review", "routed", "in_progress", "answered", "resolved", "rejected"},
                    new double[] {0.15, 0.1, 0.15, 0.2, 0.2, 0.15, 0.05});
            String channel =
                    pick(random.nextDouble(), new String[] {"web", "call_centre", "messenger", "office"}, new double[] {
                        0.6, 0.2, 0.15, 0.05
                    });
            LocalDateTime created =
                    REFERENCE_DAY.atTime(8, 0).minusDays(random.nextInt(40)).plusMinutes(random.nextInt(14 * 60));
            String answer = switch (status) {
                case "answered", "resolved", "rejected" -> ANSWERS[random.nextInt(ANSWERS.length)];
                default -> null;
            };
            int cx = grid.minX + random.nextInt(grid.maxX - grid.minX + 1);
            int cy = grid.minY + random.nextInt(grid.maxY - grid.minY + 1);
            double x = cx * CELL_W + random.nextDouble(-CELL_W / 2, CELL_W / 2);
            double y = cy * CELL_H + random.nextDouble(-CELL_H / 2, CELL_H / 2);
            boolean named = random.nextDouble() < 0.85;
            out.point(grid.lon(x, y), grid.lat(x, y))
                    .put("tracking_code", code)
                    .put("category", category)
                    .put("text", text)
                    .put("text_private", random.nextDouble() < 0.1)
                    .put("status", status)
                    .put("channel", channel)
                    .put("created_at", created.atOffset(ALMATY).format(OFFSET_TIME))
                    .put("answer_text", answer)
                    .put(
                            "contact_name",
                            named
                                    ? FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " "
                                            + LAST_NAMES[random.nextInt(LAST_NAMES.length)]
                                    : null)
                    .put("contact_phone", random.nextDouble() < 0.8 ? phone : null)
                    .put("contact_email", random.nextDouble() < 0.4 ? email : null)
                    .put("contact_iin", random.nextDouble() < 0.6 ? iin : null)
                    .put("city", grid.city.code())
                    .end();
        }
    }

    private static int categoryIndex(double r) {
        double sum = 0;
        for (int i = 0; i < CATEGORY_SHARE.length; i++) {
            sum += CATEGORY_SHARE[i];
            if (r < sum) {
                return i;
            }
        }
        return CATEGORY_SHARE.length - 1;
    }

    /**
     * A well-formed individual identification number: birth date, century and sex digit, serial and
     * the check digit of the official algorithm (weights 1–11, then 3–11, 1, 2 when the first sum
     * gives 10).
     */
    static String iin(SplittableRandom random) {
        while (true) {
            LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(random.nextInt(55 * 365));
            boolean female = random.nextBoolean();
            int century = birth.getYear() < 2000 ? (female ? 4 : 3) : (female ? 6 : 5);
            String body = "%02d%02d%02d%d%04d"
                    .formatted(
                            birth.getYear() % 100,
                            birth.getMonthValue(),
                            birth.getDayOfMonth(),
                            century,
                            random.nextInt(10_000));
            int check = iinCheckDigit(body);
            if (check < 10) {
                return body + check;
            }
        }
    }

    /** The check digit of the first 11 digits of an IIN, or 10 when no valid number has them. */
    static int iinCheckDigit(String elevenDigits) {
        int sum = 0;
        for (int i = 0; i < 11; i++) {
            sum += (elevenDigits.charAt(i) - '0') * (i + 1);
        }
        int check = sum % 11;
        if (check == 10) {
            sum = 0;
            for (int i = 0; i < 11; i++) {
                sum += (elevenDigits.charAt(i) - '0') * ((i + 2) % 11 + 1);
            }
            check = sum % 11;
        }
        return check;
    }
}
