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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
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
 * The statistics page in a real headless Chromium against the running application and PostGIS: the bars
 * have the counts of the seeded appeals and lengths in proportion, the corruption signal is a counted
 * bar, the ranking states its minimum, the language changes every text, the filters change the figures,
 * the address and the export link, a hostile agency name stays text, and a 375 px phone does not scroll
 * sideways.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "adalmap.appeals.ranking-min-appeals=3")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatsBrowserIT {

    private static final String XSS = "<img src=x onerror=\"window.__xss=1\">Akimat B";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "stats_browser");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    WebDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void dataAndBrowser() throws Exception {
        jdbc.sql("""
                INSERT INTO region (kato_code, name_kk, name_ru, name_en, geom) VALUES
                  ('630000000', 'Шығыс Қазақстан облысы', 'Восточно-Казахстанская область', 'East Kazakhstan Region',
                   ST_Multi(ST_MakeEnvelope(80, 48, 87, 51, 4326))),
                  ('750000000', 'Алматы', 'Алматы', 'Almaty', ST_Multi(ST_MakeEnvelope(76.7, 43.1, 77.2, 43.4, 4326)))
                """).update();
        jdbc.sql("""
                INSERT INTO agency (code, region_id, name_kk, name_ru, name_en)
                SELECT 'akimat-a', id, 'А әкімдігі', 'Акимат А', 'Akimat A' FROM region WHERE kato_code = '630000000'
                UNION ALL
                SELECT 'akimat-b', id, 'Б әкімдігі', 'Акимат Б', :xss FROM region WHERE kato_code = '750000000'
                """).param("xss", XSS).update();
        // akimat-a: three roads appeals (one answered on time, one late, one open past due) and a corruption
        // signal answered on time; akimat-b: two housing appeals answered on time and one roads appeal in May
        appeal("0001", "roads", "answered", "akimat-a", "630000000", "2025-03-03", "2025-03-10", "2025-03-05");
        appeal("0002", "roads", "answered", "akimat-a", "630000000", "2025-03-04", "2025-03-10", "2025-03-12");
        appeal("0003", "roads", "in_progress", "akimat-a", "630000000", "2025-03-05", "2025-03-12", null);
        appeal("0004", "corruption", "answered", "akimat-a", "630000000", "2025-03-06", "2025-03-12", "2025-03-07");
        appeal("0005", "housing", "resolved", "akimat-b", "750000000", "2025-03-10", "2025-03-17", "2025-03-11");
        appeal("0006", "housing", "answered", "akimat-b", "750000000", "2025-03-11", "2025-03-18", "2025-03-12");
        appeal("0007", "roads", "answered", "akimat-b", "750000000", "2025-05-05", "2025-05-12", "2025-05-06");

        browser = Chromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        // a part of the page drawn again between finding an element and reading it: look again
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    private void appeal(
            String n,
            String category,
            String status,
            String agency,
            String region,
            String created,
            String due,
            String answered) {
        // at noon in Kazakhstan (07:00 UTC)
        jdbc.sql("""
                INSERT INTO appeal (tracking_code, category, text, geom, status, agency_id, region_id, created_at,
                                    due_date, first_answered_at, answered_at)
                VALUES (:code, :category, 'Текст', ST_SetSRID(ST_MakePoint(82.6, 49.95), 4326), :status,
                        (SELECT id FROM agency WHERE code = :agency), (SELECT id FROM region WHERE kato_code = :region),
                        CAST(:created AS date) + time '07:00' AT TIME ZONE 'UTC', CAST(:due AS date),
                        CAST(:answered AS date) + time '07:00' AT TIME ZONE 'UTC',
                        CAST(:answered AS date) + time '07:00' AT TIME ZONE 'UTC')
                """)
                .param("code", "AM-BROW-" + n)
                .param("category", category)
                .param("status", status)
                .param("agency", agency)
                .param("region", region)
                .param("created", created)
                .param("due", due)
                .param("answered", answered)
                .update();
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Opens the page and waits until the statistics of {@code query} are drawn. */
    private void open(String query, int width) {
        browser.manage().window().setSize(new Dimension(width, 900));
        browser.get("http://localhost:" + port + "/stats.html" + query);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("body[data-loaded]")));
    }

    private void waitForLoaded(String filters) {
        wait.until(d -> filters.equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
    }

    private String text(String testId) {
        return browser.findElement(By.cssSelector("[data-testid=" + testId + "]"))
                .getText();
    }

    private WebElement bar(String chart, String key) {
        return browser.findElement(By.cssSelector("[data-testid=chart-" + chart + "] rect[data-key='" + key + "']"));
    }

    /** The bar's width as drawn, in CSS pixels. */
    private double width(WebElement bar) {
        return ((Number) ((JavascriptExecutor) browser)
                        .executeScript("return arguments[0].getBoundingClientRect().width", bar))
                .doubleValue();
    }

    @Test
    void drawsBarsWithTheCountsInProportion() {
        open("?lang=en", 1280);
        assertThat(text("total")).isEqualTo("7");
        WebElement roads = bar("category", "roads");
        WebElement housing = bar("category", "housing");
        WebElement corruption = bar("category", "corruption");
        assertThat(roads.getAttribute("data-count")).isEqualTo("4");
        assertThat(housing.getAttribute("data-count")).isEqualTo("2");
        assertThat(corruption.getAttribute("data-count")).isEqualTo("1");
        assertThat(corruption.getAttribute("class")).contains("not-public");
        assertThat(width(housing) / width(roads)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.001));
        assertThat(width(corruption) / width(roads)).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.001));
        assertThat(browser.findElement(By.cssSelector("[data-testid=chart-category] text.bar-value[data-key=roads]"))
                        .getText())
                .isEqualTo("4");
        assertThat(bar("status", "answered").getAttribute("data-count")).isEqualTo("5");
        assertThat(width(bar("status", "routed"))).isZero();
        assertThat(bar("region", "630000000").getAttribute("data-count")).isEqualTo("4");
        assertThat(bar("agency", "akimat-b").getAttribute("data-count")).isEqualTo("3");
        // resolved 0005 of the closed 0001, 0002, 0004, 0005, 0006, 0007
        assertThat(text("resolved")).isEqualTo("16.7%");
        // first answers after 2, 8, 1, 1, 1, 1 days
        assertThat(text("median")).isEqualTo("1 day");
        // late 0002, unanswered past due 0003, of all seven
        assertThat(text("overdue")).isEqualTo("28.6%");

        assertThat(text("ranking-min")).isEqualTo("Only agencies with at least 3 appeals in the period; 0 left out.");
        List<WebElement> rows = browser.findElements(By.cssSelector("[data-testid=ranking] tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getText()).contains(XSS).contains("3 of 3").contains("100%");
        assertThat(rows.get(1).getText())
                .contains("Akimat A")
                .contains("2 of 4")
                .contains("50%");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__xss"))
                .isNull();
        assertThat(Chromium.consoleErrors(browser)).isEmpty();
    }

    @Test
    void changesLanguage() {
        open("?lang=ru", 1280);
        assertThat(text("ranking-min")).startsWith("Только ведомства, у которых за период не меньше 3 обращений");
        assertThat(text("median")).isEqualTo("1 день");
        browser.findElement(By.cssSelector("[data-testid=lang-kk]")).click();
        wait.until(d -> "kk".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
        assertThat(browser.findElement(By.cssSelector(".subtitle")).getText())
                .isEqualTo("Азаматтар өтініштерінің статистикасы");
        assertThat(browser.findElement(By.cssSelector("[data-testid=chart-category] text.bar-label"))
                        .getText())
                .isEqualTo("Тұрғын үй");
        assertThat(new Select(browser.findElement(By.cssSelector("[data-testid=filter-category]")))
                        .getOptions()
                        .get(1)
                        .getText())
                .isEqualTo("Тұрғын үй");
        assertThat(browser.getTitle()).isEqualTo("AdalMap — Өтініштер статистикасы");
        browser.findElement(By.cssSelector("[data-testid=lang-en]")).click();
        wait.until(d -> "en".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
        assertThat(text("ranking-min")).startsWith("Only agencies with at least 3 appeals");
    }

    @Test
    void filtersChangeTheFiguresTheAddressAndTheExport() {
        open("?lang=en", 1280);
        new Select(browser.findElement(By.cssSelector("[data-testid=filter-region]"))).selectByValue("750000000");
        waitForLoaded("region=750000000");
        assertThat(text("total")).isEqualTo("3");
        assertThat(browser.getCurrentUrl()).contains("region=750000000");
        assertThat(browser.findElement(By.cssSelector("[data-testid=export]")).getAttribute("href"))
                .endsWith("/api/v1/appeals/export.csv?region=750000000");
        assertThat(browser.findElements(By.cssSelector("[data-testid=chart-region] rect")))
                .hasSize(1);

        ((JavascriptExecutor) browser).executeScript("""
                        const input = document.querySelector('[data-testid=filter-to]');
                        input.value = '2025-03-31';
                        input.dispatchEvent(new Event('change', { bubbles: true }));
                        """);
        waitForLoaded("to=2025-03-31&region=750000000");
        assertThat(text("total")).isEqualTo("2");
        assertThat(text("ranking-min")).isEqualTo("Only agencies with at least 3 appeals in the period; 1 left out.");
        assertThat(browser.findElements(By.cssSelector("[data-testid=ranking] tbody tr"))
                        .get(0)
                        .getText())
                .isEqualTo("No agency has enough appeals to be ranked");

        new Select(browser.findElement(By.cssSelector("[data-testid=filter-category]"))).selectByValue("corruption");
        waitForLoaded("to=2025-03-31&region=750000000&category=corruption");
        assertThat(text("total")).isEqualTo("0");

        // a shared address opens the same view
        open("?lang=en&region=630000000&category=roads", 1280);
        waitForLoaded("region=630000000&category=roads");
        assertThat(text("total")).isEqualTo("3");

        browser.findElement(By.cssSelector("[data-testid=filters] button[type=reset]"))
                .click();
        waitForLoaded("");
        assertThat(text("total")).isEqualTo("7");
        assertThat(Chromium.consoleErrors(browser)).isEmpty();
    }

    @Test
    void fitsAPhoneWithoutScrollingSideways() {
        open("?lang=kk", 375);
        waitForLoaded("");
        Object overflow = ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
        WebElement chart = browser.findElement(By.cssSelector("[data-testid=chart-category] svg"));
        assertThat(chart.getRect().getWidth()).isLessThanOrEqualTo(375);
        assertThat(bar("category", "roads").getAttribute("data-count")).isEqualTo("4");
        assertThat(browser.findElement(By.cssSelector("[data-testid=ranking]"))
                        .getRect()
                        .getWidth())
                .isLessThanOrEqualTo(375);
    }
}
