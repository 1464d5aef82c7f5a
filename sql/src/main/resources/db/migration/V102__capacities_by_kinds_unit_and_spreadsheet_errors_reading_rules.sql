-- Files are read otherwise from this version on, in Java, with nothing to change in the database: a
-- networks file with several capacity fields of different units (a register of every utility:
-- «Мощность, кВт», «Пропускная способность, м3/ч», «Производительность, м3/сут», «Мощность, Гкал/ч»)
-- gives each feature the capacity and free capacity of the field whose unit is of its kind's capacity
-- (field_by_kind), where one field was read for every feature; «Производительность» and «Пропускная
-- способность» are capacity fields.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published; a re-import after it reads every feature again.
SELECT 1;
