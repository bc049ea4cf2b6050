-- Times are Unix seconds (UTC); booleans are 0/1 integers so both back ends read them alike.
CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    created_at BIGINT NOT NULL,
    merged_into BIGINT REFERENCES campaigns(id)
);

CREATE TABLE campaign_merges (
    id INTEGER PRIMARY KEY,
    from_campaign BIGINT NOT NULL REFERENCES campaigns(id),
    into_campaign BIGINT NOT NULL REFERENCES campaigns(id),
    report_id BIGINT,
    at BIGINT NOT NULL
);

CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    pin_hash TEXT NOT NULL,
    pin_failures BIGINT NOT NULL DEFAULT 0,
    pin_locked_until BIGINT NOT NULL DEFAULT 0,
    text TEXT NOT NULL,
    channel TEXT,
    received_at BIGINT,
    created_at BIGINT NOT NULL,
    amount_demanded DOUBLE PRECISION,
    amount_paid DOUBLE PRECISION,
    currency TEXT,
    paid BIGINT,
    contact_sealed BLOB,
    consent_police BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    label TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    scam_type TEXT,
    analysis TEXT NOT NULL,
    campaign_id BIGINT REFERENCES campaigns(id)
);
CREATE INDEX reports_campaign ON reports(campaign_id);
CREATE INDEX reports_created ON reports(created_at);
CREATE INDEX reports_status ON reports(status);

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    report_count BIGINT NOT NULL DEFAULT 0,
    first_seen BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    campaign_id BIGINT REFERENCES campaigns(id),
    verdict TEXT,
    UNIQUE (kind, value)
);
CREATE INDEX indicators_campaign ON indicators(campaign_id);

CREATE TABLE indicator_sources (
    indicator_id BIGINT NOT NULL REFERENCES indicators(id),
    source TEXT NOT NULL,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (indicator_id, source)
);

CREATE TABLE report_indicators (
    report_id BIGINT NOT NULL REFERENCES reports(id),
    indicator_id BIGINT NOT NULL REFERENCES indicators(id),
    origin TEXT NOT NULL,
    PRIMARY KEY (report_id, indicator_id)
);
CREATE INDEX report_indicators_indicator ON report_indicators(indicator_id);

CREATE TABLE fingerprints (
    id INTEGER PRIMARY KEY,
    report_id BIGINT REFERENCES reports(id),
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX fingerprints_report ON fingerprints(report_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    password_hash TEXT,
    created_at BIGINT NOT NULL,
    disabled BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    target TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    decision TEXT NOT NULL,
    reason TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    at BIGINT NOT NULL
);
CREATE INDEX decisions_target ON decisions(target, target_id);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    user_id BIGINT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    report_id BIGINT
);
CREATE INDEX audit_log_report ON audit_log(report_id);
