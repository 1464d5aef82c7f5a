-- A plot without a cadastral number is known by its outline: its key is a hash of its geometry
-- (plot_key). Drawn again a little differently — moved by a fraction of a millimetre on its way
-- through another coordinate system and back, or its boundary corrected by a metre — it became
-- another plot: the published one was retired and a new one added, and the plot's public history
-- of statuses ended with the old one. An import now takes a feature without a number that covers
-- most of a numberless plot of the layer, and is mostly covered by it, for that plot (one to one).
-- The plot keeps the key it was first published under, here, and is found by it; plots whose
-- outline is their key leave it empty.
ALTER TABLE land_plot ADD COLUMN kept_key text;

-- the key of a numberless plot, kept or of its outline: how publishing and the diff find it
CREATE INDEX land_plot_numberless_key_idx ON land_plot (coalesce(kept_key, plot_key(NULL::text, geom)))
    WHERE cadastral_number IS NULL;
