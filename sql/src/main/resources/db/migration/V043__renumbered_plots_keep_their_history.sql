-- A plot that is registered (given its first cadastral number) or renumbered (the same outline
-- under another number, a typo in the number corrected) changes its key: the key of a plot is its
-- number, or its outline's when it has none. The import took it for a plot removed and a new one
-- added: the plot's public history of statuses ended, the new number started one of its own, and a
-- status changed at the same time (free when offered, allocated when registered) was on record
-- nowhere. An import now takes a feature under a new key that covers most of a plot of the layer
-- whose key the file no longer has, and is mostly covered by it (one to one, neither merged with
-- nor split from another), for that plot: it keeps its id and history and takes the new number.

-- The key of the layer's plot a row of the revision takes over when it is not the row's own key
-- (plot_key): the number it had, or its outline's key when it had none. Null for every other row.
ALTER TABLE plot_snapshot ADD COLUMN previous_key text;

-- For a changed plot that changed its key: the key it had (the diff's lists show the number change).
ALTER TABLE revision_change ADD COLUMN previous_key text;
