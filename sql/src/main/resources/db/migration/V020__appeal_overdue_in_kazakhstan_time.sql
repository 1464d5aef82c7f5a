-- Counts an appeal's days in Kazakhstan's time, as V018 meant to: a bare '+05:00' after AT TIME ZONE is
-- read as a POSIX zone, five hours WEST of Greenwich, so days turned at 05:00 UTC instead of 19:00 UTC.
-- The interval form is ISO's sign: five hours east.
CREATE OR REPLACE FUNCTION appeal_overdue(status text, due_date date, first_answered_at timestamptz) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT status NOT IN ('rejected', 'merged')
           AND due_date IS NOT NULL
           AND due_date < coalesce((first_answered_at AT TIME ZONE INTERVAL '+05:00')::date,
                                   (now() AT TIME ZONE INTERVAL '+05:00')::date)
$$;
