package kz.adalmap.api.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import kz.adalmap.api.Chromium;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.TestPlots;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A land editor in a real headless Chromium: signs in, uploads a file with a bad feature, watches
 * the progress bar, reads the report (the file's hostile text stays text), publishes with a reason;
 * then uploads a broken file and reads why it failed.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "adalmap.security.admin-username=chief",
            "adalmap.security.admin-password=chief-password-2026",
            "spring.servlet.multipart.max-file-size=1MB",
            "spring.servlet.multipart.max-request-size=1MB"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditorBrowserIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "editor_browser");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    WebDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void startBrowser() throws Exception {
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
    void anEditorImportsReadsTheReportAndPublishes() throws Exception {
        Path file = Files.writeString(dir.resolve("uchastki.geojson"), geojson(12));
        Path broken = Files.writeString(dir.resolve("broken.geojson"), "{\"type\": \"FeatureCollection\", \"feat");
        browser.get("http://localhost:" + port + "/editor.html?lang=en");
        WebElement form =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=sign-in-form]")));
        form.findElement(By.name("username")).sendKeys("chief");
        form.findElement(By.name("password")).sendKeys("wrong password");
        form.findElement(By.cssSelector("button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error]"), "Wrong user name or password"));
        form.findElement(By.name("password")).clear();
        form.findElement(By.name("password")).sendKeys("chief-password-2026");
        form.findElement(By.cssSelector("button")).click();

        WebElement upload =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=import-form]")));
        upload.findElement(By.name("layer")).sendKeys("plots-semey");
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();

        WebElement report =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=report]")));
        assertThat(browser.findElement(By.cssSelector("[data-testid=progress] progress"))
                        .getAttribute("value"))
                .isEqualTo("100");
        assertThat(report.getText())
                .contains(
                        "plots-semey",
                        "Features in the file",
                        "12",
                        "Rejected",
                        "1",
                        "10 added, 0 changed, 0 removed, 0 unchanged");
        WebElement issues = report.findElement(By.cssSelector("[data-testid=issues]"));
        assertThat(issues.getText()).contains("12", "rejected", "invalid_geometry", "unknown_status");
        // each problem named in the reader's language, then in the importer's words
        assertThat(issues.getText()).contains("Invalid geometry", "Unknown status");
        // the file's own text is shown as text, never run
        assertThat(issues.getText()).contains("<b>продан</b>");
        assertThat(issues.findElements(By.tagName("b"))).isEmpty();

        report.findElement(By.name("reason")).sendKeys("Akimat decree No. 7");
        report.findElement(By.cssSelector("[data-testid=publish]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=result]"), "Published: 10 added"));
        assertThat(jdbc.sql("SELECT count(*) FROM plot_status_change WHERE reason = 'Akimat decree No. 7'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(10);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=revisions]"), "published"));

        // a broken file: the job fails and says why
        upload.findElement(By.name("file")).sendKeys(broken.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error-detail]"), "GDAL cannot read broken.geojson"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=error] .alert-text"))
                        .getText())
                .isEqualTo("The file cannot be read: it is not in a GIS format, or it is damaged.");

        // the page speaks Kazakh too, the failure's sentence included
        browser.findElement(By.cssSelector("[data-testid=lang-kk]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=import]"), "Файлды қабатқа жүктеу"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error] .alert-text"), "Файл оқылмайды"));
        // a file over the server's limit is refused before any job: said in Kazakh, the limit below
        Path big = Files.write(dir.resolve("big.geojson"), new byte[1536 * 1024]);
        upload.findElement(By.name("file")).sendKeys(big.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error] .alert-text"), "Файл импорт үшін тым үлкен"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error-detail]"), "1 MB"));
        // the last report, hidden by the failed upload, is drawn again in Kazakh
        wait.until(ExpectedConditions.attributeContains(
                By.cssSelector("[data-testid=issues]"), "textContent", "Белгісіз мәртебе"));
        // the wrong password's 401 and the big file's 413 are the browser's notes of answers expected
        assertThat(Chromium.consoleErrors(browser).stream()
                        .filter(e -> !e.contains("401") && !e.contains("api/v1/me") && !e.contains("status of 413"))
                        .toList())
                .isEmpty();
    }

    @Test
    void anEditorPicksALayerDefinedAsDataAndFillsIt() throws Exception {
        jdbc.sql("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en, geometry_type, attribute_schema,
                                   key_attribute, style, is_public)
                VALUES ('ramps-semey', 'custom', 'Пандустар', 'Пандусы', '<i>Ramps</i>', 'point',
                        '[{"name": "passport_no", "type": "text", "required": true, "label_kk": "Паспорт",
                           "label_ru": "Паспорт", "label_en": "Passport"}]', 'passport_no', '{"colour": "#2e7d32"}', false)
                """).update();
        Path file = Files.writeString(dir.resolve("ramps.geojson"), """
                {"type": "FeatureCollection", "features": [
                 {"type": "Feature", "properties": {"Паспорт": "П-1"},
                  "geometry": {"type": "Point", "coordinates": [80.25, 50.41]}},
                 {"type": "Feature", "properties": {"Паспорт": "П-2"},
                  "geometry": {"type": "Point", "coordinates": [80.26, 50.41]}}]}
                """);
        WebElement upload = signedInAsChief("en");
        wait.until(d -> !d.findElements(By.cssSelector("[data-testid=custom-layers] option[value=ramps-semey]"))
                .isEmpty());
        WebElement option =
                browser.findElement(By.cssSelector("[data-testid=custom-layers] option[value=ramps-semey]"));
        assertThat(option.getAttribute("textContent")).isEqualTo("<i>Ramps</i>");

        upload.findElement(By.name("layer")).sendKeys("ramps-semey");
        assertThat(upload.findElement(By.name("profile")).isEnabled())
                .as("a layer defined as data reads its own attributes")
                .isFalse();
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        WebElement report =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=report]")));
        assertThat(report.getText()).contains("ramps-semey", "2 added, 0 changed, 0 removed, 0 unchanged");
        report.findElement(By.cssSelector("[data-testid=publish]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=result]"), "Published: 2 added"));
        assertThat(jdbc.sql("""
                        SELECT string_agg(f.feature_key, ' ' ORDER BY f.feature_key)
                        FROM layer_feature f JOIN layer l ON l.id = f.layer_id WHERE l.code = 'ramps-semey'
                        """).query(String.class).single()).isEqualTo("П-1 П-2");
    }

    @Test
    void anEditorNamesTheLayerToImportFromAFileOfSeveral() throws Exception {
        // last year's plots and this year's, in one GeoPackage as a department keeps them
        Path gpkg = dir.resolve("cadastre.gpkg");
        Path older = Files.writeString(
                dir.resolve("plots_2025.geojson"), TestPlots.geojson(3, 0, 80.35, 50.41, "23-015-002", i -> "бос"));
        Path newer = Files.writeString(
                dir.resolve("plots_2026.geojson"), TestPlots.geojson(5, 0, 80.35, 50.42, "23-015-003", i -> "бос"));
        ogr2ogr("-f", "GPKG", gpkg.toString(), older.toString(), "-nln", "plots_2025");
        ogr2ogr("-update", gpkg.toString(), newer.toString(), "-nln", "plots_2026");

        WebElement upload = signedInAsChief("en");
        upload.findElement(By.name("layer")).sendKeys("plots-semey-2026");
        upload.findElement(By.name("file")).sendKeys(gpkg.toString());
        upload.findElement(By.tagName("summary")).click();
        WebElement sourceLayer = upload.findElement(By.name("sourceLayer"));
        assertThat(upload.getText()).contains("Layer in the file, when it holds several");
        sourceLayer.sendKeys(" plots_2026 ");
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        WebElement report =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=report]")));
        assertThat(report.getText()).contains("plots-semey-2026", "5 added, 0 changed, 0 removed, 0 unchanged");
        assertThat(jdbc.sql("""
                        SELECT r.source_layer FROM layer_revision r JOIN layer l ON l.id = r.layer_id
                        WHERE l.code = 'plots-semey-2026'
                        """).query(String.class).single()).isEqualTo("plots_2026");
    }

    @Test
    void aLargeReportShowsItsFirstProblemsAndSaysHowManyThereAre() throws Exception {
        // every plot with a status the profile does not know: one problem a row, 2,004 in all
        Path file = Files.writeString(
                dir.resolve("statuses.geojson"),
                TestPlots.geojson(2004, 0, 80.45, 50.41, "23-015-009", i -> "неизвестно"));
        WebElement upload = signedInAsChief("ru");
        upload.findElement(By.name("layer")).sendKeys("plots-semey-statuses");
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=more-issues]"), "Показаны первые 2"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=more-issues]"))
                        .getText())
                .matches("Показаны первые 2\\D?000 из 2\\D?00[4-9] проблем; в отчёте CSV — все\\.");
        assertThat(browser.findElements(By.cssSelector("[data-testid=issues] tbody tr")))
                .hasSize(2000);
    }

    @Test
    void anEditorSaysWhichNetworkAFileWithoutAKindFieldIs() throws Exception {
        Path file = Files.writeString(dir.resolve("gaz.geojson"), """
                {"type": "FeatureCollection", "features": [
                 {"type": "Feature", "properties": {"Наименование": "Газопровод 1", "Давление": "среднее"},
                  "geometry": {"type": "LineString", "coordinates": [[80.25, 50.43], [80.27, 50.43]]}},
                 {"type": "Feature", "properties": {"Наименование": "Газопровод 2", "Давление": "низкое"},
                  "geometry": {"type": "LineString", "coordinates": [[80.25, 50.44], [80.27, 50.44]]}}]}
                """);
        WebElement upload = signedInAsChief("ru");
        wait.until(d -> !d.findElements(By.xpath("//select[@name='profile']/option[.='networks']"))
                .isEmpty());
        upload.findElement(By.name("layer")).sendKeys("networks-semey-gas");
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.tagName("summary")).click();
        WebElement kind = upload.findElement(By.cssSelector("[data-testid=network-kind]"));
        assertThat(kind.isDisplayed()).as("no network kind for a plots profile").isFalse();
        new org.openqa.selenium.support.ui.Select(upload.findElement(By.name("profile")))
                .selectByVisibleText("networks");
        wait.until(ExpectedConditions.visibilityOf(kind));
        assertThat(kind.getText()).contains("Вид сети всего файла", "Газоснабжение");
        new org.openqa.selenium.support.ui.Select(upload.findElement(By.name("networkKind"))).selectByValue("gas");
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        WebElement report =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=report]")));
        assertThat(report.getText()).contains("networks-semey-gas", "Значение по умолчанию для всех объектов");
        assertThat(jdbc.sql("""
                        SELECT string_agg(s.kind || ' ' || s.pressure_class, ',' ORDER BY s.source_row)
                        FROM network_snapshot s JOIN layer_revision r ON r.id = s.layer_revision_id
                        JOIN layer l ON l.id = r.layer_id WHERE l.code = 'networks-semey-gas'
                        """).query(String.class).single()).isEqualTo("gas medium,gas low");
    }

    /** The editor page in {@code lang}, signed in as the chief editor: its import form. */
    private WebElement signedInAsChief(String lang) {
        browser.get("http://localhost:" + port + "/editor.html?lang=" + lang);
        WebElement form =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=sign-in-form]")));
        form.findElement(By.name("username")).sendKeys("chief");
        form.findElement(By.name("password")).sendKeys("chief-password-2026");
        form.findElement(By.cssSelector("button")).click();
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=import-form]")));
    }

    private static void ogr2ogr(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("ogr2ogr"));
        command.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
    }

    /** {@code count} plots in Semey, the last one a bow tie; one carries hostile markup in its status. */
    private static String geojson(int count) {
        return TestPlots.geojson(count, 1, 80.25, 50.41, "23-015-001", i -> i == 3 ? "<b>продан</b>" : "бос");
    }
}
