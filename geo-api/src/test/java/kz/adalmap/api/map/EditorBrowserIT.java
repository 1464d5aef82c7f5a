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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
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
            "spring.servlet.multipart.max-file-size=1MB"
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
        acceptNewLayer("plots-semey");

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
        assertThat(issues.getText()).contains("12", "rejected");
        // each problem named in the reader's language, then in the importer's words; its code is for
        // programs (the row's data-code, the JSON and CSV reports), not for the reader
        assertThat(issues.getText())
                .contains("Invalid geometry", "Unknown status")
                .doesNotContain("invalid_geometry", "unknown_status");
        assertThat(visibleIssueRows()).contains("invalid_geometry", "unknown_status");
        // the file's own text is shown as text, never run
        assertThat(issues.getText()).contains("<b>продан</b>");
        assertThat(issues.findElements(By.tagName("b"))).isEmpty();
        // the detail in the page's language, worded from its key and values; the file's text still only text
        browser.findElement(By.cssSelector("[data-testid=lang-ru]")).click();
        wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "ru"));
        assertThat(issues.getText())
                .contains(
                        "статус «<b>продан</b>» неизвестен: исправьте ячейку на одно из известных слов",
                        "геометрия неверна (контур пересекает сам себя в точке ")
                .doesNotContain("is not known", "unknown_status", "invalid_geometry");
        assertThat(issues.findElements(By.tagName("b"))).isEmpty();
        browser.findElement(By.cssSelector("[data-testid=lang-kk]")).click();
        wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "kk"));
        assertThat(issues.getText())
                .contains("«<b>продан</b>» мәртебесі белгісіз", "контур өзін-өзі қиып өтеді")
                .doesNotContain("unknown_status");
        browser.findElement(By.cssSelector("[data-testid=lang-en]")).click();
        wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "en"));
        assertThat(issues.getText())
                .contains("the status '<b>продан</b>' is not known")
                .doesNotContain("unknown_status");
        // the problems' box scrolls on its own and is reached with the keyboard, under a name
        WebElement issuesBox = report.findElement(By.cssSelector(".table-wrap"));
        assertThat(issuesBox.getAttribute("tabindex")).isEqualTo("0");
        assertThat(issuesBox.getAttribute("aria-label")).isEqualTo("The report’s problems");
        assertThat(browser.findElement(By.cssSelector("[data-testid=progress] progress"))
                        .getAttribute("aria-label"))
                .isEqualTo("Progress of the import");

        // the problems filtered by outcome and by kind, over those loaded
        new org.openqa.selenium.support.ui.Select(report.findElement(By.cssSelector("[data-testid=filter-code]")))
                .selectByValue("unknown_status");
        assertThat(visibleIssueRows()).containsExactly("unknown_status");
        assertThat(report.findElement(By.cssSelector("[data-testid=filter-shown]"))
                        .getText())
                .matches("1 of the \\d+ problems loaded are shown");
        new org.openqa.selenium.support.ui.Select(report.findElement(By.cssSelector("[data-testid=filter-severity]")))
                .selectByValue("repaired");
        assertThat(visibleIssueRows()).isEmpty();
        assertThat(issues.getText()).contains("No problem of the loaded ones matches the filter");
        new org.openqa.selenium.support.ui.Select(report.findElement(By.cssSelector("[data-testid=filter-code]")))
                .selectByValue("");
        new org.openqa.selenium.support.ui.Select(report.findElement(By.cssSelector("[data-testid=filter-severity]")))
                .selectByValue("rejected");
        assertThat(visibleIssueRows()).contains("invalid_geometry", "unknown_status");
        assertThat(issues.findElements(By.cssSelector("tbody tr:not([hidden]) td:nth-child(2)")).stream()
                        .map(WebElement::getText)
                        .distinct())
                .containsExactly("rejected");

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
        // the reason was this draft's: the next draft's form starts empty
        assertThat(report.findElement(By.name("reason")).getAttribute("value")).isEmpty();
        assertThat(browser.getTitle()).isEqualTo("AdalMap — Import and publish layers");

        // a broken file: the job fails and says why, under the bar that says it failed
        upload.findElement(By.name("file")).sendKeys(broken.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error-detail]"), "broken.geojson: the GeoJSON file is damaged"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=error] .alert-text"))
                        .getText())
                .isEqualTo("The file is damaged or cut short. Export it again and send it once more.");
        assertFailureUnderTheBar("The import failed");

        // the page speaks Kazakh too, the failure's sentence included
        browser.findElement(By.cssSelector("[data-testid=lang-kk]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=import]"), "Файлды қабатқа жүктеу"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error] .alert-text"), "Файл зақымдалған немесе толық емес"));
        assertThat(browser.getTitle()).doesNotContain("import").startsWith("AdalMap — ");
        // a file over the server's limit is refused before any job: said in Kazakh, the limit below
        Path big = Files.write(dir.resolve("big.geojson"), new byte[1536 * 1024]);
        upload.findElement(By.name("file")).sendKeys(big.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error] .alert-text"), "Файл 1 МБ шегінен үлкен"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error-detail]"), "1 MB"));
        assertFailureUnderTheBar("Файл қабылданбады");
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
        wait.until(d -> !d.findElements(By.cssSelector("[data-testid=layer-choices] option[value=ramps-semey]"))
                .isEmpty());
        WebElement option =
                browser.findElement(By.cssSelector("[data-testid=layer-choices] option[value=ramps-semey]"));
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
        // the two Kazakh code pages, each under its own name: they place Ә Ғ Қ Ң Ө Ұ Ү Һ І differently
        assertThat(upload.findElements(By.cssSelector("select[name=encoding] option")).stream()
                        .map(o -> o.getAttribute("value"))
                        .toList())
                .contains("KZ-1048", "PT154");
        upload.findElement(By.name("layer")).sendKeys("plots-semey-2026");
        upload.findElement(By.name("file")).sendKeys(gpkg.toString());
        upload.findElement(By.tagName("summary")).click();
        WebElement sourceLayer = upload.findElement(By.name("sourceLayer"));
        assertThat(upload.getText()).contains("Layer in the file, when it holds several");
        sourceLayer.sendKeys(" plots_2026 ");
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        acceptNewLayer("plots-semey-2026");
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
        // every plot with a status the profile does not know: one problem a row, 2,004 in all; the last two
        // drawn as bow-ties, a kind of problem only past the first 2,000 the page loads
        Path file = Files.writeString(
                dir.resolve("statuses.geojson"),
                TestPlots.geojson(2004, 2, 80.45, 50.41, "23-015-009", i -> "неизвестно"));
        WebElement upload = signedInAsChief("ru");
        upload.findElement(By.name("layer")).sendKeys("plots-semey-statuses");
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        acceptNewLayer("plots-semey-statuses");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=more-issues]"), "Показаны первые 2"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=more-issues]"))
                        .getText())
                .matches("Показаны первые 2\\D?000 проблем из 2\\D?00[4-9]; в отчёте CSV — все\\.");
        assertThat(browser.findElements(By.cssSelector("[data-testid=issues] tbody tr")))
                .hasSize(2000);
        // the filter counts each kind over the whole report, and offers the kind whose rows were not loaded
        java.util.Map<String, Integer> inReport = new java.util.HashMap<>();
        jdbc.sql("""
                        SELECT i.code, count(*)::int FROM import_issue i
                        JOIN layer_revision r ON r.id = i.layer_revision_id JOIN layer l ON l.id = r.layer_id
                        WHERE l.code = 'plots-semey-statuses' GROUP BY i.code
                        """).query(rs -> {
            inReport.put(rs.getString(1), rs.getInt(2));
        });
        assertThat(inReport.get("unknown_status")).isGreaterThan(2000);
        assertThat(inReport.get("invalid_geometry")).isEqualTo(2);
        WebElement codes = browser.findElement(By.cssSelector("[data-testid=filter-code]"));
        assertThat(codes.findElement(By.cssSelector("option[value=unknown_status]"))
                        .getText()
                        .replaceAll("\\D", ""))
                .isEqualTo(String.valueOf(inReport.get("unknown_status")));
        assertThat(codes.findElement(By.cssSelector("option[value=invalid_geometry]"))
                        .getText())
                .isEqualTo("Неверная геометрия (2)");
        new org.openqa.selenium.support.ui.Select(codes).selectByValue("invalid_geometry");
        assertThat(visibleIssueRows()).isEmpty();
        assertThat(browser.findElement(By.cssSelector("[data-testid=filter-shown]"))
                        .getText())
                .endsWith("Проблем этого вида в отчёте: 2, из них загружено 0; в отчёте CSV — все.");
        // the kind's rows loaded on demand, past the report's first 2,000
        WebElement more = browser.findElement(By.cssSelector("[data-testid=load-more]"));
        assertThat(more.getText()).isEqualTo("Показать ещё 2 проблемы");
        more.click();
        wait.until(d -> visibleIssueRows().size() == 2);
        assertThat(visibleIssueRows()).containsExactly("invalid_geometry", "invalid_geometry");
        assertThat(browser.findElement(By.cssSelector("[data-testid=issues]")).getText())
                .contains("объект 2004", "объект 2003");
        assertThat(browser.findElement(By.cssSelector("[data-testid=filter-shown]"))
                        .getText())
                .doesNotContain("из них загружено");
        assertThat(more.isDisplayed()).isFalse();
        // the whole report: the next page of it, after the first 2,000
        new org.openqa.selenium.support.ui.Select(codes).selectByValue("");
        int total = inReport.values().stream().mapToInt(Integer::intValue).sum();
        wait.until(ExpectedConditions.visibilityOf(more));
        assertThat(more.getText().replaceAll("\\D", "")).isEqualTo(String.valueOf(total - 2000));
        more.click();
        wait.until(d ->
                d.findElements(By.cssSelector("[data-testid=issues] tbody tr")).size() == total);
        assertThat(visibleIssueRows()).hasSize(total);
        assertThat(visibleIssueRows().subList(2000, total)).contains("invalid_geometry");
        assertThat(more.isDisplayed()).isFalse();
        // and the kind again: the rows of the whole report loaded, no more to load
        new org.openqa.selenium.support.ui.Select(codes).selectByValue("invalid_geometry");
        assertThat(visibleIssueRows()).containsExactly("invalid_geometry", "invalid_geometry");
        assertThat(more.isDisplayed()).isFalse();
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
        wait.until(d -> !d.findElements(By.xpath("//select[@name='profile']/option[@value='networks']"))
                .isEmpty());
        upload.findElement(By.name("layer")).sendKeys("networks-semey-gas");
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.tagName("summary")).click();
        WebElement kind = upload.findElement(By.cssSelector("[data-testid=network-kind]"));
        assertThat(kind.isDisplayed()).as("no network kind for a plots profile").isFalse();
        // the profiles by their names in the page's language, their codes beside
        assertThat(upload.findElement(By.cssSelector("select[name=profile] option[value=networks]"))
                        .getAttribute("textContent"))
                .isEqualTo("Инженерные сети (networks)");
        new org.openqa.selenium.support.ui.Select(upload.findElement(By.name("profile"))).selectByValue("networks");
        wait.until(ExpectedConditions.visibilityOf(kind));
        assertThat(kind.getText()).contains("Вид сети всего файла", "Газоснабжение");
        new org.openqa.selenium.support.ui.Select(upload.findElement(By.name("networkKind"))).selectByValue("gas");
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        acceptNewLayer("networks-semey-gas");
        WebElement report =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=report]")));
        assertThat(report.getText()).contains("networks-semey-gas", "Значение по умолчанию для всех объектов");
        assertThat(jdbc.sql("""
                        SELECT string_agg(s.kind || ' ' || s.pressure_class, ',' ORDER BY s.source_row)
                        FROM network_snapshot s JOIN layer_revision r ON r.id = s.layer_revision_id
                        JOIN layer l ON l.id = r.layer_id WHERE l.code = 'networks-semey-gas'
                        """).query(String.class).single()).isEqualTo("gas medium,gas low");
    }

    /**
     * A networks zip of two Shapefiles whose second holds a well drawn twice: the report's row column
     * names the row as wells.shp's attribute table shows it, with the file it counts in, not by its place
     * among the five features read.
     */
    @Test
    void aRowOfTheSecondShapefileOfAZipIsNamedWithItsFile() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("rows-zip"));
        Path mains = Files.writeString(folder.resolve("mains.geojson"), """
                {"type": "FeatureCollection", "features": [
                 {"type": "Feature", "properties": {"vid_seti": "водопровод", "naim": "Водовод 1"},
                  "geometry": {"type": "LineString", "coordinates": [[80.36, 50.47], [80.39, 50.47]]}},
                 {"type": "Feature", "properties": {"vid_seti": "водопровод", "naim": "Водовод 2"},
                  "geometry": {"type": "LineString", "coordinates": [[80.36, 50.472], [80.39, 50.472]]}}]}
                """);
        // the third well drawn over the second
        Path wells = Files.writeString(folder.resolve("wells.geojson"), """
                {"type": "FeatureCollection", "features": [
                 {"type": "Feature", "properties": {"vid_seti": "водопровод", "naim": "Колодец 1"},
                  "geometry": {"type": "Point", "coordinates": [80.36, 50.47]}},
                 {"type": "Feature", "properties": {"vid_seti": "водопровод", "naim": "Колодец 2"},
                  "geometry": {"type": "Point", "coordinates": [80.36, 50.472]}},
                 {"type": "Feature", "properties": {"vid_seti": "водопровод", "naim": "Колодец 2"},
                  "geometry": {"type": "Point", "coordinates": [80.36, 50.472]}}]}
                """);
        Path zip = zippedShapefiles(folder, "water.zip", null, mains, wells);
        WebElement upload = signedInAsChief("en");
        wait.until(d -> !d.findElements(By.xpath("//select[@name='profile']/option[@value='networks']"))
                .isEmpty());
        upload.findElement(By.name("layer")).sendKeys("networks-semey-rows");
        upload.findElement(By.name("file")).sendKeys(zip.toString());
        upload.findElement(By.tagName("summary")).click();
        new org.openqa.selenium.support.ui.Select(upload.findElement(By.name("profile"))).selectByValue("networks");
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        acceptNewLayer("networks-semey-rows");
        WebElement report =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=report]")));
        assertThat(report.getText()).contains("networks-semey-rows");
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=issues] tbody tr[data-code=duplicate_geometry]")));
        assertThat(row.findElement(By.cssSelector("td")).getText()).isEqualTo("feature 3 (wells.shp)");
        // the row its message names is the file's too
        assertThat(row.getText()).contains("row 2 (wells.shp)");
        // and so in the reader's language
        browser.findElement(By.cssSelector("[data-testid=lang-ru]")).click();
        wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "ru"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=issues] tbody tr[data-code=duplicate_geometry] td"))
                        .getText())
                .isEqualTo("объект 3 (wells.shp)");
        // the features the draft adds, worded in the reader's language too
        browser.findElement(By.cssSelector("[data-testid=changes-added-toggle]"))
                .click();
        WebElement added = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=changes-added] ul")));
        assertThat(added.getText())
                .contains(
                        "Водоснабжение «Водовод 1», объект 1 (mains.shp)",
                        "Водоснабжение «Колодец 2», объект 2 (wells.shp)");
        // a networks layer keeps no history: its reason goes into the audit log
        assertThat(browser.findElement(By.xpath("//*[@data-testid='publish-form']//label[textarea]/span"))
                        .getText())
                .isEqualTo("Основание (попадёт в журнал аудита: слой сетей не ведёт истории)");
    }

    /**
     * A gas layer's second file takes one main away and raises another's pressure: the page names each by
     * its pressure class and the one removed by its row in the revision it leaves; once the second file
     * is published, the rollback box says its reason goes into the audit log, a networks layer keeping
     * no history of its features. All in the page's language.
     */
    @Test
    void aNetworksLayersChangesAndRollbackBoxAreWordedInTheEditorsLanguage() throws Exception {
        String layer = "networks-semey-pressure";
        WebElement upload = signedInAsChief("ru");
        wait.until(d -> !d.findElements(By.xpath("//select[@name='profile']/option[@value='networks']"))
                .isEmpty());
        WebElement report = gasImported(upload, layer, true, "среднее", "низкое", "среднее");
        report.findElement(By.name("reason")).sendKeys("Приказ № 1");
        report.findElement(By.cssSelector("[data-testid=publish]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=result]"), "Опубликовано: 3 добавлено"));
        // the second main gone, the first of high pressure now
        report = gasImported(upload, layer, false, "высокое", null, "среднее");
        browser.findElement(By.cssSelector("[data-testid=changes-changed-toggle]"))
                .click();
        browser.findElement(By.cssSelector("[data-testid=changes-removed-toggle]"))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=changes-removed] ul")));
        assertThat(changeEntries("changed"))
                .containsExactly("Газоснабжение «Газопровод 1» высокого давления, объект 1");
        assertThat(changeEntries("removed"))
                .containsExactly("Газоснабжение «Газопровод 2» низкого давления, объект 2 версии 1");
        browser.findElement(By.cssSelector("[data-testid=lang-kk]")).click();
        wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "kk"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=changes-removed] ul")));
        assertThat(changeEntries("changed")).containsExactly("Газ «Газопровод 1» жоғары қысымды, 1-нысан");
        assertThat(changeEntries("removed")).containsExactly("Газ «Газопровод 2» төмен қысымды, 1-нұсқадағы 2-нысан");

        report.findElement(By.name("reason")).sendKeys("Бұйрық № 2");
        report.findElement(By.cssSelector("[data-testid=publish]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=result]"), "Жарияланды: 0 қосылды, 1 өзгерді, 1 алынды"));
        WebElement rollback = browser.findElement(By.cssSelector("[data-testid=rollback-form]"));
        wait.until(ExpectedConditions.visibilityOf(rollback));
        assertThat(rollback.findElement(By.xpath(".//label[textarea]/span")).getText())
                .isEqualTo("Қайтару негіздемесі (аудит журналына жазылады: желілер қабаты тарих жүргізбейді)");
        browser.findElement(By.cssSelector("[data-testid=lang-ru]")).click();
        wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "ru"));
        assertThat(rollback.findElement(By.xpath(".//label[textarea]/span")).getText())
                .isEqualTo("Основание отката (попадёт в журнал аудита: слой сетей не ведёт истории)");
        // and the reason given lands there
        rollback.findElement(By.name("reason")).sendKeys("Ошибка в файле сетей");
        rollback.findElement(By.cssSelector("[data-testid=rollback]")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=rollback-result]"), "Откат выполнен"));
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'layer.rollback' AND entity_id = :layer"
                                + " AND details ->> 'reason' = 'Ошибка в файле сетей'")
                        .param("layer", layer)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    /**
     * Uploads into {@code layer} a gas file of the mains «Газопровод 1», «2», «3» read with the networks
     * profile, each of the pressure given (null: the main is left out), and waits for its report.
     */
    private WebElement gasImported(WebElement upload, String layer, boolean created, String... pressures)
            throws Exception {
        int before = currentRevision(layer);
        StringBuilder features = new StringBuilder();
        for (int i = 0; i < pressures.length; i++) {
            if (pressures[i] != null) {
                String latitude = String.valueOf(5043 + i) + "e-2";
                features.append(features.isEmpty() ? "" : ",\n")
                        .append("""
                                {"type": "Feature", "properties": {"vid_seti": "газопровод", "naim": "Газопровод %d",
                                 "davlenie": "%s"}, "geometry": {"type": "LineString",
                                 "coordinates": [[80.25, %s], [80.27, %s]]}}""".formatted(i + 1, pressures[i], latitude, latitude));
            }
        }
        Path file = Files.writeString(
                dir.resolve(layer + "-" + (before + 1) + ".geojson"),
                "{\"type\": \"FeatureCollection\", \"features\": [" + features + "]}");
        WebElement code = upload.findElement(By.name("layer"));
        code.clear();
        code.sendKeys(layer);
        if (upload.findElement(By.tagName("details")).getAttribute("open") == null) {
            upload.findElement(By.tagName("summary")).click();
        }
        new org.openqa.selenium.support.ui.Select(upload.findElement(By.name("profile"))).selectByValue("networks");
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        if (created) {
            acceptNewLayer(layer);
        }
        wait.until(d -> d.findElement(By.cssSelector("[data-testid=error]")).isDisplayed()
                || d.findElement(By.cssSelector("[data-testid=report] .revision"))
                        .getText()
                        .endsWith(" " + (before + 1)));
        assertThat(browser.findElement(By.cssSelector("[data-testid=error]")).getText())
                .as("no error")
                .isEmpty();
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=report]")));
    }

    /** The features or plots the list of changes of {@code kind} (added, changed, removed) names. */
    private java.util.List<String> changeEntries(String kind) {
        return browser.findElements(By.cssSelector("[data-testid=changes-" + kind + "] li .change-plot")).stream()
                .map(WebElement::getText)
                .toList();
    }

    @Test
    void aNetworksLayerChosenIsOfferedTheNetworksProfile() throws Exception {
        jdbc.sql("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en)
                VALUES ('networks-semey-water', 'networks', 'Су', 'Водопровод', 'Water')
                """).update();
        WebElement upload = signedInAsChief("en");
        wait.until(
                d -> !d.findElements(By.cssSelector("[data-testid=layer-choices] option[value=networks-semey-water]"))
                        .isEmpty());
        org.openqa.selenium.support.ui.Select profile =
                new org.openqa.selenium.support.ui.Select(upload.findElement(By.name("profile")));
        assertThat(profile.getFirstSelectedOption().getAttribute("value")).isEqualTo("cadastre-export");
        upload.findElement(By.name("layer")).sendKeys("networks-semey-water");
        assertThat(profile.getFirstSelectedOption().getAttribute("value")).isEqualTo("networks");
        upload.findElement(By.tagName("summary")).click();
        assertThat(upload.findElement(By.cssSelector("[data-testid=network-kind]"))
                        .isDisplayed())
                .isTrue();
        // a new layer's code leaves the profile as the editor chose it
        upload.findElement(By.name("layer")).sendKeys("-2");
        assertThat(profile.getFirstSelectedOption().getAttribute("value")).isEqualTo("networks");
    }

    @Test
    void refusalsAreToldNextToTheBarInTheEditorsLanguage() throws Exception {
        WebElement upload = signedInAsChief("ru");
        Path empty = Files.write(dir.resolve("empty.geojson"), new byte[0]);
        upload.findElement(By.name("layer")).sendKeys("plots-semey-refusals");
        upload.findElement(By.name("file")).sendKeys(empty.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        acceptNewLayer("plots-semey-refusals");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error] .alert-text"), "Файл пуст (0 байт)"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=error-detail]"))
                        .getText())
                .isEqualTo("file: the file is empty (0 bytes)");
        assertFailureUnderTheBar("Файл не принят");

        // a coordinate system that is no definition: the reason in Russian, the server's words below
        Path file = Files.writeString(
                dir.resolve("refusals.geojson"), TestPlots.geojson(3, 0, 80.30, 50.46, "23-015-030", i -> "бос"));
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.tagName("summary")).click();
        upload.findElement(By.name("srs")).sendKeys("/etc/passwd");
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        acceptNewLayer("plots-semey-refusals");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error] .alert-text"), "Система координат не распознана"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=error-detail]"))
                        .getText())
                .startsWith("srs: the coordinate system must be an EPSG code");

        // the next upload starts with a bar that is no longer failed, and the reason goes away
        upload.findElement(By.name("srs")).clear();
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        acceptNewLayer("plots-semey-refusals");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=report]")));
        assertThat(browser.findElement(By.cssSelector("[data-testid=progress]")).getAttribute("data-state"))
                .isEqualTo("done");
        assertThat(browser.findElement(By.cssSelector("[data-testid=error]")).isDisplayed())
                .isFalse();
    }

    @Test
    void aFileOverTheUploadLimitIsRefusedWithTheLimitAndWhatToDoInTheEditorsLanguage() throws Exception {
        // over the limit of 1 MB this server takes
        Path big = Files.write(dir.resolve("big.geojson"), new byte[1536 * 1024]);
        WebElement upload = signedInAsChief("kk");
        upload.findElement(By.name("layer")).sendKeys("plots-semey-big");
        upload.findElement(By.name("file")).sendKeys(big.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        acceptNewLayer("plots-semey-big");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error] .alert-text"), "Файл 1 МБ шегінен үлкен. Оны zip-ке сығып"));
        browser.findElement(By.cssSelector("[data-testid=lang-ru]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error] .alert-text"), "Файл больше предела в 1 МБ. Сожмите его в zip"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=error-detail]"))
                        .getText())
                .contains("larger than the limit of 1 MB");
    }

    @Test
    void aWrongCoordinateSystemIsToldInTheEditorsLanguageWithTheCodeTheServerFound() throws Exception {
        // longitude and latitude in a file that says they are UTM zone 44N metres, as a wrongly "defined
        // projection" leaves them
        Path degrees = Files.writeString(
                dir.resolve("degrees.geojson"), TestPlots.geojson(3, 0, 80.30, 50.46, "23-015-040", i -> "бос"));
        Path gpkg = dir.resolve("wrong-prj.gpkg");
        ogr2ogr("-f", "GPKG", gpkg.toString(), degrees.toString(), "-a_srs", "EPSG:32644", "-nln", "plots");
        WebElement upload = signedInAsChief("ru");
        upload.findElement(By.name("layer")).sendKeys("plots-semey-crs");
        upload.findElement(By.name("file")).sendKeys(gpkg.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        acceptNewLayer("plots-semey-crs");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error] .alert-text"),
                "Его собственные числа — в EPSG:4326: укажите EPSG:4326 в поле «Система координат файла»"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=error] .alert-text"))
                        .getText())
                .doesNotContain("32642");
        browser.findElement(By.cssSelector("[data-testid=lang-kk]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error] .alert-text"),
                "Файлдың өз сандары EPSG:4326 жүйесінде: «Файлдың координаттар жүйесі» өрісінде EPSG:4326"));

        // a code that does not exist: said so, not that the coordinates lie outside Kazakhstan
        upload.findElement(By.name("file")).sendKeys(degrees.toString());
        upload.findElement(By.tagName("summary")).click();
        upload.findElement(By.name("srs")).sendKeys("EPSG:99999");
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        acceptNewLayer("plots-semey-crs");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error] .alert-text"), "Бұл серверде EPSG:99999 координаттар жүйесі жоқ"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=error] .alert-text"))
                        .getText())
                .doesNotContain("Қазақстаннан тыс");
        browser.findElement(By.cssSelector("[data-testid=lang-ru]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error] .alert-text"), "Системы координат EPSG:99999 на этом сервере нет"));
    }

    @Test
    void anEditorTypingAnotherRegionsLayerIsToldItIsNotTheirsInsteadOfAskedToCreateIt() throws Exception {
        // two regions far from the plots of Semey the other tests import, which they leave as they are
        jdbc.sql("""
                INSERT INTO region (kato_code, cadastral_code, name_kk, name_ru, name_en, geom) VALUES
                ('630000000', '05', 'Шығыс Қазақстан', 'Восточно-Казахстанская', 'East Kazakhstan',
                 ST_Multi(ST_MakeEnvelope(84, 48, 84.5, 48.5, 4326))),
                ('710000000', '21', 'Астана', 'Астана', 'Astana', ST_Multi(ST_MakeEnvelope(71, 51, 71.5, 51.3, 4326)))
                """).update();
        jdbc.sql("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en, region_id)
                VALUES ('plots-vko-theirs', 'plots', 'plots-vko-theirs', 'plots-vko-theirs', 'plots-vko-theirs',
                        (SELECT id FROM region WHERE kato_code = '630000000'))
                """).update();
        assertThat(http().post("/api/v1/admin/users", """
                        {"username": "editor.astana", "displayName": "Editor", "password": "astana-password-1",
                         "roles": ["land_editor"], "regions": ["710000000"]}
                        """, "chief", "chief-password-2026")
                        .statusCode())
                .isEqualTo(201);
        Path file = Files.writeString(
                dir.resolve("theirs.geojson"), TestPlots.geojson(3, 0, 80.30, 50.46, "23-015-041", i -> "бос"));
        // what the tests before left in the browser's console (a refused upload's 413), read and so cleared
        Chromium.consoleErrors(browser);
        browser.get("http://localhost:" + port + "/editor.html?lang=ru");
        WebElement form =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=sign-in-form]")));
        form.findElement(By.name("username")).sendKeys("editor.astana");
        form.findElement(By.name("password")).sendKeys("astana-password-1");
        form.findElement(By.cssSelector("button")).click();
        WebElement upload =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=import-form]")));
        upload.findElement(By.name("layer")).sendKeys("plots-vko-theirs");
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        // not asked whether to create a layer that exists: told it is not theirs, and nothing is sent
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error] .alert-text"), "Вы не можете импортировать в этот слой"));
        assertThat(jdbc.sql("SELECT count(*) FROM import_job WHERE layer_code = 'plots-vko-theirs'")
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(upload.findElement(By.cssSelector("[data-testid=upload]")).isEnabled())
                .isTrue();
        // the server's 403 is the browser's note of the answer expected, and the only one
        assertThat(Chromium.consoleErrors(browser))
                .allMatch(e -> e.contains("plots-vko-theirs/revisions") && e.contains("status of 403"));
    }

    @Test
    void anUnclosedOutlineIsSaidOnceInTheEditorsLanguage() throws Exception {
        // the second plot's outline lacks its closing point; GDAL warns of it twice
        String plots = TestPlots.geojson(3, 0, 80.30, 50.45, "23-015-042", i -> "бос");
        String closed = "[80.300600,50.450000],[80.301000,50.450000],[80.301000,50.450300],[80.300600,50.450300],"
                + "[80.300600,50.450000]";
        assertThat(plots).contains(closed);
        Path file = Files.writeString(
                dir.resolve("unclosed.geojson"),
                plots.replace(closed, closed.substring(0, closed.lastIndexOf(",[80.300600,50.450000]"))));
        WebElement upload = signedInAsChief("ru");
        upload.findElement(By.name("layer")).sendKeys("plots-semey-unclosed");
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        acceptNewLayer("plots-semey-unclosed");
        WebElement issues =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=issues]")));
        assertThat(issues.getText())
                .contains("один или несколько контуров файла не были замкнуты")
                .doesNotContain("outline", "times");
        browser.findElement(By.cssSelector("[data-testid=lang-kk]")).click();
        wait.until(ExpectedConditions.textToBePresentInElement(issues, "контуры тұйықталмаған"));
        assertThat(issues.getText()).doesNotContain("outline", "times");
    }

    @Test
    void theProgressOutlivesARestartOfTheServerAndTellsHowTheJobEnded() throws Exception {
        Path file = Files.writeString(
                dir.resolve("restart.geojson"), TestPlots.geojson(4, 0, 80.30, 50.47, "23-015-031", i -> "бос"));
        WebElement upload = signedInAsChief("en");
        // the server stops answering about jobs, as while it restarts
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("""
                const fetched = window.fetch;
                window.serverDown = true;
                window.fetch = (url, options) => window.serverDown && String(url).includes('/import-jobs/')
                  ? Promise.reject(new TypeError('Failed to fetch'))
                  : fetched(url, options);
                """);
        upload.findElement(By.name("layer")).sendKeys("plots-semey-restart");
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        acceptNewLayer("plots-semey-restart");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=progress] .progress-text"), "reconnecting"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=error]")).isDisplayed())
                .isFalse();
        // the server comes back having ended the job as a restart does
        wait.until(d -> jdbc.sql("SELECT count(*) FROM import_job WHERE layer_code = 'plots-semey-restart'"
                                + " AND state IN ('succeeded', 'failed')")
                        .query(Integer.class)
                        .single()
                == 1);
        jdbc.sql("""
                UPDATE import_job SET state = 'failed', problem = 'restarted',
                       message = 'the server restarted during the import; send the file again'
                WHERE layer_code = 'plots-semey-restart'
                """).update();
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.serverDown = false;");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error] .alert-text"), "The server restarted during the import."));
        assertFailureUnderTheBar("The import failed");
    }

    @Test
    void aPageReloadedDuringAnImportFollowsTheJobAgainOnceSignedIn() throws Exception {
        Path file = Files.writeString(
                dir.resolve("reload.geojson"), TestPlots.geojson(4, 0, 80.30, 50.48, "23-015-043", i -> "бос"));
        WebElement upload = signedInAsChief("ru");
        // the page hears nothing of the job, which is still running for it when the tab is reloaded
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("""
                const fetched = window.fetch;
                window.fetch = (url, options) => String(url).includes('/import-jobs/')
                  ? Promise.reject(new TypeError('Failed to fetch'))
                  : fetched(url, options);
                """);
        upload.findElement(By.name("layer")).sendKeys("plots-semey-reload");
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        acceptNewLayer("plots-semey-reload");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=progress] .progress-text"), "переподключение"));
        wait.until(d -> jdbc.sql("SELECT count(*) FROM import_job WHERE layer_code = 'plots-semey-reload'"
                                + " AND state = 'succeeded'")
                        .query(Integer.class)
                        .single()
                == 1);
        // the job as a reload during its longest stage finds it
        jdbc.sql("""
                UPDATE import_job SET state = 'running', stage = 'comparing', progress = 90, finished_at = NULL
                WHERE layer_code = 'plots-semey-reload'
                """).update();
        upload = signedInAsChief("ru");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=progress] .progress-text"), "Сравнение с опубликованным слоем"));
        assertThat(upload.findElement(By.name("layer")).getAttribute("value")).isEqualTo("plots-semey-reload");
        assertThat(upload.findElement(By.cssSelector("[data-testid=upload]")).isEnabled())
                .as("no second upload while the first runs")
                .isFalse();
        jdbc.sql("""
                UPDATE import_job SET state = 'succeeded', stage = 'done', progress = 100, finished_at = now()
                WHERE layer_code = 'plots-semey-reload'
                """).update();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=report] .revision"), "plots-semey-reload"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=report]")).getText())
                .contains("4 добавлено");
        // shown: a later reload has nothing to follow
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser)
                        .executeScript("return window.sessionStorage.getItem('adalmap.editor.job')"))
                .isNull();
    }

    @Test
    void theBarSaysAWaitForTheLayerOnlyWhenThereIsOneAndHowLongALongStageHasTaken() throws Exception {
        Path file = Files.writeString(
                dir.resolve("stages.geojson"), TestPlots.geojson(3, 0, 80.30, 50.44, "23-015-044", i -> "бос"));
        WebElement upload = signedInAsChief("ru");
        // the job's answers as a large import gives them: a moment's wait for the layer's lock, then a long
        // comparison at 90 %; every text the bar shows is kept
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("""
                const fetched = window.fetch;
                window.jobAnswers = [['inspecting', 5], ['waiting', 5], ['reading', 20]]
                  .concat(Array(40).fill(['comparing', 90]));
                window.barTexts = [];
                const text = document.querySelector('[data-testid=progress] .progress-text');
                new MutationObserver(() => window.barTexts.push(text.textContent))
                  .observe(text, { childList: true, characterData: true, subtree: true });
                window.fetch = async (url, options) => {
                  const response = await fetched(url, options);
                  if (!String(url).includes('/import-jobs/') || window.jobAnswers.length === 0) {
                    return response;
                  }
                  const job = await response.json();
                  const [stage, progress] = window.jobAnswers.shift();
                  return new Response(JSON.stringify({ ...job, state: 'running', stage, progress }),
                    { status: 200, headers: { 'Content-Type': 'application/json' } });
                };
                """);
        upload.findElement(By.name("layer")).sendKeys("plots-semey-stages");
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        acceptNewLayer("plots-semey-stages");
        wait.until(ExpectedConditions.textMatches(
                By.cssSelector("[data-testid=progress] .progress-text"),
                java.util.regex.Pattern.compile("^Сравнение с опубликованным слоем — 1\\d с$")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=report]")));
        @SuppressWarnings("unchecked")
        java.util.List<String> texts = (java.util.List<String>)
                ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.barTexts");
        assertThat(texts)
                .contains("Проверка файла", "Чтение объектов", "Сравнение с опубликованным слоем")
                .noneMatch(t -> t.startsWith("Ожидание"));
    }

    @Test
    void publishingAndRollingBackAreOfferedOnlyWhenTheyCanSucceedAndRefusalsAreTranslated() throws Exception {
        String layer = "plots-semey-versions";
        WebElement upload = signedInAsChief("ru");
        WebElement report = imported(upload, layer, 3, true);
        report.findElement(By.cssSelector("[data-testid=publish]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=result]"), "Опубликовано: 3 добавлено"));
        WebElement revisions = browser.findElement(By.cssSelector("[data-testid=revisions]"));
        // one published revision and nothing before it: nothing to roll back to
        wait.until(ExpectedConditions.visibilityOf(revisions.findElement(By.cssSelector("[data-testid=no-rollback]"))));
        assertThat(revisions
                        .findElement(By.cssSelector("[data-testid=rollback-form]"))
                        .isDisplayed())
                .isFalse();
        // each revision's "open" button names its revision
        assertThat(revisions.findElement(By.cssSelector("tbody tr button")).getAttribute("aria-label"))
                .isEqualTo("Открыть отчёт версии 1");

        // two drafts against revision 1; the second is published, so the first was made against a layer
        // that has changed: it is not offered for publishing, and says why
        report = imported(upload, layer, 4, false);
        // compared row by row with the published file: what was checked again, and why, in Russian
        assertThat(report.findElement(By.cssSelector(".summary")).getText())
                .containsPattern(
                        "провер\\S+ заново: (она|они) отлича\\S+ от файла версии 1 или (была|были) там" + " отклонен");
        report = imported(upload, layer, 5, false);
        report.findElement(By.cssSelector("[data-testid=publish]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=result]"), "Опубликовано: 2 добавлено"));
        openRevision(2);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=not-publishable]"), "Импортируйте файл заново"));
        assertThat(report.findElement(By.cssSelector("[data-testid=publish-form]"))
                        .isDisplayed())
                .isFalse();

        // a draft made stale behind the page's back: the refusal is said in Russian, the server's words below
        report = imported(upload, layer, 6, false);
        assertThat(report.findElement(By.cssSelector("[data-testid=publish]")).isDisplayed())
                .isTrue();
        // a draft of the same base published from elsewhere makes the one on show stale
        int other = uploadThroughApi(layer, 7);
        assertThat(http().post(
                                "/api/v1/layers/" + layer + "/revisions/" + other + "/publish",
                                "{}",
                                "chief",
                                "chief-password-2026")
                        .statusCode())
                .isEqualTo(200);
        report.findElement(By.cssSelector("[data-testid=publish]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error] .alert-text"), "Слой изменился после создания этого черновика"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=error-detail]"))
                        .getText())
                .contains("was compared with a layer that has changed since");

        // rolling back asks for a reason, which lands in the plots' history; then the buttons follow
        showRevisionsOf(layer);
        WebElement rollback = revisions.findElement(By.cssSelector("[data-testid=rollback-form]"));
        wait.until(ExpectedConditions.visibilityOf(rollback));
        rollback.findElement(By.name("reason")).sendKeys("Ошибка в файле");
        rollback.findElement(By.cssSelector("[data-testid=rollback]")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=rollback-result]"), "Откат выполнен"));
        assertThat(jdbc.sql("SELECT count(*) FROM plot_status_change WHERE reason = 'Ошибка в файле'")
                        .query(Integer.class)
                        .single())
                .isPositive();
        // back at revision 3, which has revision 1 before it
        assertThat(revisions.getText()).contains("откачена");
        assertThat(rollback.isDisplayed()).isTrue();
        // each revision says what it is now: draft 4, compared with revision 3, was made before 5 was
        // published and rolled back, whose plots came and went since, and may not be published, no
        // more than draft 2, compared with revision 1
        assertThat(revisionRows())
                .containsExactly(
                        "5 rolled_back: откачена | опубликована ",
                        "4 stale_draft: устаревший черновик: слой с тех пор изменился | загружена ",
                        "3 published: текущая | опубликована , возвращена откатом ",
                        "2 stale_draft: устаревший черновик: слой с тех пор изменился | загружена ",
                        "1 superseded: была опубликована ранее | опубликована ");
        // the times are those of publishing and of the rollback, not of the import
        java.util.List<String[]> times = revisionTimes(3);
        assertThat(times).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(java.time.OffsetDateTime.parse(times.get(i)[0]).toInstant())
                    .isEqualTo(jdbc.sql("SELECT " + (i == 0 ? "published_at" : "restored_at")
                                    + " FROM layer_revision r JOIN layer l ON l.id = r.layer_id"
                                    + " WHERE l.code = :layer AND r.number = 3")
                            .param("layer", layer)
                            .query(java.time.OffsetDateTime.class)
                            .single()
                            .toInstant());
        }
        // rolled back once more from elsewhere: the page, which still offers to retire revision 3, is
        // told in Russian that it is no longer the published one, retires nothing, and shows the list
        assertThat(http().post("/api/v1/layers/" + layer + "/rollback", "{}", "chief", "chief-password-2026")
                        .statusCode())
                .isEqualTo(200);
        rollback.findElement(By.cssSelector("[data-testid=rollback]")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error] .alert-text"), "Версия, которую этот откат должен был снять"));
        wait.until(d -> revisionRows().get(2).startsWith("3 rolled_back"));
        assertThat(jdbc.sql("SELECT r.number FROM layer_revision r JOIN layer l ON l.id = r.layer_id"
                                + " WHERE l.code = :layer AND r.state = 'published'")
                        .param("layer", layer)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aDraftHoldingNumbersOfAnotherLayerIsNotOfferedForPublishing() throws Exception {
        WebElement upload = signedInAsChief("en");
        WebElement report = imported(upload, "plots-semey-owner", 3, true, "23-015-090");
        report.findElement(By.cssSelector("[data-testid=publish]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=result]"), "Published: 3 added"));
        report = imported(upload, "plots-semey-intruder", 3, true, "23-015-090");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=not-publishable]"), "3 cadastral numbers of this file belong to another"));
        assertThat(report.findElement(By.cssSelector("[data-testid=publish-form]"))
                        .isDisplayed())
                .isFalse();
    }

    /**
     * A file that would take most of the public plots off the map (an export of the selected plots only),
     * as {@code import --publish} holds it back: the warning stands beside the button, in the page's
     * language, and the button publishes only once the editor has ticked that they looked at the draft.
     */
    @Test
    void aDraftThatRemovesMostOfTheLayerIsPublishedOnlyOnceTheEditorConfirmsTheLook() throws Exception {
        String layer = "plots-semey-selection";
        WebElement upload = signedInAsChief("en");
        WebElement report = imported(upload, layer, 8, true);
        report.findElement(By.cssSelector("[data-testid=publish]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=result]"), "Published: 8 added"));
        imported(upload, layer, 1, false);
        WebElement warning = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=datum-warning]")));
        assertThat(warning.getText())
                .isEqualTo("Publish only after a look: this file removes 7 of the layer's 8 public plots (88 %): an"
                        + " export of only the plots selected, or a file cut off? Publish it only if the layer really"
                        + " holds no more than the file's plots now.");
        // its one row is the first file's first: the summary says the rest are missing, not that none differs
        assertThat(browser.findElement(By.cssSelector("[data-testid=report] .summary"))
                        .getText())
                .contains("; this file has 7 rows fewer than that one");
        assertThat(browser.findElement(By.cssSelector("[data-testid=datum-check]"))
                        .getText())
                .contains("I looked at the draft: it is right, publish it as it is");
        WebElement button = browser.findElement(By.cssSelector("[data-testid=publish]"));
        assertThat(button.isEnabled()).as("publishing waits for the look").isFalse();
        browser.findElement(By.cssSelector("[data-testid=lang-ru]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=datum-warning]"),
                "Публикуйте только после проверки: этот файл убирает 7 из 8 опубликованных участков слоя (88 %)"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=datum-check]"))
                        .getText())
                .contains("Я просмотрел черновик");
        browser.findElement(By.cssSelector("[data-testid=lang-en]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=datum-check]"), "I looked at the draft"));
        assertThat(publicPlots(layer)).isEqualTo(8);
        browser.findElement(By.cssSelector("[data-testid=confirm-datum]")).click();
        assertThat(button.isEnabled()).isTrue();
        button.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=result]"), "Published: 0 added"));
        assertThat(publicPlots(layer)).isEqualTo(1);
    }

    /** The plots numbered as {@code layer}'s ({@link #numbersOf}) on the public map now. */
    private long publicPlots(String layer) {
        return jdbc.sql("SELECT count(*) FROM land_plot WHERE cadastral_number LIKE :prefix"
                        + " AND retired_revision_id IS NULL")
                .param("prefix", numbersOf(layer) + "-%")
                .query(Long.class)
                .single();
    }

    /**
     * A file the import cannot vouch for the place of, as {@code import --publish} holds it back: the warning
     * stands beside the button, in the page's language, and the button publishes only once the editor has
     * ticked that they checked the coordinate system.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {"a datum no map of Kazakhstan uses", "degrees past an unreadable .prj", "X and Y either way"})
    void aDraftWhosePlaceIsInDoubtIsPublishedOnlyOnceTheEditorConfirmsTheCheck(String doubt) throws Exception {
        PlaceInDoubt file = placeInDoubt(doubt);
        WebElement upload = signedInAsChief("en");
        upload.findElement(By.name("layer")).sendKeys(file.layer());
        upload.findElement(By.name("file")).sendKeys(file.path().toString());
        if (file.srs() != null || file.profile() != null) {
            upload.findElement(By.tagName("summary")).click();
        }
        if (file.srs() != null) {
            upload.findElement(By.name("srs")).sendKeys(file.srs());
        }
        if (file.profile() != null) {
            wait.until(
                    d -> !d.findElements(By.xpath("//select[@name='profile']/option[@value='" + file.profile() + "']"))
                            .isEmpty());
            new org.openqa.selenium.support.ui.Select(upload.findElement(By.name("profile")))
                    .selectByValue(file.profile());
        }
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        acceptNewLayer(file.layer());
        WebElement warning = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=datum-warning]")));
        assertThat(warning.getText()).startsWith(file.en()).contains(file.enLater());
        WebElement button = browser.findElement(By.cssSelector("[data-testid=publish]"));
        assertThat(button.isDisplayed()).isTrue();
        assertThat(button.isEnabled()).as("publishing waits for the check").isFalse();
        browser.findElement(By.cssSelector("[data-testid=lang-ru]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=datum-warning]"), file.ru()));
        assertThat(browser.findElement(By.cssSelector("[data-testid=datum-check]"))
                        .getText())
                .contains("Я проверил систему координат");
        browser.findElement(By.cssSelector("[data-testid=lang-kk]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=datum-warning]"), file.kk()));
        browser.findElement(By.cssSelector("[data-testid=lang-en]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=datum-check]"), "I checked the coordinate system"));
        assertThat(publishedFeatures(file.layer())).isZero();
        browser.findElement(By.cssSelector("[data-testid=confirm-datum]")).click();
        assertThat(button.isEnabled()).isTrue();
        button.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=result]"), "Published: " + file.features() + " added"));
        assertThat(publishedFeatures(file.layer())).isEqualTo(file.features());
    }

    /**
     * A file for {@link #aDraftWhosePlaceIsInDoubtIsPublishedOnlyOnceTheEditorConfirmsTheCheck}: the layer,
     * the profile and coordinate system chosen on the page if any, its features, and the warning's start in
     * English (with a later part), Russian and Kazakh.
     */
    private record PlaceInDoubt(
            String layer,
            Path path,
            String profile,
            String srs,
            long features,
            String en,
            String enLater,
            String ru,
            String kk) {}

    private PlaceInDoubt placeInDoubt(String doubt) throws Exception {
        switch (doubt) {
            case "a datum no map of Kazakhstan uses" -> {
                String layer = "plots-semey-adindan";
                Path file = Files.writeString(
                        dir.resolve("adindan.geojson"),
                        TestPlots.geojson(3, 0, 80.32, 50.50, numbersOf(layer), i -> "бос"));
                return new PlaceInDoubt(
                        layer,
                        file,
                        null,
                        "EPSG:4201",
                        3,
                        "The file's coordinate system is on the datum Adindan (ellipsoid Clarke 1880",
                        "which no map of Kazakhstan uses",
                        "Система координат файла на датуме Adindan (ellipsoid Clarke 1880",
                        "Файлдың координаттар жүйесі Adindan");
            }
            case "degrees past an unreadable .prj" -> {
                // GDAL cannot read the .prj; the coordinates were read as the degrees they look like
                String layer = "plots-semey-prj";
                Path folder = Files.createDirectories(dir.resolve("prj-degrees"));
                Path plots = Files.writeString(
                        folder.resolve("plots.geojson"),
                        TestPlots.geojson(3, 0, 80.34, 50.52, numbersOf(layer), i -> "бос"));
                return new PlaceInDoubt(
                        layer,
                        zippedShapefiles(
                                folder, "prj-degrees.zip", "this is not a projection, see letter No. 5", plots),
                        null,
                        null,
                        3,
                        "The file's .prj (plots.prj) is not a coordinate system that can be read",
                        "check where they lie before publishing",
                        "Файл .prj (plots.prj) — не система координат",
                        "Файлдың .prj файлы (plots.prj) оқуға болатын");
            }
            case "X and Y either way" -> {
                // transformer stations in Oral, X the latitude as surveyors write it: read either way round,
                // they lie in Kazakhstan, 18 km apart
                Path file = Files.writeString(
                        dir.resolve("oral-tp.csv"),
                        "Наименование;Вид;X;Y\nТП-1;ЛЭП;51,2301234;51,3701234\nТП-2;ЛЭП;51,2311234;51,3711234\n");
                return new PlaceInDoubt(
                        "networks-oral-xy",
                        file,
                        "networks",
                        null,
                        2,
                        "The file's columns X and Y may be the other way round",
                        "surveyors write X for the latitude",
                        "Столбцы X и Y файла могут быть перепутаны",
                        "Файлдың X және Y бағандары ауысып кеткен болуы мүмкін");
            }
            default -> throw new IllegalArgumentException(doubt);
        }
    }

    /** A draft on WGS 84 asks for no check: the button publishes it as it is. */
    @Test
    void aDraftOnWgs84AsksForNoCheck() throws Exception {
        WebElement upload = signedInAsChief("en");
        imported(upload, "plots-semey-wgs84", 3, true);
        assertThat(browser.findElement(By.cssSelector("[data-testid=datum-check]"))
                        .isDisplayed())
                .isFalse();
        assertThat(browser.findElement(By.cssSelector("[data-testid=publish]")).isEnabled())
                .isTrue();
    }

    @Test
    void aDraftWhoseEveryFeatureWasRejectedIsNotOfferedForPublishing() throws Exception {
        String layer = "plots-semey-rejected";
        WebElement upload = signedInAsChief("kk");
        WebElement report = imported(upload, layer, 3, true);
        report.findElement(By.cssSelector("[data-testid=publish]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=result]"), "3"));
        // every feature of the next file is a bow-tie of a number the layer does not hold: the draft removes
        // the three published plots and adds nothing, and publishing it would empty the layer
        Path file = Files.writeString(
                dir.resolve("all-rejected.geojson"), TestPlots.geojson(2, 2, 80.32, 50.50, "23-015-099", i -> "бос"));
        WebElement code = upload.findElement(By.name("layer"));
        code.clear();
        code.sendKeys(layer);
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=report] .revision"), " 2"));
        assertThat(report.findElement(By.cssSelector(".summary")).getText()).contains("3 алынды");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=not-publishable]"), "Жобаның барлық объектісі қабылданбады"));
        assertThat(report.findElement(By.cssSelector("[data-testid=publish-form]"))
                        .isDisplayed())
                .isFalse();
        // the published file again: nothing to publish, and the page says so rather than only hide the button
        report = imported(upload, layer, 3, false);
        assertThat(report.findElement(By.cssSelector(".summary")).getText()).contains("0 қосылды, 0 өзгерді, 0 алынды");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=not-publishable]"),
                "Жобада жарияланған қабаттағымен бірдей деректер бар"));
        assertThat(report.findElement(By.cssSelector("[data-testid=publish-form]"))
                        .isDisplayed())
                .isFalse();
    }

    @Test
    void anEditorWhoseSignInNoLongerHoldsIsAskedToSignInAgainBeforeTheFileIsSent() throws Exception {
        assertThat(http().post("/api/v1/admin/users", """
                        {"username": "deputy", "displayName": "Deputy", "password": "deputy-password-1",
                         "roles": ["admin"]}
                        """, "chief", "chief-password-2026")
                        .statusCode())
                .isEqualTo(201);
        browser.get("http://localhost:" + port + "/editor.html?lang=kk");
        WebElement form =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=sign-in-form]")));
        form.findElement(By.name("username")).sendKeys("deputy");
        form.findElement(By.name("password")).sendKeys("deputy-password-1");
        form.findElement(By.cssSelector("button")).click();
        WebElement upload =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=import-form]")));
        // the password is changed elsewhere
        assertThat(http().post(
                                "/api/v1/me/password",
                                "{\"currentPassword\": \"deputy-password-1\", \"newPassword\": \"deputy-password-2\"}",
                                "deputy",
                                "deputy-password-1")
                        .statusCode())
                .isEqualTo(204);
        Path file = Files.writeString(
                dir.resolve("deputy.geojson"), TestPlots.geojson(3, 0, 80.30, 50.48, "23-015-032", i -> "бос"));
        upload.findElement(By.name("layer")).sendKeys("plots-semey-deputy");
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        // the page asks the server about the new layer's code first: the sign-in lost is found before asking
        // whether to create the layer
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=sign-in-form]")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=error] .alert-text"), "Қайта кіріңіз"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=signed-in]"))
                        .isDisplayed())
                .isFalse();
        assertThat(upload.isDisplayed()).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM import_job WHERE layer_code = 'plots-semey-deputy'")
                        .query(Integer.class)
                        .single())
                .as("the file was not sent")
                .isZero();
    }

    @Test
    void theLayerCodeOffersTheEditorsLayersAndAsksBeforeCreatingANewOne() throws Exception {
        int revision = uploadThroughApi("plots-semey-known", 3);
        assertThat(http().post(
                                "/api/v1/layers/plots-semey-known/revisions/" + revision + "/publish",
                                "{}",
                                "chief",
                                "chief-password-2026")
                        .statusCode())
                .isEqualTo(200);
        WebElement upload = signedInAsChief("en");
        wait.until(d -> !d.findElements(By.cssSelector("[data-testid=layer-choices] option[value=plots-semey-known]"))
                .isEmpty());
        assertImportComesBeforeDefining();
        WebElement code = upload.findElement(By.name("layer"));
        assertThat(code.getAttribute("title")).contains("Lower-case Latin letters", "plots-oskemen");
        assertThat(code.getAttribute("aria-describedby")).isEqualTo("layer-hint");
        // a layer the import made without a title is offered by its kind and code, not by the code alone
        assertThat(browser.findElement(By.cssSelector("[data-testid=layer-choices] option[value=plots-semey-known]"))
                        .getAttribute("textContent"))
                .isEqualTo("Land plots (plots-semey-known)");
        WebElement titles = upload.findElement(By.cssSelector("[data-testid=new-layer-titles]"));
        assertThat(titles.isDisplayed())
                .as("no titles to give a layer that exists")
                .isFalse();

        // a slip of the keyboard: the page asks before a new layer is made, and a "no" sends nothing
        Path file = Files.writeString(
                dir.resolve("known.geojson"), TestPlots.geojson(3, 0, 80.30, 50.49, "23-015-033", i -> "бос"));
        code.sendKeys("plots-semey-knwon");
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        org.openqa.selenium.Alert question = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(question.getText()).contains("plots-semey-knwon", "new layer");
        question.dismiss();
        assertThat(jdbc.sql("SELECT count(*) FROM import_job WHERE layer_code = 'plots-semey-knwon'")
                        .query(Integer.class)
                        .single())
                .isZero();
        // a code that makes a new layer offers to name it
        assertThat(titles.isDisplayed()).isTrue();
        // the layer meant is imported into without a question
        code.clear();
        code.sendKeys("plots-semey-known");
        assertThat(titles.isDisplayed()).isFalse();
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        WebElement report =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=report]")));
        wait.until(ExpectedConditions.textToBePresentInElement(
                report.findElement(By.cssSelector(".revision")), "Land plots (plots-semey-known) · revision 2"));

        // a new layer named as it is made, in two of the three languages
        String named = "plots-semey-named";
        Path namedFile = Files.writeString(
                dir.resolve("named.geojson"), TestPlots.geojson(3, 0, 80.30, 50.49, numbersOf(named), i -> "бос"));
        code.clear();
        code.sendKeys(named);
        titles.findElement(By.name("titleRu")).sendKeys("Свободные участки Семея");
        titles.findElement(By.name("titleEn")).sendKeys("Free plots of Semey");
        upload.findElement(By.name("file")).sendKeys(namedFile.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        acceptNewLayer(named);
        wait.until(ExpectedConditions.textToBePresentInElement(
                report.findElement(By.cssSelector(".revision")),
                "Free plots of Semey (plots-semey-named) · revision 1"));
        assertThat(jdbc.sql("SELECT title_kk || ' | ' || title_ru || ' | ' || title_en FROM layer WHERE code = :code")
                        .param("code", named)
                        .query(String.class)
                        .single())
                .isEqualTo("plots-semey-named | Свободные участки Семея | Free plots of Semey");
        // the layer exists now: nothing more to name, and the next upload asks nothing
        assertThat(titles.isDisplayed()).isFalse();
        assertThat(browser.findElement(By.cssSelector("[data-testid=layer-choices] option[value=" + named + "]"))
                        .getAttribute("textContent"))
                .isEqualTo("Free plots of Semey");
        // in Kazakh, which it was given no title in: its kind and code
        browser.findElement(By.cssSelector("[data-testid=lang-kk]")).click();
        wait.until(ExpectedConditions.textToBePresentInElement(
                report.findElement(By.cssSelector(".revision")), "Жер учаскелері (plots-semey-named) · "));
    }

    /**
     * The import, the everyday task, comes before defining a layer: on the screen, whatever its width,
     * and in the keyboard's order (the page's), which no CSS reorders.
     */
    private void assertImportComesBeforeDefining() {
        WebElement defining =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=define]")));
        WebElement importing = browser.findElement(By.cssSelector("[data-testid=import]"));
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
        assertThat((Boolean) js.executeScript(
                        "return (arguments[0].compareDocumentPosition(arguments[1])"
                                + " & Node.DOCUMENT_POSITION_FOLLOWING) !== 0",
                        importing,
                        defining))
                .as("the import before defining a layer in the page's order")
                .isTrue();
        assertThat((Boolean) js.executeScript(
                        "return arguments[0].getBoundingClientRect().bottom <= arguments[1].getBoundingClientRect().top",
                        importing,
                        defining))
                .as("the import above defining a layer on the screen")
                .isTrue();
        assertThat((String) js.executeScript("return [...document.querySelectorAll('main > *')]"
                        + ".filter((e) => getComputedStyle(e).order !== '0').map((e) => e.dataset.testid).join()"))
                .as("no part of the page drawn out of its order")
                .isEmpty();
    }

    @Test
    void anEditorWhoChoosesALayerSeesItsRevisionsAndMayRollBackWithoutUploading() throws Exception {
        String layer = "plots-semey-returning";
        for (int count : new int[] {3, 4}) {
            int revision = uploadThroughApi(layer, count);
            assertThat(http().post(
                                    "/api/v1/layers/" + layer + "/revisions/" + revision + "/publish",
                                    "{}",
                                    "chief",
                                    "chief-password-2026")
                            .statusCode())
                    .isEqualTo(200);
        }
        WebElement upload = signedInAsChief("en");
        wait.until(d -> !d.findElements(By.cssSelector("[data-testid=layer-choices] option[value=" + layer + "]"))
                .isEmpty());
        assertThat(browser.findElement(By.cssSelector("[data-testid=revisions]"))
                        .isDisplayed())
                .isFalse();
        // the code typed and the field left, as a returning editor does before a rollback
        upload.findElement(By.name("layer")).sendKeys(layer, org.openqa.selenium.Keys.TAB);
        WebElement revisions =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=revisions]")));
        wait.until(
                ExpectedConditions.visibilityOf(revisions.findElement(By.cssSelector("[data-testid=rollback-form]"))));
        assertThat(revisions.findElements(By.cssSelector("tbody tr"))).hasSize(2);
    }

    @Test
    void onAPhoneTheReportAndTheRevisionsFitTheScreen() throws Exception {
        org.openqa.selenium.chrome.ChromeDriver chrome = (org.openqa.selenium.chrome.ChromeDriver) browser;
        try {
            chrome.executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride",
                    java.util.Map.of("width", 360, "height", 800, "deviceScaleFactor", 1, "mobile", true));
            WebElement upload = signedInAsChief("kk");
            // one long word, with no place to break it between words
            String layer = "plots_semey_phone_with_a_long_layer_code_without_a_break";
            WebElement report = imported(upload, layer, 12, true);
            report.findElement(By.cssSelector("[data-testid=publish]")).click();
            wait.until(
                    ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=result]"), "12"));
            imported(upload, layer, 14, false);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=revisions]")));
            org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
            long viewport = (Long) js.executeScript("return document.documentElement.clientWidth");
            assertThat(viewport).isLessThanOrEqualTo(360);
            assertThat((Long) js.executeScript("return document.documentElement.scrollWidth"))
                    .as("the page is no wider than the phone")
                    .isLessThanOrEqualTo(viewport);
            // every figure of the summary and every cell of the revisions within the screen
            assertThat((Long) js.executeScript("""
                            return Math.ceil(Math.max(...[...document.querySelectorAll(
                              '.summary dt, .summary dd, [data-testid=revisions] td, [data-testid=revisions] button,'
                              + ' [data-testid=report] h2 .revision')]
                              .map((e) => e.getBoundingClientRect().right)));
                            """)).isLessThanOrEqualTo(viewport);
            // the summary's labels break between their words, never within one («С предупреждения-ми»)
            for (String lang : new String[] {"ru", "kk", "en"}) {
                browser.findElement(By.cssSelector("[data-testid=lang-" + lang + "]"))
                        .click();
                wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", lang));
                assertThat((java.util.List<?>) js.executeScript("""
                                return [...document.querySelectorAll('.summary dt')].flatMap((dt) => {
                                  const text = dt.firstChild;
                                  let at = 0;
                                  return text.textContent.split(' ').filter((word) => {
                                    const range = document.createRange();
                                    range.setStart(text, at);
                                    range.setEnd(text, at + word.length);
                                    at += word.length + 1;
                                    return range.getClientRects().length > 1;
                                  });
                                });
                                """))
                        .as(lang + ": words of the summary's labels broken across lines")
                        .isEmpty();
            }
        } finally {
            chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
        }
    }

    @Test
    void anEditorSignsInImportsReadsTheReportAndPublishesByKeyboardOnAPhone() throws Exception {
        org.openqa.selenium.chrome.ChromeDriver chrome = (org.openqa.selenium.chrome.ChromeDriver) browser;
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
        String layer = "plots-semey-keyboard";
        Path file = Files.writeString(
                dir.resolve("keyboard.geojson"), TestPlots.geojson(4, 1, 80.32, 50.50, numbersOf(layer), i -> "бос"));
        try {
            chrome.executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride",
                    java.util.Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
            browser.get("http://localhost:" + port + "/editor.html?lang=ru");
            WebElement form = wait.until(
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=sign-in-form]")));
            form.findElement(By.name("username")).sendKeys("chief", Keys.TAB, "chief-password-2026", Keys.ENTER);
            // signed in, the keyboard goes on from the layer to import into
            WebElement upload = wait.until(
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=import-form]")));
            WebElement code = upload.findElement(By.name("layer"));
            wait.until(d -> code.equals(d.switchTo().activeElement()));
            assertThat(inView(code)).as("the layer's code is on the screen").isTrue();
            // the import first, defining a layer after it, as on a wide screen
            assertImportComesBeforeDefining();
            // the file is chosen through the browser's dialog, which a test cannot press keys in
            code.sendKeys(layer, Keys.TAB);
            upload.findElement(By.name("file")).sendKeys(file.toString());
            WebElement send = tabTo(By.cssSelector("[data-testid=upload]"));
            assertThat(inView(send)).isTrue();
            send.sendKeys(Keys.ENTER);
            acceptNewLayer(layer);
            WebElement report =
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=report]")));
            // the report takes the focus from the button the import disabled, and is on the screen
            WebElement heading = report.findElement(By.tagName("h2"));
            wait.until(d -> heading.equals(d.switchTo().activeElement()));
            assertThat(inView(heading)).isTrue();
            assertThat(report.getText()).contains("Отклонено", "3 добавлено");
            WebElement reason = tabTo(By.cssSelector("[data-testid=publish-form] textarea[name=reason]"));
            reason.sendKeys("Постановление № 9", Keys.TAB);
            WebElement publish = browser.switchTo().activeElement();
            assertThat(publish.getAttribute("data-testid")).isEqualTo("publish");
            assertThat(inView(publish)).isTrue();
            publish.sendKeys(Keys.ENTER);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("[data-testid=result]"), "Опубликовано: 3 добавлено"));
            // the form is gone with its button: the outcome has the focus, and the revisions follow it
            WebElement result = browser.findElement(By.cssSelector("[data-testid=result]"));
            wait.until(d -> result.equals(d.switchTo().activeElement()));
            assertThat(inView(result)).isTrue();
            assertThat(jdbc.sql("SELECT count(*) FROM plot_status_change WHERE reason = 'Постановление № 9'")
                            .query(Integer.class)
                            .single())
                    .isEqualTo(3);
            assertWithinThePhone(
                    "[data-testid=import-form] *, [data-testid=report] *, [data-testid=revisions] td",
                    "every control of the import, the report and the revisions within the screen");
            // signing out gives the focus back to the sign-in form
            browser.findElement(By.cssSelector("[data-testid=sign-out]")).sendKeys(Keys.ENTER);
            wait.until(d -> d.findElement(By.cssSelector("[data-testid=sign-in-form] input[name=username]"))
                    .equals(d.switchTo().activeElement()));
        } finally {
            chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
        }
    }

    /**
     * The layer chosen shows its titles under its revisions, filled in, and an editor on a phone changes
     * them by keyboard: a title in two languages, then one cleared (none: its kind and code) and another
     * given; the page names the layer by them at once, in every language.
     */
    @Test
    void anEditorRetitlesTheChosenLayerByKeyboardOnAPhone() throws Exception {
        org.openqa.selenium.chrome.ChromeDriver chrome = (org.openqa.selenium.chrome.ChromeDriver) browser;
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
        String layer = "plots-semey-titles";
        uploadThroughApi(layer, 3);
        try {
            chrome.executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride",
                    java.util.Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
            WebElement upload = signedInAsChief("en");
            wait.until(d -> !d.findElements(By.cssSelector("[data-testid=layer-choices] option[value=" + layer + "]"))
                    .isEmpty());
            upload.findElement(By.name("layer")).sendKeys(layer, Keys.TAB);
            WebElement titles = wait.until(
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=titles-form]")));
            WebElement heading = browser.findElement(By.cssSelector("[data-testid=revisions-layer]"));
            assertThat(heading.getText()).isEqualTo("· Land plots (" + layer + ")");
            // a layer given no title: nothing to correct yet, the code is no title
            for (String lang : new String[] {"kk", "ru", "en"}) {
                assertThat(titles.findElement(By.name(lang)).getAttribute("value"))
                        .as(lang)
                        .isEmpty();
            }

            WebElement kazakh = tabTo(By.cssSelector("[data-testid=titles-form] input[name=kk]"));
            assertThat(inView(kazakh)).isTrue();
            kazakh.sendKeys("Семей бос учаскелері", Keys.TAB);
            browser.switchTo().activeElement().sendKeys("Свободные участки Семея", Keys.TAB, Keys.TAB);
            WebElement save = browser.switchTo().activeElement();
            assertThat(save.getAttribute("data-testid")).isEqualTo("save-titles");
            assertThat(inView(save)).isTrue();
            save.sendKeys(Keys.ENTER);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("[data-testid=titles-result]"),
                    "Saved: the layer is named Land plots (" + layer + ")"));
            assertThat(storedTitles(layer)).isEqualTo("Семей бос учаскелері | Свободные участки Семея | " + layer);

            // in Russian the page names the layer by its new title, and says again what was saved
            browser.findElement(By.cssSelector("[data-testid=lang-ru]")).click();
            wait.until(
                    ExpectedConditions.textToBePresentInElement(heading, "· Свободные участки Семея (" + layer + ")"));
            assertThat(browser.findElement(By.cssSelector("[data-testid=titles-result]"))
                            .getText())
                    .isEqualTo("Сохранено: слой называется Свободные участки Семея (" + layer + ").");
            assertThat(browser.findElement(By.cssSelector("[data-testid=layer-choices] option[value=" + layer + "]"))
                            .getAttribute("textContent"))
                    .isEqualTo("Свободные участки Семея");
            assertThat(titles.findElement(By.name("kk")).getAttribute("value")).isEqualTo("Семей бос учаскелері");

            // the Russian title cleared gives the language back to none; an English one is given, with Enter
            WebElement russian = titles.findElement(By.name("ru"));
            russian.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE, Keys.TAB);
            browser.switchTo().activeElement().sendKeys("Free plots of Semey", Keys.ENTER);
            wait.until(ExpectedConditions.textToBePresentInElement(heading, "· Земельные участки (" + layer + ")"));
            assertThat(storedTitles(layer)).isEqualTo("Семей бос учаскелері | " + layer + " | Free plots of Semey");
            assertThat(titles.findElement(By.name("ru")).getAttribute("value")).isEmpty();
            browser.findElement(By.cssSelector("[data-testid=lang-en]")).click();
            wait.until(ExpectedConditions.textToBePresentInElement(heading, "· Free plots of Semey (" + layer + ")"));
            assertThat(browser.findElement(By.cssSelector("[data-testid=layer-choices] option[value=" + layer + "]"))
                            .getAttribute("textContent"))
                    .isEqualTo("Free plots of Semey");

            assertWithinThePhone(
                    "[data-testid=revisions] h2 *, [data-testid=titles-form] *",
                    "the layer's name and every control of its titles within the screen");
        } finally {
            chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
        }
    }

    /** The layer's titles as stored, kk | ru | en: the code in a language without a title. */
    private String storedTitles(String layer) {
        return jdbc.sql("SELECT title_kk || ' | ' || title_ru || ' | ' || title_en FROM layer WHERE code = :code")
                .param("code", layer)
                .query(String.class)
                .single();
    }

    @Test
    void aChangeOfLanguageRedrawsWhatThePageSaid() throws Exception {
        WebElement upload = signedInAsChief("en");
        WebElement report = imported(upload, "plots-semey-languages", 3, true);
        report.findElement(By.cssSelector("[data-testid=publish]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=result]"), "Published: 3 added"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=revisions] tbody"), "published"));
        browser.findElement(By.cssSelector("[data-testid=lang-ru]")).click();
        wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "ru"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=progress] .progress-text"))
                        .getText())
                .isEqualTo("Готово");
        assertThat(browser.findElement(By.cssSelector("[data-testid=result]")).getText())
                .startsWith("Опубликовано: 3 добавлено");
        WebElement revisions = browser.findElement(By.cssSelector("[data-testid=revisions] tbody"));
        assertThat(revisions.getText()).contains("опубликована", "открыть").doesNotContain("published", "open");
        assertThat(revisions.findElement(By.tagName("button")).getAttribute("aria-label"))
                .isEqualTo("Открыть отчёт версии 1");
    }

    // ---------------------------------------------------------------------------------------------

    /** Presses Tab, at most 30 times, until the element {@code by} finds has the focus; that element. */
    private WebElement tabTo(By by) {
        WebElement target = browser.findElement(by);
        for (int i = 0; i < 30 && !target.equals(browser.switchTo().activeElement()); i++) {
            new org.openqa.selenium.interactions.Actions(browser)
                    .sendKeys(Keys.TAB)
                    .perform();
        }
        assertThat(browser.switchTo().activeElement()).as("reached by Tab").isEqualTo(target);
        return target;
    }

    /** Whether {@code element} lies wholly within the window, across and down. */
    private boolean inView(WebElement element) {
        return (Boolean) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("""
                const box = arguments[0].getBoundingClientRect();
                return box.left >= 0 && box.top >= 0 && box.right <= window.innerWidth + 1
                  && box.bottom <= window.innerHeight + 1;
                """, element);
    }

    /** Accepts the page's question whether to create layer {@code code}, which the editor has not yet. */
    /**
     * A page of another site submits a form with a file to the import endpoint of a browser that holds
     * an administrator's password (signed in at an API address, where the browser asked for it): the
     * upload is refused and no layer is made.
     */
    @Test
    void aPageOfAnotherSiteCannotImportWithThePasswordTheBrowserHolds() throws Exception {
        String form = """
                <!doctype html><title>cat pictures</title>
                <form id="f" method="post" enctype="multipart/form-data"
                      action="http://localhost:%d/api/v1/layers/made-elsewhere/imports">
                  <input type="file" name="file"><input name="title" value="Layer made by another site">
                </form>
                <script>
                const dt = new DataTransfer();
                dt.items.add(new File([%s], 'plots.geojson', { type: 'application/geo+json' }));
                document.querySelector('input[type=file]').files = dt.files;
                document.getElementById('f').submit();
                </script>
                """.formatted(
                port, tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(geojson(3)));
        com.sun.net.httpserver.HttpServer other =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            byte[] body = form.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        other.start();
        // a browser of its own: the password it keeps would go with the other tests' requests
        WebDriver signedIn = Chromium.start();
        try {
            signedIn.get("http://chief:chief-password-2026@localhost:" + port + "/api/v1/me");
            assertThat(signedIn.getPageSource()).contains("\"username\":\"chief\"");
            signedIn.get("http://127.0.0.1:" + other.getAddress().getPort() + "/form.html");
            new WebDriverWait(signedIn, Duration.ofSeconds(60))
                    .until(ExpectedConditions.urlContains("/api/v1/layers/made-elsewhere/imports"));
            assertThat(signedIn.getPageSource()).contains("Cross-site request refused", "cross_site");
        } finally {
            signedIn.quit();
            other.stop(0);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM import_job WHERE layer_code = 'made-elsewhere'")
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM layer WHERE code = 'made-elsewhere'")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    private void acceptNewLayer(String code) {
        org.openqa.selenium.Alert question = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(question.getText()).contains(code);
        question.accept();
    }

    /** The failure is said right under the progress bar, which says it failed, and is on the screen. */
    private void assertFailureUnderTheBar(String barText) {
        WebElement bar = browser.findElement(By.cssSelector("[data-testid=progress]"));
        wait.until(ExpectedConditions.attributeToBe(bar, "data-state", "failed"));
        assertThat(bar.findElement(By.cssSelector(".progress-text")).getText()).isEqualTo(barText);
        WebElement error = browser.findElement(By.cssSelector("[data-testid=error]"));
        assertThat(error.isDisplayed()).isTrue();
        assertThat(error.getAttribute("role")).isEqualTo("alert");
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
        assertThat((Boolean) js.executeScript("return arguments[0].nextElementSibling === arguments[1]", bar, error))
                .as("the error box follows the bar")
                .isTrue();
        assertThat((Boolean) js.executeScript("return document.activeElement === arguments[0]", error))
                .as("the error box has the focus")
                .isTrue();
        assertThat((String) js.executeScript("""
                        const box = arguments[0].getBoundingClientRect();
                        return box.top + ' ' + box.bottom + ' ' + window.innerHeight;
                        """, error))
                .as("the error box is in view")
                .satisfies(place -> {
                    String[] p = place.split(" ");
                    assertThat(Double.parseDouble(p[0])).isNotNegative();
                    // a fraction of a pixel out is in view
                    assertThat(Double.parseDouble(p[1])).isLessThanOrEqualTo(Double.parseDouble(p[2]) + 1);
                });
    }

    /**
     * The layer's revisions as listed: each its number, what it is now (data-state), the words of its
     * state and those of its times up to the time itself.
     */
    @SuppressWarnings("unchecked")
    private java.util.List<String> revisionRows() {
        return (java.util.List<String>) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("""
                return [...document.querySelectorAll('[data-testid=revisions] tbody tr')].map((row) => {
                  const cells = row.querySelectorAll('td');
                  const times = [...cells[4].querySelectorAll('time')].map((time) => time.textContent.split(/\\d/)[0]);
                  return `${cells[0].textContent} ${row.dataset.state}: ${cells[1].textContent} | ${times.join(', ')}`;
                });
                """);
    }

    /** The times the row of revision {@code number} shows: each its datetime attribute and its text. */
    @SuppressWarnings("unchecked")
    private java.util.List<String[]> revisionTimes(int number) {
        java.util.List<java.util.List<String>> times = (java.util.List<java.util.List<String>>)
                ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("""
                                const row = [...document.querySelectorAll('[data-testid=revisions] tbody tr')]
                                  .find((r) => r.querySelector('td').textContent === String(arguments[0]));
                                return [...row.querySelectorAll('time')].map((time) => [time.dateTime, time.textContent]);
                                """, number);
        return times.stream().map(t -> t.toArray(String[]::new)).toList();
    }

    /** The codes of the problems the report's table shows. */
    @SuppressWarnings("unchecked")
    private java.util.List<String> visibleIssueRows() {
        return (java.util.List<String>) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("""
                return [...document.querySelectorAll('[data-testid=issues] tbody tr[data-code]')]
                  .filter((row) => !row.hidden).map((row) => row.dataset.code);
                """);
    }

    /**
     * Uploads {@code count} plots of Semey into {@code layer} from the page ({@code created}: the layer is
     * new, and the page asks first) and waits for the report of the new revision.
     */
    private WebElement imported(WebElement upload, String layer, int count, boolean created) throws Exception {
        return imported(upload, layer, count, created, numbersOf(layer));
    }

    /** {@link #imported(WebElement, String, int, boolean)} with cadastral numbers {@code prefix}-001 onwards. */
    private WebElement imported(WebElement upload, String layer, int count, boolean created, String prefix)
            throws Exception {
        int before = currentRevision(layer);
        Path file = Files.writeString(
                dir.resolve(layer + "-" + count + ".geojson"),
                TestPlots.geojson(count, 0, 80.32, 50.50, prefix, i -> "бос"));
        WebElement code = upload.findElement(By.name("layer"));
        code.clear();
        code.sendKeys(layer);
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        if (created) {
            acceptNewLayer(layer);
        }
        wait.until(d -> d.findElement(By.cssSelector("[data-testid=error]")).isDisplayed()
                || d.findElement(By.cssSelector("[data-testid=report] .revision"))
                        .getText()
                        .endsWith(" " + (before + 1)));
        assertThat(browser.findElement(By.cssSelector("[data-testid=error]")).getText())
                .as("no error")
                .isEmpty();
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=report]")));
    }

    /**
     * The features the layer publishes: a networks layer's lines and points, or the plots numbered as
     * {@code layer}'s ({@link #numbersOf}) on the public map.
     */
    private long publishedFeatures(String layer) {
        return layer.startsWith("networks-")
                ? jdbc.sql("""
                                SELECT count(*) FROM network n JOIN layer_revision r ON r.id = n.layer_revision_id
                                JOIN layer l ON l.id = r.layer_id WHERE l.code = :layer
                                """).param("layer", layer).query(Long.class).single()
                : jdbc.sql("SELECT count(*) FROM land_plot WHERE cadastral_number LIKE :prefix")
                        .param("prefix", numbersOf(layer) + "-%")
                        .query(Long.class)
                        .single();
    }

    /** Cadastral numbers of a block of their own for each layer: no layer holds another's numbers. */
    private static String numbersOf(String layer) {
        return "23-015-" + (100 + Math.floorMod(layer.hashCode(), 900));
    }

    /** The number of the layer's newest revision, 0 when it has none. */
    private int currentRevision(String layer) {
        return jdbc.sql("""
                        SELECT coalesce(max(r.number), 0) FROM layer_revision r JOIN layer l ON l.id = r.layer_id
                        WHERE l.code = :layer
                        """).param("layer", layer).query(Integer.class).single();
    }

    private void openRevision(int number) {
        WebElement revisions = browser.findElement(By.cssSelector("[data-testid=revisions]"));
        revisions
                .findElement(By.xpath(".//tbody/tr[td[1][normalize-space(.)='" + number + "']]//button"))
                .click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=report] .revision"), " " + number));
    }

    /** Opens the report of the layer's first revision, which lists the revisions as they are now. */
    private void showRevisionsOf(String layer) {
        openRevision(1);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=revisions] tbody tr:first-child td:first-child"),
                String.valueOf(currentRevision(layer))));
    }

    private kz.adalmap.api.TestHttp http() {
        return new kz.adalmap.api.TestHttp(port);
    }

    /**
     * Imports {@code count} plots into {@code layer} through the API as the chief, each with an auction
     * scheduled (the page's imports are of free plots); the draft's number.
     */
    private int uploadThroughApi(String layer, int count) throws Exception {
        String boundary = "----adalmap" + java.util.UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.geojson\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + TestPlots.geojson(count, 0, 80.32, 50.50, numbersOf(layer), i -> "аукцион")
                + "\r\n--" + boundary + "--\r\n";
        java.net.http.HttpResponse<String> accepted = http().send(java.net.http.HttpRequest.newBuilder(
                        http().uri("/api/v1/layers/" + layer + "/imports"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header(
                        "Authorization",
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString("chief:chief-password-2026"
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = kz.adalmap.api.TestHttp.json(accepted).get("id").asString();
        for (int i = 0; i < 600; i++) {
            Integer revision = jdbc.sql("""
                            SELECT r.number FROM import_job j
                            JOIN layer_revision r ON r.id = j.revision_id
                            WHERE j.id = CAST(:id AS uuid) AND j.state = 'succeeded'
                            """)
                    .param("id", id)
                    .query(Integer.class)
                    .optional()
                    .orElse(null);
            if (revision != null) {
                return revision;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the import of " + layer + " did not finish");
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

    /**
     * {@code layers} (GeoJSON files in {@code folder}) as Shapefiles in UTF-8, zipped as {@code name} beside
     * the folder; {@code prj}, when given, written over each Shapefile's own {@code .prj}.
     */
    private static Path zippedShapefiles(Path folder, String name, String prj, Path... layers) throws Exception {
        Path shp = Files.createDirectories(folder.resolve("shp"));
        for (Path layer : layers) {
            Path target = shp.resolve(layer.getFileName().toString().replace(".geojson", ".shp"));
            ogr2ogr("-f", "ESRI Shapefile", target.toString(), layer.toString(), "-lco", "ENCODING=UTF-8");
            if (prj != null) {
                Files.writeString(shp.resolve(layer.getFileName().toString().replace(".geojson", ".prj")), prj);
            }
        }
        Path zip = folder.resolveSibling(name);
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip));
                java.util.stream.Stream<Path> parts = Files.list(shp)) {
            for (Path part : parts.sorted().toList()) {
                out.putNextEntry(new java.util.zip.ZipEntry(part.getFileName().toString()));
                out.write(Files.readAllBytes(part));
                out.closeEntry();
            }
        }
        return zip;
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

    /**
     * The page is as wide as the phone (390 px), no wider, and every element of {@code selectors}
     * shown lies within it ({@code what}).
     */
    private void assertWithinThePhone(String selectors, String what) {
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
        long viewport = (Long) js.executeScript("return document.documentElement.clientWidth");
        assertThat(viewport).isEqualTo(390);
        assertThat((Long) js.executeScript("return document.documentElement.scrollWidth"))
                .as("the page is no wider than the phone")
                .isLessThanOrEqualTo(viewport);
        assertThat((Long) js.executeScript("""
                        return Math.ceil(Math.max(...[...document.querySelectorAll(arguments[0])]
                          .filter((e) => e.getClientRects().length > 0)
                          .map((e) => e.getBoundingClientRect().right)));
                        """, selectors)).as(what).isLessThanOrEqualTo(viewport);
    }
}
