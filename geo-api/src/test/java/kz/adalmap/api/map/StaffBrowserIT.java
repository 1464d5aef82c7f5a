package kz.adalmap.api.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import kz.adalmap.api.Chromium;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The staff's appeals page in a real headless Chromium: a moderator reads the citizen's own text
 * (hostile markup stays text) and routes the appeal to the suggested agency; an official of that
 * agency answers it with a photo; an official of another agency never sees it in the queue.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"adalmap.outbox.enabled=false", "adalmap.mail.host="})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaffBrowserIT {

    private static final String PASSWORD = "staff-password-2026";
    private static final String HOSTILE = "<img src=x onerror=alert(1)> Яма у школы";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "staff_browser");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @TempDir
    Path dir;

    WebDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void setUp() throws Exception {
        int region = jdbc.sql("""
                INSERT INTO region (kato_code, name_kk, name_ru, name_en, geom)
                VALUES ('710000000', 'Астана', 'Астана', 'Astana', ST_Multi(ST_MakeEnvelope(60, 42, 88, 56, 4326)))
                RETURNING id
                """).query(Integer.class).single();
        for (String[] a : List.of(
                new String[] {"akimat-astana", "Астана әкімдігі", "Акимат Астаны", "Astana akimat", "roads"},
                new String[] {"land-astana", "Жер бөлімі", "Земельный отдел", "Land department", "land"})) {
            jdbc.sql("""
                    WITH g AS (INSERT INTO agency (code, region_id, name_kk, name_ru, name_en)
                               VALUES (:c, :r, :kk, :ru, :en) RETURNING id)
                    INSERT INTO agency_category SELECT id, :cat FROM g
                    """)
                    .param("c", a[0])
                    .param("r", region)
                    .param("kk", a[1])
                    .param("ru", a[2])
                    .param("en", a[3])
                    .param("cat", a[4])
                    .update();
        }
        user("moder", "moderator", null);
        user("akimat.official", "agency_official", "akimat-astana");
        user("land.official", "agency_official", "land-astana");
        browser = Chromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        // a part of the page drawn again between finding an element and reading it: look again
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aModeratorRoutesTheOfficialAnswersAnotherAgencyNeverSeesIt() throws Exception {
        String code = TestHttp.json(new TestHttp(port).post("/api/v1/appeals", """
                                {"location": {"lon": 71.43, "lat": 51.13}, "category": "roads", "consent": true,
                                 "text": "%s", "contact": {"email": "citizen.b@example.kz"}}
                                """.formatted(HOSTILE), null, null))
                .get("tracking_code")
                .asString();
        Path photo = dir.resolve("act.png");
        ImageIO.write(new BufferedImage(60, 40, BufferedImage.TYPE_INT_RGB), "png", photo.toFile());

        browser.get("http://localhost:" + port + "/staff.html?lang=en");
        signIn("moder");
        WebElement detail = open(code);
        WebElement text = detail.findElement(By.cssSelector("[data-testid=private-text]"));
        assertThat(text.getText()).isEqualTo(HOSTILE);
        assertThat(text.findElements(By.tagName("img"))).isEmpty();
        assertThat(detail.findElement(By.cssSelector("[data-testid=contact]")).getText())
                .contains("citizen.b@example.kz");
        WebElement route = detail.findElement(By.cssSelector("[data-testid=route-form]"));
        new Select(route.findElement(By.name("suggestion"))).selectByValue("akimat-astana");
        assertThat(route.findElement(By.name("agency")).getAttribute("value")).isEqualTo("akimat-astana");
        route.findElement(By.name("reason")).sendKeys("Roads are the akimat's");
        route.findElement(By.cssSelector("button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=result]"), "Done: Sent to the agency"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=timeline]"), "Roads are the akimat's"));
        signOut();

        signIn("akimat.official");
        detail = open(code);
        assertThat(detail.findElement(By.cssSelector("[data-testid=route-form]"))
                        .isDisplayed())
                .as("an official does not route")
                .isFalse();
        WebElement answer = detail.findElement(By.cssSelector("[data-testid=answer-form]"));
        answer.findElement(By.name("text")).sendKeys("The road is repaired <b>today</b>");
        answer.findElement(By.name("files")).sendKeys(photo.toString());
        answer.findElement(By.cssSelector("button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=detail-status]"), "Answered"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=answer]")).getText())
                .isEqualTo("The road is repaired <b>today</b>");
        assertThat(browser.findElement(By.cssSelector("[data-testid=attachments]"))
                        .getText())
                .contains("from the agency");
        assertThat(jdbc.sql("""
                        SELECT a.status || '/' || count(t.id) FROM appeal a
                        LEFT JOIN appeal_attachment t ON t.appeal_id = a.id AND t.author = 'agency'
                        WHERE a.tracking_code = :c GROUP BY a.status
                        """).param("c", code).query(String.class).single()).isEqualTo("answered/1");
        signOut();

        signIn("land.official");
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=total]"), "Total: 0"));
        assertThat(browser.findElements(By.cssSelector("[data-testid=queue-row]")))
                .isEmpty();
        assertThat(browser.findElement(By.cssSelector("[data-testid=queue]")).getText())
                .doesNotContain(code);

        // the page speaks Kazakh too
        browser.findElement(By.cssSelector("[data-testid=lang-kk]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=queue] h2"), "Өтініштер кезегі"));
        assertThat(Chromium.consoleErrors(browser).stream()
                        .filter(e -> !e.contains("401") && !e.contains("api/v1/me"))
                        .toList())
                .isEmpty();
    }

    private void signIn(String username) {
        WebElement form =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=sign-in-form]")));
        form.findElement(By.name("username")).clear();
        form.findElement(By.name("username")).sendKeys(username);
        form.findElement(By.name("password")).sendKeys(PASSWORD);
        form.findElement(By.cssSelector("button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=queue]")));
    }

    private void signOut() {
        browser.findElement(By.cssSelector("[data-testid=sign-out]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=sign-in-form]")));
    }

    /** Opens the appeal from the queue and waits for its detail. */
    private WebElement open(String code) {
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=queue-row][data-code='" + code + "'] button")));
        row.click();
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=detail] .code"), code));
        return browser.findElement(By.cssSelector("[data-testid=detail]"));
    }

    private void user(String username, String role, String agency) {
        int id = jdbc.sql("""
                INSERT INTO app_user (username, password_hash, display_name, agency_id)
                VALUES (:u, :p, :u, (SELECT id FROM agency WHERE code = :agency)) RETURNING id
                """)
                .param("u", username)
                .param("p", passwords.encode(PASSWORD))
                .param("agency", agency)
                .query(Integer.class)
                .single();
        jdbc.sql("INSERT INTO user_role (user_id, role) VALUES (:id, :role)")
                .param("id", id)
                .param("role", role)
                .update();
    }
}
