package kz.adalmap.api.ogc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.QueryParameters;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OGC API – Features at {@code /ogc}: landing page, conformance, the OpenAPI definition, the collections,
 * and their features as GeoJSON in any supported CRS (Part 2). JSON only; {@code f=json} is accepted.
 */
@RestController
@RequestMapping("/ogc")
class OgcFeaturesController {

    /** The media type of an OpenAPI 3.0 definition in JSON. */
    static final MediaType OPENAPI = MediaType.parseMediaType("application/vnd.oai.openapi+json;version=3.0");

    /** The requirements classes implemented, by their official URIs. */
    static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs");

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
    private static final String GEO_JSON = ItemsQuery.GEO_JSON.toString();

    private final OgcQueries queries;
    private final OgcCatalog catalog;
    private final OpenApiDocument openApi;
    private final JsonMapper json;

    OgcFeaturesController(OgcQueries queries, OgcCatalog catalog, OpenApiDocument openApi, JsonMapper json) {
        this.queries = queries;
        this.catalog = catalog;
        this.openApi = openApi;
        this.json = json;
    }

    @GetMapping({"", "/"})
    ResponseEntity<String> landingPage(@RequestParam MultiValueMap<String, String> params) {
        jsonOnly(params);
        String base = base();
        ObjectNode page = json.createObjectNode();
        page.put("title", "AdalMap");
        page.put(
                "description",
                "Public maps of Kazakhstan's free land plots, engineering networks, regions and citizens' appeals"
                        + " (Adaldyq alańy programme), as OGC API – Features.");
        ArrayNode links = page.putArray("links");
        add(links, link("self", JSON, "This document", base));
        add(links, link("service-desc", OPENAPI.toString(), "The API definition (OpenAPI 3.0, JSON)", base + "/api"));
        add(links, link("service-doc", "text/html", "The API documentation", base + "/api.html"));
        add(links, link("conformance", JSON, "Conformance classes implemented", base + "/conformance"));
        add(links, link("data", JSON, "The feature collections", base + "/collections"));
        return json(page, MediaType.APPLICATION_JSON);
    }

    @GetMapping("/conformance")
    ResponseEntity<String> conformance(@RequestParam MultiValueMap<String, String> params) {
        jsonOnly(params);
        ObjectNode page = json.createObjectNode();
        ArrayNode classes = page.putArray("conformsTo");
        CONFORMANCE.forEach(classes::add);
        return json(page, MediaType.APPLICATION_JSON);
    }

    @GetMapping("/api")
    ResponseEntity<String> api(@RequestParam MultiValueMap<String, String> params) {
        jsonOnly(params);
        return json(openApi.build(base(), catalog.all()), OPENAPI);
    }

    @GetMapping("/api.html")
    ResponseEntity<String> apiDocumentation(@RequestParam MultiValueMap<String, String> params) {
        QueryParameters.of(params, List.of());
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(openApi.html(openApi.build(base(), catalog.all()), catalog.all()));
    }

    @GetMapping("/collections")
    ResponseEntity<String> collections(@RequestParam MultiValueMap<String, String> params) {
        jsonOnly(params);
        String base = base();
        ObjectNode page = json.createObjectNode();
        add(page.putArray("links"), link("self", JSON, "The feature collections", base + "/collections"));
        ArrayNode collections = page.putArray("collections");
        for (OgcCollection c : catalog.all()) {
            collections.add(collection(c, base));
        }
        return json(page, MediaType.APPLICATION_JSON);
    }

    @GetMapping("/collections/{collectionId}")
    ResponseEntity<String> collection(
            @PathVariable String collectionId, @RequestParam MultiValueMap<String, String> params) {
        OgcCollection c = catalog.byId(collectionId);
        jsonOnly(params);
        return json(collection(c, base()), MediaType.APPLICATION_JSON);
    }

    /**
     * The properties {@code items} of a collection can be filtered by, as a JSON Schema (OGC API – Features
     * Part 3's queryables resource): equality, values separated by commas.
     */
    @GetMapping("/collections/{collectionId}/queryables")
    ResponseEntity<String> queryables(
            @PathVariable String collectionId, @RequestParam MultiValueMap<String, String> params) {
        OgcCollection c = catalog.byId(collectionId);
        jsonOnly(params);
        ObjectNode schema = json.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", base() + "/collections/" + c.id() + "/queryables");
        schema.put("type", "object");
        schema.put("title", c.title());
        ObjectNode properties = schema.putObject("properties");
        for (OgcCollection.Property p : c.filters()) {
            ObjectNode property = properties.putObject(p.name());
            property.put("description", p.description());
            switch (p.type()) {
                case "date", "date-time" -> property.put("type", "string").put("format", p.type());
                default -> property.put("type", p.type());
            }
        }
        schema.put("additionalProperties", false);
        return json(schema, MediaType.parseMediaType("application/schema+json"));
    }

    /**
     * One page of features of a collection; see {@link ItemsQuery} for the parameters. The geometries are
     * in {@code crs} (default CRS84), as the {@code Content-Crs} header says.
     */
    @GetMapping("/collections/{collectionId}/items")
    ResponseEntity<StreamingResponseBody> items(
            @PathVariable String collectionId,
            @RequestParam MultiValueMap<String, String> params,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        OgcCollection c = catalog.byId(collectionId);
        ItemsQuery query = ItemsQuery.parse(c, params, accept);
        String base = base();
        // taken now: the body is written on another thread, outside this request's context
        UriComponentsBuilder self = ServletUriComponentsBuilder.fromCurrentRequest();
        String type = query.mediaType().toString();
        List<Map<String, String>> links = new ArrayList<>();
        links.add(link("self", type, "This page", self.build().toUriString()));
        links.add(alternate(self, query.mediaType()));
        links.add(link("collection", JSON, c.title(), base + "/collections/" + c.id()));
        return ResponseEntity.ok()
                .contentType(query.mediaType())
                .header("Content-Crs", query.crs().header())
                .body(out -> queries.writeItems(
                        c,
                        query,
                        out,
                        links,
                        lastKey -> link(
                                "next",
                                type,
                                "The next page",
                                self.cloneBuilder()
                                        .replaceQueryParam("cursor", ItemsQuery.encodeCursor(lastKey))
                                        .build()
                                        .toUriString())));
    }

    /** One feature by its id (see the {@code featureId} parameter of the API definition); 404 when unknown. */
    @GetMapping("/collections/{collectionId}/items/{featureId}")
    ResponseEntity<String> item(
            @PathVariable String collectionId,
            @PathVariable String featureId,
            @RequestParam MultiValueMap<String, String> params,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        OgcCollection c = catalog.byId(collectionId);
        ItemsQuery query = ItemsQuery.forFeature(params, accept);
        UriComponentsBuilder self = ServletUriComponentsBuilder.fromCurrentRequest();
        List<Map<String, String>> links = List.of(
                link(
                        "self",
                        query.mediaType().toString(),
                        "This feature",
                        self.build().toUriString()),
                alternate(self, query.mediaType()),
                link("collection", JSON, c.title(), base() + "/collections/" + c.id()));
        String feature = queries.feature(c, featureId, query.crs(), json.writeValueAsString(links))
                .orElseThrow(() -> OgcNotFoundException.forFeature(c, featureId));
        return ResponseEntity.ok()
                .contentType(query.mediaType())
                .header("Content-Crs", query.crs().header())
                .body(feature);
    }

    private ObjectNode collection(OgcCollection c, String base) {
        ObjectNode node = json.createObjectNode();
        node.put("id", c.id());
        node.put("title", c.title());
        node.put("description", c.description());
        node.put("itemType", "feature");
        queries.extent(c).ifPresent(box -> {
            ObjectNode spatial = node.putObject("extent").putObject("spatial");
            ArrayNode values = spatial.putArray("bbox").addArray();
            for (double v : box) {
                values.add(v);
            }
            spatial.put("crs", OgcCrs.CRS84.uri());
        });
        ArrayNode crs = node.putArray("crs");
        OgcCrs.uris().forEach(crs::add);
        node.put("storageCrs", OgcCrs.CRS84.uri());
        String self = base + "/collections/" + c.id();
        ArrayNode links = node.putArray("links");
        add(links, link("self", JSON, c.title(), self));
        add(links, link("items", GEO_JSON, c.title() + " as GeoJSON", self + "/items"));
        add(links, link("items", JSON, c.title() + " as JSON", self + "/items?f=json"));
        add(
                links,
                link(
                        "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                        "application/schema+json",
                        "The properties " + c.title() + " can be filtered by",
                        self + "/queryables"));
        return node;
    }

    /** The same resource in the other of the two JSON media types. */
    private static Map<String, String> alternate(UriComponentsBuilder self, MediaType current) {
        boolean geo = current.equals(ItemsQuery.GEO_JSON);
        return link(
                "alternate",
                geo ? JSON : GEO_JSON,
                geo ? "As JSON" : "As GeoJSON",
                self.cloneBuilder()
                        .replaceQueryParam("f", geo ? "json" : "geojson")
                        .build()
                        .toUriString());
    }

    private static Map<String, String> link(String rel, String type, String title, String href) {
        Map<String, String> link = new LinkedHashMap<>();
        link.put("href", href);
        link.put("rel", rel);
        link.put("type", type);
        link.put("title", title);
        return link;
    }

    private static void add(ArrayNode links, Map<String, String> link) {
        ObjectNode node = links.addObject();
        link.forEach(node::put);
    }

    /** Resources that exist only as JSON take {@code f=json} and nothing else. */
    private static void jsonOnly(MultiValueMap<String, String> params) {
        QueryParameters.of(params, List.of("f")).get("f").ifPresent(f -> {
            if (!f.equals("json")) {
                throw InvalidParameterException.of(
                        "f", "unsupported format '" + QueryParameters.abbreviate(f) + "'; this resource is only json");
            }
        });
    }

    private static String base() {
        return ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/ogc")
                .build()
                .toUriString();
    }

    private ResponseEntity<String> json(ObjectNode body, MediaType type) {
        return ResponseEntity.ok().contentType(type).body(json.writeValueAsString(body));
    }
}
