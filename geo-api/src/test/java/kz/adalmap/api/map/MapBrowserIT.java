package kz.adalmap.api.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import kz.adalmap.api.Chromium;
import kz.adalmap.api.FreshDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
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
 * against the running application and PostGIS, with no internet: plots are drawn, a popup opens,
 * the language switches, and hostile appeal text stays text.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MapBrowserIT {

    private static final String XSS = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "map_browser");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    WebDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void dataAndBrowser() throws Exception {
        jdbc.sql(
                        "INSERT INTO layer (code, kind, title_kk, title_ru, title_en) VALUES ('oskemen-test', 'plots', 'Ө', 'У', 'O')")
                .update();
        long revision = jdbc.sql("""
                INSERT INTO layer_revision (layer_id, number, state, created_by, published_at)
                SELECT id, 1, 'published', 'test', now() FROM layer RETURNING id
                """).query(Long.class).single();
        // a 6 × 6 grid of 0.0008° plots in central Oskemen
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
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void open(String lang) {
        browser.get("http://localhost:" + port + "/?lang=" + lang + "#17/49.9525/82.6128");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=map]")));
    }

    @Test
    void drawsPlotsColouredByStatusAndOpensAPopupWithTheirFacts() {
        open("en");
        List<WebElement> plots = wait.until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("path.plot"));
            return found.size() >= 36 ? found : null;
        });
        assertThat(browser.findElements(By.cssSelector("path.plot-free"))).hasSize(12);
        assertThat(browser.findElements(By.cssSelector("path.plot-allocated"))).hasSize(24);

        WebElement free = browser.findElement(By.cssSelector("path.plot-free"));
        new Actions(browser).moveToElement(free).click().perform();
        WebElement popup =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".leaflet-popup-content")));
        assertThat(popup.getText()).contains("05-085-").contains("Free").contains("Тестовая");
        assertThat(plots).isNotEmpty();
        assertNoConsoleErrors();
    }

    @Test
    void switchesLanguageWithoutReloading() {
        open("en");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("path.plot")));
        ((JavascriptExecutor) browser).executeScript("window.__sameDocument = true");
        browser.findElement(By.cssSelector("[data-testid=lang-kk]")).click();
        wait.until(d -> "kk".equals(((JavascriptExecutor) d).executeScript("return document.documentElement.lang")));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__sameDocument"))
                .isEqualTo(true);
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("Бос");
        browser.findElement(By.cssSelector("[data-testid=lang-ru]")).click();
        wait.until(d -> "ru".equals(((JavascriptExecutor) d).executeScript("return document.documentElement.lang")));
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("Свободен");
    }

    @Test
    void showsHostileAppealTextAsText() {
        open("en");
        WebElement marker = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".appeal")));
        new Actions(browser).moveToElement(marker).click().perform();
        WebElement popup =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".leaflet-popup-content")));
        wait.until(d -> popup.getText().contains("AM-XSS0-0001"));
        assertThat(popup.getText()).contains("<img src=x").contains("<script>");
        assertThat(popup.findElements(By.tagName("img"))).isEmpty();
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__xss === undefined"))
                .isEqualTo(true);
    }

    private void assertNoConsoleErrors() {
        assertThat(Chromium.consoleErrors(browser)).as("browser console errors").isEmpty();
    }
}
