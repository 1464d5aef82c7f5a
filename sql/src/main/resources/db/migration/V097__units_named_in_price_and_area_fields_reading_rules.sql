-- Files are read otherwise from this version on, in Java, with nothing to change in the database: a
-- plots file's starting prices under a field whose name says thousands, millions or billions of
-- tenge («Начальная цена, тыс. тенге», «Бағасы, млн теңге») are read in that unit and said
-- (price_unit), no longer taken as tenge; declared areas under a field named in sotkas («Площадь,
-- сот.», «Ауданы, сотық») are read as hundredths of a hectare and said; a unit the import does not
-- know named after a price or area field («Площадь, акр», «Цена (USD)») is said, and holds the
-- draft back from import --publish.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published; a re-import after it reads every feature again.
SELECT 1;
