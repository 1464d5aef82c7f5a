-- A retired plot that a revision brings back and a rollback of that revision retires again is left
-- as it was when it left the layer (its outline, its fields, the revisions that put it so and took
-- it off), not as the revision rolled back drew it: its card shows the land it had, not the land of
-- a revision no longer public. Publishing a revision keeps here each plot it brings back as it was
-- before; a rollback of the revision puts those plots back so. Plots brought back before this
-- migration have no such row, and a rollback leaves them retired as the revision drew them.

CREATE TABLE plot_before_restore (
    -- the revision that brought the plot back
    layer_revision_id   bigint NOT NULL REFERENCES layer_revision (id) ON DELETE CASCADE,
    plot_id             bigint NOT NULL REFERENCES land_plot (id),
    -- the plot as it was, retired, before that revision: land_plot's columns of the same names,
    -- plot_revision_id its layer_revision_id (the revision that put it so)
    cadastral_number    varchar(32),
    geom                geometry(MultiPolygon, 4326) NOT NULL,
    area_declared_ha    numeric(14, 4),
    land_category       varchar(32) NOT NULL,
    intended_purpose_kk text,
    intended_purpose_ru text,
    permitted_use       text,
    right_type          varchar(32),
    divisible           boolean,
    status              varchar(32) NOT NULL,
    address             text,
    region_id           integer,
    district_id         integer,
    auction_date        date,
    starting_price_kzt  numeric(16, 2),
    plot_revision_id    bigint NOT NULL,
    retired_revision_id bigint NOT NULL,
    extra               jsonb NOT NULL,
    source_row          bigint,
    kept_key            text,
    PRIMARY KEY (layer_revision_id, plot_id)
);
