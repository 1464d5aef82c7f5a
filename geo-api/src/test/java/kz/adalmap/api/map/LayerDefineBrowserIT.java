package kz.adalmap.api.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import kz.adalmap.api.Chromium;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
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
 * A land editor defines a layer in a real headless Chromium, as a department would, without writing
 * JSON: titles, region, a list attribute with two values and a number, colours by value. The server's
 * refusal appears next to the field it names; the corrected definition is saved, then filled from a
 * GeoJSON file through the import form and published.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"adalmap.security.admin-username=chief", "adalmap.security.admin-password=chief-password-2026"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayerDefineBrowserIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "layer_define_browser");
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
    void startBrowserWithAnEditor() throws Exception {
        jdbc.sql("""
                INSERT INTO region (kato_code, cadastral_code, name_kk, name_ru, name_en, geom) VALUES
                ('630000000', '05', 'Шығыс Қазақстан', 'Восточно-Казахстанская', 'East Kazakhstan',
                 ST_Multi(ST_MakeEnvelope(78, 47, 87, 51, 4326)))
                """).update();
        assertThat(new TestHttp(port)
                        .post("/api/v1/admin/users", """
                                {"username": "editor.vko", "displayName": "Editor", "password": "staff-password-1",
                                 "roles": ["land_editor"], "regions": ["630000000"]}
                                """, "chief", "chief-password-2026")
                        .statusCode())
                .isEqualTo(201);
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
    void aLandEditorDefinesALayerAndFillsItFromAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("ramps.geojson"), """
                {"type": "FeatureCollection", "features": [
                 {"type": "Feature", "properties": {"access": "full", "width_m": 1.5},
                  "geometry": {"type": "Point", "coordinates": [82.61, 49.95]}},
                 {"type": "Feature", "properties": {"access": "none", "width_m": 0.9},
                  "geometry": {"type": "Point", "coordinates": [82.62, 49.96]}}]}
                """);
        browser.get("http://localhost:" + port + "/editor.html?lang=en");
        WebElement signIn =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=sign-in-form]")));
        signIn.findElement(By.name("username")).sendKeys("editor.vko");
        signIn.findElement(By.name("password")).sendKeys("staff-password-1");
        signIn.findElement(By.cssSelector("button")).click();

        WebElement form =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=define-form]")));
        wait.until(d -> !form.findElements(By.cssSelector("select[name=region] option[value='630000000']"))
                .isEmpty());
        form.findElement(By.name("code")).sendKeys("ramps-vko");
        form.findElement(By.name("titleKk")).sendKeys("Пандустар");
        form.findElement(By.name("titleRu")).sendKeys("Пандусы");
        form.findElement(By.name("titleEn")).sendKeys("Ramps <b>of</b> East Kazakhstan");
        new Select(form.findElement(By.name("geometryType"))).selectByValue("point");
        new Select(form.findElement(By.name("region"))).selectByValue("630000000");
        form.findElement(By.name("public")).click(); // internal: staff only

        // a list with two values, the second by mistake the same as the first
        form.findElement(By.cssSelector("[data-testid=add-attribute]")).click();
        WebElement access = attribute(0);
        access.findElement(By.name("attributeName")).sendKeys("access");
        new Select(access.findElement(By.name("attributeType"))).selectByValue("enum");
        access = attribute(0);
        labels(access, "attributeLabel_", "Қолжетімділік", "Доступность", "Access");
        access.findElement(By.name("attributeRequired")).click();
        access.findElement(By.xpath(".//button[text()='Add a value']")).click();
        access = attribute(0);
        List<WebElement> values = access.findElements(By.cssSelector(".value"));
        assertThat(values).hasSize(2);
        fillValue(values.get(0), "full", "Толық", "Полностью", "Full");
        fillValue(values.get(1), "full", "Жоқ", "Нет", "None");

        form.findElement(By.cssSelector("[data-testid=add-attribute]")).click();
        WebElement width = attribute(1);
        width.findElement(By.name("attributeName")).sendKeys("width_m");
        new Select(width.findElement(By.name("attributeType"))).selectByValue("number");
        width = attribute(1);
        labels(width, "attributeLabel_", "Ені, м", "Ширина, м", "Width, m");

        new Select(form.findElement(By.name("keyAttribute"))).selectByValue("");
        form.findElement(By.cssSelector("input[name=styleMode][value=by]")).click();
        new Select(form.findElement(By.name("by"))).selectByValue("access");

        form.findElement(By.cssSelector("[data-testid=define-save]")).click();
        WebElement problem =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=field-error]")));
        assertThat(problem.getText()).contains("the value 'full' is listed twice");
        assertThat(((JavascriptExecutor) browser)
                        .executeScript(
                                "return arguments[0].previousElementSibling.querySelector('[data-field]').dataset.field",
                                problem))
                .as("the refusal stands next to the field the server names")
                .isEqualTo("attributes[0].values[1].value");
        assertThat(jdbc.sql("SELECT count(*) FROM layer WHERE code = 'ramps-vko'")
                        .query(Integer.class)
                        .single())
                .isZero();

        WebElement second = attribute(0).findElements(By.cssSelector(".value")).get(1);
        second.findElement(By.name("valueCode")).clear();
        second.findElement(By.name("valueCode")).sendKeys("none");
        WebElement noneColour = wait.until(d -> d.findElement(By.cssSelector(".colours input[data-value=none]")));
        ((JavascriptExecutor) browser)
                .executeScript(
                        "arguments[0].value = '#c0392b'; arguments[0].dispatchEvent(new Event('input'))", noneColour);
        form.findElement(By.cssSelector("[data-testid=define-save]")).click();
        WebElement result = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=define-result]")));
        assertThat(result.getText()).contains("ramps-vko", "Ramps <b>of</b> East Kazakhstan", "saved");
        assertThat(form.findElements(By.cssSelector("[data-testid=field-error]")))
                .isEmpty();
        assertThat(jdbc.sql("""
                        SELECT concat_ws(' | ', l.kind, l.geometry_type, l.is_public::text, r.kato_code,
                                         l.attribute_schema -> 0 ->> 'name', l.attribute_schema -> 0 ->> 'required',
                                         jsonb_array_length(l.attribute_schema -> 0 -> 'values'),
                                         l.attribute_schema -> 1 ->> 'name', l.attribute_schema -> 1 ->> 'type',
                                         l.style ->> 'by', l.style -> 'colours' ->> 'none')
                        FROM layer l JOIN region r ON r.id = l.region_id WHERE l.code = 'ramps-vko'
                        """).query(String.class).single())
                .isEqualTo(
                        "custom | point | false | 630000000 | access | true | 2 | width_m | number | access | #c0392b");

        // the success message leads to the import form, filled in for the new layer
        result.findElement(By.cssSelector("[data-testid=define-import]")).click();
        WebElement upload = browser.findElement(By.cssSelector("[data-testid=import-form]"));
        assertThat(upload.findElement(By.name("layer")).getAttribute("value")).isEqualTo("ramps-vko");
        assertThat(upload.findElement(By.name("profile")).isEnabled()).isFalse();
        upload.findElement(By.name("file")).sendKeys(file.toString());
        upload.findElement(By.cssSelector("[data-testid=upload]")).click();
        WebElement report =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=report]")));
        assertThat(report.getText()).contains("ramps-vko", "2 added, 0 changed, 0 removed, 0 unchanged");
        report.findElement(By.cssSelector("[data-testid=publish]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=result]"), "Published: 2 added"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=revisions]"), "published"));
        assertThat(jdbc.sql("""
                        SELECT string_agg(f.attributes ->> 'access' || ' ' || (f.attributes ->> 'width_m'), ', '
                                          ORDER BY f.attributes ->> 'access')
                        FROM layer_feature f JOIN layer l ON l.id = f.layer_id WHERE l.code = 'ramps-vko'
                        """).query(String.class).single()).isEqualTo("full 1.5, none 0.9");

        // changing it: the stored definition comes back into the form, and a new title is saved
        new Select(form.findElement(By.name("existing"))).selectByValue("ramps-vko");
        assertThat(form.findElement(By.name("code")).getAttribute("readOnly")).isEqualTo("true");
        assertThat(form.findElement(By.name("titleEn")).getAttribute("value"))
                .isEqualTo("Ramps <b>of</b> East Kazakhstan");
        assertThat(browser.findElements(By.cssSelector("[data-testid=attribute]")))
                .hasSize(2);
        form.findElement(By.name("titleRu")).clear();
        form.findElement(By.name("titleRu")).sendKeys("Пандусы ВКО");
        form.findElement(By.cssSelector("[data-testid=define-save]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=define-result]")));
        assertThat(jdbc.sql(
                                "SELECT title_ru || ' ' || (style -> 'colours' ->> 'none') FROM layer WHERE code = 'ramps-vko'")
                        .query(String.class)
                        .single())
                .isEqualTo("Пандусы ВКО #c0392b");

        // on a phone the form fits the screen's width
        browser.manage().window().setSize(new Dimension(390, 844));
        assertThat(((JavascriptExecutor) browser)
                        .executeScript("return document.documentElement.scrollWidth <= window.innerWidth"))
                .isEqualTo(true);
        assertThat(Chromium.consoleErrors(browser).stream()
                        .filter(e -> !e.contains("400"))
                        .toList())
                .isEmpty();
    }

    private WebElement attribute(int index) {
        return browser.findElements(By.cssSelector("[data-testid=attribute]")).get(index);
    }

    private static void labels(WebElement parent, String prefix, String kk, String ru, String en) {
        parent.findElement(By.name(prefix + "kk")).sendKeys(kk);
        parent.findElement(By.name(prefix + "ru")).sendKeys(ru);
        parent.findElement(By.name(prefix + "en")).sendKeys(en);
    }

    private static void fillValue(WebElement row, String value, String kk, String ru, String en) {
        row.findElement(By.name("valueCode")).sendKeys(value);
        labels(row, "valueLabel_", kk, ru, en);
    }
}
