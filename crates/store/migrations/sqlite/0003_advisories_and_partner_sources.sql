-- The marking a partner gave an imported indicator (TLP 2.0 name); NULL for public lists.
-- Public look-ups show only sources that are public or TLP:CLEAR.
ALTER TABLE indicator_sources ADD COLUMN tlp TEXT;

-- Organisations that receive the authority's warnings, in named groups ("Sở, ban, ngành",
-- "Doanh nghiệp"…). The e-mail is the organisation's official address.
CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    group_name TEXT NOT NULL,
    email TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (group_name, name)
);

-- A warning: its content (JSON, canhgiac_share::cap::AdvisoryContent) and the groups it goes
-- to; published_at is set once, when it goes out.
CREATE TABLE advisories (
    id INTEGER PRIMARY KEY,
    identifier TEXT NOT NULL UNIQUE,
    content TEXT NOT NULL,
    recipient_groups TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    published_at BIGINT
);

-- One row per organisation an advisory went to: its own acknowledgement link (only the hash
-- of the token is kept), the e-mail outcome and who acknowledged, when.
CREATE TABLE advisory_recipients (
    id INTEGER PRIMARY KEY,
    advisory_id BIGINT NOT NULL REFERENCES advisories(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    token_hash TEXT NOT NULL UNIQUE,
    emailed_at BIGINT,
    email_error TEXT,
    acknowledged_at BIGINT,
    acknowledged_by TEXT,
    UNIQUE (advisory_id, organisation_id)
);
CREATE INDEX advisory_recipients_advisory ON advisory_recipients(advisory_id);
