package kz.adalmap.api.customlayer;

import java.net.URI;
import java.util.List;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.security.StaffUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Departments define their layers as data: titles, geometry type, attribute schema, style, public or
 * internal, region and owner. Anyone reads the public definitions; staff also read the internal ones
 * they keep. Creating and changing a definition is for administrators and the land editors of the
 * layer's region ({@link LayerDefinitionService}).
 */
@RestController
class LayerDefinitionController {

    private final LayerDefinitionService service;

    LayerDefinitionController(LayerDefinitionService service) {
        this.service = service;
    }

    /** The definitions the asker may see; with {@code changeable=true}, those whose features they may import and edit. */
    @GetMapping("/api/v1/layer-definitions")
    List<LayerDefinitionQueries.Stored> list(
            @RequestParam(required = false) Boolean changeable, @AuthenticationPrincipal StaffUser user) {
        return Boolean.TRUE.equals(changeable) ? service.changeable(user) : service.visible(user);
    }

    @GetMapping("/api/v1/layer-definitions/{code}")
    LayerDefinitionQueries.Stored one(@PathVariable String code, @AuthenticationPrincipal StaffUser user) {
        checkCode(code);
        return service.find(code, user);
    }

    @PostMapping("/api/v1/layer-definitions")
    ResponseEntity<LayerDefinitionQueries.Stored> define(
            @RequestBody JsonNode body, @AuthenticationPrincipal StaffUser user) {
        LayerDefinitionQueries.Stored created = service.define(LayerDefinitionValidation.read(body, null), user);
        return ResponseEntity.created(URI.create("/api/v1/layer-definitions/" + created.code()))
                .body(created);
    }

    @PutMapping("/api/v1/layer-definitions/{code}")
    LayerDefinitionQueries.Stored redefine(
            @PathVariable String code, @RequestBody JsonNode body, @AuthenticationPrincipal StaffUser user) {
        checkCode(code);
        return service.redefine(LayerDefinitionValidation.read(body, code), user);
    }

    private static void checkCode(String code) {
        if (!LayerDefinitionValidation.CODE.matcher(code).matches()) {
            throw InvalidParameterException.of("code", "a layer code is lower-case letters, digits, '-' or '_'");
        }
    }

    @ExceptionHandler
    ProblemDetail conflict(LayerDefinitionConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Not possible now");
        problem.setProperty("parameter", e.field());
        return problem;
    }
}
