package kz.adalmap.api.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import kz.adalmap.api.Chromium;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.customlayer.CustomLayerTestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A layer departments define as data on the map, in a real headless Chromium against the running
 * application and PostGIS: it is in the layer control and the legend under its title in the page's
 * language, drawn in the colour its style gives each status, and a click opens a card whose attributes
 * are labelled, enum values by their labels, numbers and dates formatted, and hostile text shown as text.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomLayerBrowserIT {

    /** The pixel of the budget layer's tile canvas under a point, as [r, g, b, a], or null while none is there. */
    private static final String PIXEL = """
            const [lat, lon] = [arguments[0], arguments[1]];
            const box = document.querySelector('#map').getBoundingClientRect();
            const [z, clat, clon] = location.hash.slice(1).split('/').map(Number);
            const p = L.CRS.EPSG3857.latLngToPoint(L.latLng(lat, lon), z);
            const c = L.CRS.EPSG3857.latLngToPoint(L.latLng(clat, clon), z);
            const x = box.left + box.width / 2 + (p.x - c.x);
            const y = box.top + box.height / 2 + (p.y - c.y);
            for (const canvas of document.querySelectorAll('canvas[data-tile^="layer/budget/"][data-features]')) {
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

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "custom_layer_browser");
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

    /** Opens the map in {@code lang} centred on {@code at} at zoom 15, where every object is a dot. */
    private void open(String lang, double[] at) {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get("about:blank");
        browser.get("http://localhost:" + port + "/?lang=" + lang + "&layers=budget"
                + String.format(Locale.ROOT, "#15/%.6f/%.6f", at[0], at[1]));
        wait.until(d -> lang.equals(script("return document.documentElement.lang")));
    }

    private Object script(String code, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(code, args);
    }

    private String textOf(String id) {
        return (String) script(
                "const e = document.querySelector(`[data-testid=\"${arguments[0]}\"]`); return e && e.textContent", id);
    }

    @SuppressWarnings("unchecked")
    private List<Long> waitForColour(double[] at, String hex) {
        int r = Integer.parseInt(hex.substring(1, 3), 16);
        int g = Integer.parseInt(hex.substring(3, 5), 16);
        int b = Integer.parseInt(hex.substring(5, 7), 16);
        return wait.until(d -> {
            List<Long> px = (List<Long>) script(PIXEL, at[0], at[1]);
            return px != null
                            && Math.abs(px.get(0) - r) <= 3
                            && Math.abs(px.get(1) - g) <= 3
                            && Math.abs(px.get(2) - b) <= 3
                            && px.get(3) > 200
                    ? px
                    : null;
        });
    }

    @Test
    void layerIsInTheLayerControlAndLegendInThePageLanguage() {
        open("en", where("k5"));
        wait.until(d -> "Budget objects".equals(textOf("legend-layer-budget")));
        assertThat(textOf("legend-layer-budget-done")).isEqualTo("Done");
        assertThat(textOf("legend-layer-budget-building")).isEqualTo("Being built");
        String overlays = browser.findElement(By.cssSelector(".leaflet-control-layers-overlays"))
                .getAttribute("textContent");
        assertThat(overlays).contains("Budget objects").doesNotContain("Internal");
        assertThat(textOf("legend-layer-hidden-audit")).isNull();

        browser.findElement(By.cssSelector("[data-testid=lang-kk]")).click();
        wait.until(d -> "Бюджет нысандары".equals(textOf("legend-layer-budget")));
        assertThat(textOf("legend-layer-budget-planned")).isEqualTo("Жоспарда");
        assertThat(browser.findElement(By.cssSelector(".leaflet-control-layers-overlays"))
                        .getAttribute("textContent"))
                .contains("Бюджет нысандары");
    }

    @Test
    void aDepartmentsLayerWaitsInTheControlUntilSwitchedOnAndTheAddressRemembersIt() {
        double[] five = where("k5");
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get("about:blank");
        browser.get("http://localhost:" + port + "/?lang=en"
                + String.format(Locale.ROOT, "#15/%.6f/%.6f", five[0], five[1]));
        // the layer control is drawn again when the catalogue or the language arrives: found anew each time
        String budgetToggle = """
                const label = [...document.querySelectorAll('.leaflet-control-layers-overlays label')]
                    .find((l) => l.textContent.includes('Budget objects'));
                const input = label && label.querySelector('input');
                if (input && arguments[0]) { input.click(); }
                return input ? (input.checked ? 'on' : 'off') : null;
                """;
        Object before = wait.until(d -> script(budgetToggle, false));
        assertThat(before).isEqualTo("off");
        assertThat(browser.findElements(By.cssSelector("canvas[data-tile^='layer/budget/']")))
                .isEmpty();
        assertThat(script(budgetToggle, true)).isEqualTo("on");
        wait.until(d -> d.getCurrentUrl().contains("layers=budget"));
        wait.until(d -> !d.findElements(By.cssSelector("canvas[data-tile^='layer/budget/']"))
                .isEmpty());
        assertThat(script(budgetToggle, true)).isEqualTo("off");
        wait.until(d -> !d.getCurrentUrl().contains("layers="));
    }

    @Test
    void aStylesIconIsDrawnAsASignInThePointsCircle() {
        open("en", where("k5"));
        Object styles = ((JavascriptExecutor) browser).executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        Promise.all([import('/js/customlayers.js'), import('/js/mvt.js')]).then(([layers, mvt]) => {
                          const point = { type: mvt.GEOMETRY_TYPES.POINT, properties: {} };
                          const meta = (icon) => ({ attributes: [], style: { colour: '#123456', icon } });
                          done([layers.tileStyle(meta('office'))(point).label || null,
                                layers.tileStyle(meta('wheelchair'))(point).label || null,
                                layers.tileStyle(meta('<img>'))(point).label || null]);
                        });
                        """);
        assertThat(styles).isEqualTo(java.util.Arrays.asList("\u2302", "\u267F", null));
    }

    @Test
    void objectsAreDrawnInTheColourTheirStatusHas() {
        open("en", where("k5"));
        // object 5 is done, 7 being built, 6 planned: the style's three colours
        waitForColour(where("k5"), "#2ca02c");
        waitForColour(where("k7"), "#ff7f0e");
        waitForColour(where("k6"), "#d62728");
    }

    @Test
    void clickOpensACardWithLabelledAttributesAndHostileTextAsText() {
        double[] seven = where("k7");
        open("en", seven);
        waitForColour(seven, "#ff7f0e");
        new Actions(browser)
                .moveToElement(browser.findElement(By.id("map")), 0, 0)
                .click()
                .perform();
        // the card is drawn from the tile at once and completed from the item: read it once it is complete
        String text = wait.until(d -> {
            String shown = (String) script(
                    "const e = document.querySelector('[data-testid=custom-card-budget]'); return e && e.innerText");
            return shown != null && shown.contains("Being built") && shown.contains("7 Jan 2026") ? shown : null;
        });
        assertThat(text)
                .contains("Budget objects")
                .contains("Name", CustomLayerTestData.HOSTILE)
                .contains("Status", "Being built")
                .contains("Allocated", "7,003.5")
                .contains("Spent", "700")
                .contains("Start", "7 Jan 2026")
                .contains("Accessible", "No");
        assertThat(script("return document.querySelectorAll('[data-testid=custom-card-budget] img').length"))
                .isEqualTo(0L);
        assertThat(script("return window.pwned === undefined")).isEqualTo(true);

        // in Russian the same card is relabelled
        browser.findElement(By.cssSelector("[data-testid=lang-ru]")).click();
        wait.until(d -> {
            String relabelled = textOf("custom-card-budget");
            return relabelled != null && relabelled.contains("Строится") && relabelled.contains("Выделено");
        });
        assertThat(script("return window.pwned === undefined")).isEqualTo(true);
    }
}
