-- Citizens' appeals on the public control map; the reporter's contact lives apart and is never public.
CREATE TABLE appeal_category (
    code     varchar(32) PRIMARY KEY,
    position smallint NOT NULL UNIQUE,
    name_kk  text NOT NULL,
    name_ru  text NOT NULL,
    name_en  text NOT NULL,
    -- the answer is due within this many working days
    due_working_days smallint NOT NULL CHECK (due_working_days BETWEEN 1 AND 30),
    -- false: appeals of this category are counted publicly but never shown (corruption signals)
    is_public boolean NOT NULL
);
INSERT INTO appeal_category (code, position, name_kk, name_ru, name_en, due_working_days, is_public) VALUES
 ('housing',         1, 'Тұрғын үй', 'Жильё', 'Housing', 5, true),
 ('land',            2, 'Жер қатынастары', 'Земельные отношения', 'Land', 5, true),
 ('utilities',       3, 'Коммуналдық қызметтер', 'Коммунальные услуги', 'Utilities', 3, true),
 ('roads',           4, 'Жолдар', 'Дороги', 'Roads', 5, true),
 ('education',       5, 'Білім беру', 'Образование', 'Education', 5, true),
 ('health',          6, 'Денсаулық сақтау', 'Здравоохранение', 'Health', 3, true),
 ('social_aid',      7, 'Әлеуметтік көмек', 'Социальная помощь', 'Social aid', 5, true),
 ('employment',      8, 'Жұмыспен қамту', 'Занятость', 'Employment', 5, true),
 ('public_services', 9, 'Мемлекеттік қызметтер', 'Государственные услуги', 'Public services', 3, true),
 ('corruption',     10, 'Сыбайлас жемқорлық туралы сигнал', 'Сигнал о коррупции', 'Corruption signal', 3, false);

-- Hides phone numbers, 12-digit IINs and e-mail addresses in free text. Used to fill the public
-- text of an appeal; a moderator may edit the result.
CREATE FUNCTION mask_personal_data(raw text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT regexp_replace(
             regexp_replace(
               regexp_replace(raw, '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', '***@***', 'g'),
               '(^|[^0-9])[0-9]{12}(?![0-9])', '\1************', 'g'),
             '(\+?[78])[ (-]*[0-9]{3}[ )-]*[0-9]{3}[ -]*[0-9]{2}[ -]*[0-9]{2}', '+7 *** *** ** **', 'g')
$$;

CREATE TABLE appeal (
    id              bigserial PRIMARY KEY,
    -- what the citizen and the public use to follow the appeal, e.g. AM-7K3F-9Q2D
    tracking_code   varchar(16) NOT NULL UNIQUE CHECK (tracking_code ~ '^AM-[0-9A-Z]{4}-[0-9A-Z]{4}$'),
    category        varchar(32) NOT NULL REFERENCES appeal_category (code),
    -- as written by the citizen: read by moderators and officials only
    text            text NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
    -- what the public sees: the text with personal data masked, editable by a moderator
    public_text     text,
    -- the citizen asked to keep the text private: the public sees the category and the outcome only
    text_private    boolean NOT NULL DEFAULT false,
    geom            geometry(Point, 4326) NOT NULL CHECK (ST_IsValid(geom)),
    status          varchar(16) NOT NULL DEFAULT 'new'
                    CHECK (status IN ('new', 'under_review', 'routed', 'in_progress', 'answered',
                                      'resolved', 'rejected', 'merged')),
    channel         varchar(16) NOT NULL DEFAULT 'web'
                    CHECK (channel IN ('web', 'call_centre', 'messenger', 'office')),
    agency_id       integer REFERENCES agency (id),
    region_id       integer REFERENCES region (id),
    due_date        date,
    merged_into_id  bigint REFERENCES appeal (id),
    answer_text     text,
    answered_at     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX appeal_geom_idx ON appeal USING gist (geom);
CREATE INDEX appeal_status_idx ON appeal (status);
CREATE INDEX appeal_agency_idx ON appeal (agency_id);

CREATE FUNCTION appeal_fill_public_text() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.public_text IS NULL THEN
        NEW.public_text := mask_personal_data(NEW.text);
    END IF;
    IF TG_OP = 'UPDATE' THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER appeal_public_text BEFORE INSERT OR UPDATE ON appeal
    FOR EACH ROW EXECUTE FUNCTION appeal_fill_public_text();

-- The reporter's personal data. No public query reads this table.
CREATE TABLE appeal_contact (
    appeal_id   bigint PRIMARY KEY REFERENCES appeal (id) ON DELETE CASCADE,
    full_name   text,
    phone       text,
    email       text,
    -- individual identification number, 12 digits
    iin         varchar(12) CHECK (iin ~ '^[0-9]{12}$'),
    consent_at  timestamptz NOT NULL DEFAULT now()
);
