//! The PDQ index gives exactly the brute-force answers: random sets, families of near-duplicates,
//! radius edges, duplicates, empty indexes, appended hashes, every search strategy.

use canhgiac_core::fingerprint::{PdqHash, PDQ_MATCH_DISTANCE};
use canhgiac_core::pdq_index::{Match, PdqIndex, SearchStrategy};
use proptest::prelude::*;

const STRATEGIES: [SearchStrategy; 3] = [
    SearchStrategy::Auto,
    SearchStrategy::MultiIndex,
    SearchStrategy::LinearScan,
];

/// Every (distance, id) within `radius`, sorted: the reference answer.
fn brute_force(items: &[(PdqHash, u64)], query: &PdqHash, radius: u32) -> Vec<Match> {
    let mut matches: Vec<Match> = items
        .iter()
        .map(|(hash, id)| Match {
            distance: hash.distance(query),
            id: *id,
        })
        .filter(|m| m.distance <= radius)
        .collect();
    matches.sort_by_key(|m| (m.distance, m.id));
    matches
}

/// Checks every strategy of `index` against brute force over `items`.
fn assert_exact(index: &PdqIndex, items: &[(PdqHash, u64)], query: &PdqHash, radius: u32) {
    let expected = brute_force(items, query, radius);
    for strategy in STRATEGIES {
        assert_eq!(
            index.query_with(query, radius, strategy),
            expected,
            "{strategy:?}, radius {radius}, {} items",
            items.len()
        );
    }
}

/// `hash` with the listed bits inverted (a bit listed twice is restored).
fn flip(hash: &PdqHash, bits: &[u8]) -> PdqHash {
    let mut words = hash.0;
    for &bit in bits {
        words[usize::from(bit / 64)] ^= 1u64 << (bit % 64);
    }
    PdqHash(words)
}

/// `hash` with its first `count` bits inverted: exactly `count` bits away.
fn flip_first(hash: &PdqHash, count: u8) -> PdqHash {
    flip(hash, &(0..count).collect::<Vec<u8>>())
}

fn arb_hash() -> impl Strategy<Value = PdqHash> {
    any::<[u64; 4]>().prop_map(PdqHash)
}

/// A few family centres, each with members a handful of bits away (up to 40 flips, so some
/// members sit just outside the match radius of each other).
fn arb_families() -> impl Strategy<Value = Vec<(PdqHash, u64)>> {
    prop::collection::vec(
        (
            arb_hash(),
            prop::collection::vec(prop::collection::vec(any::<u8>(), 0..40), 1..40),
        ),
        1..8,
    )
    .prop_map(|families| {
        let mut items = Vec::new();
        for (centre, members) in families {
            for flips in members {
                let id = items.len() as u64 % 50; // ids repeat across hashes on purpose
                items.push((flip(&centre, &flips), id));
            }
        }
        items
    })
}

fn radius() -> impl Strategy<Value = u32> {
    prop_oneof![
        Just(0u32),
        Just(1),
        Just(30),
        Just(PDQ_MATCH_DISTANCE),
        Just(PDQ_MATCH_DISTANCE + 1),
        0u32..=64,
    ]
}

proptest! {
    #[test]
    fn random_sets_match_brute_force(
        hashes in prop::collection::vec(arb_hash(), 0..300),
        queries in prop::collection::vec(arb_hash(), 1..4),
        radius in radius(),
        id_base in prop_oneof![Just(0u64), Just(u64::MAX - 1000), any::<u64>()],
    ) {
        let items: Vec<(PdqHash, u64)> = (0u64..)
            .zip(hashes)
            .map(|(i, h)| (h, id_base.wrapping_add(i)))
            .collect();
        let index = PdqIndex::build(items.clone());
        prop_assert_eq!(index.len(), items.len());
        for query in &queries {
            assert_exact(&index, &items, query, radius);
        }
        // Stored hashes as queries: at least themselves match.
        for (hash, _) in items.iter().take(3) {
            assert_exact(&index, &items, hash, radius);
        }
    }

    #[test]
    fn near_duplicate_families_match_brute_force(
        items in arb_families(),
        pick in any::<prop::sample::Index>(),
        query_flips in prop::collection::vec(any::<u8>(), 0..36),
        radius in radius(),
    ) {
        let index = PdqIndex::build(items.clone());
        let (member, _) = items[pick.index(items.len())];
        assert_exact(&index, &items, &flip(&member, &query_flips), radius);
        assert_exact(&index, &items, &member, radius);
    }

    #[test]
    fn appended_hashes_are_found_before_and_after_compaction(
        items in arb_families(),
        split in any::<prop::sample::Index>(),
        query_flips in prop::collection::vec(any::<u8>(), 0..36),
        radius in radius(),
    ) {
        let split = split.index(items.len() + 1);
        let mut index = PdqIndex::build(items[..split].to_vec());
        for &(hash, id) in &items[split..] {
            index.insert(hash, id);
        }
        prop_assert_eq!(index.pending_len(), items.len() - split);
        let query = flip(&items[0].0, &query_flips);
        assert_exact(&index, &items, &query, radius);
        index.compact();
        prop_assert_eq!(index.pending_len(), 0);
        prop_assert_eq!(index.len(), items.len());
        assert_exact(&index, &items, &query, radius);
    }

    #[test]
    fn larger_sets_match_brute_force(
        seed_hashes in prop::collection::vec(arb_hash(), 20..40),
        flips in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..24), 3000),
        query_flips in prop::collection::vec(any::<u8>(), 0..40),
    ) {
        // 3,000 hashes around a few dozen centres: wider tables, crowded buckets.
        let items: Vec<(PdqHash, u64)> = (0u64..)
            .zip(&flips)
            .map(|(id, f)| (flip(&seed_hashes[id as usize % seed_hashes.len()], f), id))
            .collect();
        let index = PdqIndex::build(items.clone());
        let query = flip(&seed_hashes[0], &query_flips);
        for radius in [0, 8, PDQ_MATCH_DISTANCE, PDQ_MATCH_DISTANCE + 1] {
            assert_exact(&index, &items, &query, radius);
        }
    }
}

#[test]
fn radius_edges_are_inclusive() {
    let query = PdqHash([0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210, 7, u64::MAX]);
    let items: Vec<(PdqHash, u64)> = [0u8, 1, 30, 31, 32, 33, 200]
        .iter()
        .map(|&d| (flip_first(&query, d), u64::from(d)))
        .collect();
    let index = PdqIndex::build(items.clone());
    let ids = |radius: u32| -> Vec<u64> {
        index
            .query_with(&query, radius, SearchStrategy::MultiIndex)
            .iter()
            .map(|m| m.id)
            .collect()
    };
    assert_eq!(ids(31), [0, 1, 30, 31]);
    assert_eq!(ids(32), [0, 1, 30, 31, 32]);
    assert_eq!(ids(30), [0, 1, 30]);
    assert_eq!(ids(0), [0]);
    for radius in [0, 1, 30, 31, 32, 33, 199, 200, 255, 256, 1000, u32::MAX] {
        assert_exact(&index, &items, &query, radius);
    }
    assert_eq!(index.query(&query, u32::MAX).len(), items.len());
}

#[test]
fn duplicate_hashes_and_ids_are_all_reported() {
    let hash = PdqHash([1, 2, 3, 4]);
    let other = flip_first(&hash, 5);
    let items = vec![(hash, 9), (hash, 3), (hash, 3), (other, 9), (other, 1)];
    let index = PdqIndex::build(items.clone());
    let found = index.query(&hash, PDQ_MATCH_DISTANCE);
    assert_eq!(
        found,
        [
            Match { distance: 0, id: 3 },
            Match { distance: 0, id: 3 },
            Match { distance: 0, id: 9 },
            Match { distance: 5, id: 1 },
            Match { distance: 5, id: 9 },
        ]
    );
    for radius in [0, 4, 5, 31] {
        assert_exact(&index, &items, &hash, radius);
    }
}

#[test]
fn ids_wider_than_32_bits_survive() {
    let hash = PdqHash([5, 6, 7, 8]);
    let near = flip_first(&hash, 3);
    let mut index = PdqIndex::build(vec![(hash, 1), (near, 2)]);
    index.insert(near, u64::MAX);
    index.insert(hash, u64::from(u32::MAX) + 1);
    let expected = [
        Match { distance: 0, id: 1 },
        Match {
            distance: 0,
            id: u64::from(u32::MAX) + 1,
        },
        Match { distance: 3, id: 2 },
        Match {
            distance: 3,
            id: u64::MAX,
        },
    ];
    assert_eq!(index.query(&hash, 3), expected);
    index.compact();
    for strategy in STRATEGIES {
        assert_eq!(index.query_with(&hash, 3, strategy), expected);
    }
    let wide = PdqIndex::build(vec![(hash, u64::MAX), (hash, 0)]);
    assert_eq!(
        wide.query(&hash, 0),
        [
            Match { distance: 0, id: 0 },
            Match {
                distance: 0,
                id: u64::MAX
            }
        ]
    );
}

#[test]
fn empty_index_finds_nothing() {
    let empty = PdqIndex::build(Vec::new());
    let query = PdqHash([u64::MAX; 4]);
    for strategy in STRATEGIES {
        for radius in [0, 31, 256, u32::MAX] {
            assert!(empty.query_with(&query, radius, strategy).is_empty());
        }
    }
    assert!(empty.is_empty());
    assert_eq!(empty.len(), 0);
    assert!(empty.memory_bytes() < 1024);
    assert_eq!(empty.iter().count(), 0);

    let mut index = PdqIndex::new();
    index.compact();
    assert!(index.is_empty());
    index.insert(query, 5);
    assert_eq!(index.query(&query, 0), [Match { distance: 0, id: 5 }]);
    index.compact();
    assert_eq!(index.pending_len(), 0);
    assert_eq!(index.query(&query, 0), [Match { distance: 0, id: 5 }]);
}

#[test]
fn collects_extends_and_iterates() {
    let items: Vec<(PdqHash, u64)> = (0u64..50)
        .map(|i| (PdqHash([i, i * 3, !i, i << 7]), i))
        .collect();
    let mut index: PdqIndex = items[..30].iter().copied().collect();
    index.extend(items[30..].iter().copied());
    assert_eq!(index.len(), 50);
    assert_eq!(index.pending_len(), 20);
    let mut stored: Vec<(PdqHash, u64)> = index.iter().collect();
    stored.sort_by_key(|(_, id)| *id);
    assert_eq!(stored, items);
    assert!(format!("{index:?}").contains("pending: 20"));
}

/// A deterministic stream of random hashes (SplitMix64).
fn random_hashes(seed: u64, count: usize) -> Vec<PdqHash> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    (0..count)
        .map(|_| PdqHash([next(), next(), next(), next()]))
        .collect()
}

#[test]
fn large_random_index_probes_instead_of_scanning() {
    let hashes = random_hashes(7, 200_000);
    let items: Vec<(PdqHash, u64)> = (0u64..).zip(&hashes).map(|(id, h)| (*h, id)).collect();
    let index = PdqIndex::build(items.clone());
    let queries = [
        flip_first(&hashes[123], 31),
        flip_first(&hashes[4567], 12),
        random_hashes(8, 1)[0],
    ];
    for query in &queries {
        let work = index.query_work(query, PDQ_MATCH_DISTANCE);
        assert!(!work.linear_scan, "{work:?}");
        assert!(work.candidates < 20_000, "{work:?}");
        assert_exact(&index, &items, query, PDQ_MATCH_DISTANCE);
        assert_exact(&index, &items, query, 10);
    }
    assert_eq!(
        index.query(&queries[0], PDQ_MATCH_DISTANCE),
        [Match {
            distance: 31,
            id: 123
        }]
    );
}

#[test]
fn crowded_buckets_fall_back_to_a_scan() {
    // Half the index is one image: probing would touch it all, so the query scans instead.
    let hashes = random_hashes(9, 100_000);
    let crowd = hashes[0];
    let items: Vec<(PdqHash, u64)> = (0u64..)
        .zip(&hashes)
        .map(|(id, h)| (if id % 2 == 0 { crowd } else { *h }, id))
        .collect();
    let index = PdqIndex::build(items.clone());
    let near = flip_first(&crowd, 40); // within the substring radii, outside the match radius
    assert!(index.query_work(&near, PDQ_MATCH_DISTANCE).linear_scan);
    assert_exact(&index, &items, &near, PDQ_MATCH_DISTANCE);
    assert_eq!(index.query(&crowd, 0).len(), 50_000);
}
