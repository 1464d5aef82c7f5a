-- A plots file of a Gauss–Krüger zone with its number in front of the easting is checked otherwise from
-- this version on, in Java, with nothing to change in the database: a row whose easting begins with
-- another zone's number is rejected as written in that zone wherever it falls, in Kazakhstan too (a zone
-- one off moves it 500 to 900 km, mostly still inside the country), and a file whose every easting so
-- begins is refused naming that zone's code.
-- LayerImporter.READING_RULES names this migration: a draft made before it may hold such rows misplaced,
-- and is imported again rather than published.
SELECT 1;
