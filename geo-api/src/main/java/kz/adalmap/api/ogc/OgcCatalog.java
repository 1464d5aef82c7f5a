package kz.adalmap.api.ogc;

import java.util.ArrayList;
import java.util.List;
import kz.adalmap.api.customlayer.CustomLayer;
import kz.adalmap.api.customlayer.CustomLayerCatalogueQueries;
import org.springframework.stereotype.Component;

/**
 * The collections the OGC API serves now: the built-in ones, then one per public custom layer, read
 * from the database on each request so that a layer published a moment ago is there. A custom layer
 * whose code is a built-in collection's id is not served here.
 */
@Component
class OgcCatalog {

    private final CustomLayerCatalogueQueries layers;

    OgcCatalog(CustomLayerCatalogueQueries layers) {
        this.layers = layers;
    }

    List<OgcCollection> all() {
        List<OgcCollection> all = new ArrayList<>(OgcCollection.BUILT_IN);
        for (CustomLayer layer : layers.publicCustomLayers()) {
            if (!builtIn(layer.code())) {
                all.add(OgcCollection.custom(layer));
            }
        }
        return all;
    }

    /** The collection named {@code id} in a URL; 404 when there is none (or it is not public). */
    OgcCollection byId(String id) {
        for (OgcCollection c : OgcCollection.BUILT_IN) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        return layers.publicLayer(id)
                .filter(CustomLayer::custom)
                .map(OgcCollection::custom)
                .orElseThrow(() -> OgcNotFoundException.forCollection(
                        id, all().stream().map(OgcCollection::id).toList()));
    }

    private static boolean builtIn(String id) {
        return OgcCollection.BUILT_IN.stream().anyMatch(c -> c.id().equals(id));
    }
}
