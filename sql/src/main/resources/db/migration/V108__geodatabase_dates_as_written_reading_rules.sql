-- A File Geodatabase's date and time is read from this version on as the file holds it, in Java, with
-- nothing to change in the database: ArcGIS keeps a Date field's value in local time without a zone,
-- and GDAL 3.6 hands it over as a time in UTC, which V039 and V085 read as that instant's day in
-- Kazakhstan (a date typed 14 March 19:30 was published as 15 March). An auction date that cannot be read
-- (a MID's 03/04/2026, which names no one day) is kept in the plot's extra as written, auction_date_text,
-- as a network's unreadable voltage is, where it was only named in the report.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and is
-- imported again rather than published.
SELECT 1;
