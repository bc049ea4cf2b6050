-- When each version of an object of the TAXII collection was first served: its `date_added`.
-- The collection is built from the campaigns on each request, so an object that enters it
-- (a campaign confirmed long after its last report, a new observable) would otherwise carry
-- an old time and be missed by clients that poll with `added_after`. A version that leaves
-- the collection loses its row, so it counts as added again if it comes back.
CREATE TABLE shared_objects (
    object_id TEXT NOT NULL,
    version TEXT NOT NULL,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (object_id, version)
);
