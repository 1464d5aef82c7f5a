package kz.adalmap.api.customlayer;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A layer defined as data, as the definitions API reads and writes it. {@code attributes} and {@code
 * style} are the JSON that V021 describes ({@code layer.attribute_schema}, {@code layer.style}), stored
 * as they were sent once validated.
 *
 * @param region the KATO code of the region whose land editors keep the layer, null for a national layer
 * @param ownerAgency the code of the agency that owns the layer, or null
 * @param keyAttribute the attribute that identifies a feature between imports, or null (features are
 *     then known by their geometry)
 */
record LayerDefinition(
        String code,
        String titleKk,
        String titleRu,
        String titleEn,
        String descriptionKk,
        String descriptionRu,
        String descriptionEn,
        String geometryType,
        ArrayNode attributes,
        String keyAttribute,
        ObjectNode style,
        boolean isPublic,
        String region,
        String ownerAgency) {}
