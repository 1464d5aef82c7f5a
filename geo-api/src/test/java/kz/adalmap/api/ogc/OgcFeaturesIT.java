package kz.adalmap.api.ogc;

import static kz.adalmap.api.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kz.adalmap.api.FreshDatabase;
import kz.adalmap.api.TestHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /ogc} against a real PostGIS holding 70 current and 3 retired plots, networks on both sides of
 * the antimeridian, public and non-public appeals with known personal data, and regions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OgcFeaturesIT {

    static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    static final String EPSG = "http://www.opengis.net/def/crs/EPSG/0/";

    private static final String NAME = "Жанар Сейткалиева";
    private static final String PHONE = "+7 701 555 12 34";
    private static final String IIN = "880512400321";
    private static final String EMAIL = "zhanar.s@example.kz";
    private static final List<String> SECRETS =
            List.of(NAME, PHONE, IIN, EMAIL, "7015551234", "555 12 34", "zhanar.s", "Сейткалиева", "взятке");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        FreshDatabase.register(registry, "ogc_features");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    @BeforeAll
    void seed() {
        http = new TestHttp(port);
        OgcTestData.seed(jdbc, NAME, PHONE, IIN, EMAIL);
    }

    @Test
    void landingPageLinksTheApiItsDocumentationConformanceAndData() {
        HttpResponse<String> response = http.get("/ogc");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode links = json(response).get("links");
        assertThat(link(links, "self").get("href").asString()).isEqualTo(http.base() + "/ogc");
        JsonNode desc = link(links, "service-desc");
        assertThat(desc.get("type").asString()).isEqualTo("application/vnd.oai.openapi+json;version=3.0");
        assertThat(desc.get("href").asString()).isEqualTo(http.base() + "/ogc/api");
        HttpResponse<String> api = http.get(desc.get("href").asString());
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.headers().firstValue("Content-Type"))
                .hasValueSatisfying(
                        t -> assertThat(t.replace(" ", "")).startsWith("application/vnd.oai.openapi+json;version=3.0"));

        JsonNode doc = link(links, "service-doc");
        assertThat(doc.get("type").asString()).isEqualTo("text/html");
        HttpResponse<String> html = http.get(doc.get("href").asString());
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(html.body()).contains("<html", "/collections/plots/items", "bbox-crs");

        assertThat(http.get(link(links, "conformance").get("href").asString()).statusCode())
                .isEqualTo(200);
        assertThat(json(http.get(link(links, "data").get("href").asString())).get("collections"))
                .hasSize(4);
        assertThat(http.get("/ogc/?f=json").statusCode()).isEqualTo(200);
    }

    @Test
    void conformanceDeclaresCoreGeoJsonOpenApiAndCrs() {
        List<String> classes = new ArrayList<>();
        json(http.get("/ogc/conformance")).get("conformsTo").forEach(c -> classes.add(c.asString()));
        assertThat(classes)
                .containsExactlyInAnyOrder(
                        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
                        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
                        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs");
    }

    @Test
    void collectionsListTheFourLayersWithTheirCrsAndExtent() {
        JsonNode collections = json(http.get("/ogc/collections")).get("collections");
        List<String> ids = new ArrayList<>();
        collections.forEach(c -> ids.add(c.get("id").asString()));
        assertThat(ids).containsExactly("plots", "networks", "appeals", "regions");
        List<String> expectedCrs = new ArrayList<>(List.of(CRS84, EPSG + "4326", EPSG + "3857"));
        for (int zone = 32638; zone <= 32645; zone++) {
            expectedCrs.add(EPSG + zone);
        }
        for (JsonNode c : collections) {
            List<String> crs = new ArrayList<>();
            c.get("crs").forEach(x -> crs.add(x.asString()));
            assertThat(crs).as(c.get("id").asString()).containsExactlyInAnyOrderElementsOf(expectedCrs);
            assertThat(c.get("storageCrs").asString()).isEqualTo(CRS84);
            JsonNode items = link(c.get("links"), "items", "application/geo+json");
            assertThat(items.get("type").asString()).isEqualTo("application/geo+json");
            assertThat(items.get("href").asString())
                    .isEqualTo(http.base() + "/ogc/collections/" + c.get("id").asString() + "/items");
        }
        JsonNode bbox = json(http.get("/ogc/collections/plots"))
                .get("extent")
                .get("spatial")
                .get("bbox")
                .get(0);
        List<Double> expected = jdbc.sql("""
                SELECT unnest(ARRAY[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)])
                FROM (SELECT ST_Extent(geom) e FROM land_plot WHERE retired_revision_id IS NULL) s
                """).query(Double.class).list();
        for (int i = 0; i < 4; i++) {
            assertThat(bbox.get(i).asDouble()).isCloseTo(expected.get(i), within(1e-9));
        }
    }

    @Test
    void pagingThroughEveryPlotReturnsEachCurrentPlotOnce() {
        long current = count("SELECT count(*) FROM land_plot WHERE retired_revision_id IS NULL");
        assertThat(current).isEqualTo(70);
        List<String> seen = new ArrayList<>();
        String url = "/ogc/collections/plots/items?limit=7";
        int pages = 0;
        while (url != null) {
            HttpResponse<String> response = http.get(url);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode page = json(response);
            assertThat(page.get("type").asString()).isEqualTo("FeatureCollection");
            assertThat(page.get("numberMatched").asLong()).isEqualTo(current);
            assertThat(page.get("numberReturned").asInt())
                    .isEqualTo(page.get("features").size());
            assertThat(page.get("timeStamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            JsonNode links = page.get("links");
            assertThat(link(links, "self").get("type").asString()).isEqualTo("application/geo+json");
            assertThat(link(links, "alternate").get("type").asString()).isEqualTo("application/json");
            assertThat(link(links, "collection").get("href").asString())
                    .isEqualTo(http.base() + "/ogc/collections/plots");
            seen.addAll(ids(page));
            JsonNode next = link(links, "next");
            url = next == null ? null : next.get("href").asString();
            pages++;
        }
        assertThat(pages).isEqualTo(10);
        assertThat(seen).hasSize(70).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen))
                .isEqualTo(new HashSet<>(
                        strings("SELECT id::text AS fid FROM land_plot WHERE retired_revision_id IS NULL")));
    }

    @Test
    void defaultPageIsTenFeatures() {
        JsonNode page = json(http.get("/ogc/collections/plots/items"));
        assertThat(page.get("features")).hasSize(10);
        assertThat(link(page.get("links"), "next")).isNotNull();
    }

    @ParameterizedTest(name = "bbox={0}")
    @ValueSource(
            strings = {
                "71.3,51.05,71.33,51.08",
                "71.3045,51.0545,71.3155,51.0655",
                "60,40,61,41",
                "71.35,51.0,71.35,51.2",
                "-180,-90,180,90"
            })
    void returnsExactlyTheCurrentPlotsIntersectingBbox(String bbox) {
        String[] c = bbox.split(",");
        List<String> expected = jdbc.sql("""
                SELECT id::text AS fid FROM land_plot
                WHERE retired_revision_id IS NULL
                  AND ST_Intersects(geom, ST_MakeEnvelope(:a, :b, :c, :d, 4326)) ORDER BY id
                """)
                .param("a", Double.parseDouble(c[0]))
                .param("b", Double.parseDouble(c[1]))
                .param("c", Double.parseDouble(c[2]))
                .param("d", Double.parseDouble(c[3]))
                .query(String.class)
                .list();
        JsonNode page = json(http.get("/ogc/collections/plots/items?limit=10000&bbox=" + bbox));
        assertThat(ids(page)).isEqualTo(expected);
        assertThat(page.get("numberMatched").asInt()).isEqualTo(expected.size());
        // the same box, latitude first
        JsonNode latLon = json(http.get("/ogc/collections/plots/items?limit=10000&bbox=" + c[1] + "," + c[0] + ","
                + c[3] + "," + c[2] + "&bbox-crs=" + EPSG + "4326"));
        assertThat(ids(latLon)).isEqualTo(expected);
    }

    @Test
    void bboxAcrossTheAntimeridianIsSplitInTwo() {
        List<String> expected = strings("""
                SELECT id::text AS fid FROM network
                WHERE ST_Intersects(geom, ST_MakeEnvelope(179, 64, 180, 66, 4326))
                   OR ST_Intersects(geom, ST_MakeEnvelope(-180, 64, -179, 66, 4326))
                ORDER BY id
                """);
        assertThat(expected).hasSize(3);
        JsonNode page = json(http.get("/ogc/collections/networks/items?bbox=179,64,-179,66&limit=100"));
        assertThat(ids(page)).isEqualTo(expected);
        assertThat(page.get("numberMatched").asInt()).isEqualTo(3);
        JsonNode latLon = json(
                http.get("/ogc/collections/networks/items?bbox=64,179,66,-179&limit=100&bbox-crs=" + EPSG + "4326"));
        assertThat(ids(latLon)).isEqualTo(expected);
    }

    @Test
    void crs3857GivesWebMercatorCoordinatesAsPostgisTransformsThem() {
        long id = jdbc.sql("SELECT min(id) FROM land_plot WHERE retired_revision_id IS NULL")
                .query(Long.class)
                .single();
        HttpResponse<String> response = http.get("/ogc/collections/plots/items/" + id + "?crs=" + EPSG + "3857");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Crs")).hasValue("<" + EPSG + "3857>");
        JsonNode expected = JsonMapper.builder()
                .build()
                .readTree(jdbc.sql("SELECT ST_AsGeoJSON(ST_Transform(geom, 3857), 6, 0) FROM land_plot WHERE id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single());
        JsonNode actualRing =
                json(response).get("geometry").get("coordinates").get(0).get(0);
        JsonNode expectedRing = expected.get("coordinates").get(0).get(0);
        assertThat(actualRing.size()).isEqualTo(expectedRing.size());
        for (int i = 0; i < expectedRing.size(); i++) {
            for (int axis = 0; axis < 2; axis++) {
                assertThat(actualRing.get(i).get(axis).asDouble())
                        .isCloseTo(expectedRing.get(i).get(axis).asDouble(), within(0.006));
            }
        }
        // easting of 71.3°E in metres, not degrees
        assertThat(actualRing.get(0).get(0).asDouble()).isBetween(7.9e6, 8.0e6);

        // the same in a page, and in UTM zone 42N
        JsonNode page = json(http.get("/ogc/collections/plots/items?limit=1&crs=EPSG:3857"));
        assertThat(page.get("features")
                        .get(0)
                        .get("geometry")
                        .get("coordinates")
                        .get(0)
                        .get(0)
                        .get(0)
                        .get(0)
                        .asDouble())
                .isCloseTo(expectedRing.get(0).get(0).asDouble(), within(0.006));
        double utmEasting = jdbc.sql(
                        "SELECT ST_X(ST_PointN(ST_ExteriorRing(ST_GeometryN(ST_Transform(geom, 32642), 1)), 1)) FROM land_plot WHERE id = :id")
                .param("id", id)
                .query(Double.class)
                .single();
        HttpResponse<String> utm = http.get("/ogc/collections/plots/items/" + id + "?crs=" + EPSG + "32642");
        assertThat(utm.headers().firstValue("Content-Crs")).hasValue("<" + EPSG + "32642>");
        assertThat(json(utm)
                        .get("geometry")
                        .get("coordinates")
                        .get(0)
                        .get(0)
                        .get(0)
                        .get(0)
                        .asDouble())
                .isCloseTo(utmEasting, within(0.006));
    }

    @Test
    void epsg4326IsLatitudeFirstAndCrs84LongitudeFirst() {
        JsonNode crs84 = json(http.get("/ogc/collections/appeals/items?limit=1"));
        JsonNode wgs84 = json(http.get("/ogc/collections/appeals/items?limit=1&crs=" + EPSG + "4326"));
        JsonNode lonLat = crs84.get("features").get(0).get("geometry").get("coordinates");
        JsonNode latLon = wgs84.get("features").get(0).get("geometry").get("coordinates");
        assertThat(lonLat.get(0).asDouble()).isCloseTo(71.43, within(1e-6));
        assertThat(lonLat.get(1).asDouble()).isCloseTo(51.13, within(1e-6));
        assertThat(latLon.get(0).asDouble()).isEqualTo(lonLat.get(1).asDouble());
        assertThat(latLon.get(1).asDouble()).isEqualTo(lonLat.get(0).asDouble());
        HttpResponse<String> response = http.get("/ogc/collections/appeals/items?limit=1");
        assertThat(response.headers().firstValue("Content-Crs")).hasValue("<" + CRS84 + ">");
    }

    @Test
    void aLineKeepsItsDirectionInEveryCrs() {
        // the direction of a main is data (a sewer's or a heating main's flow); only rings are turned
        JsonNode first = json(http.get("/ogc/collections/networks/items?limit=1"))
                .get("features")
                .get(0);
        String id = first.get("id").asString();
        List<Double> start = jdbc.sql("SELECT unnest(ARRAY[ST_X(ST_StartPoint(geom)), ST_Y(ST_StartPoint(geom))])"
                        + " FROM network WHERE id = " + id)
                .query(Double.class)
                .list();
        JsonNode lonLat = first.get("geometry").get("coordinates").get(0);
        assertThat(List.of(lonLat.get(0).asDouble(), lonLat.get(1).asDouble()))
                .as("the first vertex as stored, in CRS84")
                .satisfiesExactly(
                        lon -> assertThat(lon).isCloseTo(start.get(0), within(1e-6)),
                        lat -> assertThat(lat).isCloseTo(start.get(1), within(1e-6)));
        JsonNode latLon = json(http.get("/ogc/collections/networks/items/" + id + "?crs=" + EPSG + "4326"))
                .get("geometry")
                .get("coordinates")
                .get(0);
        assertThat(latLon.get(1).asDouble()).isEqualTo(lonLat.get(0).asDouble());
    }

    @Test
    void bboxInWebMercatorSelectsWhatTheSameBoxInDegreesSelects() {
        List<Double> box = jdbc.sql("""
                SELECT unnest(ARRAY[ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)])
                FROM (SELECT ST_Transform(ST_MakeEnvelope(71.3045, 51.0545, 71.3355, 51.0755, 4326), 3857) b) s
                """).query(Double.class).list();
        String bbox = box.get(0) + "," + box.get(1) + "," + box.get(2) + "," + box.get(3);
        List<String> expected = strings("""
                SELECT id::text AS fid FROM land_plot
                WHERE retired_revision_id IS NULL
                  AND ST_Intersects(geom, ST_MakeEnvelope(71.3045, 51.0545, 71.3355, 51.0755, 4326)) ORDER BY id
                """);
        assertThat(expected).hasSizeGreaterThan(4);
        JsonNode page = json(http.get("/ogc/collections/plots/items?limit=100&bbox-crs=" + EPSG + "3857&bbox=" + bbox));
        assertThat(ids(page)).isEqualTo(expected);
    }

    @Test
    void filtersByPropertyAndDatetime() {
        List<String> free = strings(
                "SELECT id::text AS fid FROM land_plot WHERE retired_revision_id IS NULL AND status = 'free' ORDER BY id");
        assertThat(free).isNotEmpty();
        assertThat(ids(json(http.get("/ogc/collections/plots/items?limit=1000&status=free"))))
                .isEqualTo(free);
        List<String> inJanuary = strings("""
                SELECT a.tracking_code FROM appeal a JOIN appeal_category c ON c.code = a.category AND c.is_public
                WHERE a.created_at >= '2026-01-03T00:00:00Z' AND a.created_at <= '2026-01-07T00:00:00Z' ORDER BY a.id
                """);
        assertThat(inJanuary).hasSize(5);
        assertThat(ids(json(
                        http.get("/ogc/collections/appeals/items?datetime=2026-01-03T00:00:00Z/2026-01-07T00:00:00Z"))))
                .isEqualTo(inJanuary);
        assertThat(json(http.get("/ogc/collections/appeals/items?datetime=../2026-01-02T00:00:00Z"))
                        .get("numberMatched")
                        .asInt())
                .isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "colour=red;                              colour;   unknown parameter",
                "limit=0;                                 limit;    from 1 to 10000",
                "limit=10001;                             limit;    from 1 to 10000",
                "bbox=1,2,3;                              bbox;     four numbers",
                "bbox=71,52,72,51;                        bbox;     minLat 52 is greater than maxLat 51",
                "bbox=71,51,72,91;                        bbox;     maxLat 91 is outside",
                "bbox=1,2,3,4,5,6;                        bbox;     two-dimensional",
                "bbox=900,2,3,4&bbox-crs=EPSG:3857;       bbox;     minX 900.0 is greater than maxX 3.0",
                "crs=http://www.opengis.net/def/crs/EPSG/0/2154; crs; unsupported coordinate reference system",
                "bbox=1,2,3,4&bbox-crs=EPSG:9999;         bbox-crs; unsupported coordinate reference system",
                "bbox-crs=EPSG:3857;                      bbox-crs; without bbox",
                "cursor=xyz;                              cursor;   not a cursor",
                "datetime=yesterday;                      datetime; RFC 3339",
                "f=xml;                                   f;        unsupported format",
            })
    void rejectsBadParametersWithAProblemNamingThem(String query, String parameter, String message) {
        HttpResponse<String> response = http.get("/ogc/collections/plots/items?" + query);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("parameter").asString()).isEqualTo(parameter);
        assertThat(problem.get("detail").asString())
                .startsWith(parameter + ": ")
                .contains(message);
    }

    @Test
    void rejectsUnknownParametersEverywhere() {
        for (String path : List.of(
                "/ogc?x=1",
                "/ogc/conformance?x=1",
                "/ogc/api?x=1",
                "/ogc/collections?x=1",
                "/ogc/collections/regions?x=1",
                "/ogc/collections/regions/items/710000000?x=1",
                "/ogc/collections/regions/items?status=free")) {
            HttpResponse<String> response = http.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(json(response).get("parameter").asString()).as(path).isIn("x", "status");
        }
        assertThat(json(http.get("/ogc/collections/regions/items?datetime=2026-01-01T00:00:00Z"))
                        .get("parameter")
                        .asString())
                .isEqualTo("datetime");
    }

    @Test
    void unknownCollectionsAndFeaturesAre404() {
        long retired = jdbc.sql("SELECT min(id) FROM land_plot WHERE retired_revision_id IS NOT NULL")
                .query(Long.class)
                .single();
        for (String path : List.of(
                "/ogc/collections/parcels",
                "/ogc/collections/parcels/items",
                "/ogc/collections/parcels/items/1",
                "/ogc/collections/plots/items/999999",
                "/ogc/collections/plots/items/" + retired,
                "/ogc/collections/plots/items/abc",
                "/ogc/collections/appeals/items/AM-TEST-0003",
                "/ogc/collections/regions/items/790000000")) {
            HttpResponse<String> response = http.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
        }
    }

    @Test
    void oneFeatureByIdWithLinks() {
        HttpResponse<String> response = http.get("/ogc/collections/regions/items/710000000");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/geo+json"));
        JsonNode region = json(response);
        assertThat(region.get("type").asString()).isEqualTo("Feature");
        assertThat(region.get("id").asString()).isEqualTo("710000000");
        assertThat(region.get("properties").get("name_en").asString()).isEqualTo("Astana");
        assertThat(region.get("properties").get("name_kk").asString()).isEqualTo("Астана");
        assertThat(link(region.get("links"), "self").get("href").asString())
                .isEqualTo(http.base() + "/ogc/collections/regions/items/710000000");
        assertThat(link(region.get("links"), "collection")).isNotNull();
        assertThat(json(http.get("/ogc/collections/regions/items"))
                        .get("numberMatched")
                        .asInt())
                .isEqualTo(2);
        JsonNode appeal = json(http.get("/ogc/collections/appeals/items/AM-TEST-0001"));
        assertThat(appeal.get("properties").get("text").asString()).startsWith("Яма на дороге");
    }

    @Test
    void answersJsonOrGeoJsonAsAsked() {
        assertThat(contentType(http.get("/ogc/collections/plots/items"))).startsWith("application/geo+json");
        assertThat(contentType(http.get("/ogc/collections/plots/items?f=geojson")))
                .startsWith("application/geo+json");
        assertThat(contentType(http.get("/ogc/collections/plots/items?f=json"))).startsWith("application/json");
        assertThat(contentType(accepting("/ogc/collections/plots/items", "application/json")))
                .startsWith("application/json");
        assertThat(contentType(accepting("/ogc/collections/plots/items", "application/geo+json, application/json")))
                .startsWith("application/geo+json");
        assertThat(contentType(accepting("/ogc/collections/plots/items/" + firstPlot(), "application/json")))
                .startsWith("application/json");
        assertThat(contentType(accepting("/ogc/collections", "application/json")))
                .startsWith("application/json");
        assertThat(contentType(http.get("/ogc/conformance"))).startsWith("application/json");
        assertThat(http.get("/ogc/collections?f=html").statusCode()).isEqualTo(400);
    }

    @Test
    void appealsShowOnlyPublicFieldsOfPublicAppeals() {
        long publicAppeals =
                count("SELECT count(*) FROM appeal a JOIN appeal_category c ON c.code = a.category WHERE c.is_public");
        List<String> bodies = new ArrayList<>();
        HttpResponse<String> all = http.get("/ogc/collections/appeals/items?limit=10000");
        bodies.add(all.body());
        JsonNode page = json(all);
        assertThat(page.get("numberMatched").asLong()).isEqualTo(publicAppeals);
        assertThat(ids(page)).hasSize((int) publicAppeals).doesNotContain("AM-TEST-0003");
        for (String id : ids(page)) {
            bodies.add(http.get("/ogc/collections/appeals/items/" + id).body());
            bodies.add(http.get("/ogc/collections/appeals/items/" + id + "?crs=EPSG:3857")
                    .body());
        }
        bodies.add(http.get("/ogc/collections/appeals").body());
        bodies.add(
                http.get("/ogc/collections/appeals/items?category=corruption").body());
        bodies.add(http.get("/ogc/api").body());
        for (String body : bodies) {
            assertThat(body).doesNotContain(SECRETS).doesNotContain("AM-TEST-0003");
        }
        JsonNode properties = page.get("features").get(0).get("properties");
        assertThat(properties.has("text")).isTrue();
        for (String field : List.of("full_name", "phone", "email", "iin", "text_original")) {
            assertThat(properties.has(field)).as(field).isFalse();
        }
        assertThat(json(http.get("/ogc/collections/appeals/items?category=corruption"))
                        .get("numberMatched")
                        .asInt())
                .isZero();
        JsonNode privateText = json(http.get("/ogc/collections/appeals/items/AM-TEST-0002"));
        assertThat(privateText.get("properties").get("text").isNull()).isTrue();
    }

    @Test
    void openApiDefinitionIsSelfContainedAndDescribesEveryPath() {
        JsonNode api = json(http.get("/ogc/api"));
        assertThat(api.get("openapi").asString()).startsWith("3.0.");
        List<String> refs = new ArrayList<>();
        collectRefs(api, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).as("internal $ref").startsWith("#/components/");
            JsonNode target = api.at(ref.substring(1));
            assertThat(target.isMissingNode()).as(ref + " resolves").isFalse();
        }
        Set<String> paths = new HashSet<>();
        api.get("paths").properties().forEach(e -> paths.add(e.getKey()));
        assertThat(paths).contains("/", "/conformance", "/api", "/collections");
        for (String id : List.of("plots", "networks", "appeals", "regions")) {
            assertThat(paths)
                    .contains(
                            "/collections/" + id,
                            "/collections/" + id + "/items",
                            "/collections/" + id + "/items/{featureId}");
            List<String> names = new ArrayList<>();
            for (JsonNode p : api.get("paths")
                    .get("/collections/" + id + "/items")
                    .get("get")
                    .get("parameters")) {
                JsonNode resolved =
                        p.has("$ref") ? api.at(p.get("$ref").asString().substring(1)) : p;
                names.add(resolved.get("name").asString());
            }
            assertThat(names).contains("bbox", "bbox-crs", "crs", "limit", "cursor", "f");
            JsonNode featureId = api.at("/paths/~1collections~1" + id + "~1items~1{featureId}/get/parameters/0");
            assertThat(api.at(featureId.get("$ref").asString().substring(1))
                            .get("in")
                            .asString())
                    .isEqualTo("path");
        }
        assertThat(api.get("servers").get(0).get("url").asString()).isEqualTo(http.base() + "/ogc");
    }

    @Test
    void gdalListsAndReadsEveryCollection() throws Exception {
        Gdal gdal = new Gdal();
        String root = "OAPIF:http://127.0.0.1:" + port + "/ogc";
        String listing = gdal.run("ogrinfo", "-ro", "-so", root);
        assertThat(listing).contains("1: plots", "2: networks", "3: appeals", "4: regions");

        String plots = gdal.run("ogrinfo", "-ro", "-al", "-so", root + "/collections/plots");
        assertThat(plots).contains("Feature Count: 70", "cadastral_number");

        assertThat(gdal.countFeatures(root + "/collections/plots"))
                .isEqualTo(count("SELECT count(*) FROM land_plot WHERE retired_revision_id IS NULL"));
        assertThat(gdal.countFeatures(root + "/collections/networks")).isEqualTo(count("SELECT count(*) FROM network"));
        assertThat(gdal.countFeatures(root + "/collections/appeals"))
                .isEqualTo(
                        count(
                                "SELECT count(*) FROM appeal a JOIN appeal_category c ON c.code = a.category WHERE c.is_public"));
        assertThat(gdal.countFeatures(root + "/collections/regions"))
                .isEqualTo(count("SELECT count(*) FROM region WHERE geom IS NOT NULL"));
    }

    private String firstPlot() {
        return jdbc.sql("SELECT min(id)::text FROM land_plot WHERE retired_revision_id IS NULL")
                .query(String.class)
                .single();
    }

    private HttpResponse<String> accepting(String path, String accept) {
        return http.send(HttpRequest.newBuilder(http.uri(path))
                .header("Accept", accept)
                .GET()
                .build());
    }

    private static String contentType(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("Content-Type").orElse("");
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private List<String> strings(String sql) {
        return jdbc.sql(sql).query(String.class).list();
    }

    /** The one link of relation {@code rel}; null when there is none. */
    private static JsonNode link(JsonNode links, String rel) {
        return link(links, rel, null);
    }

    /** The one link of relation {@code rel} (and media type {@code type}, unless null); null when there is none. */
    private static JsonNode link(JsonNode links, String rel, String type) {
        JsonNode found = null;
        for (JsonNode link : links) {
            if (link.get("rel").asString().equals(rel)
                    && (type == null || link.get("type").asString().equals(type))) {
                assertThat(found).as("one link " + rel + " " + type).isNull();
                found = link;
            }
        }
        return found;
    }

    private static List<String> ids(JsonNode fc) {
        List<String> ids = new ArrayList<>();
        fc.get("features")
                .forEach(f -> ids.add(
                        f.get("id").isNumber()
                                ? Long.toString(f.get("id").asLong())
                                : f.get("id").asString()));
        return ids;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asString());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
