-- Imports of a million plots, second round: the fixed code lists of plots checked by CHECK constraints
-- instead of foreign keys, and lenient readers that are not called for empty values and run in
-- parallel plans.
--
-- A foreign key is checked by a trigger once per inserted row (a query each): publishing a million
-- plots ran seven million of them, about half of the insert's time. Land categories, plot statuses
-- and right types are fixed by the Land Code and by these migrations (their names live in their
-- tables, added by a migration like this one), so a CHECK against the same list keeps every row
-- right at no cost per row. A new code is added to its table and to the CHECK in one migration.
-- References to rows that grow with use (plots, revisions, regions, agencies) stay foreign keys.

ALTER TABLE land_plot
    DROP CONSTRAINT land_plot_land_category_fkey,
    DROP CONSTRAINT land_plot_status_fkey,
    DROP CONSTRAINT land_plot_right_type_fkey,
    ADD CONSTRAINT land_plot_land_category_check CHECK (land_category IN
        ('agricultural', 'settlement', 'industrial', 'protected', 'forest', 'water', 'reserve')),
    ADD CONSTRAINT land_plot_status_check CHECK (status IN
        ('free', 'auction_scheduled', 'in_application', 'allocated', 'withdrawn')),
    ADD CONSTRAINT land_plot_right_type_check CHECK (right_type IN
        ('private_ownership', 'permanent_land_use', 'temporary_paid_use', 'temporary_gratuitous_use'));

ALTER TABLE plot_snapshot
    DROP CONSTRAINT plot_snapshot_land_category_fkey,
    DROP CONSTRAINT plot_snapshot_status_fkey,
    DROP CONSTRAINT plot_snapshot_right_type_fkey,
    ADD CONSTRAINT plot_snapshot_land_category_check CHECK (land_category IN
        ('agricultural', 'settlement', 'industrial', 'protected', 'forest', 'water', 'reserve')),
    ADD CONSTRAINT plot_snapshot_status_check CHECK (status IN
        ('free', 'auction_scheduled', 'in_application', 'allocated', 'withdrawn')),
    ADD CONSTRAINT plot_snapshot_right_type_check CHECK (right_type IN
        ('private_ownership', 'permanent_land_use', 'temporary_paid_use', 'temporary_gratuitous_use'));

ALTER TABLE plot_status_change
    DROP CONSTRAINT plot_status_change_from_status_fkey,
    DROP CONSTRAINT plot_status_change_to_status_fkey,
    ADD CONSTRAINT plot_status_change_from_status_check CHECK (from_status IN
        ('free', 'auction_scheduled', 'in_application', 'allocated', 'withdrawn')),
    ADD CONSTRAINT plot_status_change_to_status_check CHECK (to_status IN
        ('free', 'auction_scheduled', 'in_application', 'allocated', 'withdrawn'));

-- Null in, null out, without a call: most files leave the price and the auction date empty.
ALTER FUNCTION try_numeric(text) STRICT;

-- The date reader without an exception block: each call opened a subtransaction, and a function that
-- opens one fails in any parallel plan ("cannot start subtransactions during a parallel operation"),
-- although it was declared safe for them. Same dates as before: 01.12.2026 (day first, as Kazakh and
-- Russian offices write them) and ISO 2026-12-01, optionally followed by a time; impossible dates
-- (31.02.2026) give null.
CREATE OR REPLACE FUNCTION try_date(raw text) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN y BETWEEN 1 AND 9999 AND m BETWEEN 1 AND 12 THEN
                CASE WHEN d BETWEEN 1 AND extract(day FROM make_date(y, m, 1) + interval '1 month - 1 day')
                     THEN make_date(y, m, d) END
           END
    FROM (SELECT CASE WHEN t ~ '^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}$' THEN split_part(t, '.', 3)::int
                      WHEN t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?$' THEN substr(t, 1, 4)::int END AS y,
                 CASE WHEN t ~ '^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}$' THEN split_part(t, '.', 2)::int
                      WHEN t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?$' THEN substr(t, 6, 2)::int END AS m,
                 CASE WHEN t ~ '^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}$' THEN split_part(t, '.', 1)::int
                      WHEN t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?$' THEN substr(t, 9, 2)::int END AS d
          FROM (SELECT btrim(raw) AS t) r) p
$$;
