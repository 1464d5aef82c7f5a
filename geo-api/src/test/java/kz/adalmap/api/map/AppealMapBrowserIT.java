package kz.adalmap.api.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import kz.adalmap.api.Chromium;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.TempDirs;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The citizen's side of the public control map in a real headless Chromium against the running
 * application and PostGIS: reporting a problem through the form with a real photo (the appeal and its
 * file land in the database), the server's refusal shown by the form, hostile text coming back as
 * text on the appeal page with its timeline, the heat map of appeals, and the appeal filters in the
 * page's address.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"adalmap.outbox.enabled=false", "adalmap.mail.host="})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppealMapBrowserIT {

    private static final String XSS = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";
    private static final String VIEW = "#16/49.95290/82.61290";
    /** Three appeals on one spot, away from those the form files. */
    private static final double[] CROWD = {49.9620, 82.6300};

    private static final Path FILES = TempDirs.create("adalmap-appeal-map-it");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "appeal_map_browser");
        registry.add("adalmap.attachments.dir", () -> FILES.resolve("store").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    WebDriver browser;
    WebDriverWait wait;
    Path photo;
    Path disguised;

    @BeforeAll
    void dataAndBrowser() throws IOException {
        for (int i = 0; i < 3; i++) {
            jdbc.sql("""
                            INSERT INTO appeal (tracking_code, category, text, geom, status)
                            VALUES (:code, 'roads', 'Яма', ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), 'new')
                            """)
                    .param("code", "AM-HEAT-000" + i)
                    .param("lon", CROWD[1])
                    .param("lat", CROWD[0])
                    .update();
        }
        // a real small JPEG, as a phone's camera would give it
        BufferedImage image = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(40, 110, 160));
        g.fillRect(0, 0, 160, 120);
        g.setColor(Color.ORANGE);
        g.fillOval(40, 30, 80, 60);
        g.dispose();
        photo = FILES.resolve("pothole.jpg");
        ImageIO.write(image, "jpeg", photo.toFile());
        // a web page that calls itself a photo
        disguised = FILES.resolve("broken.jpg");
        Files.writeString(disguised, "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>");

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

    /** Opens the map in a new document, in English, and waits until it has its texts. */
    private void open(String query, String view) {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get("about:blank");
        browser.get("http://localhost:" + port + "/?lang=en" + query + view);
        wait.until(d -> "en".equals(((JavascriptExecutor) d).executeScript("return document.documentElement.lang")));
    }

    /** Whether the box of {@code value} in the filter {@code testid} is ticked now. */
    private boolean ticked(String testid, String value) {
        return Boolean.TRUE.equals(script(
                "const box = document.querySelector(`[data-testid=${arguments[0]}] input[value=${arguments[1]}]`);"
                        + " return box !== null && box.checked;",
                testid,
                value));
    }

    private Object script(String code, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(code, args);
    }

    /** The text of the element with this test id, read at once: the page may redraw it at any moment. */
    private Object textOf(String id) {
        return script(
                "const e = document.querySelector(`[data-testid=${arguments[0]}]`); return e && e.textContent", id);
    }

    private WebElement testid(String id) {
        return browser.findElement(By.cssSelector("[data-testid=" + id + "]"));
    }

    /** The place {@code dx, dy} pixels from the centre of the map, as [lat, lon]. */
    @SuppressWarnings("unchecked")
    private List<Number> latLngAt(int dx, int dy) {
        return (List<Number>) script("""
                const [z, clat, clon] = location.hash.slice(1).split('/').map(Number);
                const c = L.CRS.EPSG3857.latLngToPoint(L.latLng(clat, clon), z);
                const p = L.CRS.EPSG3857.pointToLatLng(L.point(c.x + arguments[0], c.y + arguments[1]), z);
                return [p.lat, p.lng];
                """, dx, dy);
    }

    /** Opens the form, puts the pin {@code dx, dy} from the centre and fills category, text and consent. */
    private void fillForm(int dx, int dy, String text) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=report-open]")))
                .click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid=report-hint]"))
                .getText()
                .contains("Click the map"));
        new Actions(browser).moveToElement(testid("map"), dx, dy).click().perform();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=report-pin]")));
        wait.until(d -> !d.findElements(By.cssSelector("[data-testid=report-category] option[value=roads]"))
                .isEmpty());
        new Select(testid("report-category")).selectByValue("roads");
        testid("report-text").sendKeys(text);
        testid("report-consent").click();
    }

    @Test
    void submitsAnAppealWithAPhotoThroughTheForm() {
        open("", VIEW);
        fillForm(120, 80, "Открытый люк у остановки");
        testid("report-files").sendKeys(photo.toString());
        WebElement file =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=report-file]")));
        assertThat(file.getText()).contains("pothole.jpg").containsPattern("[0-9]+ KB");
        List<Number> where = latLngAt(120, 80);
        testid("report-submit").click();

        WebElement code = wait.until(d -> {
            WebElement c = d.findElement(By.cssSelector("[data-testid=report-code]"));
            return c.isDisplayed() && c.getText().matches("AM-[0-9A-Z]{4}-[0-9A-Z]{4}") ? c : null;
        });
        assertThat(testid("report-due").getText()).isNotBlank();
        assertThat(testid("report-link").getAttribute("href")).contains("appeal.html?code=" + code.getText());

        Map<String, Object> row =
                jdbc.sql("""
                        SELECT a.category, a.text, a.channel, ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat,
                               (SELECT count(*) FROM appeal_attachment t WHERE t.appeal_id = a.id AND t.kind = 'photo')
                                   AS photos
                        FROM appeal a WHERE a.tracking_code = :code
                        """).param("code", code.getText()).query().singleRow();
        assertThat(row)
                .containsEntry("category", "roads")
                .containsEntry("text", "Открытый люк у остановки")
                .containsEntry("channel", "web")
                .containsEntry("photos", 1L);
        // the pin is where the map was clicked (to a pixel or two at zoom 16)
        assertThat((Double) row.get("lat")).isCloseTo(where.get(0).doubleValue(), within(1e-4));
        assertThat((Double) row.get("lon")).isCloseTo(where.get(1).doubleValue(), within(1e-4));
        // and the photo is in the store under its hash
        String sha =
                jdbc.sql("""
                        SELECT t.sha256 FROM appeal_attachment t JOIN appeal a ON a.id = t.appeal_id
                        WHERE a.tracking_code = :code
                        """).param("code", code.getText()).query(String.class).single();
        assertThat(Files.exists(FILES.resolve("store"))).isTrue();
        try (var stored = Files.walk(FILES.resolve("store"))) {
            assertThat(stored.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith(sha));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void showsTheServersRefusalNextToTheForm() {
        open("", VIEW);
        fillForm(-100, 60, "Сломанная скамейка");
        testid("report-files").sendKeys(disguised.toString());
        testid("report-submit").click();
        WebElement error = wait.until(d -> {
            WebElement e = d.findElement(By.cssSelector("[data-testid=report-error]"));
            return e.getText().isBlank() ? null : e;
        });
        assertThat(error.getText())
                .startsWith("The appeal was not accepted:")
                .contains("file 'broken.jpg': its content is not a photo");
        assertThat(testid("report-form").isDisplayed()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM appeal WHERE text = 'Сломанная скамейка'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void hostileTextComesBackAsTextOnTheAppealPageWithItsTimeline() {
        open("", VIEW);
        fillForm(40, -90, XSS);
        testid("report-submit").click();
        WebElement code = wait.until(d -> {
            WebElement c = d.findElement(By.cssSelector("[data-testid=report-code]"));
            return c.isDisplayed() && c.getText().startsWith("AM-") ? c : null;
        });
        String tracking = code.getText();
        // a moderator takes it up: the timeline gets its second step
        jdbc.sql("UPDATE appeal SET status = 'under_review', status_reason = 'Проверяем' WHERE tracking_code = :code")
                .param("code", tracking)
                .update();

        testid("report-link").click();
        WebElement text =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=appeal-text]")));
        assertThat(text.getText()).isEqualTo(XSS);
        assertThat(browser.findElements(By.cssSelector("[data-testid=appeal] img")))
                .isEmpty();
        assertThat(script("return window.__xss === undefined")).isEqualTo(true);
        assertThat(testid("appeal").getText()).contains(tracking, "Roads");
        WebElement timeline = testid("appeal-timeline");
        assertThat(timeline.findElements(By.tagName("li"))).hasSize(2);
        assertThat(timeline.getText()).contains("New", "Under review");
        assertThat(testid("appeal-status").getText()).isEqualTo("Under review");
        assertThat(browser.getCurrentUrl()).contains("code=" + tracking);
    }

    @Test
    void theAuthorRatesTheAnswerAndAnyoneSupportsTheAppealOnce() {
        open("", VIEW);
        fillForm(-60, 70, "Нет освещения во дворе");
        testid("report-submit").click();
        String tracking = wait.until(d -> {
                    WebElement c = d.findElement(By.cssSelector("[data-testid=report-code]"));
                    return c.isDisplayed() && c.getText().startsWith("AM-") ? c : null;
                })
                .getText();
        // the agency has answered it
        jdbc.sql(
                        "INSERT INTO agency (code, name_kk, name_ru, name_en) VALUES ('lights', 'Жарық', 'Свет', 'Street lights')"
                                + " ON CONFLICT (code) DO NOTHING")
                .update();
        jdbc.sql("""
                        UPDATE appeal SET status = 'answered', answer_text = 'Фонарь заменён', answered_at = now(),
                                          first_answered_at = now(), agency_id = (SELECT id FROM agency WHERE code = 'lights')
                        WHERE tracking_code = :code
                        """).param("code", tracking).update();

        // the link carries the secret in its fragment: the author may rate
        testid("report-link").click();
        WebElement answer = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=appeal-answer]")));
        assertThat(answer.getText()).contains("Фонарь заменён", "Street lights");
        assertThat(browser.getCurrentUrl()).doesNotContain("secret");
        wait.until(ExpectedConditions.elementToBeClickable(
                        By.cssSelector("[data-testid=rating-form] input[value='5']")))
                .click();
        browser.findElement(By.cssSelector("[data-testid=rating-form] [type=submit]"))
                .click();
        wait.until(d -> "Resolved".equals(textOf("appeal-status")));
        assertThat(jdbc.sql("SELECT rating FROM appeal WHERE tracking_code = :code")
                        .param("code", tracking)
                        .query(Integer.class)
                        .single())
                .isEqualTo(5);
        assertThat(browser.findElements(By.cssSelector("[data-testid=rating-form]")))
                .isEmpty();

        // "me too" counts once per person
        testid("support").click();
        wait.until(d -> "Supported by 1".equals(textOf("support-count")));
        testid("support").click();
        wait.until(d -> "You have already supported this appeal".equals(textOf("appeal-note")));
        assertThat(textOf("support-count")).isEqualTo("Supported by 1");

        // without the secret the page offers no rating, and the server would refuse one
        browser.get("http://localhost:" + port + "/appeal.html?lang=en&code=" + tracking);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=appeal-answer]")));
        assertThat(browser.findElements(By.cssSelector("[data-testid=rating-form]")))
                .isEmpty();
    }

    @Test
    void theHeatMapDrawsWhereTheAppealsAre() {
        open("", "#15/" + CROWD[0] + "/" + CROWD[1]);
        WebElement box = testid("appeal-filters-box");
        box.findElement(By.tagName("summary")).click();
        testid("heat-toggle").click();
        wait.until(d ->
                URLDecoder.decode(d.getCurrentUrl(), StandardCharsets.UTF_8).contains("heat=1"));
        // the pixel of the heat canvas over the crowd of appeals, at the centre of the map
        @SuppressWarnings("unchecked")
        List<Long> pixel = wait.until(d -> {
            List<Long> px = (List<Long>) script("""
                    const canvas = document.querySelector('[data-testid=heat-layer]');
                    if (!canvas || !(Number(canvas.dataset.points) > 0)) {
                      return null;
                    }
                    const map = document.querySelector('#map').getBoundingClientRect();
                    const r = canvas.getBoundingClientRect();
                    const ratio = canvas.width / r.width;
                    const x = Math.floor((map.left + map.width / 2 - r.left) * ratio);
                    const y = Math.floor((map.top + map.height / 2 - r.top) * ratio);
                    const d = canvas.getContext('2d').getImageData(x, y, 1, 1).data;
                    return [d[0], d[1], d[2], d[3]];
                    """);
            return px != null && px.get(3) > 0 ? px : null;
        });
        assertThat(pixel.get(3)).as("alpha over the appeals").isGreaterThan(60L);
        // far from any appeal the canvas stays clear
        Object corner = script("""
                const canvas = document.querySelector('[data-testid=heat-layer]');
                return canvas.getContext('2d').getImageData(2, 2, 1, 1).data[3];
                """);
        assertThat(((Number) corner).intValue()).isZero();
        testid("heat-toggle").click();
        wait.until(
                d -> d.findElements(By.cssSelector("[data-testid=heat-layer]")).isEmpty());
        assertThat(browser.getCurrentUrl()).doesNotContain("heat=1");
    }

    @Test
    void fromAfarAppealsAreCountedInClustersThatOpenCloser() {
        open("", "#11/" + CROWD[0] + "/" + CROWD[1]);
        // the three appeals of the crowd are one circle, with their count, at the centre of the map
        wait.until(d -> script("""
                return [...document.querySelectorAll('canvas[data-tile^="appeals/11/"]')]
                    .some((c) => Number(c.dataset.features) > 0);
                """));
        assertThat(browser.findElements(By.cssSelector(".leaflet-marker-icon.appeal")))
                .as("no single dots from afar")
                .isEmpty();
        new Actions(browser).moveToElement(testid("map")).click().perform();
        wait.until(d -> browser.getCurrentUrl().contains("#13/"));
        // close enough: each appeal is a dot of its own
        wait.until(d ->
                d.findElements(By.cssSelector(".leaflet-marker-icon.appeal")).size() >= 3);
    }

    @Test
    void corruptionSignalsAreCountedNextToTheFiltersNeverDrawn() {
        jdbc.sql("""
                        INSERT INTO appeal (tracking_code, category, text, geom, status)
                        VALUES ('AM-SIGN-0001', 'corruption', 'Взятка за участок',
                                ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), 'new')
                        ON CONFLICT (tracking_code) DO NOTHING
                        """).param("lon", CROWD[1]).param("lat", CROWD[0]).update();
        open("", "#16/" + CROWD[0] + "/" + CROWD[1]);
        testid("appeal-filters-box").findElement(By.tagName("summary")).click();
        wait.until(d -> String.valueOf(textOf("signal-count")).startsWith("Corruption signals in this selection: 1."));
        wait.until(d ->
                d.findElements(By.cssSelector(".leaflet-marker-icon.appeal")).size() >= 3);
        assertThat(browser.findElements(By.cssSelector(".leaflet-marker-icon.appeal[title='AM-SIGN-0001']")))
                .isEmpty();
        testid("appeal-filter-category")
                .findElement(By.cssSelector("input[value=roads]"))
                .click();
        wait.until(d -> String.valueOf(textOf("signal-count")).startsWith("Corruption signals in this selection: 0."));
    }

    @Test
    void theAppealFiltersGoIntoTheAddressAndComeBackFromIt() {
        open("", VIEW);
        testid("appeal-filters-box").findElement(By.tagName("summary")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-testid=appeal-filters-box][data-loaded]")));
        testid("appeal-filter-category")
                .findElement(By.cssSelector("input[value=roads]"))
                .click();
        testid("appeal-filter-status")
                .findElement(By.cssSelector("input[value=new]"))
                .click();
        testid("appeal-filter-status")
                .findElement(By.cssSelector("input[value=in_progress]"))
                .click();
        script("""
                const input = document.querySelector('[data-testid=appeal-filter-from]');
                input.value = '2026-01-15';
                input.dispatchEvent(new Event('change', { bubbles: true }));
                """);
        wait.until(d ->
                URLDecoder.decode(d.getCurrentUrl(), StandardCharsets.UTF_8).contains("appeal_from=2026-01-15"));
        String url = URLDecoder.decode(browser.getCurrentUrl(), StandardCharsets.UTF_8);
        assertThat(url).contains("appeal_category=roads", "appeal_status=new,in_progress", "#16/");
        // the plots' own status filter is not touched
        assertThat(url).doesNotContain("&status=", "?status=");

        // a copied link opens the same filters
        browser.get("about:blank");
        browser.get(url);
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-testid=appeal-filters-box][data-loaded]")));
        // the boxes may be drawn again as the filters of the address are applied: each is read as it is
        // when asked, not through an element found before
        wait.until(d -> ticked("appeal-filter-category", "roads") && ticked("appeal-filter-status", "in_progress"));
        assertThat(ticked("appeal-filter-status", "answered")).isFalse();
        assertThat(testid("appeal-filter-from").getAttribute("value")).isEqualTo("2026-01-15");
        assertThat(testid("stats-link").getAttribute("href")).endsWith("/stats.html");
    }

    @Test
    void onAPhoneTheReportFormFitsTheScreen() {
        browser.manage().window().setSize(new Dimension(375, 812));
        browser.get("about:blank");
        browser.get("http://localhost:" + port + "/?lang=en" + VIEW);
        wait.until(d -> "en".equals(((JavascriptExecutor) d).executeScript("return document.documentElement.lang")));
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=report-open]")))
                .click();
        new Actions(browser).moveToElement(testid("map"), 0, -60).click().perform();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=report-pin]")));
        WebElement panel = testid("panel");
        long height = (Long) script("return window.innerHeight");
        // the form comes up as the sheet, over the lower part of the map
        wait.until(d -> panel.getRect().getY() < height * 0.7);
        assertThat(testid("report-category").isDisplayed()).isTrue();
        assertThat(script("return document.documentElement.scrollWidth <= window.innerWidth"))
                .isEqualTo(true);
        assertThat(script("return document.querySelector('[data-testid=panel]').scrollWidth"
                        + " <= document.querySelector('[data-testid=panel]').clientWidth"))
                .isEqualTo(true);
    }
}
