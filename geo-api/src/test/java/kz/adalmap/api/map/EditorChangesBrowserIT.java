package kz.adalmap.api.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kz.adalmap.api.Chromium;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A land editor on a phone, by keyboard, sees which plots a draft adds, changes and removes before
 * publishing it: each count opens its list, a renumbered plot says the number it had, a changed one
 * what changed, and the plots the map shows link to their public cards.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"adalmap.security.admin-username=chief", "adalmap.security.admin-password=chief-password-2026"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditorChangesBrowserIT {

    private static final String LAYER = "plots-semey-changes";
    private static final String PREFIX = "23-015-400";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "editor_changes_browser");
    }

    @LocalServerPort
    int port;

    @TempDir
    Path dir;

    WebDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void startBrowser() throws Exception {
        browser = Chromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anEditorSeesWhichPlotsADraftAddsChangesAndRemovesOnAPhoneByKeyboard() throws Exception {
        // the first file: 204 free plots, more than a list shows at once
        List<String[]> first = new ArrayList<>();
        for (int i = 0; i < 204; i++) {
            first.add(new String[] {number(i + 1), String.valueOf(i), "бос", i == 1 ? "ул. Абая, 1" : null});
        }
        // and one not registered yet, known by its outline
        first.add(new String[] {"", "210", "бос"});
        // the second: plot 1 has an auction scheduled, plot 2 another address, plot 3 is gone, plot 4
        // is renumbered 904 (the same outline), plot 205 is new; the other 199 are as they were
        List<String[]> second = new ArrayList<>();
        for (int i = 0; i < 204; i++) {
            if (i == 2) {
                continue;
            }
            String status = i == 0 ? "аукцион" : "бос";
            second.add(new String[] {
                i == 3 ? number(904) : number(i + 1), String.valueOf(i), status, i == 1 ? "ул. Абая, 3" : null
            });
        }
        second.add(new String[] {number(205), "204", "бос"});
        second.add(new String[] {"", "210", "аукцион"});

        ChromeDriver chrome = (ChromeDriver) browser;
        JavascriptExecutor js = (JavascriptExecutor) browser;
        try {
            chrome.executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride",
                    Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
            browser.get("http://localhost:" + port + "/editor.html?lang=en");
            WebElement form = wait.until(
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=sign-in-form]")));
            form.findElement(By.name("username")).sendKeys("chief", Keys.TAB, "chief-password-2026", Keys.ENTER);
            WebElement upload = wait.until(
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=import-form]")));

            WebElement report = imported(upload, "first.geojson", first, true);
            // one count, the list closed until asked for
            assertThat(toggles()).containsExactly("Added: 205");
            WebElement added = tabTo(By.cssSelector("[data-testid=changes-added-toggle]"));
            assertThat(added.getAttribute("aria-expanded")).isEqualTo("false");
            added.sendKeys(Keys.ENTER);
            WebElement addedList = wait.until(
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=changes-added]")));
            assertThat(added.getAttribute("aria-expanded")).isEqualTo("true");
            wait.until(d -> addedList.findElements(By.tagName("li")).size() == 200);
            assertThat(addedList.getText()).contains(number(1), "The first 200 of 205 are shown.");
            // a plot a draft adds has no public card yet
            assertThat(addedList.findElements(By.tagName("a"))).isEmpty();
            WebElement more = tabTo(By.cssSelector("[data-testid=changes-added-more]"));
            assertThat(more.getText()).isEqualTo("Show 5 more");
            more.sendKeys(Keys.ENTER);
            wait.until(d -> addedList.findElements(By.tagName("li")).size() == 205);
            assertThat(addedList.findElements(By.cssSelector("[data-testid=changes-added-more]")))
                    .isEmpty();
            // the keyboard goes on from the first plot the button showed
            assertThat(browser.switchTo().activeElement().getText()).isEqualTo(number(201));
            // closed again by keyboard
            tabTo(By.cssSelector("[data-testid=changes-added-toggle]")).sendKeys(Keys.ENTER);
            wait.until(ExpectedConditions.invisibilityOf(addedList));

            report.findElement(By.cssSelector("[data-testid=publish]")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("[data-testid=result]"), "Published: 205 added"));

            report = imported(upload, "second.geojson", second, false);
            assertThat(toggles()).containsExactly("Added: 1", "Changed: 4", "Removed: 1");
            for (String kind : List.of("added", "changed", "removed")) {
                tabTo(By.cssSelector("[data-testid=changes-" + kind + "-toggle]"))
                        .sendKeys(Keys.ENTER);
                wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("[data-testid=changes-" + kind + "] li")));
            }
            // each plot by its number, the renumbered one with the number it had, the changed one with
            // what changed
            // a plot without a number by the first characters of its key, without a card to link to
            List<String> changed = entries("changed");
            assertThat(changed)
                    .hasSize(4)
                    .startsWith(
                            number(1) + " | Status: Free → Auction scheduled | " + card(1),
                            number(2) + " | Address: ул. Абая, 1 → ул. Абая, 3 | " + card(2),
                            number(904) + " was " + number(4) + " | " + card(4));
            assertThat(changed.get(3))
                    .matches("without a number \\([0-9a-f]{10}…\\) \\| Status: Free → Auction scheduled");
            assertThat(entries("removed")).containsExactly(number(3) + " | " + card(3));
            assertThat(entries("added")).containsExactly(number(205));
            // the card link is reached by keyboard and named by its plot
            WebElement link = tabTo(By.cssSelector("[data-testid=changes-removed] a"));
            assertThat(link.getAttribute("aria-label")).isEqualTo("Public card of plot " + number(3));

            long viewport = (Long) js.executeScript("return document.documentElement.clientWidth");
            assertThat(viewport).isEqualTo(390);
            assertThat((Long) js.executeScript("return document.documentElement.scrollWidth"))
                    .as("the page is no wider than the phone")
                    .isLessThanOrEqualTo(viewport);
            assertThat((Long) js.executeScript("""
                            return Math.ceil(Math.max(...[...document.querySelectorAll('[data-testid=changes] *')]
                              .filter((e) => e.getClientRects().length > 0)
                              .map((e) => e.getBoundingClientRect().right)));
                            """))
                    .as("every count, plot and link within the screen")
                    .isLessThanOrEqualTo(viewport);

            // a change of language redraws the lists, open as they were
            browser.findElement(By.cssSelector("[data-testid=lang-ru]")).click();
            wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "ru"));
            assertThat(toggles()).containsExactly("Добавлено: 1", "Изменено: 4", "Удалено: 1");
            List<String> changedInRussian = entries("changed");
            assertThat(changedInRussian)
                    .hasSize(4)
                    .startsWith(
                            number(1) + " | Статус: Свободен → Назначен аукцион | карточка на карте",
                            number(2) + " | Адрес: ул. Абая, 1 → ул. Абая, 3 | карточка на карте",
                            number(904) + " был " + number(4) + " | карточка на карте");
            assertThat(changedInRussian.get(3)).matches("без номера \\([0-9a-f]{10}…\\) \\| Статус: .*");

            // the API says the same to any client: only a changed plot's differing fields
            JsonNode changes = TestHttp.json(new TestHttp(port)
                    .send(java.net.http.HttpRequest.newBuilder(
                                    new TestHttp(port).uri("/api/v1/layers/" + LAYER + "/revisions/2/changes"))
                            .header(
                                    "Authorization",
                                    "Basic "
                                            + java.util.Base64.getEncoder()
                                                    .encodeToString("chief:chief-password-2026"
                                                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                            .build()));
            Map<String, String> byPlot = new java.util.TreeMap<>();
            for (JsonNode c : changes) {
                byPlot.put(c.get("plot").asString(), c.toString());
            }
            assertThat(byPlot)
                    .containsEntry(
                            number(1),
                            "{\"change\":\"changed\",\"plot\":\"" + number(1)
                                    + "\",\"previousPlot\":null,\"label\":null,"
                                    + "\"before\":{\"status\":\"free\"},\"after\":{\"status\":\"auction_scheduled\"},"
                                    + "\"geometryChanged\":false}")
                    .containsEntry(
                            number(2),
                            "{\"change\":\"changed\",\"plot\":\"" + number(2)
                                    + "\",\"previousPlot\":null,\"label\":null,"
                                    + "\"before\":{\"address\":\"ул. Абая, 1\"},\"after\":{\"address\":\"ул. Абая, 3\"},"
                                    + "\"geometryChanged\":false}")
                    .containsEntry(
                            number(904),
                            "{\"change\":\"changed\",\"plot\":\"" + number(904) + "\",\"previousPlot\":\"" + number(4)
                                    + "\",\"label\":null,\"before\":{},\"after\":{},\"geometryChanged\":false}")
                    .containsEntry(
                            number(3),
                            "{\"change\":\"removed\",\"plot\":\"" + number(3)
                                    + "\",\"previousPlot\":null,\"label\":null}");

            // the link opens the plot's public card on the map (on a wide screen, where the card is open at once)
            chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            String href = browser.findElement(By.cssSelector("[data-testid=changes-changed] li a"))
                    .getAttribute("href");
            assertThat(href).endsWith("/?plot=" + number(1));
            browser.get(href + "&lang=en");
            WebElement plotCard = wait.until(
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=plot-card]")));
            wait.until(d -> plotCard.getText().contains(number(1)));
            assertThat(plotCard.getText()).contains("Free");
        } finally {
            chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static String number(int n) {
        return String.format(Locale.ROOT, "%s-%03d", PREFIX, n);
    }

    /** The words of the card link of plot {@code n}, in English, with where it leads. */
    private static String card(int n) {
        return "public card → ?plot=" + number(n);
    }

    /** The counts of the changes, each a button. */
    @SuppressWarnings("unchecked")
    private List<String> toggles() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("""
                return [...document.querySelectorAll('[data-testid=changes] button.change-toggle')]
                  .map((b) => b.textContent);
                """);
    }

    /**
     * The entries of the list of {@code kind}: the plot's name and «was …», then each line of what
     * changed, then the card link's words and where it leads, separated by « | ».
     */
    @SuppressWarnings("unchecked")
    private List<String> entries(String kind) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("""
                return [...document.querySelectorAll(`[data-testid=changes-${arguments[0]}] li`)].map((li) => {
                  const name = [li.querySelector('.change-plot'), li.querySelector('.change-was')]
                    .filter(Boolean).map((e) => e.textContent).join(' ');
                  const what = [...li.querySelectorAll('.change-what > span')].map((e) => e.textContent);
                  const link = li.querySelector('a');
                  const card = link ? [`${link.textContent}${link.textContent === 'public card'
                    ? ` → ${link.getAttribute('href').replace('./', '')}` : ''}`] : [];
                  return [name, ...what, ...card].join(' | ');
                });
                """, kind);
    }

    /** Presses Tab, at most 40 times, until the element {@code by} finds has the focus; that element. */
    private WebElement tabTo(By by) {
        WebElement target = browser.findElement(by);
        // round the page: past the last plot listed, the layer's revisions and titles, to the top
        for (int i = 0; i < 80 && !target.equals(browser.switchTo().activeElement()); i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
        }
        assertThat(browser.switchTo().activeElement()).as("reached by Tab").isEqualTo(target);
        return target;
    }

    /** Uploads {@code plots} into the layer from the page and waits for the new revision's report. */
    private WebElement imported(WebElement upload, String name, List<String[]> plots, boolean created)
            throws Exception {
        Path file = Files.writeString(dir.resolve(name), geojson(plots));
        WebElement code = upload.findElement(By.name("layer"));
        code.clear();
        code.sendKeys(LAYER);
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        if (created) {
            wait.until(ExpectedConditions.alertIsPresent()).accept();
        }
        String revision = created ? " 1" : " 2";
        wait.until(d -> d.findElement(By.cssSelector("[data-testid=error]")).isDisplayed()
                || d.findElement(By.cssSelector("[data-testid=report] .revision"))
                        .getText()
                        .endsWith(revision));
        assertThat(browser.findElement(By.cssSelector("[data-testid=error]")).getText())
                .as("no error")
                .isEmpty();
        // the report takes the focus: the keyboard goes on from its heading
        WebElement report = browser.findElement(By.cssSelector("[data-testid=report]"));
        WebElement heading = report.findElement(By.tagName("h2"));
        wait.until(d -> heading.equals(d.switchTo().activeElement()));
        return report;
    }

    /**
     * Plots as (cadastral number, place, status, address or null): each a square in Semey in rows of ten, its place
     * deciding where, so that the same place is the same outline.
     */
    private static String geojson(List<String[]> plots) {
        StringBuilder out = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (String[] p : plots) {
            int i = Integer.parseInt(p[1]);
            double x = 80.36 + (i % 10) * 0.0006;
            double y = 50.52 + (i / 10) * 0.0005;
            out.append(out.charAt(out.length() - 1) == '[' ? "" : ",")
                    .append("{\"type\":\"Feature\",\"properties\":{\"kad_nomer\":\"")
                    .append(p[0])
                    .append("\",\"status\":\"")
                    .append(p[2])
                    .append("\",\"kategor\":\"елді мекен\"")
                    .append(p.length < 4 || p[3] == null ? "" : ",\"adres\":\"" + p[3] + "\"")
                    .append("},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[")
                    .append(String.format(
                            Locale.ROOT,
                            "[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]",
                            x,
                            y,
                            x + 0.0004,
                            y,
                            x + 0.0004,
                            y + 0.0003,
                            x,
                            y + 0.0003,
                            x,
                            y))
                    .append("]}}");
        }
        return out.append("]}").toString();
    }
}
