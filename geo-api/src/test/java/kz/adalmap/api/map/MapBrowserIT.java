package kz.adalmap.api.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import kz.adalmap.api.Chromium;
import kz.adalmap.api.FreshDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web map in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * against the running application and PostGIS, with no internet, used as an entrepreneur would: plots
 * drawn from vector tiles in their status colours, a click opens the plot card with its history and
 * nearest networks, filters change the map and the list, a shared link opens the same view, a phone
 * gets the panel as a sheet; and hostile appeal text stays text.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MapBrowserIT {

    private static final String XSS = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";
    private static final String VIEW = "#17/49.95250/82.61280";
    /** The whole grid in view, with room to spare: at zoom 17 its top row is above a 900 px window. */
    private static final String WHOLE_GRID = "#16/49.95290/82.61290";

    /** The pixel of the plots tile under a point, as [r, g, b, a], or null while no tile is there. */
    private static final String PIXEL = """
            const [lat, lon] = [arguments[0], arguments[1]];
            const box = document.querySelector('#map').getBoundingClientRect();
            const [z, clat, clon] = location.hash.slice(1).split('/').map(Number);
            const p = L.CRS.EPSG3857.latLngToPoint(L.latLng(lat, lon), z);
            const c = L.CRS.EPSG3857.latLngToPoint(L.latLng(clat, clon), z);
            const x = box.left + box.width / 2 + (p.x - c.x);
            const y = box.top + box.height / 2 + (p.y - c.y);
            for (const canvas of document.querySelectorAll('canvas[data-tile^="plots/"][data-features]')) {
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
        FreshDatabase.register(registry, "map_browser");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    WebDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void dataAndBrowser() throws Exception {
        jdbc.sql("INSERT INTO layer (code, kind, title_kk, title_ru, title_en) VALUES ('oskemen-test', 'plots',"
                        + " 'Өскемен учаскелері', 'Участки Усть-Каменогорска', 'Oskemen plots')")
                .update();
        long revision = jdbc.sql("""
                INSERT INTO layer_revision (layer_id, number, state, created_by, published_at)
                SELECT id, 1, 'published', 'test', now() FROM layer RETURNING id
                """).query(Long.class).single();
        // a 6 × 6 grid of 0.0008° plots in central Oskemen, every third one free
        jdbc.sql("""
                INSERT INTO land_plot (cadastral_number, geom, area_declared_ha, land_category, status,
                                       intended_purpose_ru, intended_purpose_kk, address, layer_revision_id)
                SELECT format('05-085-%s-%s', lpad(i::text, 3, '0'), lpad(j::text, 3, '0')),
                       ST_Multi(ST_MakeEnvelope(82.6100 + i * 0.001, 49.9500 + j * 0.001,
                                                82.6108 + i * 0.001, 49.9508 + j * 0.001, 4326)),
                       0.5, 'settlement', CASE WHEN (i + j) % 3 = 0 THEN 'free' ELSE 'allocated' END,
                       'Для строительства производственной базы', 'Өндірістік база салу үшін',
                       'г. Усть-Каменогорск, ул. Тестовая, ' || (i * 6 + j), :revision
                FROM generate_series(0, 5) i, generate_series(0, 5) j
                """).param("revision", revision).update();
        jdbc.sql("""
                INSERT INTO appeal (tracking_code, category, text, geom, status)
                VALUES ('AM-XSS0-0001', 'roads', :text, ST_SetSRID(ST_MakePoint(82.6125, 49.9535), 4326), 'new')
                """).param("text", XSS).update();

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

    /**
     * Opens the map in a new document: addresses that differ only in the hash would keep the page of
     * the test before, and the tests would depend on each other's order.
     */
    private void open(String query) {
        open(query, VIEW);
    }

    private void open(String query, String view) {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get("about:blank");
        browser.get("http://localhost:" + port + "/" + query + view);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=map]")));
    }

    /** The centre of plot (i, j) of the grid. */
    private static double[] centre(int i, int j) {
        return new double[] {49.9504 + j * 0.001, 82.6104 + i * 0.001};
    }

    @SuppressWarnings("unchecked")
    private List<Long> pixel(int i, int j) {
        double[] c = centre(i, j);
        return (List<Long>) ((JavascriptExecutor) browser).executeScript(PIXEL, c[0], c[1]);
    }

    private List<Long> waitForPixel(int i, int j, String hex) {
        int r = Integer.parseInt(hex.substring(1, 3), 16);
        int g = Integer.parseInt(hex.substring(3, 5), 16);
        int b = Integer.parseInt(hex.substring(5, 7), 16);
        return wait.until(d -> {
            List<Long> px = pixel(i, j);
            return px != null
                            && Math.abs(px.get(0) - r) <= 3
                            && Math.abs(px.get(1) - g) <= 3
                            && Math.abs(px.get(2) - b) <= 3
                            && px.get(3) > 100
                    ? px
                    : null;
        });
    }

    private void clickPlot(int i, int j) {
        double[] c = centre(i, j);
        @SuppressWarnings("unchecked")
        List<Number> offset = (List<Number>) ((JavascriptExecutor) browser).executeScript("""
                const [z, clat, clon] = location.hash.slice(1).split('/').map(Number);
                const p = L.CRS.EPSG3857.latLngToPoint(L.latLng(arguments[0], arguments[1]), z);
                const c = L.CRS.EPSG3857.latLngToPoint(L.latLng(clat, clon), z);
                return [Math.round(p.x - c.x), Math.round(p.y - c.y)];
                """, c[0], c[1]);
        WebElement map = browser.findElement(By.cssSelector("#map"));
        new Actions(browser)
                .moveToElement(map, offset.get(0).intValue(), offset.get(1).intValue())
                .click()
                .perform();
    }

    @Test
    void drawsPlotsFromVectorTilesInTheirStatusColours() {
        open("?lang=en");
        // (0, 0) is free, (1, 0) allocated: the canvas holds the status colour of the legend
        waitForPixel(0, 0, "#2e9e44");
        waitForPixel(1, 0, "#8a8f98");
        assertThat(browser.findElement(By.cssSelector("[data-testid=legend]")).getText())
                .contains("Free", "Allocated", "Gas", "Power");
        assertThat(Chromium.consoleErrors(browser)).as("browser console errors").isEmpty();
    }

    @Test
    void clickingAPlotOpensItsCardWithHistoryAndALinkToShare() {
        open("?lang=en");
        waitForPixel(0, 0, "#2e9e44");
        clickPlot(0, 0);
        WebElement card =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=plot-card]")));
        wait.until(d -> card.getText().contains("05-085-000-000"));
        assertThat(card.getText()).contains("Free", "Тестовая, 0", "History", "Nearest networks");
        // the layer by its title in the reader's language, not by its code
        assertThat(card.getText()).contains("Oskemen plots, revision 1").doesNotContain("oskemen-test");
        assertThat(browser.getCurrentUrl()).contains("plot=05-085-000-000");

        card.findElement(By.cssSelector("[data-testid=share]")).click();
        WebElement shared = card.findElement(By.cssSelector(".shared"));
        wait.until(d -> !shared.getText().isBlank());
        String link = shared.getAttribute("data-link");
        assertThat(link).contains("plot=05-085-000-000").contains("#17/");
    }

    /**
     * A plot a revision took off the map and a rollback brought back: the card says both, with the
     * revisions' numbers and the rollback, in each language.
     */
    @Test
    void theCardSaysWhenThePlotLeftTheMapAndARollbackBroughtItBack() throws Exception {
        long second = jdbc.sql("""
                INSERT INTO layer_revision (layer_id, number, state, created_by, published_at)
                SELECT id, 2, 'rolled_back', 'test', now() FROM layer WHERE code = 'oskemen-test' RETURNING id
                """).query(Long.class).single();
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL adalmap.status_reason = 'Решение № 2'");
            st.executeUpdate("UPDATE land_plot SET retired_revision_id = " + second
                    + " WHERE cadastral_number = '05-085-004-004'");
            c.commit();
            st.execute("SET LOCAL adalmap.status_reason = 'Ошибочный файл'");
            st.execute("SET LOCAL adalmap.rolled_back_revision_id = '" + second + "'");
            st.executeUpdate(
                    "UPDATE land_plot SET retired_revision_id = NULL WHERE cadastral_number = '05-085-004-004'");
            c.commit();
            c.setAutoCommit(true);
        }
        // what the tests before left in the console is theirs
        Chromium.consoleErrors(browser);
        for (String[] words : List.of(
                new String[] {
                    "en",
                    "Removed from the public map (status: Allocated)",
                    "Revision 2",
                    "Back on the public map (status: Allocated)",
                    "Rollback from revision 2 to revision 1",
                    "Oskemen plots, revision 1"
                },
                new String[] {
                    "ru",
                    "Снят с публичной карты (статус: Предоставлен)",
                    "Версия 2",
                    "Возвращён на публичную карту (статус: Предоставлен)",
                    "Откат: с версии 2 на версию 1",
                    "Участки Усть-Каменогорска, версия 1"
                },
                new String[] {
                    "kk",
                    "Жария картадан алынды (мәртебесі: Берілді)",
                    "2-нұсқа",
                    "Жария картаға қайтарылды (мәртебесі: Берілді)",
                    "Қайтару: 2-нұсқадан 1-нұсқаға",
                    "Өскемен учаскелері, 1-нұсқа"
                })) {
            open("?lang=" + words[0] + "&plot=05-085-004-004");
            WebElement card = wait.until(
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=plot-card]")));
            wait.until(d -> card.getText().contains("05-085-004-004"));
            // the card is drawn again when its history arrives: the entries are read anew until they are there
            List<String> entries = wait.until(d -> {
                List<String> read =
                        d.findElements(By.cssSelector("[data-testid=plot-card] [data-testid=plot-history] li")).stream()
                                .map(WebElement::getText)
                                .toList();
                return read.isEmpty() ? null : read;
            });
            assertThat(entries).hasSize(3);
            assertThat(entries.get(1)).contains(words[1], words[2], "Решение № 2");
            assertThat(entries.get(2)).contains(words[3], words[4], "Ошибочный файл");
            String event = wait.until(d -> d.findElement(
                            By.cssSelector("[data-testid=plot-card] [data-testid=plot-history] li[data-rollback=true]"))
                    .getAttribute("data-event"));
            assertThat(event).isEqualTo("restored");
            assertThat(card.getText()).contains(words[5]);
            assertThat(card.findElements(By.cssSelector("[data-testid=plot-retired]")))
                    .isEmpty();
        }
        // numbers and dates in Kazakh as Kazakhstan writes them, whether or not the browser has Kazakh data
        open("?lang=kk&plot=05-085-004-004");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=plot-card]")));
        Object written = ((JavascriptExecutor) browser)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + " import('/js/i18n.js').then((m) => done([m.formatNumber(1234.5),"
                        + " m.formatDateTime('2026-11-29T10:55:00Z')]));");
        assertThat((List<?>) written).hasSize(2);
        assertThat(String.valueOf(((List<?>) written).get(0))
                        .replace('\u00a0', ' ')
                        .replace('\u202f', ' '))
                .isEqualTo("1 234,5");
        assertThat(String.valueOf(((List<?>) written).get(1))).contains("2026").doesNotContain("M11");
        // taken off the map again: its card, opened by a link, says so before anything else
        jdbc.sql("UPDATE land_plot SET retired_revision_id = :r WHERE cadastral_number = '05-085-004-004'")
                .param("r", second)
                .update();
        try {
            for (String[] words : List.of(
                    new String[] {"en", "No longer on the public map"},
                    new String[] {"ru", "Больше не на публичной карте"},
                    new String[] {"kk", "Енді жария картада жоқ"})) {
                open("?lang=" + words[0] + "&plot=05-085-004-004");
                WebElement card = wait.until(
                        ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=plot-card]")));
                wait.until(d -> card.getText().contains("05-085-004-004"));
                assertThat(textOf("[data-testid=plot-card] [data-testid=plot-retired]"))
                        .startsWith(words[1]);
                // its distances to networks are not kept: none is said, «none within 5 km» neither
                assertThat(card.getText()).doesNotContain("5 km", "5 км");
            }
        } finally {
            jdbc.sql("UPDATE land_plot SET retired_revision_id = NULL WHERE cadastral_number = '05-085-004-004'")
                    .update();
        }
        assertThat(Chromium.consoleErrors(browser)).as("browser console errors").isEmpty();
    }

    /**
     * A link to a plot under a number it no longer has opens the plot under its new number: the card
     * says so, the address names the new number, and the history has the change, in each language.
     */
    @Test
    void aLinkToANumberThePlotNoLongerHasOpensItUnderItsNewNumber() throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL adalmap.status_reason = 'Исправлена опечатка'");
            st.executeUpdate("UPDATE land_plot SET cadastral_number = '05-085-003-105'"
                    + " WHERE cadastral_number = '05-085-003-005'");
            c.commit();
            c.setAutoCommit(true);
        }
        Chromium.consoleErrors(browser);
        List<String[]> languages = List.of(
                new String[] {
                    "en",
                    "Cadastral number 05-085-003-005 was changed to 05-085-003-105",
                    "Cadastral number changed from 05-085-003-005 to 05-085-003-105"
                },
                new String[] {
                    "ru",
                    "Кадастровый номер 05-085-003-005 изменён на 05-085-003-105",
                    "Кадастровый номер изменён с 05-085-003-005 на 05-085-003-105"
                },
                new String[] {
                    "kk",
                    "05-085-003-005 кадастрлық нөмірі 05-085-003-105 болып өзгертілді",
                    "Кадастрлық нөмір 05-085-003-005 нөмірінен 05-085-003-105 нөміріне өзгертілді"
                });
        try {
            for (int i = 0; i < languages.size(); i++) {
                String[] words = languages.get(i);
                open("?lang=" + words[0] + "&plot=05-085-003-005");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=plot-card]")));
                wait.until(d -> d.findElement(By.cssSelector("[data-testid=plot-card]"))
                        .getText()
                        .contains("05-085-003-105"));
                // the card may be drawn again meanwhile (its history arriving): each read finds it anew
                assertThat(textOf("[data-testid=plot-card] [data-testid=plot-renumbered]"))
                        .startsWith(words[1]);
                assertThat(textOf("[data-testid=plot-card] [data-testid=plot-history] li[data-event=renumbered]"))
                        .contains(words[2], "Исправлена опечатка");
                wait.until(d -> d.getCurrentUrl().contains("plot=05-085-003-105"));

                // the card drawn again in another language still says how the plot was found, in that language
                String[] next = languages.get((i + 1) % languages.size());
                browser.findElement(By.cssSelector("[data-testid=lang-" + next[0] + "]"))
                        .click();
                wait.until(d -> d.findElement(By.cssSelector("[data-testid=plot-card]"))
                        .getText()
                        .contains(next[2]));
                assertThat(textOf("[data-testid=plot-card] [data-testid=plot-renumbered]"))
                        .startsWith(next[1]);
                assertThat(browser.getCurrentUrl()).contains("plot=05-085-003-105");
            }
        } finally {
            jdbc.sql("UPDATE land_plot SET cadastral_number = '05-085-003-005'"
                            + " WHERE cadastral_number = '05-085-003-105'")
                    .update();
        }
        assertThat(Chromium.consoleErrors(browser)).as("browser console errors").isEmpty();
    }

    /**
     * A layer an import created without a title is named on the card by its kind, in the reader's
     * language, with its code after it: never by the bare code, as if the code were a title.
     */
    @Test
    void theCardNamesALayerGivenNoTitleByItsKindAndCode() {
        jdbc.sql(
                        "INSERT INTO layer (code, kind, title_kk, title_ru, title_en)"
                                + " VALUES ('almaty-free-2026', 'plots', 'almaty-free-2026', 'almaty-free-2026', 'almaty-free-2026')")
                .update();
        long revision = jdbc.sql("""
                INSERT INTO layer_revision (layer_id, number, state, created_by, published_at)
                SELECT id, 1, 'published', 'test', now() FROM layer WHERE code = 'almaty-free-2026' RETURNING id
                """).query(Long.class).single();
        jdbc.sql("""
                INSERT INTO land_plot (cadastral_number, geom, area_declared_ha, land_category, status, layer_revision_id)
                VALUES ('05-085-099-001', ST_Multi(ST_MakeEnvelope(82.7000, 49.9900, 82.7008, 49.9908, 4326)),
                        0.5, 'settlement', 'free', :revision)
                """).param("revision", revision).update();
        for (String[] words : List.of(
                new String[] {"en", "Land plots (almaty-free-2026), revision 1"},
                new String[] {"ru", "Земельные участки (almaty-free-2026), версия 1"},
                new String[] {"kk", "Жер учаскелері (almaty-free-2026), 1-нұсқа"})) {
            open("?lang=" + words[0] + "&plot=05-085-099-001");
            WebElement card = wait.until(
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=plot-card]")));
            wait.until(d -> card.getText().contains("05-085-099-001"));
            assertThat(card.getText()).contains(words[1]);
        }
    }

    @Test
    void aSharedLinkOpensTheSameFiltersAndSelection() {
        open("?lang=en&status=free&plot=05-085-001-002");
        WebElement card =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=plot-card]")));
        wait.until(d -> card.getText().contains("05-085-001-002"));
        // read in one go: the boxes are drawn again when the regions arrive, and an element found before is stale
        assertThat(((JavascriptExecutor) browser)
                        .executeScript(
                                "return [...document.querySelectorAll('[data-testid=filter-status] input:checked')]"
                                        + ".map((box) => box.value)"))
                .isEqualTo(List.of("free"));
        // only free plots: the allocated (1, 0) is not drawn, the free (0, 0) is
        waitForPixel(0, 0, "#2e9e44");
        wait.until(d -> {
            List<Long> px = pixel(1, 0);
            return px != null && px.get(3) == 0;
        });
        List<WebElement> results = wait.until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("[data-testid=result]"));
            return found.isEmpty() ? null : found;
        });
        assertThat(results)
                .allSatisfy(
                        r -> assertThat(r.findElement(By.cssSelector(".swatch")).getAttribute("class"))
                                .contains("swatch-free"));
    }

    @Test
    void filtersChangeTheListAndTheUrl() {
        // all 36 plots in view, 12 of them free
        open("?lang=en", WHOLE_GRID);
        wait.until(d -> d.findElements(By.cssSelector("[data-testid=result]")).size() == 36);
        browser.findElement(By.cssSelector("[data-testid=filter-status] input[value=free]"))
                .click();
        wait.until(d -> d.findElements(By.cssSelector("[data-testid=result]")).size() == 12);
        assertThat(URLDecoder.decode(browser.getCurrentUrl(), StandardCharsets.UTF_8))
                .contains("status=free");
        WebElement minArea = browser.findElement(By.cssSelector("[data-testid=filter-min-area]"));
        minArea.sendKeys("1");
        minArea.sendKeys(org.openqa.selenium.Keys.ENTER);
        wait.until(d -> d.findElement(By.cssSelector("[data-testid=results-title]"))
                .getText()
                .contains("No matching plot"));
    }

    @Test
    void findsAPlotByItsCadastralNumber() {
        open("?lang=ru");
        WebElement input =
                wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=search-number]")));
        // typed with spaces, as written on a title deed
        input.sendKeys("05 085 005 004");
        browser.findElement(By.cssSelector("[data-testid=search-form] button")).click();
        WebElement card =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=plot-card]")));
        wait.until(d -> card.getText().contains("05-085-005-004"));
        input.clear();
        input.sendKeys("99-999-999-999");
        browser.findElement(By.cssSelector("[data-testid=search-form] button")).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid=search-message]"))
                .getText()
                .contains("не найден"));
    }

    @Test
    void switchesLanguageWithoutReloading() {
        open("?lang=en");
        waitForPixel(0, 0, "#2e9e44");
        ((JavascriptExecutor) browser).executeScript("window.__sameDocument = true");
        browser.findElement(By.cssSelector("[data-testid=lang-kk]")).click();
        wait.until(d -> "kk".equals(((JavascriptExecutor) d).executeScript("return document.documentElement.lang")));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__sameDocument"))
                .isEqualTo(true);
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("Бос", "Сүзгілер");
        browser.findElement(By.cssSelector("[data-testid=lang-ru]")).click();
        wait.until(d -> "ru".equals(((JavascriptExecutor) d).executeScript("return document.documentElement.lang")));
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("Свободен", "Фильтры");
    }

    @Test
    void onAPhoneThePanelIsASheetOverAFullScreenMap() {
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get("about:blank");
        browser.get("http://localhost:" + port + "/?lang=en" + VIEW);
        WebElement toggle =
                wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=panel-toggle]")));
        WebElement map = browser.findElement(By.cssSelector("#map"));
        long width = (Long) ((JavascriptExecutor) browser).executeScript("return window.innerWidth");
        long height = (Long) ((JavascriptExecutor) browser).executeScript("return window.innerHeight");
        assertThat(width).isLessThan(420);
        assertThat((long) map.getSize().getWidth())
                .as("the map spans the phone")
                .isEqualTo(width);
        WebElement panel = browser.findElement(By.cssSelector("[data-testid=panel]"));
        assertThat((long) panel.getRect().getY())
                .as("the sheet waits below the screen")
                .isGreaterThanOrEqualTo(height);
        toggle.click();
        wait.until(d -> panel.getRect().getY() < height * 0.7);
        assertThat(((JavascriptExecutor) browser)
                        .executeScript("return document.documentElement.scrollWidth <= window.innerWidth"))
                .isEqualTo(true);
    }

    @Test
    void anAppealPopupThatPansTheMapToFitStaysOpen() throws InterruptedException {
        open("?lang=en");
        // the view that puts the appeal 80 px below the top of the map: its popup does not fit there
        // and pans the map
        String view = (String) ((JavascriptExecutor) browser).executeScript("""
                const height = document.querySelector('#map').getBoundingClientRect().height;
                const marker = L.CRS.EPSG3857.latLngToPoint(L.latLng(49.9535, 82.6125), 17);
                const centre = L.CRS.EPSG3857.pointToLatLng(L.point(marker.x, marker.y + height / 2 - 80), 17);
                return '#17/' + centre.lat.toFixed(6) + '/' + centre.lng.toFixed(6);
                """);
        // a new document (a different hash alone would not load the page again)
        browser.get("about:blank");
        browser.get("http://localhost:" + port + "/?lang=en" + view);
        String[] before = new String[1];
        // click once the map is idle, and again should the marker have been redrawn under the pointer
        wait.until(d -> {
            if (!"false".equals(d.findElement(By.cssSelector("#map")).getAttribute("aria-busy"))) {
                return null;
            }
            List<WebElement> markers = d.findElements(By.cssSelector(".appeal"));
            if (markers.isEmpty()) {
                return null;
            }
            before[0] = d.getCurrentUrl();
            try {
                new Actions(d).moveToElement(markers.get(0)).click().perform();
                return new WebDriverWait(d, Duration.ofSeconds(3))
                        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".leaflet-popup-content")));
            } catch (org.openqa.selenium.WebDriverException e) {
                return null;
            }
        });
        // the popup panned the map (the view in the URL moved) ...
        wait.until(d -> !d.getCurrentUrl().equals(before[0]));
        // ... and is still open once the map has settled
        Thread.sleep(1500);
        assertThat(browser.findElements(By.cssSelector(".leaflet-popup-content")))
                .as("the popup after the map panned")
                .singleElement()
                .satisfies(p -> assertThat(p.getText()).contains("AM-XSS0-0001"));
    }

    @Test
    void showsHostileAppealTextAsText() {
        open("?lang=en");
        // the appeals are drawn again after every move of the map: click once the map is idle, and
        // again should the marker have been redrawn under the pointer
        WebElement popup = wait.until(d -> {
            if (!"false".equals(d.findElement(By.cssSelector("#map")).getAttribute("aria-busy"))) {
                return null;
            }
            List<WebElement> markers = d.findElements(By.cssSelector(".appeal"));
            if (markers.isEmpty()) {
                return null;
            }
            try {
                new Actions(d).moveToElement(markers.get(0)).click().perform();
                return new WebDriverWait(d, Duration.ofSeconds(3))
                        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".leaflet-popup-content")));
            } catch (org.openqa.selenium.WebDriverException e) {
                return null;
            }
        });
        wait.until(d -> popup.getText().contains("AM-XSS0-0001"));
        assertThat(popup.getText()).contains("<img src=x").contains("<script>");
        assertThat(popup.findElements(By.tagName("img"))).isEmpty();
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__xss === undefined"))
                .isEqualTo(true);
    }

    /**
     * The text of the element {@code css} selects, found anew until it can be read: a card drawn again
     * meanwhile leaves an element found before it stale.
     */
    private String textOf(String css) {
        return wait.until(d -> d.findElement(By.cssSelector(css)).getText());
    }
}
