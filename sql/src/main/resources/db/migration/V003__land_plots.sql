-- Land plots, their cadastral facts and the permanent public history of every status change.

-- The seven categories of land of the Land Code of the Republic of Kazakhstan (article 1).
CREATE TABLE land_category (
    code     varchar(32) PRIMARY KEY,
    position smallint NOT NULL UNIQUE,
    name_kk  text NOT NULL,
    name_ru  text NOT NULL,
    name_en  text NOT NULL
);
INSERT INTO land_category (code, position, name_kk, name_ru, name_en) VALUES
 ('agricultural', 1, 'Ауыл шаруашылығы мақсатындағы жерлер',
                     'Земли сельскохозяйственного назначения', 'Agricultural land'),
 ('settlement',   2, 'Елді мекендердің жерлері',
                     'Земли населённых пунктов', 'Land of settlements'),
 ('industrial',   3, 'Өнеркәсіп, көлік, байланыс, ғарыш қызметі, қорғаныс, ұлттық қауіпсіздік мұқтажына арналған жерлер және ауыл шаруашылығына арналмаған өзге де жерлер',
                     'Земли промышленности, транспорта, связи, для нужд космической деятельности, обороны, национальной безопасности и иного несельскохозяйственного назначения',
                     'Industry, transport, communications, space activities, defence, national security and other non-agricultural land'),
 ('protected',    4, 'Ерекше қорғалатын табиғи аумақтардың жерлері, сауықтыру, рекреациялық және тарихи-мәдени мақсаттағы жерлер',
                     'Земли особо охраняемых природных территорий, оздоровительного, рекреационного и историко-культурного назначения',
                     'Specially protected natural areas, health, recreational and historical-cultural land'),
 ('forest',       5, 'Орман қорының жерлері', 'Земли лесного фонда', 'Forest fund land'),
 ('water',        6, 'Су қорының жерлері', 'Земли водного фонда', 'Water fund land'),
 ('reserve',      7, 'Босалқы жерлер', 'Земли запаса', 'Reserve land');

CREATE TABLE plot_status (
    code     varchar(32) PRIMARY KEY,
    position smallint NOT NULL UNIQUE,
    name_kk  text NOT NULL,
    name_ru  text NOT NULL,
    name_en  text NOT NULL
);
INSERT INTO plot_status (code, position, name_kk, name_ru, name_en) VALUES
 ('free',              1, 'Бос', 'Свободен', 'Free'),
 ('auction_scheduled', 2, 'Аукцион тағайындалды', 'Назначен аукцион', 'Auction scheduled'),
 ('in_application',    3, 'Өтінім қаралуда', 'На рассмотрении заявки', 'Application under review'),
 ('allocated',         4, 'Берілді', 'Предоставлен', 'Allocated'),
 ('withdrawn',         5, 'Алып қойылды', 'Изъят', 'Withdrawn');

-- Kinds of right to land (Land Code: ownership, permanent or temporary land use).
CREATE TABLE right_type (
    code     varchar(32) PRIMARY KEY,
    name_kk  text NOT NULL,
    name_ru  text NOT NULL,
    name_en  text NOT NULL
);
INSERT INTO right_type (code, name_kk, name_ru, name_en) VALUES
 ('private_ownership',        'Жеке меншік', 'Частная собственность', 'Private ownership'),
 ('permanent_land_use',       'Тұрақты жер пайдалану', 'Постоянное землепользование', 'Permanent land use'),
 ('temporary_paid_use',       'Уақытша өтеулі жер пайдалану (жалға алу)', 'Временное возмездное землепользование (аренда)', 'Temporary paid land use (lease)'),
 ('temporary_gratuitous_use', 'Уақытша өтеусіз жер пайдалану', 'Временное безвозмездное землепользование', 'Temporary gratuitous land use');

-- Normalised cadastral number RR-DDD-QQQ-NNN… (region 2 digits, district 3, accounting quarter 3,
-- plot 3 or more). Accepts the number with or without dashes, spaces around it; null when malformed.
-- The API's CadastralNumber.normalize follows the same rule.
CREATE FUNCTION cadastral_normalize(raw text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT CASE WHEN t ~ '^[0-9]{2}-?[0-9]{3}-?[0-9]{3}-?[0-9]{3,}$'
                THEN substr(d, 1, 2) || '-' || substr(d, 3, 3) || '-' || substr(d, 6, 3) || '-' || substr(d, 9)
           END
    FROM (SELECT btrim(raw) AS t, replace(btrim(raw), '-', '') AS d) s
$$;

CREATE TABLE land_plot (
    id                  bigserial PRIMARY KEY,
    -- null while a free plot has not been registered in the cadastre yet
    cadastral_number    varchar(32) UNIQUE
                        CHECK (cadastral_number ~ '^[0-9]{2}-[0-9]{3}-[0-9]{3}-[0-9]{3,}$'),
    geom                geometry(MultiPolygon, 4326) NOT NULL
                        CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
    -- as written in the title documents, hectares
    area_declared_ha    numeric(14, 4) CHECK (area_declared_ha > 0),
    land_category       varchar(32) NOT NULL REFERENCES land_category (code),
    intended_purpose_kk text,
    intended_purpose_ru text,
    permitted_use       text,
    right_type          varchar(32) REFERENCES right_type (code),
    divisible           boolean,
    status              varchar(32) NOT NULL REFERENCES plot_status (code),
    address             text,
    region_id           integer REFERENCES region (id),
    district_id         integer REFERENCES district (id),
    auction_date        date,
    -- tenge
    starting_price_kzt  numeric(16, 2) CHECK (starting_price_kzt >= 0),
    layer_revision_id   bigint NOT NULL REFERENCES layer_revision (id),
    -- source attributes that have no canonical field; kept, never dropped
    extra               jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX land_plot_geom_idx ON land_plot USING gist (geom);
CREATE INDEX land_plot_status_idx ON land_plot (status);
CREATE INDEX land_plot_region_idx ON land_plot (region_id);
CREATE INDEX land_plot_revision_idx ON land_plot (layer_revision_id);

-- The public, permanent record of how land was given out: one row per status change.
CREATE TABLE plot_status_change (
    id                bigserial PRIMARY KEY,
    plot_id           bigint NOT NULL REFERENCES land_plot (id),
    -- the number at the time of the change (a plot may be registered later)
    cadastral_number  varchar(32),
    changed_at        timestamptz NOT NULL DEFAULT now(),
    -- null for the first status a plot is published with
    from_status       varchar(32) REFERENCES plot_status (code),
    to_status         varchar(32) NOT NULL REFERENCES plot_status (code),
    reason            text,
    agency_id         integer REFERENCES agency (id),
    layer_revision_id bigint REFERENCES layer_revision (id)
);
CREATE INDEX plot_status_change_plot_idx ON plot_status_change (plot_id, changed_at);

-- Every insert of a plot and every change of its status is recorded, whoever makes it. The writer
-- may state the reason and agency for the transaction with
--   SET LOCAL adalmap.status_reason = '…'; SET LOCAL adalmap.status_agency_id = '…';
CREATE FUNCTION land_plot_record_status() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO plot_status_change (plot_id, cadastral_number, from_status, to_status, reason,
                                        agency_id, layer_revision_id)
        VALUES (NEW.id, NEW.cadastral_number,
                CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, NEW.status,
                nullif(current_setting('adalmap.status_reason', true), ''),
                nullif(current_setting('adalmap.status_agency_id', true), '')::integer,
                NEW.layer_revision_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER land_plot_touch BEFORE UPDATE ON land_plot
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TRIGGER land_plot_status_history
    AFTER INSERT OR UPDATE OF status ON land_plot
    FOR EACH ROW EXECUTE FUNCTION land_plot_record_status();

-- The history is append-only: no update, no delete, no truncate — it is the anti-corruption record.
CREATE FUNCTION forbid_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is an append-only record: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER plot_status_change_append_only
    BEFORE UPDATE OR DELETE ON plot_status_change
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER plot_status_change_no_truncate
    BEFORE TRUNCATE ON plot_status_change
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();
