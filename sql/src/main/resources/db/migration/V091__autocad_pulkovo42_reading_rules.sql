-- Files are read otherwise from this version on, in Java, with nothing to change in the database: a
-- coordinate system whose datum is named as AutoCAD Map 3D names Pulkovo 1942 («Pulkovo42», of its
-- systems «Pulkovo42.GK6d-14», «Pulkovo42.GK3d-28» and «LL-Pulkovo42»), with no shift of its own, is
-- read as Pulkovo 1942, with the shift to WGS 84 PROJ gives it, no longer without a datum shift,
-- which placed every plot some 40 to 100 m from where it is in Kazakhstan.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published; a re-import after it reads every feature again.
SELECT 1;
