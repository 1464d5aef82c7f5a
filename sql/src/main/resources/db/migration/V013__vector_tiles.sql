-- Vector tiles: the per-zoom grid that draws plots at low zooms without reading every plot, and the
-- indexes that make the data versions behind the tiles' ETags cheap to read.

-- The data version of a plots layer reads max(updated_at) of each of its revisions' plots: with this
-- index that is one index-only probe per revision instead of a scan of the layer.
CREATE INDEX land_plot_revision_updated_idx ON land_plot (layer_revision_id, updated_at);
-- The data version of the appeal layer: its last change.
CREATE INDEX appeal_updated_idx ON appeal (updated_at);

-- The current plots of each layer counted per grid cell, for the zooms below the one where plots are
-- drawn as outlines (a z10 tile over a city holds a quarter of a million plots). A cell is the tile of
-- zoom z + 6 (64 × 64 cells per tile, 64 units of the 4096 extent), in Web Mercator XYZ numbering.
-- The application derives the rows from land_plot and rebuilds a layer's rows whenever the layer's
-- data version differs from the one in plot_tile_build: nothing else writes here.
CREATE TABLE plot_tile_cell (
    layer_id      integer NOT NULL REFERENCES layer (id) ON DELETE CASCADE,
    -- the zoom of the tiles the cell is drawn in
    z             smallint NOT NULL CHECK (z BETWEEN 0 AND 22),
    -- the tile that holds the cell (cell_x >> 6, cell_y >> 6)
    tile_x        integer NOT NULL,
    tile_y        integer NOT NULL,
    cell_x        integer NOT NULL,
    cell_y        integer NOT NULL,
    -- the plot filters of the tiles that can be answered from the cells
    status        varchar(32) NOT NULL,
    land_category varchar(32) NOT NULL,
    region_id     integer,
    plots         integer NOT NULL CHECK (plots > 0),
    -- sums of the plots' points on surface in EPSG:3857 metres: the cell is drawn at their mean
    sum_x         double precision NOT NULL,
    sum_y         double precision NOT NULL,
    -- every plot's area on the spheroid in hectares, rounded to 4 decimals as the API shows it,
    -- ascending: an area range is counted by binary search (width_bucket), not by reading the plots
    areas_ha      double precision[] NOT NULL
);
CREATE INDEX plot_tile_cell_tile_idx ON plot_tile_cell (z, tile_x, tile_y);
CREATE INDEX plot_tile_cell_layer_idx ON plot_tile_cell (layer_id);

-- The data version of each layer that plot_tile_cell was built from.
CREATE TABLE plot_tile_build (
    layer_id  integer PRIMARY KEY REFERENCES layer (id) ON DELETE CASCADE,
    version   text NOT NULL,
    plots     bigint NOT NULL,
    built_at  timestamptz NOT NULL DEFAULT now()
);
