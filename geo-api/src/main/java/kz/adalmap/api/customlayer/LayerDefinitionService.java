package kz.adalmap.api.customlayer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import kz.adalmap.api.audit.AuditLog;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.layer.LayerPermissions;
import kz.adalmap.api.security.StaffUser;
import kz.adalmap.importers.publish.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Who may define and change which layer, and what may change once features are public. An
 * administrator defines any layer, national or of a region; a land editor only layers of their own
 * regions (the same rule as for importing into them). Internal layers are seen only by those who may
 * change them. Every definition and change is written to the audit log in its transaction.
 */
@Service
class LayerDefinitionService {

    private final LayerDefinitionQueries queries;
    private final AuditLog audit;

    LayerDefinitionService(LayerDefinitionQueries queries, AuditLog audit) {
        this.queries = queries;
        this.audit = audit;
    }

    /** The layers the user may see: the public ones, and the internal ones they may change. */
    @Transactional(readOnly = true)
    List<LayerDefinitionQueries.Stored> visible(StaffUser user) {
        return queries.all().stream()
                .filter(l -> l.isPublic() || mayChange(user, l.region(), l.ownerAgency()))
                .toList();
    }

    @Transactional(readOnly = true)
    LayerDefinitionQueries.Stored find(String code, StaffUser user) {
        return queries.find(code)
                .filter(l -> l.isPublic() || mayChange(user, l.region(), l.ownerAgency()))
                .orElseThrow(() -> LayerDefinitionNotFoundException.forCode(code));
    }

    /** The layers whose features the user may import and edit. */
    @Transactional(readOnly = true)
    List<LayerDefinitionQueries.Stored> changeable(StaffUser user) {
        return queries.all().stream()
                .filter(l -> mayChange(user, l.region(), l.ownerAgency()))
                .toList();
    }

    @Transactional
    LayerDefinitionQueries.Stored define(LayerDefinition d, StaffUser user) {
        checkMayChange(user, d.region(), d.ownerAgency(), d.code());
        if (queries.codeTaken(d.code())) {
            throw LayerDefinitionConflictException.codeTaken(d.code());
        }
        queries.insert(d, regionId(d.region()), agencyId(d.ownerAgency()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("geometryType", d.geometryType());
        details.put("attributes", names(d.attributes()));
        details.put("public", d.isPublic());
        details.put("region", d.region());
        audit.record(user.getUsername(), "layer.define", "layer", d.code(), details);
        return queries.find(d.code()).orElseThrow();
    }

    @Transactional
    LayerDefinitionQueries.Stored redefine(LayerDefinition d, StaffUser user) {
        LayerDefinitionQueries.Stored old = queries.find(d.code())
                .filter(l -> l.isPublic() || mayChange(user, l.region(), l.ownerAgency()))
                .orElseThrow(() -> LayerDefinitionNotFoundException.forCode(d.code()));
        checkMayChange(user, old.region(), old.ownerAgency(), d.code());
        checkMayChange(user, d.region(), d.ownerAgency(), d.code());
        if (old.everPublished()) {
            checkSchemaOnlyGrows(old, d);
        }
        queries.update(d, regionId(d.region()), agencyId(d.ownerAgency()));
        LayerDefinitionQueries.Stored now = queries.find(d.code()).orElseThrow();
        audit.record(user.getUsername(), "layer.redefine", "layer", d.code(), Map.of("changed", changed(old, now)));
        return now;
    }

    /**
     * Features already public must still fit: the geometry type and the key stay, every attribute keeps
     * its name, type and whether it is required, and an enum keeps its values.
     */
    private static void checkSchemaOnlyGrows(LayerDefinitionQueries.Stored old, LayerDefinition d) {
        if (!old.geometryType().equals(d.geometryType())) {
            throw LayerDefinitionConflictException.published(
                    "geometryType", "the geometry type cannot change from " + old.geometryType());
        }
        if (!Objects.equals(old.keyAttribute(), d.keyAttribute())) {
            throw LayerDefinitionConflictException.published(
                    "keyAttribute", "the key attribute cannot change from " + old.keyAttribute());
        }
        Map<String, JsonNode> sent = new LinkedHashMap<>();
        d.attributes().forEach(a -> sent.put(a.path("name").asString(), a));
        Set<String> before = names(old.attributes()).stream().collect(Collectors.toSet());
        for (JsonNode a : old.attributes()) {
            String name = a.path("name").asString();
            JsonNode now = sent.get(name);
            if (now == null) {
                throw LayerDefinitionConflictException.published(
                        "attributes", "the attribute " + name + " cannot be removed");
            }
            if (!a.path("type").asString().equals(now.path("type").asString())) {
                throw LayerDefinitionConflictException.published(
                        "attributes",
                        "the attribute " + name + " cannot change its type from "
                                + a.path("type").asString());
            }
            if (a.path("required").asBoolean(false) != now.path("required").asBoolean(false)) {
                throw LayerDefinitionConflictException.published(
                        "attributes",
                        "the attribute " + name + " cannot become "
                                + (now.path("required").asBoolean(false) ? "required" : "optional"));
            }
            Set<String> values = new java.util.HashSet<>();
            now.path("values").forEach(v -> values.add(v.path("value").asString()));
            for (JsonNode v : a.path("values")) {
                if (!values.contains(v.path("value").asString())) {
                    throw LayerDefinitionConflictException.published(
                            "attributes",
                            "the value " + v.path("value").asString() + " of " + name + " cannot be removed");
                }
            }
        }
        for (Map.Entry<String, JsonNode> a : sent.entrySet()) {
            if (!before.contains(a.getKey()) && a.getValue().path("required").asBoolean(false)) {
                throw LayerDefinitionConflictException.published(
                        "attributes",
                        "the new attribute " + a.getKey()
                                + " must be optional: published features have no value for it");
            }
        }
    }

    /** Whether the user may define or change a layer of this region owned by this agency (see LayerPermissions). */
    static boolean mayChange(StaffUser user, String regionKato, String ownerAgency) {
        return LayerPermissions.mayChange(user, regionKato, ownerAgency);
    }

    private static void checkMayChange(StaffUser user, String regionKato, String ownerAgency, String code) {
        if (!mayChange(user, regionKato, ownerAgency)) {
            throw new AccessDeniedException(user.getUsername() + " may not define or change layer " + code + ": "
                    + (regionKato == null
                            ? "a national layer (without a region) is kept by administrators and the officials of"
                                    + " the agency that owns it"
                            : "it belongs to region " + regionKato + ", which is not yours, and is not owned by"
                                    + " your agency"));
        }
    }

    private Integer regionId(String kato) {
        return kato == null
                ? null
                : queries.regionId(kato)
                        .orElseThrow(() -> InvalidParameterException.of("region", "no region has KATO code " + kato));
    }

    private Integer agencyId(String code) {
        return code == null
                ? null
                : queries.agencyId(code)
                        .orElseThrow(() -> InvalidParameterException.of("ownerAgency", "no agency has code " + code));
    }

    private static List<String> names(JsonNode attributes) {
        List<String> out = new ArrayList<>();
        attributes.forEach(a -> out.add(a.path("name").asString()));
        return out;
    }

    /** The fields whose value differs between two versions of a definition. */
    private static List<String> changed(LayerDefinitionQueries.Stored a, LayerDefinitionQueries.Stored b) {
        List<String> out = new ArrayList<>();
        Object[][] pairs = {
            {"titleKk", a.titleKk(), b.titleKk()},
            {"titleRu", a.titleRu(), b.titleRu()},
            {"titleEn", a.titleEn(), b.titleEn()},
            {"descriptionKk", a.descriptionKk(), b.descriptionKk()},
            {"descriptionRu", a.descriptionRu(), b.descriptionRu()},
            {"descriptionEn", a.descriptionEn(), b.descriptionEn()},
            {"geometryType", a.geometryType(), b.geometryType()},
            {"attributes", a.attributes(), b.attributes()},
            {"keyAttribute", a.keyAttribute(), b.keyAttribute()},
            {"style", a.style(), b.style()},
            {"public", a.isPublic(), b.isPublic()},
            {"region", a.region(), b.region()},
            {"ownerAgency", a.ownerAgency(), b.ownerAgency()}
        };
        for (Object[] p : pairs) {
            if (!Objects.equals(p[1], p[2])) {
                out.add((String) p[0]);
            }
        }
        return out;
    }
}
