-- A cell of a KML description's table is read from this version on as a browser showing the description
-- shows it: a line break (<br>) and a paragraph's or a block's end begin a new line of its text, and the
-- source's own line breaks and runs of spaces are one space. Before, «ул. Абая, 1<br>кв. 2» was published
-- as «ул. Абая, 1кв. 2», the words of its two lines glued. A placemark's name and its data's values that hold
-- HTML markup are read as that text too: «<b>05-085-820-001</b>» is a cadastral number, and an address is no
-- longer published with its tags; nothing to change in the database.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and is
-- imported again rather than published.
SELECT 1;
