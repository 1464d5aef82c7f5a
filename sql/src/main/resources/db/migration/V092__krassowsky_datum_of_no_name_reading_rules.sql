-- Files are read otherwise from this version on, in Java, with nothing to change in the database: a
-- file's own coordinate system with the Krassowsky ellipsoid, no shift of its own and a datum that
-- names none in particular (ESRI's «D_Krasovsky_1940», «Krassowsky_1940», GDAL's
-- «Not_specified_based_on_Krassowsky_1940_ellipsoid», «unknown», «D_unknown») is read as Pulkovo
-- 1942, with the shift to WGS 84 PROJ gives it, no longer without a datum shift, which placed every
-- plot some 40 to 100 m from where it is in Kazakhstan.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published; a re-import after it reads every feature again.
SELECT 1;
