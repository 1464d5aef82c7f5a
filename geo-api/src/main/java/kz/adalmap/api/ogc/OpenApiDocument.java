package kz.adalmap.api.ogc;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.0 definition of the OGC API ({@code /ogc/api}) and the HTML page that renders it for
 * people ({@code /ogc/api.html}). Self-contained: every {@code $ref} points inside the document, since
 * clients may have no internet to fetch the OGC's shared schemas from.
 */
@Component
class OpenApiDocument {

    static final String VERSION = "3.0.3";

    private final JsonMapper json;

    OpenApiDocument(JsonMapper json) {
        this.json = json;
    }

    /** The definition, with {@code base} (the absolute URL of {@code /ogc}) as its server. */
    ObjectNode build(String base, List<OgcCollection> collections) {
        ObjectNode doc = json.createObjectNode();
        doc.put("openapi", VERSION);
        ObjectNode info = doc.putObject("info");
        info.put("title", "AdalMap OGC API – Features");
        info.put("version", "1.0.0");
        info.put(
                "description",
                "Public layers of AdalMap (land plots, engineering networks, citizens' appeals, regions) as"
                        + " OGC API – Features Part 1 (Core, GeoJSON, OpenAPI 3.0) and Part 2 (CRS by reference)."
                        + " Errors are RFC 9457 problem details; unknown query parameters are rejected with 400.");
        doc.putArray("servers").addObject().put("url", base).put("description", "this service");
        ArrayNode tags = doc.putArray("tags");
        tags.addObject().put("name", "Capabilities").put("description", "What the service offers");
        tags.addObject().put("name", "Data").put("description", "The collections and their features");

        ObjectNode paths = doc.putObject("paths");
        operation(paths, "/", "getLandingPage", "Landing page", "Links to the API definition, conformance and data.")
                .set("responses", responses("LandingPage"));
        operation(
                        paths,
                        "/conformance",
                        "getConformance",
                        "Conformance classes",
                        "The requirements classes implemented.")
                .set("responses", responses("Conformance"));
        ObjectNode api = operation(paths, "/api", "getApi", "This API definition", "OpenAPI 3.0, as JSON.");
        ObjectNode apiOk = ok("The OpenAPI definition");
        apiOk.putObject("content")
                .putObject(OgcFeaturesController.OPENAPI.toString())
                .putObject("schema")
                .put("type", "object");
        api.set("responses", withErrors(apiOk, false));
        ObjectNode html = operation(paths, "/api.html", "getApiDocumentation", "This API documented", "As HTML.");
        html.putArray("parameters");
        ObjectNode htmlOk = ok("The documentation");
        htmlOk.putObject("content").putObject("text/html").putObject("schema").put("type", "string");
        html.set("responses", withErrors(htmlOk, false));
        operation(paths, "/collections", "getCollections", "Collections", "The feature collections.")
                .set("responses", responses("Collections"));
        for (OgcCollection c : collections) {
            collectionPaths(paths, c);
        }

        ObjectNode components = doc.putObject("components");
        parameters(components.putObject("parameters"));
        schemas(components.putObject("schemas"), collections);
        responses(components.putObject("responses"));
        ObjectNode contentCrs = components.putObject("headers").putObject("Content-Crs");
        contentCrs.put(
                "description", "The CRS of the geometries, its URI in angle brackets (OGC API – Features Part 2)");
        contentCrs.putObject("schema").put("type", "string");
        return doc;
    }

    private void collectionPaths(ObjectNode paths, OgcCollection c) {
        String path = "/collections/" + c.id();
        operation(paths, path, "describeCollection_" + c.id(), c.title(), "Describes collection " + c.id() + ".")
                .set("responses", responses("Collection"));

        ObjectNode items = operation(
                paths,
                path + "/items",
                "getFeatures_" + c.id(),
                c.title() + ": features",
                c.description() + " Ordered by key, paged by the next link.");
        ArrayNode parameters = items.putArray("parameters");
        for (String p : List.of("bbox", "bbox-crs", "crs", "limit", "cursor")) {
            parameters.add(ref("parameters/" + p));
        }
        if (c.temporal().isPresent()) {
            parameters.add(ref("parameters/datetime"));
        }
        parameters.add(ref("parameters/f-features"));
        for (OgcCollection.Property p : c.filters()) {
            ObjectNode filter = parameters.addObject();
            filter.put("name", p.name());
            filter.put("in", "query");
            filter.put("required", false);
            filter.put("description", p.description() + "; features whose " + p.name() + " is one of these values");
            filter.put("style", "form");
            filter.put("explode", false);
            filter.putObject("schema").put("type", "array").putObject("items").put("type", "string");
        }
        ObjectNode itemsOk = ok("One page of features, as GeoJSON, in the CRS of the Content-Crs header");
        itemsOk.putObject("headers").set("Content-Crs", ref("headers/Content-Crs"));
        ObjectNode page = json.createObjectNode();
        ArrayNode allOf = page.putArray("allOf");
        allOf.add(ref("schemas/featureCollectionGeoJSON"));
        allOf.addObject()
                .put("type", "object")
                .putObject("properties")
                .putObject("features")
                .put("type", "array")
                .set("items", ref("schemas/" + c.id() + "Feature"));
        geoJsonContent(itemsOk, page);
        items.set("responses", withErrors(itemsOk, true));

        ObjectNode item = operation(
                paths,
                path + "/items/{featureId}",
                "getFeature_" + c.id(),
                c.title() + ": one feature",
                "One feature by its id; 404 when there is none.");
        ArrayNode itemParameters = item.putArray("parameters");
        itemParameters.add(ref("parameters/featureId"));
        itemParameters.add(ref("parameters/crs"));
        itemParameters.add(ref("parameters/f-features"));
        ObjectNode itemOk = ok("The feature, as GeoJSON, in the CRS of the Content-Crs header");
        itemOk.putObject("headers").set("Content-Crs", ref("headers/Content-Crs"));
        geoJsonContent(itemOk, ref("schemas/" + c.id() + "Feature"));
        item.set("responses", withErrors(itemOk, true));
    }

    private ObjectNode operation(ObjectNode paths, String path, String id, String summary, String description) {
        ObjectNode get = paths.putObject(path).putObject("get");
        get.putArray("tags").add(path.startsWith("/collections") ? "Data" : "Capabilities");
        get.put("summary", summary);
        get.put("description", description);
        get.put("operationId", id);
        get.putArray("parameters").add(ref("parameters/f"));
        return get;
    }

    private ObjectNode responses(String ok) {
        ObjectNode responses = json.createObjectNode();
        responses.set("200", ref("responses/" + ok));
        responses.set("400", ref("responses/InvalidParameter"));
        if (ok.equals("Collection")) {
            responses.set("404", ref("responses/NotFound"));
        }
        responses.set("500", ref("responses/ServerError"));
        return responses;
    }

    private ObjectNode withErrors(ObjectNode ok, boolean notFound) {
        ObjectNode responses = json.createObjectNode();
        responses.set("200", ok);
        responses.set("400", ref("responses/InvalidParameter"));
        if (notFound) {
            responses.set("404", ref("responses/NotFound"));
        }
        responses.set("500", ref("responses/ServerError"));
        return responses;
    }

    private ObjectNode ok(String description) {
        return json.createObjectNode().put("description", description);
    }

    private static void geoJsonContent(ObjectNode response, ObjectNode schema) {
        ObjectNode content = response.putObject("content");
        content.putObject("application/geo+json").set("schema", schema);
        content.putObject("application/json").set("schema", schema.deepCopy());
    }

    private ObjectNode ref(String path) {
        return json.createObjectNode().put("$ref", "#/components/" + path);
    }

    private void parameters(ObjectNode parameters) {
        query(parameters, "f", "f", "The format of the answer; JSON is the only one of this resource.")
                .putObject("schema")
                .put("type", "string")
                .putArray("enum")
                .add("json");
        query(
                        parameters,
                        "f-features",
                        "f",
                        "geojson (application/geo+json, the default) or json (the same GeoJSON as application/json);"
                                + " without f the Accept header decides.")
                .putObject("schema")
                .put("type", "string")
                .putArray("enum")
                .add("geojson")
                .add("json");

        ObjectNode bbox = query(
                parameters,
                "bbox",
                "Only features that intersect the box minLon,minLat,maxLon,maxLat (CRS84), or the box in the axis"
                        + " order of bbox-crs (EPSG:4326: minLat,minLon,maxLat,maxLon; projected: minX,minY,maxX,maxY)."
                        + " A geographic box with minLon greater than maxLon crosses the antimeridian.");
        bbox.put("style", "form").put("explode", false);
        bbox.putObject("schema")
                .put("type", "array")
                .put("minItems", 4)
                .put("maxItems", 4)
                .putObject("items")
                .put("type", "number");

        crsParameter(parameters, "bbox-crs", "The CRS of bbox (default CRS84).");
        crsParameter(parameters, "crs", "The CRS of the geometries in the answer (default CRS84).");

        ObjectNode limit =
                query(parameters, "limit", "Features per page; 400 outside 1.." + ItemsQuery.MAX_LIMIT + ".");
        limit.put("style", "form").put("explode", false);
        limit.putObject("schema")
                .put("type", "integer")
                .put("minimum", 1)
                .put("maximum", ItemsQuery.MAX_LIMIT)
                .put("default", ItemsQuery.DEFAULT_LIMIT);

        query(parameters, "cursor", "Where a page starts; take it from the next link, it has no other meaning.")
                .putObject("schema")
                .put("type", "string");

        query(
                        parameters,
                        "datetime",
                        "An RFC 3339 instant or an interval start/end (.. or nothing for an open end): only features"
                                + " whose time (last change of a plot, publication of a network, submission of an"
                                + " appeal) is in it.")
                .putObject("schema")
                .put("type", "string");

        ObjectNode featureId = parameters.putObject("featureId");
        featureId.put("name", "featureId");
        featureId.put("in", "path");
        featureId.put("required", true);
        featureId.put(
                "description",
                "The id of the feature: a number for plots and networks, the tracking code of an"
                        + " appeal, the KATO code of a region.");
        featureId.putObject("schema").put("type", "string");
    }

    private void crsParameter(ObjectNode parameters, String name, String description) {
        ObjectNode crs = query(
                parameters, name, description + " The CRS's URI; EPSG:4326 is latitude first, CRS84 longitude first.");
        ObjectNode schema = crs.putObject("schema").put("type", "string").put("format", "uri");
        ArrayNode values = schema.putArray("enum");
        OgcCrs.uris().forEach(values::add);
        schema.put("default", OgcCrs.CRS84.uri());
    }

    private static ObjectNode query(ObjectNode parameters, String name, String description) {
        return query(parameters, name, name, description);
    }

    private static ObjectNode query(ObjectNode parameters, String key, String name, String description) {
        ObjectNode p = parameters.putObject(key);
        p.put("name", name);
        p.put("in", "query");
        p.put("required", false);
        p.put("description", description);
        return p;
    }

    private void schemas(ObjectNode schemas, List<OgcCollection> served) {
        ObjectNode link = object(schemas.putObject("link"), "href", "rel");
        ObjectNode lp = link.putObject("properties");
        lp.putObject("href").put("type", "string");
        lp.putObject("rel").put("type", "string");
        lp.putObject("type").put("type", "string");
        lp.putObject("hreflang").put("type", "string");
        lp.putObject("title").put("type", "string");
        lp.putObject("length").put("type", "integer");

        ObjectNode landing = object(schemas.putObject("landingPage"), "links");
        ObjectNode landingProperties = landing.putObject("properties");
        landingProperties.putObject("title").put("type", "string");
        landingProperties.putObject("description").put("type", "string");
        links(landingProperties);

        ObjectNode conformance = object(schemas.putObject("confClasses"), "conformsTo");
        conformance
                .putObject("properties")
                .putObject("conformsTo")
                .put("type", "array")
                .putObject("items")
                .put("type", "string");

        ObjectNode extent = schemas.putObject("extent").put("type", "object");
        ObjectNode spatial = extent.putObject("properties").putObject("spatial").put("type", "object");
        ObjectNode spatialProperties = spatial.putObject("properties");
        spatialProperties
                .putObject("bbox")
                .put("type", "array")
                .put("minItems", 1)
                .putObject("items")
                .put("type", "array")
                .put("minItems", 4)
                .put("maxItems", 4)
                .putObject("items")
                .put("type", "number");
        spatialProperties.putObject("crs").put("type", "string").put("default", OgcCrs.CRS84.uri());

        ObjectNode collection = object(schemas.putObject("collection"), "id", "links");
        ObjectNode cp = collection.putObject("properties");
        cp.putObject("id").put("type", "string");
        cp.putObject("title").put("type", "string");
        cp.putObject("description").put("type", "string");
        links(cp);
        cp.set("extent", ref("schemas/extent"));
        cp.putObject("itemType").put("type", "string").put("default", "feature");
        cp.putObject("crs").put("type", "array").putObject("items").put("type", "string");
        cp.putObject("storageCrs").put("type", "string");

        ObjectNode collections = object(schemas.putObject("collections"), "links", "collections");
        ObjectNode csp = collections.putObject("properties");
        links(csp);
        csp.putObject("collections").put("type", "array").set("items", ref("schemas/collection"));
        csp.putObject("crs").put("type", "array").putObject("items").put("type", "string");

        ObjectNode geometry = object(schemas.putObject("geometryGeoJSON"), "type");
        ObjectNode gp = geometry.putObject("properties");
        ArrayNode types = gp.putObject("type").put("type", "string").putArray("enum");
        for (String t : List.of("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")) {
            types.add(t);
        }
        gp.putObject("coordinates").put("type", "array").putObject("items").put("type", "array");

        ObjectNode feature = object(schemas.putObject("featureGeoJSON"), "type", "geometry", "properties");
        ObjectNode fp = feature.putObject("properties");
        fp.putObject("type").put("type", "string").putArray("enum").add("Feature");
        ObjectNode featureGeometry = fp.putObject("geometry").put("nullable", true);
        featureGeometry.putArray("allOf").add(ref("schemas/geometryGeoJSON"));
        fp.putObject("properties").put("type", "object").put("nullable", true);
        ArrayNode idTypes = fp.putObject("id").putArray("oneOf");
        idTypes.addObject().put("type", "string");
        idTypes.addObject().put("type", "integer");
        links(fp);

        ObjectNode fc = object(schemas.putObject("featureCollectionGeoJSON"), "type", "features");
        ObjectNode fcp = fc.putObject("properties");
        fcp.putObject("type").put("type", "string").putArray("enum").add("FeatureCollection");
        fcp.putObject("features").put("type", "array").set("items", ref("schemas/featureGeoJSON"));
        links(fcp);
        fcp.putObject("timeStamp").put("type", "string").put("format", "date-time");
        fcp.putObject("numberMatched").put("type", "integer").put("minimum", 0);
        fcp.putObject("numberReturned").put("type", "integer").put("minimum", 0);

        for (OgcCollection c : served) {
            ObjectNode properties = schemas.putObject(c.id() + "Properties").put("type", "object");
            ObjectNode each = properties.putObject("properties");
            for (OgcCollection.Property p : c.properties()) {
                ObjectNode s = each.putObject(p.name());
                switch (p.type()) {
                    case "date", "date-time" -> s.put("type", "string").put("format", p.type());
                    default -> s.put("type", p.type());
                }
                s.put("nullable", true);
                s.put("description", p.description());
            }
            ObjectNode typed = schemas.putObject(c.id() + "Feature");
            ArrayNode allOf = typed.putArray("allOf");
            allOf.add(ref("schemas/featureGeoJSON"));
            ObjectNode own = allOf.addObject().put("type", "object");
            ObjectNode ownProperties = own.putObject("properties");
            ownProperties.set("properties", ref("schemas/" + c.id() + "Properties"));
            ObjectNode ownGeometry = ownProperties.putObject("geometry").put("type", "object");
            ArrayNode geometryTypes = ownGeometry
                    .putObject("properties")
                    .putObject("type")
                    .put("type", "string")
                    .putArray("enum");
            c.geometryTypes().forEach(geometryTypes::add);
            ownProperties.putObject("id").put("type", c.numericFeatureId() ? "integer" : "string");
        }

        ObjectNode problem = schemas.putObject("exception").put("type", "object");
        problem.put("description", "RFC 9457 problem details");
        ObjectNode pp = problem.putObject("properties");
        pp.putObject("type").put("type", "string");
        pp.putObject("title").put("type", "string");
        pp.putObject("status").put("type", "integer");
        pp.putObject("detail").put("type", "string");
        pp.putObject("instance").put("type", "string");
        pp.putObject("parameter").put("type", "string").put("description", "the request parameter that was wrong");
    }

    private ObjectNode object(ObjectNode schema, String... required) {
        schema.put("type", "object");
        ArrayNode r = schema.putArray("required");
        for (String name : required) {
            r.add(name);
        }
        return schema;
    }

    private void links(ObjectNode properties) {
        properties.putObject("links").put("type", "array").set("items", ref("schemas/link"));
    }

    private void responses(ObjectNode responses) {
        for (Map.Entry<String, String> r : Map.of(
                        "LandingPage", "landingPage",
                        "Conformance", "confClasses",
                        "Collections", "collections",
                        "Collection", "collection")
                .entrySet()) {
            ObjectNode response = responses.putObject(r.getKey());
            response.put("description", "The " + r.getValue() + " document");
            response.putObject("content").putObject("application/json").set("schema", ref("schemas/" + r.getValue()));
        }
        problem(responses, "InvalidParameter", "A query parameter is unknown, malformed or out of range; it is named");
        problem(responses, "NotFound", "No such collection or feature");
        problem(responses, "ServerError", "The server could not answer; it has been logged");
    }

    private void problem(ObjectNode responses, String name, String description) {
        ObjectNode response = responses.putObject(name);
        response.put("description", description);
        response.putObject("content").putObject("application/problem+json").set("schema", ref("schemas/exception"));
    }

    /** A plain HTML page that lists every path of {@code doc}, with its parameters, for people. */
    String html(ObjectNode doc, List<OgcCollection> collections) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        String title = esc(doc.get("info").get("title").asString());
        out.append("<title>").append(title).append("</title>");
        out.append("<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
                + "code{background:#f3f3f3}td,th{text-align:left;vertical-align:top;padding:.2em .6em}</style>");
        out.append("</head><body><h1>").append(title).append("</h1>");
        out.append("<p>")
                .append(esc(doc.get("info").get("description").asString()))
                .append("</p>");
        String server = doc.get("servers").get(0).get("url").asString();
        out.append("<p>Base URL: <code>").append(esc(server)).append("</code>. The machine-readable definition is ");
        out.append("<a href=\"").append(esc(server)).append("/api\">OpenAPI 3.0 JSON</a>.</p>");
        out.append("<h2>Collections</h2><ul>");
        for (OgcCollection c : collections) {
            String items = server + "/collections/" + c.id() + "/items";
            out.append("<li><a href=\"")
                    .append(esc(server + "/collections/" + c.id()))
                    .append("\"><code>")
                    .append(esc(c.id()))
                    .append("</code></a> — ")
                    .append(esc(c.title()))
                    .append(": ")
                    .append(esc(c.description()))
                    .append(" <a href=\"")
                    .append(esc(items))
                    .append("\">features</a></li>");
        }
        out.append("</ul><h2>Paths</h2>");
        JsonNode parameters = doc.get("components").get("parameters");
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            JsonNode get = path.getValue().get("get");
            out.append("<h3><code>GET ")
                    .append(esc(path.getKey()))
                    .append("</code></h3><p>")
                    .append(esc(get.get("summary").asString()))
                    .append(". ")
                    .append(esc(get.get("description").asString()))
                    .append("</p>");
            if (!get.get("parameters").isEmpty()) {
                out.append("<table><tr><th>parameter</th><th>in</th><th>meaning</th></tr>");
                for (JsonNode p : get.get("parameters")) {
                    JsonNode resolved = p.has("$ref")
                            ? parameters.get(p.get("$ref").asString().substring("#/components/parameters/".length()))
                            : p;
                    out.append("<tr><td><code>")
                            .append(esc(resolved.get("name").asString()))
                            .append("</code></td><td>")
                            .append(esc(resolved.get("in").asString()))
                            .append("</td><td>")
                            .append(esc(resolved.get("description").asString()))
                            .append("</td></tr>");
                }
                out.append("</table>");
            }
        }
        return out.append("</body></html>\n").toString();
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s, "UTF-8");
    }
}
