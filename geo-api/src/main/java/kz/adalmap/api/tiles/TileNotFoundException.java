package kz.adalmap.api.tiles;

import java.util.Arrays;
import java.util.stream.Collectors;
import kz.adalmap.api.common.web.NotFoundException;
import kz.adalmap.api.common.web.QueryParameters;

/** The URL names a tile layer that does not exist. */
class TileNotFoundException extends NotFoundException {

    private TileNotFoundException(String message) {
        super(message);
    }

    static TileNotFoundException forLayer(String layer) {
        return new TileNotFoundException("There is no tile layer '" + QueryParameters.abbreviate(layer)
                + "'; the layers are "
                + Arrays.stream(TileLayer.values()).map(TileLayer::id).collect(Collectors.joining(", ")) + ".");
    }
}
