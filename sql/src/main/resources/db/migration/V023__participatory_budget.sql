-- Participatory budget: cycles per district and year, residents' proposals with photos, review, one ballot per verified resident, winners' milestones.

-- Reviewers of the participatory budget manage the cycles of the regions they hold in user_region.
ALTER TABLE user_role DROP CONSTRAINT user_role_role_check;
ALTER TABLE user_role ADD CONSTRAINT user_role_role_check
    CHECK (role IN ('moderator', 'agency_official', 'land_editor', 'admin', 'budget_reviewer'));

-- One cycle per district and year. The phases follow each other with no gap: each runs from its start
-- to the day before the next one starts, and implementation until implementation_end; dates are days
-- of Kazakhstan's calendar (UTC+5). The current phase is derived from these dates (budget_cycle_phase),
-- never stored.
CREATE TABLE budget_cycle (
    id                   serial PRIMARY KEY,
    district_id          integer NOT NULL REFERENCES district (id),
    year                 smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    -- the money the district gives out in this cycle, tenge
    cap_tenge            bigint NOT NULL CHECK (cap_tenge > 0),
    -- proposals one ballot may choose
    max_choices          smallint NOT NULL DEFAULT 1 CHECK (max_choices BETWEEN 1 AND 10),
    proposals_start      date NOT NULL,
    review_start         date NOT NULL,
    voting_start         date NOT NULL,
    implementation_start date NOT NULL,
    implementation_end   date NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (district_id, year),
    CHECK (proposals_start < review_start AND review_start < voting_start
           AND voting_start < implementation_start AND implementation_start <= implementation_end)
);

-- The phase of cycle c on the day today: upcoming, proposals, review, voting, implementation or closed.
CREATE FUNCTION budget_cycle_phase(c budget_cycle, today date) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN today < c.proposals_start THEN 'upcoming'
        WHEN today < c.review_start THEN 'proposals'
        WHEN today < c.voting_start THEN 'review'
        WHEN today < c.implementation_start THEN 'voting'
        WHEN today <= c.implementation_end THEN 'implementation'
        ELSE 'closed'
    END
$$;

CREATE TABLE budget_proposal (
    id            bigserial PRIMARY KEY,
    cycle_id      integer NOT NULL REFERENCES budget_cycle (id),
    -- a point or an area, inside the district (checked by the application against district.geom)
    geom          geometry(Geometry, 4326) NOT NULL
                  CHECK (GeometryType(geom) IN ('POINT', 'POLYGON') AND ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
    title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description   text NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
    cost_tenge    bigint NOT NULL CHECK (cost_tenge > 0),
    status        varchar(16) NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'accepted', 'rejected')),
    -- public, given by the reviewer with the decision
    review_reason text CHECK (length(review_reason) <= 2000),
    reviewed_by   text,
    reviewed_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'submitted') = (reviewed_at IS NULL))
);
CREATE INDEX budget_proposal_cycle_idx ON budget_proposal (cycle_id, status);
CREATE INDEX budget_proposal_geom_idx ON budget_proposal USING gist (geom);

-- The proposer's contact: personal data, never in a public response, export or log.
CREATE TABLE budget_proposal_contact (
    proposal_id bigint PRIMARY KEY REFERENCES budget_proposal (id),
    name        text CHECK (length(name) <= 200),
    phone       text CHECK (length(phone) <= 32),
    email       text CHECK (length(email) BETWEEN 3 AND 254),
    CHECK (coalesce(name, phone, email) IS NOT NULL)
);

-- Proposals by Idempotency-Key: a retry with the same key and body gets the same answer.
CREATE TABLE budget_proposal_submission (
    idempotency_key varchar(128) PRIMARY KEY,
    request_sha256  char(64) NOT NULL,
    proposal_id     bigint REFERENCES budget_proposal (id),
    response        jsonb,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- Milestones of a winning proposal's implementation, public.
CREATE TABLE budget_milestone (
    id          bigserial PRIMARY KEY,
    proposal_id bigint NOT NULL REFERENCES budget_proposal (id),
    title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    day         date NOT NULL,
    done        boolean NOT NULL DEFAULT false,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX budget_milestone_proposal_idx ON budget_milestone (proposal_id, day);

-- Photos of a proposal or of a milestone; the bytes are in the attachment store, named by hash.
CREATE TABLE budget_photo (
    id                   bigserial PRIMARY KEY,
    proposal_id          bigint REFERENCES budget_proposal (id),
    milestone_id         bigint REFERENCES budget_milestone (id),
    position             smallint NOT NULL CHECK (position >= 1),
    media_type           varchar(64) NOT NULL,
    sha256               char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes           bigint NOT NULL CHECK (size_bytes > 0),
    thumbnail_sha256     char(64) CHECK (thumbnail_sha256 ~ '^[0-9a-f]{64}$'),
    thumbnail_size_bytes bigint,
    created_at           timestamptz NOT NULL DEFAULT now(),
    CHECK ((proposal_id IS NULL) <> (milestone_id IS NULL))
);
CREATE INDEX budget_photo_proposal_idx ON budget_photo (proposal_id) WHERE proposal_id IS NOT NULL;
CREATE INDEX budget_photo_milestone_idx ON budget_photo (milestone_id) WHERE milestone_id IS NOT NULL;
CREATE INDEX budget_photo_sha256_idx ON budget_photo (sha256);
CREATE INDEX budget_photo_thumbnail_idx ON budget_photo (thumbnail_sha256);

-- Every stored file a row names, for the attachment store and its sweep: a file that appears here is
-- kept. A feature that keeps files adds its table here. Conditions on sha256 reach each table's index.
CREATE VIEW attachment_reference AS
    SELECT sha256 FROM appeal_attachment
    UNION ALL SELECT thumbnail_sha256 FROM appeal_attachment WHERE thumbnail_sha256 IS NOT NULL
    UNION ALL SELECT sha256 FROM budget_photo
    UNION ALL SELECT thumbnail_sha256 FROM budget_photo WHERE thumbnail_sha256 IS NOT NULL;

-- A confirmation code sent to a phone or e-mail before voting. Only a keyed hash (HMAC) of the address
-- is kept: enough to tell one person from another, not to contact or name them. The code is kept hashed
-- with the same key.
CREATE TABLE budget_verification (
    id           uuid PRIMARY KEY,
    cycle_id     integer NOT NULL REFERENCES budget_cycle (id),
    voter_hmac   char(64) NOT NULL CHECK (voter_hmac ~ '^[0-9a-f]{64}$'),
    code_hmac    char(64) NOT NULL CHECK (code_hmac ~ '^[0-9a-f]{64}$'),
    channel      varchar(8) NOT NULL CHECK (channel IN ('email', 'sms')),
    expires_at   timestamptz NOT NULL,
    -- wrong codes tried; the verification is spent at the maximum
    attempts     smallint NOT NULL DEFAULT 0,
    used_at      timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX budget_verification_voter_idx ON budget_verification (cycle_id, voter_hmac);

-- One ballot per verified person per cycle (a cycle is one district's year): the unique constraint is
-- what makes two clicks at once count once.
CREATE TABLE budget_ballot (
    id         bigserial PRIMARY KEY,
    cycle_id   integer NOT NULL REFERENCES budget_cycle (id),
    voter_hmac char(64) NOT NULL,
    cast_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (cycle_id, voter_hmac)
);

CREATE TABLE budget_vote (
    ballot_id   bigint NOT NULL REFERENCES budget_ballot (id),
    proposal_id bigint NOT NULL REFERENCES budget_proposal (id),
    PRIMARY KEY (ballot_id, proposal_id)
);
CREATE INDEX budget_vote_proposal_idx ON budget_vote (proposal_id);
