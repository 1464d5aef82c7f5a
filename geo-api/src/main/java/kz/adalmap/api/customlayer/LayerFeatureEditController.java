package kz.adalmap.api.customlayer;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.layer.ImportJobs;
import kz.adalmap.api.layer.LayerPermissions;
import kz.adalmap.api.security.StaffUser;
import kz.adalmap.importers.publish.CustomLayerEdits;
import kz.adalmap.importers.publish.FeatureRefusedException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Features of a layer defined as data drawn, changed and deleted on the map by the people who may
 * import into it (administrators, land editors of the layer's region). Each edit is a GeoJSON Feature
 * (EPSG:4326) validated like an imported one and published at once as a new revision, audited.
 */
@RestController
class LayerFeatureEditController {

    private static final int MAX_KEY = 200;

    private final ImportJobs jobs;
    private final LayerPermissions permissions;
    private final CustomLayerEdits edits = new CustomLayerEdits();

    LayerFeatureEditController(ImportJobs jobs, LayerPermissions permissions) {
        this.jobs = jobs;
        this.permissions = permissions;
    }

    @PostMapping("/api/v1/layers/{code}/features")
    ResponseEntity<CustomLayerEdits.Edited> add(
            @PathVariable String code, @RequestBody JsonNode feature, @AuthenticationPrincipal StaffUser user)
            throws SQLException {
        CustomLayerEdits.Edited edited = edit(code, CustomLayerEdits.Change.ADD, null, feature, user);
        return ResponseEntity.created(URI.create("/api/v1/layers/" + code + "/features/"
                        + URLEncoder.encode(edited.key(), StandardCharsets.UTF_8)
                                .replace("+", "%20")))
                .body(edited);
    }

    @PutMapping("/api/v1/layers/{code}/features/{key}")
    CustomLayerEdits.Edited replace(
            @PathVariable String code,
            @PathVariable String key,
            @RequestBody JsonNode feature,
            @AuthenticationPrincipal StaffUser user)
            throws SQLException {
        return edit(code, CustomLayerEdits.Change.REPLACE, key, feature, user);
    }

    @DeleteMapping("/api/v1/layers/{code}/features/{key}")
    CustomLayerEdits.Edited delete(
            @PathVariable String code, @PathVariable String key, @AuthenticationPrincipal StaffUser user)
            throws SQLException {
        return edit(code, CustomLayerEdits.Change.DELETE, key, null, user);
    }

    private CustomLayerEdits.Edited edit(
            String code, CustomLayerEdits.Change change, String key, JsonNode feature, StaffUser user)
            throws SQLException {
        if (!LayerDefinitionValidation.CODE.matcher(code).matches()) {
            throw InvalidParameterException.of("code", "a layer code is lower-case letters, digits, '-' or '_'");
        }
        if (key != null && (key.isBlank() || key.length() > MAX_KEY)) {
            throw InvalidParameterException.of("key", "a feature key is 1 to " + MAX_KEY + " characters");
        }
        String geometry = null;
        Map<String, String> properties = null;
        if (feature != null) {
            if (!feature.isObject() || !"Feature".equals(feature.path("type").asString(""))) {
                throw InvalidParameterException.of("type", "the body is a GeoJSON Feature: {\"type\": \"Feature\", …}");
            }
            JsonNode g = feature.get("geometry");
            if (g == null || !g.isObject()) {
                throw InvalidParameterException.of("geometry", "the feature needs a GeoJSON geometry (EPSG:4326)");
            }
            geometry = g.toString();
            properties = new LinkedHashMap<>();
            JsonNode p = feature.get("properties");
            if (p != null && !p.isNull()) {
                if (!p.isObject()) {
                    throw InvalidParameterException.of("properties", "the properties are a JSON object");
                }
                for (Map.Entry<String, JsonNode> e : p.properties()) {
                    JsonNode v = e.getValue();
                    if (v.isNull()) {
                        continue;
                    }
                    if (!v.isString() && !v.isNumber() && !v.isBoolean()) {
                        throw InvalidParameterException.of(
                                "properties." + e.getKey(), "a value is text, a number, true or false");
                    }
                    properties.put(e.getKey(), v.isString() ? v.asString() : v.toString());
                }
            }
        }
        Set<Integer> regions = permissions.editorRegions(user, code);
        // an internal layer of another region is none the user knows of: answered as a code that does not exist
        if (permissions.hiddenFrom(code, regions)) {
            throw new IllegalArgumentException("there is no layer defined as data with code " + code);
        }
        return edits.edit(
                jobs.target(),
                code,
                new CustomLayerEdits.Edit(change, key, geometry, properties),
                user.getUsername(),
                regions);
    }

    @ExceptionHandler
    ProblemDetail refused(FeatureRefusedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Feature refused");
        problem.setProperty(
                "issues",
                e.issues().stream()
                        .map(i -> Map.of("code", i.code(), "message", i.message()))
                        .toList());
        return problem;
    }
}
