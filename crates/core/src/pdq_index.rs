//! Exact Hamming-radius search over 256-bit PDQ hashes, fast enough to link a new report's image
//! against millions of stored ones while the report is being filed.
//!
//! Multi-index hashing (Norouzi, Punjani and Fleet, "Fast Search in Hamming Space with Multi-Index
//! Hashing", CVPR 2012): the 256 bits are cut into [`SUBSTRING_COUNT`] disjoint substrings, and
//! each substring gets a table from its value (its "key") to the stored hashes having that key.
//! If two hashes differ in at most `r` bits and each substring `i` is given a search radius `r_i`
//! with `Σ (r_i + 1) > r`, then by pigeonhole at least one substring differs in at most `r_i`
//! bits. Probing, in every table, each key within `r_i` of the query's key therefore finds every
//! answer; each candidate is then verified against the full 256 bits, so the result is exact,
//! the same as comparing the query with every stored hash.
//!
//! The substring radii are chosen for each query radius and index size to minimise the expected
//! work (a separable convex cost, so a greedy choice is optimal): for `r = 31` over ten million
//! uniformly random hashes this is about 2,000 probed keys and 7,300 verified candidates instead
//! of ten million comparisons (about 0.4 ms instead of 45 ms on one core). When probing would
//! cost more than a plain scan (small indexes, very large radii, or data so clustered that the
//! probed buckets hold most of the index) the query scans instead, so the worst case is the
//! bucket lookups plus a scan.
//!
//! Layout: the hashes are stored once, ordered by their first substring, so that table needs only
//! bucket offsets; every other table holds a counting-sorted array of `u32` positions and an
//! offset per key. A candidate found in several tables is reported only by the first table whose
//! probe covers it, which needs no hash set. Hashes added after the build go to an append buffer
//! scanned linearly; [`PdqIndex::compact`] merges it.

use std::fmt;

use crate::fingerprint::PdqHash;

/// Number of disjoint substrings the 256 bits are cut into. Twelve substrings of 21–22 bits keep
/// every table's bucket count near the number of stored hashes at ten million, where a radius of
/// 31 needs substring radii of only 1 and 2. (Sixteen substrings of 16 bits, each probed at
/// radius 1, verify 41,000 candidates there and measured four times slower.)
pub const SUBSTRING_COUNT: usize = 12;

/// Width in bits of each substring, in bit order; they partition the 256 bits.
const SUBSTRING_WIDTHS: [u32; SUBSTRING_COUNT] = [22, 22, 22, 22, 21, 21, 21, 21, 21, 21, 21, 21];

/// First bit of each substring (bit `k` is bit `k % 64` of word `k / 64`).
const SUBSTRING_STARTS: [u32; SUBSTRING_COUNT] = substring_starts();

const fn substring_starts() -> [u32; SUBSTRING_COUNT] {
    let mut starts = [0u32; SUBSTRING_COUNT];
    let mut i = 1;
    while i < SUBSTRING_COUNT {
        starts[i] = starts[i - 1] + SUBSTRING_WIDTHS[i - 1];
        i += 1;
    }
    starts
}

const _: () = assert!(
    SUBSTRING_STARTS[SUBSTRING_COUNT - 1] + SUBSTRING_WIDTHS[SUBSTRING_COUNT - 1] == 256,
    "the substrings must partition the 256 bits"
);

/// Most hashes the tables can hold (positions and offsets are `u32`, and counting positions
/// must not overflow); any more stay in the append buffer, still searched exactly, only linearly.
const MAX_INDEXED: usize = (u32::MAX - 1) as usize;

/// Relative cost of comparing the query with one hash during a sequential scan.
const SCAN_COST: f64 = 1.0;
/// Relative cost of looking up one probed key's bucket (a random read into an offset table).
const PROBE_COST: f64 = 6.0;
/// Relative cost of verifying one candidate (random reads of its position and its hash).
const CANDIDATE_COST: f64 = 6.0;

/// One stored hash within the query radius.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Match {
    /// Hamming distance to the query (first, so the derived order is distance then id).
    pub distance: u32,
    /// The caller's id given with the hash.
    pub id: u64,
}

/// How [`PdqIndex::query_with`] searches. All three give the same answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchStrategy {
    /// Probe the tables unless a scan is estimated to be cheaper.
    #[default]
    Auto,
    /// Always probe the tables (for tests and measurements).
    MultiIndex,
    /// Always compare the query with every stored hash (brute force).
    LinearScan,
}

/// The work of one query, as [`PdqIndex::query_work`] reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueryWork {
    /// Whether the query compares with every stored hash instead of probing the tables.
    pub linear_scan: bool,
    /// Keys looked up in the tables.
    pub probed_keys: u64,
    /// Stored hashes compared in full with the query (appended ones included).
    pub candidates: u64,
}

/// The buckets a query probes, looked up before any candidate is read.
#[derive(Debug, Default)]
struct ProbedBuckets {
    /// The query's key in each table.
    query_keys: [u32; SUBSTRING_COUNT],
    /// Per table, its search radius plus one (0: not probed).
    budgets: [u32; SUBSTRING_COUNT],
    /// Non-empty buckets, table after table.
    buckets: Vec<(u32, u32)>,
    /// `buckets[..buckets_end[i]]` holds the buckets of tables `0..=i`.
    buckets_end: [usize; SUBSTRING_COUNT],
    probed_keys: u64,
    candidates: u64,
}

/// A stored hash, aligned so that it never straddles two cache lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(C, align(32))]
struct StoredHash([u64; 4]);

/// Caller's ids by position: 4 bytes each while every id fits in 32 bits (database row numbers
/// usually do), 8 otherwise. Saves 40 MB at ten million hashes.
#[derive(Debug, Clone)]
enum CallerIds {
    Narrow(Vec<u32>),
    Wide(Vec<u64>),
}

impl Default for CallerIds {
    fn default() -> Self {
        CallerIds::Narrow(Vec::new())
    }
}

impl CallerIds {
    fn zeroed(count: usize, wide: bool) -> CallerIds {
        if wide {
            CallerIds::Wide(vec![0; count])
        } else {
            CallerIds::Narrow(vec![0; count])
        }
    }

    /// Stores `id` at `position`; a narrow store keeps only ids that fit (the build checks
    /// first, so all do).
    fn set(&mut self, position: usize, id: u64) {
        match self {
            CallerIds::Narrow(ids) => {
                if let (Some(slot), Ok(id)) = (ids.get_mut(position), u32::try_from(id)) {
                    *slot = id;
                }
            }
            CallerIds::Wide(ids) => {
                if let Some(slot) = ids.get_mut(position) {
                    *slot = id;
                }
            }
        }
    }

    fn get(&self, position: usize) -> Option<u64> {
        match self {
            CallerIds::Narrow(ids) => ids.get(position).map(|&id| u64::from(id)),
            CallerIds::Wide(ids) => ids.get(position).copied(),
        }
    }

    fn len(&self) -> usize {
        match self {
            CallerIds::Narrow(ids) => ids.len(),
            CallerIds::Wide(ids) => ids.len(),
        }
    }

    fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        (0..self.len()).filter_map(|position| self.get(position))
    }

    fn heap_bytes(&self) -> usize {
        match self {
            CallerIds::Narrow(ids) => ids.capacity() * std::mem::size_of::<u32>(),
            CallerIds::Wide(ids) => ids.capacity() * std::mem::size_of::<u64>(),
        }
    }
}

/// The table of one substring: which stored hashes have each key.
#[derive(Debug, Clone, Default)]
struct SubstringTable {
    /// Key bits used by this table: the low `key_bits` bits of the substring. Fewer than the
    /// substring's width for small indexes so the table stays proportional to the data; the
    /// pigeonhole argument still holds because a prefix of a substring differs in no more bits
    /// than the substring.
    key_bits: u32,
    /// `bucket_starts[key]..bucket_starts[key + 1]` is the key's bucket (`1 << key_bits` + 1
    /// entries).
    bucket_starts: Vec<u32>,
    /// Positions in [`PdqIndex::hashes`], grouped by key. Empty for the first table: the hashes
    /// themselves are ordered by its key, so a bucket is a range of positions.
    positions: Vec<u32>,
}

impl SubstringTable {
    fn key(&self, substring: usize, words: &[u64; 4]) -> u32 {
        bits_at(words, substring_start(substring), self.key_bits)
    }

    /// The bucket of `key` as a range of indices into `positions` (or into the hashes for the
    /// first table). Empty for a key outside the table.
    fn bucket(&self, key: u32) -> (u32, u32) {
        let key = key as usize;
        match (self.bucket_starts.get(key), self.bucket_starts.get(key + 1)) {
            (Some(&start), Some(&end)) if start < end => (start, end),
            _ => (0, 0),
        }
    }

    fn heap_bytes(&self) -> usize {
        (self.bucket_starts.capacity() + self.positions.capacity()) * std::mem::size_of::<u32>()
    }
}

/// Exact Hamming-radius index over PDQ hashes, each stored with a caller's id.
///
/// Hashes and ids may repeat; every stored pair is reported. Queries take `&self`, so one index
/// can serve many threads.
#[derive(Clone, Default)]
pub struct PdqIndex {
    /// Indexed hashes, ordered by the first table's key.
    hashes: Vec<StoredHash>,
    /// Caller's id of `hashes[i]`.
    ids: CallerIds,
    /// One table per substring; empty when nothing is indexed.
    tables: Vec<SubstringTable>,
    /// Hashes added since the build, scanned linearly until [`PdqIndex::compact`].
    pending: Vec<(PdqHash, u64)>,
}

impl fmt::Debug for PdqIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PdqIndex")
            .field("indexed", &self.hashes.len())
            .field("pending", &self.pending.len())
            .field("memory_bytes", &self.memory_bytes())
            .finish()
    }
}

impl FromIterator<(PdqHash, u64)> for PdqIndex {
    fn from_iter<I: IntoIterator<Item = (PdqHash, u64)>>(items: I) -> Self {
        PdqIndex::build(items.into_iter().collect())
    }
}

impl Extend<(PdqHash, u64)> for PdqIndex {
    /// Appends to the linearly scanned buffer, like [`PdqIndex::insert`].
    fn extend<I: IntoIterator<Item = (PdqHash, u64)>>(&mut self, items: I) {
        self.pending.extend(items);
    }
}

impl PdqIndex {
    /// An empty index.
    #[must_use]
    pub fn new() -> PdqIndex {
        PdqIndex::default()
    }

    /// Indexes `items` (hash, caller's id). Takes the vector so its memory is released before
    /// the tables are built, which keeps the peak near the index's own size. Linear time: two
    /// counting passes per substring.
    #[must_use]
    pub fn build(mut items: Vec<(PdqHash, u64)>) -> PdqIndex {
        let overflow = if items.len() > MAX_INDEXED {
            items.split_off(MAX_INDEXED)
        } else {
            Vec::new()
        };
        let mut index = PdqIndex {
            pending: overflow,
            ..PdqIndex::default()
        };
        if items.is_empty() {
            return index;
        }
        let count = items.len();
        let key_bits = key_bits_for(count);

        // The first table orders the hashes themselves (a counting sort by its key).
        let mut first = SubstringTable {
            key_bits: key_bits[0],
            ..SubstringTable::default()
        };
        first.bucket_starts = bucket_starts(
            items.iter().map(|(hash, _)| first.key(0, &hash.0)),
            first.key_bits,
        );
        let mut cursors = first.bucket_starts.clone();
        let mut hashes = vec![StoredHash::default(); count];
        let mut ids =
            CallerIds::zeroed(count, items.iter().any(|&(_, id)| id > u64::from(u32::MAX)));
        for (hash, id) in &items {
            let key = first.key(0, &hash.0) as usize;
            if let Some(cursor) = cursors.get_mut(key) {
                let position = *cursor as usize;
                *cursor += 1;
                if let Some(slot) = hashes.get_mut(position) {
                    *slot = StoredHash(hash.0);
                    ids.set(position, *id);
                }
            }
        }
        drop(cursors);
        drop(items);

        let mut tables = Vec::with_capacity(SUBSTRING_COUNT);
        tables.push(first);
        for (substring, &bits) in key_bits.iter().enumerate().skip(1) {
            let mut table = SubstringTable {
                key_bits: bits,
                ..SubstringTable::default()
            };
            table.bucket_starts = bucket_starts(
                hashes.iter().map(|hash| table.key(substring, &hash.0)),
                table.key_bits,
            );
            let mut cursors = table.bucket_starts.clone();
            let mut positions = vec![0u32; count];
            for (position, hash) in (0u32..).zip(&hashes) {
                let key = table.key(substring, &hash.0) as usize;
                if let Some(cursor) = cursors.get_mut(key) {
                    if let Some(slot) = positions.get_mut(*cursor as usize) {
                        *slot = position;
                    }
                    *cursor += 1;
                }
            }
            table.positions = positions;
            tables.push(table);
        }

        index.hashes = hashes;
        index.ids = ids;
        index.tables = tables;
        index
    }

    /// Adds one hash. Cheap (an append); the hash is searched linearly until
    /// [`PdqIndex::compact`], so call that once [`PdqIndex::pending_len`] reaches some tens of
    /// thousands.
    pub fn insert(&mut self, hash: PdqHash, id: u64) {
        self.pending.push((hash, id));
    }

    /// Rebuilds the tables with the appended hashes merged in. Linear time, like
    /// [`PdqIndex::build`].
    pub fn compact(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        // Free the tables first so the rebuild's peak memory stays near the final size.
        self.tables = Vec::new();
        let hashes = std::mem::take(&mut self.hashes);
        let ids = std::mem::take(&mut self.ids);
        let pending = std::mem::take(&mut self.pending);
        let mut items = Vec::with_capacity(hashes.len() + pending.len());
        items.extend(
            hashes
                .into_iter()
                .zip(ids.iter())
                .map(|(hash, id)| (PdqHash(hash.0), id)),
        );
        drop(ids);
        items.extend(pending);
        *self = PdqIndex::build(items);
    }

    /// Number of stored hashes (indexed and appended).
    #[must_use]
    pub fn len(&self) -> usize {
        self.hashes.len() + self.pending.len()
    }

    /// Whether nothing is stored.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of hashes appended since the last build, searched linearly.
    #[must_use]
    pub fn pending_len(&self) -> usize {
        self.pending.len()
    }

    /// Every stored (hash, id), indexed ones first in the index's internal order.
    pub fn iter(&self) -> impl Iterator<Item = (PdqHash, u64)> + '_ {
        self.hashes
            .iter()
            .zip(self.ids.iter())
            .map(|(hash, id)| (PdqHash(hash.0), id))
            .chain(self.pending.iter().copied())
    }

    /// Heap bytes held by the index (allocated capacity), plus the struct itself.
    #[must_use]
    pub fn memory_bytes(&self) -> usize {
        std::mem::size_of::<PdqIndex>()
            + self.hashes.capacity() * std::mem::size_of::<StoredHash>()
            + self.ids.heap_bytes()
            + self.tables.capacity() * std::mem::size_of::<SubstringTable>()
            + self
                .tables
                .iter()
                .map(SubstringTable::heap_bytes)
                .sum::<usize>()
            + self.pending.capacity() * std::mem::size_of::<(PdqHash, u64)>()
    }

    /// Every stored hash within `radius` bits of `hash` (inclusive), sorted by distance then id.
    /// Exact for any radius; fastest up to [`crate::fingerprint::PDQ_MATCH_DISTANCE`].
    #[must_use]
    pub fn query(&self, hash: &PdqHash, radius: u32) -> Vec<Match> {
        self.query_with(hash, radius, SearchStrategy::Auto)
    }

    /// [`PdqIndex::query`] with the search strategy chosen by the caller; the answers are the
    /// same, only the time differs.
    #[must_use]
    pub fn query_with(&self, hash: &PdqHash, radius: u32, strategy: SearchStrategy) -> Vec<Match> {
        let mut matches = Vec::new();
        let probed = match strategy {
            SearchStrategy::LinearScan => None,
            SearchStrategy::Auto => self.probe(hash, radius, false),
            SearchStrategy::MultiIndex => self.probe(hash, radius, true),
        };
        match probed {
            Some(probed) => self.verify_candidates(hash, radius, &probed, &mut matches),
            None => {
                let stored = self.hashes.iter().map(|h| &h.0);
                match &self.ids {
                    CallerIds::Narrow(ids) => scan(
                        stored.zip(ids.iter().map(|&id| u64::from(id))),
                        hash,
                        radius,
                        &mut matches,
                    ),
                    CallerIds::Wide(ids) => {
                        scan(stored.zip(ids.iter().copied()), hash, radius, &mut matches);
                    }
                }
            }
        }
        scan(
            self.pending.iter().map(|(h, id)| (&h.0, *id)),
            hash,
            radius,
            &mut matches,
        );
        matches.sort_unstable();
        matches
    }

    /// The work [`PdqIndex::query`] would do for this query, without verifying anything: for
    /// monitoring and measurements.
    #[must_use]
    pub fn query_work(&self, hash: &PdqHash, radius: u32) -> QueryWork {
        let pending = self.pending.len() as u64;
        match self.probe(hash, radius, false) {
            Some(probed) => QueryWork {
                linear_scan: false,
                probed_keys: probed.probed_keys,
                candidates: probed.candidates + pending,
            },
            None => QueryWork {
                linear_scan: true,
                probed_keys: 0,
                candidates: self.hashes.len() as u64 + pending,
            },
        }
    }

    /// Chooses the substring radii and looks up every probed bucket. `None` when a scan is
    /// cheaper (never when `forced`, except for radii covering all 256 bits).
    fn probe(&self, query: &PdqHash, radius: u32, forced: bool) -> Option<ProbedBuckets> {
        let query_keys: [u32; SUBSTRING_COUNT] =
            std::array::from_fn(|i| self.tables.get(i).map_or(0, |t| t.key(i, &query.0)));
        let mut probed = ProbedBuckets {
            query_keys,
            ..ProbedBuckets::default()
        };
        if self.tables.len() != SUBSTRING_COUNT || self.hashes.is_empty() {
            return Some(probed); // nothing indexed: nothing to find
        }
        // `None`: the radius covers all 256 bits, so every hash matches, which a scan reports.
        probed.budgets = self.substring_budgets(radius)?;
        let scan_cost = self.hashes.len() as f64 * SCAN_COST;
        if !forced && self.estimated_probe_cost(&probed.budgets) > scan_cost {
            return None;
        }
        // The lookups are independent random reads, which the processor overlaps; the buckets'
        // sizes tell whether a scan would be cheaper after all.
        for (substring, table) in self.tables.iter().enumerate() {
            let budget = probed.budgets.get(substring).copied().unwrap_or(0);
            let centre = query_keys.get(substring).copied().unwrap_or(0);
            if budget > 0 {
                for_each_key_within(centre, table.key_bits, budget - 1, |key| {
                    probed.probed_keys += 1;
                    let (start, end) = table.bucket(key);
                    if start < end {
                        probed.candidates += u64::from(end - start);
                        probed.buckets.push((start, end));
                    }
                });
            }
            if let Some(end) = probed.buckets_end.get_mut(substring) {
                *end = probed.buckets.len();
            }
        }
        let probe_cost = probed.probed_keys as f64 * PROBE_COST;
        if !forced && probe_cost + probed.candidates as f64 * CANDIDATE_COST > scan_cost {
            return None;
        }
        Some(probed)
    }

    /// Verifies the candidates of the probed buckets, appending those within `radius`; each is
    /// reported by the first table whose probe covers it.
    fn verify_candidates(
        &self,
        query: &PdqHash,
        radius: u32,
        probed: &ProbedBuckets,
        matches: &mut Vec<Match>,
    ) {
        let mut candidates: Vec<u32> = Vec::new();
        let mut buckets_start = 0;
        for (substring, table) in self.tables.iter().enumerate() {
            let buckets_stop = probed.buckets_end.get(substring).copied().unwrap_or(0);
            let substring_buckets = probed
                .buckets
                .get(buckets_start..buckets_stop)
                .unwrap_or(&[]);
            buckets_start = buckets_stop;
            // Gather the candidates' positions, then verify them in one pass, so the random
            // reads of their hashes are independent of each other.
            candidates.clear();
            for &(start, end) in substring_buckets {
                if substring == 0 {
                    candidates.extend(start..end);
                } else if let Some(positions) = table.positions.get(start as usize..end as usize) {
                    candidates.extend_from_slice(positions);
                }
            }
            for &position in &candidates {
                let position = position as usize;
                let (Some(stored), Some(id)) = (self.hashes.get(position), self.ids.get(position))
                else {
                    continue;
                };
                let distance = PdqHash(stored.0).distance(query);
                if distance <= radius
                    && self.first_covering_substring(&stored.0, &probed.query_keys, &probed.budgets)
                        == Some(substring)
                {
                    matches.push(Match { distance, id });
                }
            }
        }
    }

    /// The first substring whose probe covers `words` (its key within the substring's radius of
    /// the query's key): the one table that reports it.
    fn first_covering_substring(
        &self,
        words: &[u64; 4],
        query_keys: &[u32; SUBSTRING_COUNT],
        budgets: &[u32; SUBSTRING_COUNT],
    ) -> Option<usize> {
        self.tables
            .iter()
            .zip(query_keys.iter().zip(budgets))
            .enumerate()
            .find(|(substring, (table, (&query_key, &budget)))| {
                budget > 0 && (table.key(*substring, words) ^ query_key).count_ones() < budget
            })
            .map(|(substring, _)| substring)
    }

    /// Per substring, its search radius plus one (0: not probed), with `Σ ≥ radius + 1` so the
    /// pigeonhole argument holds, chosen greedily by the expected cost of each extra unit.
    /// `None` when no choice exists (radii covering all 256 bits, where every hash matches).
    fn substring_budgets(&self, radius: u32) -> Option<[u32; SUBSTRING_COUNT]> {
        let needed = u64::from(radius) + 1;
        let mut budgets = [0u32; SUBSTRING_COUNT];
        let mut total = 0u64;
        while total < needed {
            let mut best: Option<(f64, usize)> = None;
            for (substring, (table, &budget)) in self.tables.iter().zip(&budgets).enumerate() {
                // A substring radius beyond the substring's width buys nothing.
                if budget > substring_width(substring) {
                    continue;
                }
                let cost = binomial(table.key_bits, budget) * self.cost_per_key(table);
                if best.is_none_or(|(best_cost, _)| cost < best_cost) {
                    best = Some((cost, substring));
                }
            }
            let (_, substring) = best?;
            if let Some(budget) = budgets.get_mut(substring) {
                *budget += 1;
            }
            total += 1;
        }
        Some(budgets)
    }

    /// Expected cost of probing one key of `table`: the lookup and its expected bucket.
    fn cost_per_key(&self, table: &SubstringTable) -> f64 {
        let bucket_size = self.hashes.len() as f64 / f64::from(1u32 << table.key_bits.min(31));
        PROBE_COST + bucket_size * CANDIDATE_COST
    }

    fn estimated_probe_cost(&self, budgets: &[u32; SUBSTRING_COUNT]) -> f64 {
        self.tables
            .iter()
            .zip(budgets)
            .map(|(table, &budget)| {
                let keys: f64 = (0..budget).map(|k| binomial(table.key_bits, k)).sum();
                keys * self.cost_per_key(table)
            })
            .sum()
    }
}

/// Compares `query` with every hash of `stored`, appending those within `radius`.
fn scan<'a>(
    stored: impl Iterator<Item = (&'a [u64; 4], u64)>,
    query: &PdqHash,
    radius: u32,
    matches: &mut Vec<Match>,
) {
    for (words, id) in stored {
        let distance = PdqHash(*words).distance(query);
        if distance <= radius {
            matches.push(Match { distance, id });
        }
    }
}

fn substring_start(substring: usize) -> u32 {
    SUBSTRING_STARTS.get(substring).copied().unwrap_or(0)
}

fn substring_width(substring: usize) -> u32 {
    SUBSTRING_WIDTHS.get(substring).copied().unwrap_or(0)
}

/// Key bits per table for `count` hashes: a quarter to a half as many buckets as hashes (the
/// offset table then costs at most 2 bytes per hash), capped at the substring's width.
fn key_bits_for(count: usize) -> [u32; SUBSTRING_COUNT] {
    let log2 = usize::BITS - 1 - count.max(1).leading_zeros();
    std::array::from_fn(|substring| log2.saturating_sub(1).clamp(1, substring_width(substring)))
}

/// Offsets of the counting sort of `keys` into `1 << key_bits` buckets.
fn bucket_starts(keys: impl Iterator<Item = u32>, key_bits: u32) -> Vec<u32> {
    let bucket_count = 1usize << key_bits.min(31);
    let mut starts = vec![0u32; bucket_count + 1];
    for key in keys {
        if let Some(count) = starts.get_mut(key as usize + 1) {
            *count += 1;
        }
    }
    let mut running = 0u32;
    for start in &mut starts {
        running = running.saturating_add(*start);
        *start = running;
    }
    starts
}

/// `count` bits of `words` from bit `start` (bit `k` is bit `k % 64` of word `k / 64`), as the
/// low bits of the result. `count` is at most 32.
fn bits_at(words: &[u64; 4], start: u32, count: u32) -> u32 {
    let word = (start / 64) as usize;
    let shift = start % 64;
    let low = words.get(word).copied().unwrap_or(0) >> shift;
    let high = if shift == 0 {
        0
    } else {
        words.get(word + 1).copied().unwrap_or(0) << (64 - shift)
    };
    let mask = if count >= 32 {
        u64::from(u32::MAX)
    } else {
        (1u64 << count) - 1
    };
    ((low | high) & mask) as u32
}

/// Calls `visit` with every `bits`-bit key within `max_flips` bits of `centre`, each once.
fn for_each_key_within(centre: u32, bits: u32, max_flips: u32, mut visit: impl FnMut(u32)) {
    let bits = bits.min(31);
    visit(centre);
    let limit = 1u64 << bits;
    for flips in 1..=max_flips.min(bits) {
        // Every `bits`-bit mask with `flips` ones, in increasing order (Gosper's hack).
        let mut mask: u64 = (1u64 << flips) - 1;
        while mask < limit {
            visit(centre ^ mask as u32);
            let lowest = mask & mask.wrapping_neg();
            let ripple = mask + lowest;
            let Some(shifted) = ((ripple ^ mask) >> 2).checked_div(lowest) else {
                break;
            };
            mask = shifted | ripple;
        }
    }
}

/// `n` choose `k` as a float (exact for the sizes used here).
fn binomial(n: u32, k: u32) -> f64 {
    if k > n {
        return 0.0;
    }
    let k = k.min(n - k);
    (0..k).fold(1.0, |product, i| {
        product * f64::from(n - i) / f64::from(i + 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substrings_partition_the_bits() {
        let mut covered = [false; 256];
        for (start, width) in SUBSTRING_STARTS.iter().zip(SUBSTRING_WIDTHS) {
            for bit in *start..start + width {
                assert!(!covered[bit as usize]);
                covered[bit as usize] = true;
            }
        }
        assert!(covered.iter().all(|&c| c));
    }

    #[test]
    fn extracts_bits_across_words() {
        let words = [1u64 << 63, 0b101, 0, u64::MAX];
        assert_eq!(bits_at(&words, 63, 4), 0b1011);
        assert_eq!(bits_at(&words, 0, 22), 0);
        assert_eq!(bits_at(&words, 250, 6), 0b11_1111);
        assert_eq!(bits_at(&words, 64, 3), 0b101);
    }

    #[test]
    fn enumerates_each_key_within_the_radius_once() {
        for bits in 1..=8u32 {
            for max_flips in 0..=bits + 1 {
                let centre = 0b1011_0110 & ((1u32 << bits) - 1);
                let mut seen = Vec::new();
                for_each_key_within(centre, bits, max_flips, |key| seen.push(key));
                let mut expected: Vec<u32> = (0..1u32 << bits)
                    .filter(|key| (key ^ centre).count_ones() <= max_flips)
                    .collect();
                seen.sort_unstable();
                expected.sort_unstable();
                assert_eq!(seen, expected, "bits {bits} flips {max_flips}");
            }
        }
    }

    #[test]
    fn binomials() {
        assert_eq!(binomial(21, 2), 210.0);
        assert_eq!(binomial(22, 0), 1.0);
        assert_eq!(binomial(3, 4), 0.0);
        assert_eq!(binomial(21, 21), 1.0);
    }

    #[test]
    fn budgets_cover_the_radius_at_ten_million() {
        let index = PdqIndex {
            hashes: vec![StoredHash::default(); 10_000_000],
            tables: key_bits_for(10_000_000)
                .iter()
                .map(|&key_bits| SubstringTable {
                    key_bits,
                    ..SubstringTable::default()
                })
                .collect(),
            ..PdqIndex::default()
        };
        assert_eq!(key_bits_for(10_000_000), SUBSTRING_WIDTHS);
        let budgets = index.substring_budgets(31).unwrap_or_default();
        assert_eq!(budgets.iter().sum::<u32>(), 32);
        assert!(budgets.iter().all(|&b| (2..=3).contains(&b)));
        assert!(index.estimated_probe_cost(&budgets) < 1e7);
        assert_eq!(
            index
                .substring_budgets(0)
                .unwrap_or_default()
                .iter()
                .sum::<u32>(),
            1
        );
        assert!(index.substring_budgets(300).is_none());
    }

    #[test]
    fn key_bits_follow_the_size() {
        assert_eq!(key_bits_for(0), [1; SUBSTRING_COUNT]);
        assert_eq!(key_bits_for(1_000), [8; SUBSTRING_COUNT]);
        assert_eq!(key_bits_for(usize::MAX), SUBSTRING_WIDTHS);
    }
}
