-- A person registers the fingerprint of an image used against them, without the image: the
-- hashes are kept under a reference and PIN (like a report), so platforms and analysts can
-- recognise the picture. Nothing else about the person is kept.
CREATE TABLE media_registrations (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    pin_hash TEXT NOT NULL,
    pin_failures BIGINT NOT NULL DEFAULT 0,
    pin_locked_until BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

ALTER TABLE fingerprints ADD COLUMN registration_id BIGINT REFERENCES media_registrations(id);
ALTER TABLE fingerprints ADD COLUMN quality BIGINT;
CREATE INDEX fingerprints_registration ON fingerprints(registration_id);
