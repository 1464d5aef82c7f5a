-- A cadastral number is unique among the plots on the public map, not among every plot ever published.
-- A plot a revision dropped from its layer stays in land_plot with its history (retired_revision_id
-- set, V007), and kept its number to itself: when the plot left a district's free-land layer and the
-- same land appeared in the cadastral layer, publishing that layer failed on the number, and told the
-- editor to remove it from the layer where it was already gone. A number is now held by at most one
-- current plot; retired plots may share it with each other and with the current one. Who looks a plot
-- up by number takes the current plot, or the most recent one when all are retired.

ALTER TABLE land_plot DROP CONSTRAINT land_plot_cadastral_number_key;

-- a plot is current while retired_revision_id is null
CREATE UNIQUE INDEX land_plot_current_number_key ON land_plot (cadastral_number)
    WHERE retired_revision_id IS NULL;

-- every plot with a number, current or retired, is still found by it: the card, publishing, rollbacks
CREATE INDEX land_plot_cadastral_number_idx ON land_plot (cadastral_number);
