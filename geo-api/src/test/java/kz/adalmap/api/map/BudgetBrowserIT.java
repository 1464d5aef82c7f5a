package kz.adalmap.api.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The participatory-budget page in a real headless Chromium against the running application and PostGIS:
 * a resident proposes a project by clicking the map and filling the form with a photo (hostile text stays
 * text); once the cycle is in its voting phase and the proposal accepted, they confirm an e-mail with the
 * code from the outbox and vote, and see the count; a second vote of the same address is refused on the
 * page. The page fits a phone's width.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"adalmap.outbox.enabled=false", "adalmap.mail.host="})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BudgetBrowserIT {

    private static final String XSS = "<img src=x onerror=\"window.__xss=1\">Сквер";
    private static final Path FILES = TempDirs.create("adalmap-budget-browser-it");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "budget_browser");
        registry.add("adalmap.attachments.dir", () -> FILES.resolve("store").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    WebDriver browser;
    WebDriverWait wait;
    Path photo;
    long cycle;

    @BeforeAll
    void dataAndBrowser() throws IOException {
        int region = jdbc.sql("""
                INSERT INTO region (kato_code, name_kk, name_ru, name_en, geom)
                VALUES ('710000000', 'Астана', 'Астана', 'Astana', ST_Multi(ST_MakeEnvelope(71, 51, 72, 52, 4326)))
                RETURNING id
                """).query(Integer.class).single();
        int district = jdbc.sql("""
                INSERT INTO district (region_id, kato_code, name_kk, name_ru, name_en, geom)
                VALUES (:r, '711000000', 'Есіл ауданы', 'район Есиль', 'Yesil district',
                        ST_Multi(ST_MakeEnvelope(71.40, 51.10, 71.45, 51.13, 4326)))
                RETURNING id
                """).param("r", region).query(Integer.class).single();
        LocalDate today = LocalDate.now(ZoneOffset.ofHours(5));
        cycle = jdbc.sql("""
                INSERT INTO budget_cycle (district_id, year, cap_tenge, proposals_start, review_start, voting_start,
                                          implementation_start, implementation_end)
                VALUES (:d, 2026, 50000000, :today, :today + 10, :today + 20, :today + 30, :today + 60)
                RETURNING id
                """)
                .param("d", district)
                .param("today", today)
                .query(Long.class)
                .single();

        BufferedImage image = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(60, 140, 80));
        g.fillRect(0, 0, 160, 120);
        g.dispose();
        photo = FILES.resolve("yard.jpg");
        ImageIO.write(image, "jpeg", photo.toFile());

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

    private void open() {
        browser.get("about:blank");
        browser.get("http://localhost:" + port + "/budget.html?lang=en&cycle=" + cycle);
        wait.until(d -> "en".equals(script("return document.documentElement.lang")));
    }

    private Object script(String code, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(code, args);
    }

    private WebElement testid(String id) {
        return browser.findElement(By.cssSelector("[data-testid=" + id + "]"));
    }

    @Test
    void proposesAProjectOnTheMapThenVotesOnceWithTheCodeFromTheOutbox() {
        browser.manage().window().setSize(new Dimension(1280, 900));
        open();
        wait.until(d -> testid("budget-phase").getText().equals("Proposals"));
        assertThat(testid("budget-cap").getText()).contains("50");
        wait.until(ExpectedConditions.visibilityOf(testid("propose")));
        assertThat(testid("propose-hint").getText()).contains("Click the map");
        // the map has fitted the district: a click near its centre is inside it
        new Actions(browser).moveToElement(testid("map"), 30, 20).click().perform();
        wait.until(d -> testid("propose-hint").getText().contains("Place chosen"));
        assertThat(browser.findElements(By.cssSelector("[data-testid=propose-pin]")))
                .hasSize(1);
        testid("propose-title").sendKeys(XSS);
        testid("propose-description").sendKeys("Скамейки, освещение и деревья во дворе");
        testid("propose-cost").sendKeys("12000000");
        testid("propose-photos").sendKeys(photo.toString());
        testid("propose-submit").click();
        wait.until(d -> testid("propose-done").isDisplayed());

        Map<String, Object> row = jdbc.sql("""
                        SELECT p.id, p.title, p.cost_tenge, p.status,
                               ST_CoveredBy(p.geom, d.geom) AS inside,
                               (SELECT count(*) FROM budget_photo f WHERE f.proposal_id = p.id) AS photos
                        FROM budget_proposal p JOIN budget_cycle c ON c.id = p.cycle_id
                        JOIN district d ON d.id = c.district_id
                        WHERE p.cycle_id = :c
                        """).param("c", cycle).query().singleRow();
        assertThat(row)
                .containsEntry("title", XSS)
                .containsEntry("cost_tenge", 12_000_000L)
                .containsEntry("status", "submitted")
                .containsEntry("inside", true)
                .containsEntry("photos", 1L);
        WebElement listed = wait.until(d -> d.findElement(By.cssSelector("[data-testid=proposal] h3")));
        assertThat(listed.getText()).contains(XSS);
        assertThat(script("return window.__xss")).isNull();
        long proposal = ((Number) row.get("id")).longValue();

        // the reviewers accept it and the voting phase starts
        jdbc.sql(
                        "UPDATE budget_proposal SET status = 'accepted', reviewed_at = now(), reviewed_by = 'boss' WHERE id = :id")
                .param("id", proposal)
                .update();
        jdbc.sql("""
                UPDATE budget_cycle SET proposals_start = proposals_start - 20, review_start = review_start - 20,
                       voting_start = voting_start - 20, implementation_start = implementation_start - 20
                WHERE id = :id
                """).param("id", cycle).update();

        open();
        wait.until(d -> testid("budget-phase").getText().equals("Voting"));
        assertThat(testid("propose").isDisplayed()).isFalse();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=vote-choice]")))
                .click();
        String email = "resident@example.kz";
        testid("verify-address").sendKeys(email);
        testid("verify-send").click();
        wait.until(d -> testid("vote-form").isDisplayed());
        assertThat(testid("verify-sent").getText()).contains("r***@example.kz");
        testid("vote-code").sendKeys(codeSentTo(email));
        testid("vote-submit").click();
        wait.until(d -> testid("vote-done").isDisplayed());
        wait.until(d -> testid("proposal-votes").getText().equals("1"));
        wait.until(d -> testid("results-panel").isDisplayed());
        assertThat(testid("result").getText()).contains("wins");
        assertThat(testid("results-sum").getText()).contains("remaining");

        // the same address again, from a fresh page: refused, and the count stays
        open();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=vote-choice]")))
                .click();
        testid("verify-address").sendKeys(email);
        testid("verify-send").click();
        wait.until(d -> testid("vote-message").getText().contains("already voted"));
        assertThat(testid("vote-form").isDisplayed()).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM budget_vote")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(testid("proposal-votes").getText()).isEqualTo("1");
    }

    @Test
    void fitsAPhone() {
        browser.manage().window().setSize(new Dimension(390, 844));
        open();
        wait.until(d -> !testid("budget-phase").getText().isEmpty());
        assertThat(testid("map").getSize().getHeight()).isGreaterThan(200);
        assertThat(((Number) script("return document.documentElement.scrollWidth")).intValue())
                .isLessThanOrEqualTo(((Number) script("return window.innerWidth")).intValue());
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    private String codeSentTo(String recipient) {
        String body = jdbc.sql("SELECT body FROM outbox_message WHERE recipient = :r ORDER BY id DESC LIMIT 1")
                .param("r", recipient)
                .query(String.class)
                .single();
        Matcher m = Pattern.compile("\\b([0-9]{6})\\b").matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }
}
