-- Plots are placed otherwise from this version on, in Java, with nothing to change in the database: a
-- plot is counted in the region holding the largest share of its area, and in that region's district
-- holding the largest share of it, no longer where a point on its surface falls (for a plot across a
-- border, often its smaller part). An editor is refused a plot only when its largest share lies
-- outside their regions, and told where it lies and who imports it (outside_region_plot_in,
-- outside_region_plot_mostly_in, outside_region_plot_nowhere).
-- LayerImporter.READING_RULES names this migration: a draft made before it was checked otherwise, and
-- is imported again rather than published; a re-import after it reads every feature again. A
-- published plot keeps its region and district until it is drawn otherwise.
SELECT 1;
