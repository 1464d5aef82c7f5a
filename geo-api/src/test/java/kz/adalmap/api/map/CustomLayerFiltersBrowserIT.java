package kz.adalmap.api.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kz.adalmap.api.Chromium;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.TestHttp;
import kz.adalmap.api.customlayer.CustomLayerTestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The filters, totals, nearest offices, report link and editing of the layers departments define as data,
 * in a real headless Chromium against the running application and PostGIS: a budget layer filtered by
 * status, amount and accessibility draws only what it keeps and says so in the URL, the total in view is
 * the database's, a land editor of the region adds an object on the map, and an object's card opens the
 * report form with the pin at the object.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"adalmap.security.admin-username=chief", "adalmap.security.admin-password=chief-password-2026"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomLayerFiltersBrowserIT {

    /** The pixel of layer {@code arguments[2]}'s tile canvas under a point, as [r, g, b, a], or null while none is loaded. */
    private static final String PIXEL = """
            const [lat, lon, code] = [arguments[0], arguments[1], arguments[2]];
            const box = document.querySelector('#map').getBoundingClientRect();
            const [z, clat, clon] = location.hash.slice(1).split('/').map(Number);
            const p = L.CRS.EPSG3857.latLngToPoint(L.latLng(lat, lon), z);
            const c = L.CRS.EPSG3857.latLngToPoint(L.latLng(clat, clon), z);
            const x = box.left + box.width / 2 + (p.x - c.x);
            const y = box.top + box.height / 2 + (p.y - c.y);
            for (const canvas of document.querySelectorAll(`canvas[data-tile^="layer/${code}/"][data-features]`)) {
              const r = canvas.getBoundingClientRect();
              if (x >= r.left && x < r.right && y >= r.top && y < r.bottom) {
                const ratio = canvas.width / r.width;
                const d = canvas.getContext('2d')
                    .getImageData(Math.floor((x - r.left) * ratio), Math.floor((y - r.top) * ratio), 1, 1).data;
                return [d[0], d[1], d[2], d[3]];
              }
            }
            return null;
            """;

    /** Where a point is on the screen by the view in the hash: [x, y] in CSS pixels. */
    private static final String SCREEN = """
            const box = document.querySelector('#map').getBoundingClientRect();
            const [z, clat, clon] = location.hash.slice(1).split('/').map(Number);
            const p = L.CRS.EPSG3857.latLngToPoint(L.latLng(arguments[0], arguments[1]), z);
            const c = L.CRS.EPSG3857.latLngToPoint(L.latLng(clat, clon), z);
            return [box.left + box.width / 2 + (p.x - c.x), box.top + box.height / 2 + (p.y - c.y)];
            """;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "custom_layer_filters_browser");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    WebDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void dataAndBrowser() throws IOException {
        CustomLayerTestData.seed(jdbc);
        jdbc.sql("""
                INSERT INTO region (kato_code, cadastral_code, name_kk, name_ru, name_en, geom) VALUES
                ('630000000', '05', 'Шығыс Қазақстан', 'Восточно-Казахстанская', 'East Kazakhstan',
                 ST_Multi(ST_MakeEnvelope(78, 47, 87, 51, 4326)))
                """).update();
        jdbc.sql("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en, geometry_type, attribute_schema,
                                   key_attribute, style, is_public, region_id)
                SELECT 'ramps', 'custom', 'Пандустар', 'Пандусы', 'Ramps', 'point', CAST(:schema AS jsonb),
                       'passport_no', '{"colour": "#7b1fa2"}', true, id
                FROM region WHERE kato_code = '630000000'
                """).param("schema", """
                [{"name": "passport_no", "type": "text", "required": true,
                  "label_kk": "Паспорт нөмірі", "label_ru": "Номер паспорта", "label_en": "Passport number"},
                 {"name": "access", "type": "enum", "label_kk": "Қолжетімділік", "label_ru": "Доступность", "label_en": "Access",
                  "values": [{"value": "full", "label_kk": "Толық", "label_ru": "Полностью", "label_en": "Full"},
                             {"value": "none", "label_kk": "Жоқ", "label_ru": "Нет", "label_en": "None"}]},
                 {"name": "width_m", "type": "number", "label_kk": "Ені, м", "label_ru": "Ширина, м", "label_en": "Width, m"}]
                """).update();
        assertThat(new TestHttp(port)
                        .post("/api/v1/admin/users", """
                        {"username": "editor.vko", "displayName": "Editor", "password": "staff-password-1",
                         "roles": ["land_editor"], "regions": ["630000000"]}
                        """, "chief", "chief-password-2026")
                        .statusCode())
                .isEqualTo(201);
        browser = Chromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        // a part of the page drawn again between finding an element and reading it: look again
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** [lat, lon] of the budget object with feature key {@code key}. */
    private double[] where(String key) {
        return jdbc.sql("SELECT ST_Y(geom), ST_X(geom) FROM layer_feature WHERE feature_key = :key")
                .param("key", key)
                .query((rs, row) -> new double[] {rs.getDouble(1), rs.getDouble(2)})
                .single();
    }

    private void open(String query, int zoom, double[] at) {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get("about:blank");
        browser.get("http://localhost:" + port + "/?lang=en&layers=budget,offices,ramps" + query
                + String.format(Locale.ROOT, "#%d/%.6f/%.6f", zoom, at[0], at[1]));
        wait.until(d -> "en".equals(script("return document.documentElement.lang")));
    }

    private Object script(String code, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(code, args);
    }

    private WebElement byTestId(String id) {
        return wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=\"" + id + "\"]")));
    }

    /** Opens the filter box of layer {@code code}. */
    private void openBox(String code) {
        WebElement box = wait.until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=layer-box-" + code + "]")));
        if (box.getAttribute("open") == null) {
            box.findElement(By.tagName("summary")).click();
        }
    }

    @SuppressWarnings("unchecked")
    private void waitForColour(String code, double[] at, String hex) {
        int r = Integer.parseInt(hex.substring(1, 3), 16);
        int g = Integer.parseInt(hex.substring(3, 5), 16);
        int b = Integer.parseInt(hex.substring(5, 7), 16);
        wait.until(d -> {
            List<Long> px = (List<Long>) script(PIXEL, at[0], at[1], code);
            return px != null
                    && Math.abs(px.get(0) - r) <= 3
                    && Math.abs(px.get(1) - g) <= 3
                    && Math.abs(px.get(2) - b) <= 3
                    && px.get(3) > 200;
        });
    }

    @SuppressWarnings("unchecked")
    private void waitForNothing(String code, double[] at) {
        wait.until(d -> {
            List<Long> px = (List<Long>) script(PIXEL, at[0], at[1], code);
            return px != null && px.get(3) < 30;
        });
    }

    @Test
    void anEnumAndAnAmountRangeChangeWhatIsDrawnAndTheUrl() {
        double[] five = where("k5");
        double[] seven = where("k7");
        double[] eight = where("k8");
        open("", 15, five);
        waitForColour("budget", seven, "#ff7f0e");
        openBox("budget");
        byTestId("layer-filter-budget-status-done").click();
        // object 7 is being built: no longer drawn; 5 and 8 are done and stay
        waitForNothing("budget", seven);
        waitForColour("budget", five, "#2ca02c");
        waitForColour("budget", eight, "#2ca02c");
        wait.until(d -> d.getCurrentUrl().contains("budget.status=done"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=legend-layer-budget-building]"))
                        .getAttribute("data-off"))
                .isEqualTo("true");
        assertThat(browser.findElement(By.cssSelector("[data-testid=legend-layer-budget-done]"))
                        .getAttribute("data-off"))
                .isNull();

        WebElement min = byTestId("layer-filter-budget-min_amount_allocated");
        min.sendKeys("6000", Keys.ENTER);
        // 5 has 5,002.5 allocated, 8 has 8,004
        waitForNothing("budget", five);
        waitForColour("budget", eight, "#2ca02c");
        wait.until(d -> d.getCurrentUrl().contains("budget.min_amount_allocated=6000"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=legend-layer-budget-filter]"))
                        .getText())
                .contains("Status: Done", "Allocated from 6,000");

        // a copied link opens the same filters
        open("&budget.status=done&budget.min_amount_allocated=6000", 15, five);
        openBox("budget");
        assertThat(byTestId("layer-filter-budget-status-done").isSelected()).isTrue();
        assertThat(byTestId("layer-filter-budget-min_amount_allocated").getAttribute("value"))
                .isEqualTo("6000");
        waitForColour("budget", eight, "#2ca02c");
        waitForNothing("budget", five);
    }

    @Test
    void theTotalInViewIsTheSumOfTheFeaturesThere() {
        double[] centre = jdbc.sql("""
                        SELECT ST_Y(c), ST_X(c)
                        FROM (SELECT ST_Transform(ST_Centroid(ST_TileEnvelope(14, 11951, 5560)), 4326) AS c) t
                        """)
                .query((rs, row) -> new double[] {rs.getDouble(1), rs.getDouble(2)})
                .single();
        // all 28 objects of Oskemen in view, the two in Almaty far away
        open("&budget.status=done", 12, centre);
        openBox("budget");
        Map<String, Object> expected = jdbc.sql("""
                        SELECT count(*) AS n,
                               sum((attributes ->> 'amount_allocated')::numeric) AS allocated,
                               sum((attributes ->> 'amount_spent')::numeric) AS spent
                        FROM layer_feature
                        WHERE feature_key IN (SELECT 'k' || i FROM generate_series(1, 28) i)
                          AND attributes ->> 'status' = 'done'
                        """).query().singleRow();
        WebElement total = wait.until(d -> {
            WebElement line = d.findElement(By.cssSelector("[data-testid=layer-total-budget]"));
            return "true".equals(line.getAttribute("data-loaded")) ? line : null;
        });
        assertThat(total.getAttribute("data-count")).isEqualTo(String.valueOf(expected.get("n")));
        String allocated =
                total.findElement(By.cssSelector("[data-sum=amount_allocated]")).getAttribute("data-value");
        String spent =
                total.findElement(By.cssSelector("[data-sum=amount_spent]")).getAttribute("data-value");
        assertThat(new BigDecimal(allocated)).isEqualByComparingTo((BigDecimal) expected.get("allocated"));
        assertThat(new BigDecimal(spent)).isEqualByComparingTo((BigDecimal) expected.get("spent"));
        String shown = String.format(Locale.UK, "%,d", ((BigDecimal) expected.get("spent")).longValueExact());
        assertThat(total.getText()).contains(expected.get("n") + " objects in view", "Spent: " + shown + " ₸");
        // a text whose words follow its number, in the form the number takes
        assertThat(((JavascriptExecutor) browser)
                        .executeAsyncScript("const done = arguments[arguments.length - 1];"
                                + " import('/js/i18n.js').then((m) => done([m.t('layers.ui.inView', { n: 1 }),"
                                + " m.t('layers.ui.inView', { n: '1 234' }), m.t('layers.ui.inView', { n: 0 })]));"))
                .isEqualTo(List.of("1 object in view", "1 234 objects in view", "0 objects in view"));

        // a filter changes the total: the accessible ones of those (even numbers) only
        byTestId("layer-filter-budget-accessible").click();
        long accessible = jdbc.sql("""
                        SELECT count(*) FROM layer_feature
                        WHERE feature_key IN (SELECT 'k' || i FROM generate_series(1, 28) i)
                          AND attributes ->> 'status' = 'done' AND (attributes ->> 'accessible')::boolean
                        """).query(Long.class).single();
        wait.until(d -> String.valueOf(accessible)
                .equals(d.findElement(By.cssSelector("[data-testid=layer-total-budget]"))
                        .getAttribute("data-count")));
    }

    @Test
    void theAccessibleFilterKeepsOnlyTheAccessibleOnes() {
        double[] five = where("k5");
        double[] six = where("k6");
        open("", 15, five);
        waitForColour("budget", five, "#2ca02c");
        openBox("budget");
        byTestId("layer-filter-budget-accessible").click();
        // 6 is accessible (even), 5 is not
        waitForNothing("budget", five);
        waitForColour("budget", six, "#d62728");
        wait.until(d -> d.getCurrentUrl().contains("budget.accessible=true"));
    }

    @Test
    void theCardOpensTheReportFormWithThePinAtTheObject() {
        double[] five = where("k5");
        open("", 15, five);
        waitForColour("budget", five, "#2ca02c");
        new Actions(browser)
                .moveToElement(browser.findElement(By.id("map")), 0, 0)
                .click()
                .perform();
        assertThat(completeCard("budget").getText()).contains("5 Jan 2026");
        byTestId("custom-report-budget").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=report]")));
        assertThat(byTestId("report-object").getText()).contains("Объект 5");
        WebElement pin =
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=report-pin]")));
        // the pin's tip (the middle of its bottom edge) is on the object
        wait.until(d -> {
            @SuppressWarnings("unchecked")
            List<Number> at = (List<Number>) script(SCREEN, five[0], five[1]);
            @SuppressWarnings("unchecked")
            List<Number> tip = (List<Number>) script(
                    "const r = arguments[0].getBoundingClientRect(); return [r.left + r.width / 2, r.bottom];", pin);
            return Math.abs(at.get(0).doubleValue() - tip.get(0).doubleValue()) <= 2
                    && Math.abs(at.get(1).doubleValue() - tip.get(1).doubleValue()) <= 2;
        });
    }

    @Test
    void aLandEditorOfTheRegionAddsAnObjectOnTheMap() {
        double[] at = {49.9600, 82.6300};
        open("", 16, at);
        byTestId("edit-sign-in-open").click();
        byTestId("edit-username").sendKeys("editor.vko");
        byTestId("edit-password").sendKeys("staff-password-1");
        byTestId("edit-sign-in").click();
        byTestId("edit-add-ramps").click();
        new Actions(browser)
                .moveToElement(browser.findElement(By.id("map")), 0, 0)
                .click()
                .perform();
        byTestId("edit-field-passport_no").sendKeys("R-42");
        new Select(byTestId("edit-field-access")).selectByValue("full");
        byTestId("edit-field-width_m").sendKeys("1.5");
        byTestId("edit-save").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=edit-done]")));

        Map<String, Object> row = jdbc.sql("""
                        SELECT f.attributes ->> 'access' AS access, (f.attributes ->> 'width_m')::numeric AS width,
                               ST_Y(f.geom) AS lat, ST_X(f.geom) AS lon
                        FROM layer_feature f JOIN layer l ON l.id = f.layer_id
                        WHERE l.code = 'ramps' AND f.feature_key = 'R-42'
                        """).query().singleRow();
        assertThat(row.get("access")).isEqualTo("full");
        assertThat((BigDecimal) row.get("width")).isEqualByComparingTo("1.5");
        double[] drawn = {((Number) row.get("lat")).doubleValue(), ((Number) row.get("lon")).doubleValue()};
        // the click was the map's centre, the view of the hash
        String[] view = ((String) script("return location.hash")).substring(1).split("/");
        assertThat(drawn[0]).isCloseTo(Double.parseDouble(view[1]), org.assertj.core.data.Offset.offset(0.0002));
        assertThat(drawn[1]).isCloseTo(Double.parseDouble(view[2]), org.assertj.core.data.Offset.offset(0.0002));
        waitForColour("ramps", drawn, "#7b1fa2");

        // moved by dragging: the card's "Move", 40 pixels east, saved
        clickAt(drawn);
        completeCard("ramps");
        byTestId("edit-move").click();
        WebElement marker = wait.until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=edit-move-marker]")));
        // the card fades out for a moment over the marker
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".leaflet-popup"), 0));
        new Actions(browser)
                .clickAndHold(marker)
                .moveByOffset(10, 0)
                .pause(Duration.ofMillis(200))
                .moveByOffset(30, 0)
                // as a hand would: Leaflet moves the marker on the next frame, and a release before it is lost
                .pause(Duration.ofMillis(200))
                .release()
                .perform();
        byTestId("edit-move-save").click();
        double[] moved = wait.until(d -> {
            double[] now = rampAt();
            return now != null && now[1] > drawn[1] + 0.0001 ? now : null;
        });
        assertThat(moved[0]).isCloseTo(drawn[0], org.assertj.core.data.Offset.offset(0.0001));
        waitForColour("ramps", moved, "#7b1fa2");

        // deleted from its card, once confirmed
        clickAt(moved);
        completeCard("ramps");
        byTestId("edit-delete").click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> rampAt() == null);
        waitForNothing("ramps", moved);
    }

    /** The card of an object of layer {@code code} once it is whole: it is not drawn again after that. */
    private WebElement completeCard(String code) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-testid=custom-card-" + code + "][data-complete]")));
    }

    /** [lat, lon] of ramp R-42, or null when there is none. */
    private double[] rampAt() {
        return jdbc.sql("""
                        SELECT ST_Y(f.geom), ST_X(f.geom) FROM layer_feature f JOIN layer l ON l.id = f.layer_id
                        WHERE l.code = 'ramps' AND f.feature_key = 'R-42'
                        """)
                .query((rs, row) -> new double[] {rs.getDouble(1), rs.getDouble(2)})
                .optional()
                .orElse(null);
    }

    /** Clicks the map where {@code at} is, by the view in the hash. */
    private void clickAt(double[] at) {
        @SuppressWarnings("unchecked")
        List<Number> point = (List<Number>) script(SCREEN, at[0], at[1]);
        WebElement map = browser.findElement(By.id("map"));
        @SuppressWarnings("unchecked")
        List<Number> box = (List<Number>) script(
                "const r = arguments[0].getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2];",
                map);
        new Actions(browser)
                .moveToElement(
                        map,
                        (int) Math.round(point.get(0).doubleValue() - box.get(0).doubleValue()),
                        (int) Math.round(point.get(1).doubleValue() - box.get(1).doubleValue()))
                .click()
                .perform();
    }

    @Test
    void nearestOpenListsOfficesInDistanceOrder() {
        jdbc.sql("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en, geometry_type, attribute_schema,
                                   key_attribute, style, is_public)
                VALUES ('offices', 'custom', 'ХҚКО', 'ЦОН', 'Service centres', 'point', CAST(:schema AS jsonb),
                        'name', '{"colour": "#1565c0"}', true)
                ON CONFLICT (code) DO NOTHING
                """).param("schema", """
                [{"name": "name", "type": "text", "required": true, "label_kk": "Атауы", "label_ru": "Название", "label_en": "Name"},
                 {"name": "hours", "type": "opening_hours", "label_kk": "Жұмыс уақыты", "label_ru": "Часы работы",
                  "label_en": "Opening hours"}]
                """).update();
        jdbc.sql("""
                INSERT INTO layer_revision (layer_id, number, state, created_by, published_at)
                SELECT id, 1, 'published', 'test', now() FROM layer WHERE code = 'offices'
                ON CONFLICT DO NOTHING
                """).update();
        jdbc.sql("""
                INSERT INTO layer_feature (layer_id, feature_key, geom, attributes, layer_revision_id)
                SELECT l.id, n, ST_SetSRID(ST_MakePoint(82.60 + d, 49.95), 4326),
                       jsonb_build_object('name', n, 'hours', '24/7'), r.id
                FROM (VALUES ('Far', 0.03), ('Near', 0.005), ('Middle', 0.015)) v(n, d),
                     layer l JOIN layer_revision r ON r.layer_id = l.id
                WHERE l.code = 'offices'
                """).update();
        open("", 14, new double[] {49.95, 82.60});
        openBox("offices");
        byTestId("nearest-open-offices").click();
        List<String> names = wait.until(d -> {
            List<String> shown = d.findElements(By.cssSelector("[data-testid=nearest-offices] strong")).stream()
                    .map(WebElement::getText)
                    .toList();
            return shown.size() == 3 ? shown : null;
        });
        assertThat(names).containsExactly("Near", "Middle", "Far");

        // when none is open, the nearest are listed with when they open
        jdbc.sql("""
                UPDATE layer_feature SET attributes = attributes || '{"hours": "Mo-Su 00:00-00:01"}'::jsonb
                WHERE layer_id = (SELECT id FROM layer WHERE code = 'offices') AND feature_key IN ('Near', 'Middle')
                """).update();
        jdbc.sql("""
                UPDATE layer_feature SET attributes = attributes || '{"hours": "Mo-Su off"}'::jsonb
                WHERE layer_id = (SELECT id FROM layer WHERE code = 'offices') AND feature_key = 'Far'
                """).update();
        byTestId("nearest-open-offices").click();
        wait.until(d -> String.valueOf(
                        script(
                                "return document.querySelector('[data-testid=layer-box-offices] .nearest-message').textContent"))
                .startsWith("None open now. The nearest"));
        List<String> closed = wait.until(d -> {
            List<String> shown = d.findElements(By.cssSelector("[data-testid=nearest-offices]")).stream()
                    .map(WebElement::getText)
                    .toList();
            return shown.size() == 3 ? shown : null;
        });
        assertThat(closed.get(0)).startsWith("Near").contains("opens");
        assertThat(closed.get(2)).startsWith("Far").doesNotContain("opens");
    }
}
