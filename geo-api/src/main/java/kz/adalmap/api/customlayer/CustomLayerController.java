package kz.adalmap.api.customlayer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import kz.adalmap.api.common.geojson.FeatureCollectionWriter;
import kz.adalmap.api.common.web.Bbox;
import kz.adalmap.api.common.web.QueryParameters;
import kz.adalmap.api.config.AdalMapProperties;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The public catalogue of layers ({@code /api/v1/layers}) and the features of each custom layer as
 * GeoJSON, with filters built from its attribute schema ({@link CustomLayerFilter}) and the totals of a view.
 * Internal layers are not public and answered 404, like layers that do not exist.
 */
@RestController
@RequestMapping("/api/v1/layers")
class CustomLayerController {

    private final CustomLayerCatalogueQueries catalogue;
    private final CustomLayerFeatureQueries features;
    private final AdalMapProperties properties;
    private final JsonMapper json;

    CustomLayerController(
            CustomLayerCatalogueQueries catalogue,
            CustomLayerFeatureQueries features,
            AdalMapProperties properties,
            JsonMapper json) {
        this.catalogue = catalogue;
        this.features = features;
        this.properties = properties;
        this.json = json;
    }

    /** Every public layer, built-in and custom, with its titles, schema, style, version and links. */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    String layers(@RequestParam MultiValueMap<String, String> params) {
        QueryParameters.of(params, List.of());
        ObjectNode page = json.createObjectNode();
        ArrayNode layers = page.putArray("layers");
        for (CustomLayer layer : catalogue.publicLayers()) {
            layers.add(describe(layer));
        }
        return json.writeValueAsString(page);
    }

    /** One public layer as the catalogue lists it. */
    @GetMapping(value = "/{code}", produces = MediaType.APPLICATION_JSON_VALUE)
    String layer(@PathVariable String code, @RequestParam MultiValueMap<String, String> params) {
        CustomLayer layer = catalogue.publicLayer(code).orElseThrow(() -> CustomLayerNotFoundException.forCode(code));
        QueryParameters.of(params, List.of());
        return json.writeValueAsString(describe(layer));
    }

    /**
     * The published features of a custom layer in {@code bbox} (lon/lat, EPSG:4326) that match the
     * filters, ordered by id, {@code limit} a page, the next page linked with {@code after}.
     */
    @GetMapping("/{code}/features")
    ResponseEntity<StreamingResponseBody> features(
            @PathVariable String code, @RequestParam MultiValueMap<String, String> params) {
        CustomLayer layer = catalogue.publicCustomLayer(code);
        QueryParameters q = QueryParameters.of(params, with(List.of("bbox", "limit", "after"), layer));
        Bbox bbox = q.get("bbox").map(text -> Bbox.parse("bbox", text)).orElse(null);
        int limit = q.intInRange(
                "limit", 1, properties.api().maxPageSize(), properties.api().defaultPageSize());
        long after = q.cursor("after");
        CustomLayerFilter filter = CustomLayerFilter.parse(layer, q);
        LongFunction<String> next = FeatureCollectionWriter.nextLinksOfThisRequest();
        return ResponseEntity.ok()
                .contentType(FeatureCollectionWriter.GEO_JSON)
                .body(out -> features.writePage(filter, bbox, limit, after, out, next));
    }

    /**
     * The number of features in {@code bbox} matching the filters and, for every integer and number
     * attribute, the total of their values: {@code {"layer": …, "count": n, "sums": {"<attr>": total}}}.
     */
    @GetMapping(value = "/{code}/summary", produces = MediaType.APPLICATION_JSON_VALUE)
    String summary(@PathVariable String code, @RequestParam MultiValueMap<String, String> params) {
        CustomLayer layer = catalogue.publicCustomLayer(code);
        QueryParameters q = QueryParameters.of(params, with(List.of("bbox"), layer));
        Bbox bbox = q.get("bbox").map(text -> Bbox.parse("bbox", text)).orElse(null);
        ObjectNode answer = json.createObjectNode();
        answer.put("layer", layer.code());
        answer.setAll((ObjectNode) json.readTree(features.summary(CustomLayerFilter.parse(layer, q), bbox)));
        return json.writeValueAsString(answer);
    }

    private ObjectNode describe(CustomLayer layer) {
        ObjectNode node = json.createObjectNode();
        node.put("code", layer.code());
        node.put("kind", layer.kind());
        texts(node.putObject("title"), layer.title());
        texts(node.putObject("description"), layer.description());
        node.put("geometry_type", layer.geometryType());
        node.put("key_attribute", layer.keyAttribute());
        ArrayNode attributes = node.putArray("attributes");
        for (CustomAttribute a : layer.attributes()) {
            ObjectNode attribute = attributes.addObject();
            attribute.put("name", a.name());
            attribute.put("type", a.type());
            texts(attribute.putObject("label"), a.label());
            attribute.put("required", a.required());
            if (a.type().equals("enum")) {
                ArrayNode values = attribute.putArray("values");
                for (CustomAttribute.EnumValue v : a.values()) {
                    ObjectNode value = values.addObject().put("value", v.value());
                    texts(value.putObject("label"), v.label());
                }
            }
        }
        if (layer.style() == null) {
            node.putNull("style");
        } else {
            node.set("style", json.readTree(layer.style()));
        }
        node.put("version", layer.version());
        ObjectNode links = node.putObject("links");
        String base =
                ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        if (layer.custom()) {
            String self = base + "/api/v1/layers/" + layer.code();
            links.put("features", self + "/features");
            links.put("summary", self + "/summary");
            if (layer.attributes().stream().anyMatch(a -> a.type().equals("opening_hours"))) {
                links.put("nearest", self + "/nearest{?lon,lat,limit,open_now,at}");
            }
            links.put("tiles", base + "/tiles/layer/" + layer.code() + "/{z}/{x}/{y}.mvt");
            links.put("ogc", base + "/ogc/collections/" + layer.code());
            ArrayNode filters = node.putArray("filters");
            CustomLayerFilter.parameters(layer).forEach(filters::add);
        } else {
            // the built-in kinds are served together, whatever layer row published them
            links.put("features", base + "/ogc/collections/" + layer.kind() + "/items");
            links.put("tiles", base + "/tiles/" + layer.kind() + "/{z}/{x}/{y}.mvt");
            links.put("ogc", base + "/ogc/collections/" + layer.kind());
        }
        return node;
    }

    private static void texts(ObjectNode node, Texts texts) {
        node.put("kk", texts.kk());
        node.put("ru", texts.ru());
        node.put("en", texts.en());
    }

    private static List<String> with(List<String> first, CustomLayer layer) {
        List<String> all = new ArrayList<>(first);
        all.addAll(CustomLayerFilter.parameters(layer));
        return List.copyOf(all);
    }
}
