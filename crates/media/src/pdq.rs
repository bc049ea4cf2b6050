//! PDQ, Meta's perceptual image hash, computed bit for bit as the ThreatExchange C++ reference
//! does (`pdq/cpp/hashing/pdqhashing.cpp`, `downscaling.cpp`, `torben.cpp`).
//!
//! Hashes are only useful for linking campaigns if they equal the ones other tools compute, so
//! every step keeps the reference's arithmetic: single-precision luma with the reference's
//! coefficients, the two Jarosz box-filter passes with running sums added and subtracted in the
//! reference's order, decimation to 64×64 at pixel centres, the integer quality metric, a 16×64
//! DCT matrix built in double and stored in single precision, Torben's median, and the
//! reference's bit order. The loops are arranged for speed (several rows or columns at a time),
//! but each value goes through exactly the same floating-point operations in the same order.
//!
//! Pipeline: RGB → luma (f32) → box filter along rows, then columns, twice → 64×64 samples →
//! quality from the 64×64 gradients → 16×16 low-frequency DCT → one bit per coefficient: above
//! the median or not.

use std::sync::OnceLock;

use canhgiac_core::fingerprint::PdqHash;
use image::RgbImage;

use crate::MediaError;

/// Images narrower or shorter than this get the all-zero hash and quality 0, as in the reference.
pub const MIN_HASHABLE_SIDE: u32 = 5;
/// Below this quality a hash is mostly noise (Meta's guidance): flat or nearly blank images.
pub const MIN_USEFUL_QUALITY: u8 = 50;

/// Side of the downsampled image the DCT is taken from.
const SAMPLES: usize = 64;
/// Side of the low-frequency DCT block that becomes the 256 bits.
const COEFFICIENTS: usize = 16;

// Luma coefficients exactly as the reference declares them: `const float`, so rounded to single
// precision before they are used.
const LUMA_FROM_RED: f32 = 0.299;
const LUMA_FROM_GREEN: f32 = 0.587;
const LUMA_FROM_BLUE: f32 = 0.114;

/// A PDQ hash with the reference's quality score (0–100: how much detail the image has).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PdqOutcome {
    pub hash: PdqHash,
    pub quality: u8,
}

/// Order of the hashes [`hash_rgb_dihedral`] returns: the hash of the image itself, then the
/// hashes the image would have after each rotation or flip (the reference's order and names).
pub const DIHEDRAL_NAMES: [&str; 8] = [
    "original",
    "rotate90",
    "rotate180",
    "rotate270",
    "flipx",
    "flipy",
    "flipplus1",
    "flipminus1",
];

/// Decodes an image from memory (see [`crate::decode`]) and hashes it.
pub fn hash_image(bytes: &[u8]) -> Result<PdqOutcome, MediaError> {
    let image = crate::decode::decode_rgb(bytes)?;
    Ok(hash_rgb(&image))
}

/// The PDQ hash and quality of an RGB image.
#[must_use]
pub fn hash_rgb(image: &RgbImage) -> PdqOutcome {
    let (rows, cols) = (image.height() as usize, image.width() as usize);
    if !hashable(rows, cols) {
        return PdqOutcome {
            hash: PdqHash([0; 4]),
            quality: 0,
        };
    }
    // The reference skips the blur when the image is already 64×64 (video frames scaled by
    // ffmpeg); only this entry point does, not the dihedral one.
    let samples = if rows == SAMPLES && cols == SAMPLES {
        samples_from_rgb(image.as_raw())
    } else {
        downsample(image.as_raw(), rows, cols)
    };
    let quality = quality(&samples);
    let dct = dct_64_to_16(&samples);
    PdqOutcome {
        hash: bits_from_dct(&dct),
        quality,
    }
}

/// The eight dihedral hashes of an RGB image (in [`DIHEDRAL_NAMES`] order: original, rotated by
/// 90°, 180°, 270°, flipped about the x axis, the y axis, the main diagonal, the other diagonal)
/// and its quality. They are derived from one DCT, as the reference does, so a rotated or
/// mirrored copy of a picture can be matched without decoding it eight times.
#[must_use]
pub fn hash_rgb_dihedral(image: &RgbImage) -> ([PdqHash; 8], u8) {
    let (rows, cols) = (image.height() as usize, image.width() as usize);
    if !hashable(rows, cols) {
        return ([PdqHash([0; 4]); 8], 0);
    }
    let samples = downsample(image.as_raw(), rows, cols);
    let quality = quality(&samples);
    let dct = dct_64_to_16(&samples);
    let hashes = [
        bits_from_dct(&dct),
        bits_from_dct(&transform(&dct, true, |_, j| j % 2 == 0)),
        bits_from_dct(&transform(&dct, false, |i, j| (i + j) % 2 == 1)),
        bits_from_dct(&transform(&dct, true, |i, _| i % 2 == 0)),
        bits_from_dct(&transform(&dct, false, |i, _| i % 2 == 0)),
        bits_from_dct(&transform(&dct, false, |_, j| j % 2 == 0)),
        bits_from_dct(&transform(&dct, true, |_, _| false)),
        bits_from_dct(&transform(&dct, true, |i, j| (i + j) % 2 == 1)),
    ];
    (hashes, quality)
}

fn hashable(rows: usize, cols: usize) -> bool {
    let min = MIN_HASHABLE_SIDE as usize;
    rows >= min && cols >= min
}

type Samples = [[f32; SAMPLES]; SAMPLES];
type Dct = [[f32; COEFFICIENTS]; COEFFICIENTS];

/// Single-precision luma as the reference's `fillFloatLumaFromRGB` computes it:
/// `(r·cR + g·cG) + b·cB`, every product and sum rounded to `f32`.
#[inline(always)]
fn luma(pixel: &[u8]) -> f32 {
    match *pixel {
        [r, g, b] => {
            LUMA_FROM_RED * f32::from(r)
                + LUMA_FROM_GREEN * f32::from(g)
                + LUMA_FROM_BLUE * f32::from(b)
        }
        _ => 0.0,
    }
}

fn samples_from_rgb(rgb: &[u8]) -> Samples {
    let mut samples = [[0f32; SAMPLES]; SAMPLES];
    for (row, pixels) in samples.iter_mut().zip(rgb.chunks_exact(SAMPLES * 3)) {
        for (sample, pixel) in row.iter_mut().zip(pixels.chunks_exact(3)) {
            *sample = luma(pixel);
        }
    }
    samples
}

/// The reference's `computeJaroszFilterWindowSize`: half the span one output sample covers,
/// rounded up, since two passes together cover the whole span.
fn jarosz_window(old_side: usize, new_side: usize) -> usize {
    // The reference writes it `(old + 2·new − 1) / (2·new)`.
    old_side.div_ceil(2 * new_side)
}

/// Pixel centres of the 64 samples along a side, computed in double precision as the
/// reference's `decimateFloat` does.
fn sample_indices(side: usize) -> [usize; SAMPLES] {
    let mut indices = [0usize; SAMPLES];
    for (out, index) in indices.iter_mut().enumerate() {
        let centre = ((out as f64 + 0.5) * side as f64 / SAMPLES as f64) as usize;
        *index = centre.min(side.saturating_sub(1));
    }
    indices
}

/// Rows filtered together along their length: one lane each, so the running sums of the
/// eight rows advance side by side (vectorised) instead of one long dependency chain.
const LANES: usize = 8;
type Lanes = [f32; LANES];

/// The body of [`downsample`], expanded in each build of it so that its closures are compiled
/// with that build's vector extensions too.
macro_rules! downsample_body {
    ($rgb:expr, $rows:expr, $cols:expr) => {{
        let (rgb, rows, cols): (&[u8], usize, usize) = ($rgb, $rows, $cols);
        let window_along_rows = jarosz_window(cols, SAMPLES);
        let window_along_cols = jarosz_window(rows, SAMPLES);
        let sampled_cols = sample_indices(cols);
        let sampled_rows = sample_indices(rows);

        // 1. Luma, then the first pass along rows.
        let mut blurred = vec![0f32; rows * cols];
        let mut stage = vec![0f32; LANES * cols];
        let mut block: Vec<Lanes> = vec![[0.0; LANES]; cols];
        let mut out_block: Vec<Lanes> = vec![[0.0; LANES]; cols];
        for (rgb_rows, out_rows) in rgb
            .chunks(LANES * cols * 3)
            .zip(blurred.chunks_mut(LANES * cols))
        {
            for (stage_row, rgb_row) in stage
                .chunks_exact_mut(cols)
                .zip(rgb_rows.chunks_exact(cols * 3))
            {
                for (value, pixel) in stage_row.iter_mut().zip(rgb_row.chunks_exact(3)) {
                    *value = luma(pixel);
                }
            }
            transpose_into(&stage, cols, &mut block);
            box_block(&block, window_along_rows, |out, sums, count| {
                if let Some(step) = out_block.get_mut(out) {
                    for (value, sum) in step.iter_mut().zip(sums) {
                        *value = sum / count;
                    }
                }
            });
            transpose_from(&out_block, cols, out_rows);
        }

        // 2 and 3. Columns, each output row staged until eight are ready for the second pass along
        // rows; that pass keeps only the sampled columns.
        let mut narrow = vec![[0f32; SAMPLES]; rows];
        let mut staged_rows = 0usize;
        let mut first_staged = 0usize;
        box_columns(
            &blurred,
            rows,
            cols,
            window_along_cols,
            |out, sums, count| {
                if staged_rows == 0 {
                    first_staged = out;
                }
                if let Some(stage_row) = stage.get_mut(staged_rows * cols..(staged_rows + 1) * cols)
                {
                    for (value, sum) in stage_row.iter_mut().zip(sums) {
                        *value = sum / count;
                    }
                }
                staged_rows += 1;
                if staged_rows == LANES || out + 1 == rows {
                    transpose_into(&stage, cols, &mut block);
                    let targets = narrow.get_mut(first_staged..first_staged + staged_rows);
                    box_rows_at_samples(&block, window_along_rows, &sampled_cols, targets);
                    staged_rows = 0;
                }
            },
        );
        drop(blurred);

        // 4. The 64 sampled columns, down the rows, kept at the sampled rows.
        let mut samples = [[0f32; SAMPLES]; SAMPLES];
        let mut next = 0usize;
        box_steps(
            &narrow,
            window_along_cols,
            |out, sums: &[f32; SAMPLES], count| {
                while let (Some(&row), Some(sample_row)) =
                    (sampled_rows.get(next), samples.get_mut(next))
                {
                    if row != out {
                        break;
                    }
                    for (sample, sum) in sample_row.iter_mut().zip(sums) {
                        *sample = sum / count;
                    }
                    next += 1;
                }
            },
        );
        samples
    }};
}

/// The reference's blur-and-decimate (`jaroszFilterFloat` with two passes of rows then
/// columns, then `decimateFloat` to 64×64), computed without materialising what the decimation
/// throws away. Each sample still goes through the same chain of running-sum additions,
/// subtractions and divisions as in the reference:
///
/// 1. luma and the first pass along rows, eight rows at a time, into one luma-sized buffer;
/// 2. the first pass along columns, all columns at once, streamed row by row into
/// 3. the second pass along rows, whose outputs are only kept at the 64 sampled columns;
/// 4. the second pass along columns on those 64 columns, kept at the 64 sampled rows.
fn downsample(rgb: &[u8], rows: usize, cols: usize) -> Samples {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2, checked just above. AVX2 only widens the vectors; no
        // fused multiply-add is enabled, so every operation rounds exactly as without it.
        return unsafe { downsample_avx2(rgb, rows, cols) };
    }
    downsample_portable(rgb, rows, cols)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn downsample_avx2(rgb: &[u8], rows: usize, cols: usize) -> Samples {
    downsample_body!(rgb, rows, cols)
}

fn downsample_portable(rgb: &[u8], rows: usize, cols: usize) -> Samples {
    downsample_body!(rgb, rows, cols)
}

/// Transposes up to eight rows (row-major, `cols` long) into one lane each of `block`, in
/// 8×8 tiles so that every index is a constant.
#[inline(always)]
fn transpose_into(rows: &[f32], cols: usize, block: &mut [Lanes]) {
    let full_tiles = cols / LANES;
    for (tile, steps) in block.chunks_exact_mut(LANES).take(full_tiles).enumerate() {
        let mut tile_rows = [[0f32; LANES]; LANES];
        for (tile_row, row) in tile_rows.iter_mut().zip(rows.chunks_exact(cols)) {
            if let Some(values) = row.get(tile * LANES..(tile + 1) * LANES) {
                tile_row.copy_from_slice(values);
            }
        }
        if let Ok(steps) = <&mut [Lanes; LANES]>::try_from(steps) {
            transpose_tile(&tile_rows, steps);
        }
    }
    for col in full_tiles * LANES..cols {
        if let Some(step) = block.get_mut(col) {
            for (slot, row) in step.iter_mut().zip(rows.chunks_exact(cols)) {
                *slot = row.get(col).copied().unwrap_or(0.0);
            }
        }
    }
}

/// The inverse of [`transpose_into`]: lane `i` of `block` becomes row `i` of `rows`.
#[inline(always)]
fn transpose_from(block: &[Lanes], cols: usize, rows: &mut [f32]) {
    let full_tiles = cols / LANES;
    for (tile, steps) in block.chunks_exact(LANES).take(full_tiles).enumerate() {
        let Ok(steps) = <&[Lanes; LANES]>::try_from(steps) else {
            continue;
        };
        let mut tile_rows = [[0f32; LANES]; LANES];
        transpose_tile(steps, &mut tile_rows);
        for (tile_row, row) in tile_rows.iter().zip(rows.chunks_exact_mut(cols)) {
            if let Some(values) = row.get_mut(tile * LANES..(tile + 1) * LANES) {
                values.copy_from_slice(tile_row);
            }
        }
    }
    for col in full_tiles * LANES..cols {
        if let Some(step) = block.get(col) {
            for (value, row) in step.iter().zip(rows.chunks_exact_mut(cols)) {
                if let Some(slot) = row.get_mut(col) {
                    *slot = *value;
                }
            }
        }
    }
}

#[inline(always)]
#[allow(clippy::needless_range_loop)] // constant indices into fixed-size arrays
fn transpose_tile(input: &[Lanes; LANES], output: &mut [Lanes; LANES]) {
    for i in 0..LANES {
        for j in 0..LANES {
            output[j][i] = input[i][j];
        }
    }
}

/// The second pass along a block of rows (one per lane), keeping the outputs at the sampled
/// columns only; the running sums still go through every column, as they must.
#[inline(always)]
fn box_rows_at_samples(
    block: &[Lanes],
    window: usize,
    sampled_cols: &[usize; SAMPLES],
    targets: Option<&mut [[f32; SAMPLES]]>,
) {
    let Some(targets) = targets else { return };
    let mut next = 0usize;
    box_block(block, window, |out, sums, count| {
        while let Some(&col) = sampled_cols.get(next) {
            if col != out {
                break;
            }
            for (target, sum) in targets.iter_mut().zip(sums) {
                if let Some(slot) = target.get_mut(next) {
                    *slot = sum / count;
                }
            }
            next += 1;
        }
    });
}

#[inline(always)]
fn box_block(input: &[Lanes], window: usize, emit: impl FnMut(usize, &Lanes, f32)) {
    box_steps(input, window, emit);
}

/// The reference's `box1DFloat` over a sequence of steps, each holding one value per lane
/// (independent signals side by side). `emit(out, sums, count)` receives each output position
/// with the running sums and the window size they cover; the output value is `sum / count`
/// (a true division, as in the reference, never a reciprocal). The sums are updated exactly as
/// the reference does: add the entering value, then subtract the leaving one.
#[inline(always)]
fn box_steps<const N: usize>(
    input: &[[f32; N]],
    window: usize,
    mut emit: impl FnMut(usize, &[f32; N], f32),
) {
    let steps = input.len();
    if steps == 0 {
        return;
    }
    // The reference's window never exceeds the signal length; clamping keeps that true.
    let window = window.clamp(1, steps);
    let half = (window + 2) / 2;
    let mut sums = [0f32; N];
    let mut count = 0usize;
    let add = |sums: &mut [f32; N], values: &[f32; N]| {
        for (sum, value) in sums.iter_mut().zip(values) {
            *sum += value;
        }
    };
    let subtract = |sums: &mut [f32; N], values: &[f32; N]| {
        for (sum, value) in sums.iter_mut().zip(values) {
            *sum -= value;
        }
    };
    // Phase 1: accumulate, no output.
    for values in input.get(..half - 1).unwrap_or(&[]) {
        add(&mut sums, values);
        count += 1;
    }
    // Phase 2: growing window.
    let mut out = 0usize;
    for values in input.get(half - 1..window).unwrap_or(&[]) {
        add(&mut sums, values);
        count += 1;
        emit(out, &sums, count as f32);
        out += 1;
    }
    // Phase 3: full window.
    let entering = input.get(window..).unwrap_or(&[]);
    for (values_in, values_out) in entering.iter().zip(input) {
        add(&mut sums, values_in);
        subtract(&mut sums, values_out);
        emit(out, &sums, count as f32);
        out += 1;
    }
    // Phase 4: shrinking window.
    let leaving = input.get(steps - window..).unwrap_or(&[]);
    for values_out in leaving.iter().take(half - 1) {
        subtract(&mut sums, values_out);
        count -= 1;
        emit(out, &sums, count as f32);
        out += 1;
    }
}

/// The reference's `boxAlongColsFloat`: every column is its own signal, so all columns are
/// lanes of one pass down the rows. Same phases and arithmetic as [`box_steps`].
#[inline(always)]
fn box_columns(
    input: &[f32],
    rows: usize,
    cols: usize,
    window: usize,
    mut emit: impl FnMut(usize, &[f32], f32),
) {
    if rows == 0 || cols == 0 || input.len() < rows * cols {
        return;
    }
    let window = window.clamp(1, rows);
    let half = (window + 2) / 2;
    let line = |row: usize| input.get(row * cols..(row + 1) * cols).unwrap_or(&[]);
    let mut sums = vec![0f32; cols];
    let mut count = 0usize;
    let add = |sums: &mut [f32], values: &[f32]| {
        for (sum, value) in sums.iter_mut().zip(values) {
            *sum += value;
        }
    };
    let subtract = |sums: &mut [f32], values: &[f32]| {
        for (sum, value) in sums.iter_mut().zip(values) {
            *sum -= value;
        }
    };
    for row in 0..half - 1 {
        add(&mut sums, line(row));
        count += 1;
    }
    let mut out = 0usize;
    for row in half - 1..window {
        add(&mut sums, line(row));
        count += 1;
        emit(out, &sums, count as f32);
        out += 1;
    }
    for row in window..rows {
        add(&mut sums, line(row));
        subtract(&mut sums, line(row - window));
        emit(out, &sums, count as f32);
        out += 1;
    }
    for row in rows - window..rows - window + half - 1 {
        subtract(&mut sums, line(row));
        count -= 1;
        emit(out, &sums, count as f32);
        out += 1;
    }
}

/// The reference's `pdqImageDomainQualityMetric`: counts significant gradients between
/// neighbouring samples, each truncated to an integer percentage of the 0–255 range.
fn quality(samples: &Samples) -> u8 {
    let gradient = |u: f32, v: f32| -> i32 { (((u - v) * 100.0) / 255.0) as i32 };
    let mut sum: i32 = 0;
    for pair in samples.windows(2) {
        let [upper, lower] = pair else { continue };
        for (&u, &v) in upper.iter().zip(lower.iter()) {
            sum += gradient(u, v).abs();
        }
    }
    for row in samples {
        for pair in row.windows(2) {
            let [u, v] = pair else { continue };
            sum += gradient(*u, *v).abs();
        }
    }
    u8::try_from((sum / 90).clamp(0, 100)).unwrap_or(100)
}

/// The 16×64 DCT matrix: rows 1–16 of the 64-point DCT-II, computed in double and stored in
/// single precision as the reference does.
fn dct_matrix() -> &'static [[f32; SAMPLES]; COEFFICIENTS] {
    static MATRIX: OnceLock<[[f32; SAMPLES]; COEFFICIENTS]> = OnceLock::new();
    MATRIX.get_or_init(|| {
        let scale = (2.0f64 / SAMPLES as f64).sqrt() as f32;
        let mut matrix = [[0f32; SAMPLES]; COEFFICIENTS];
        for (i, row) in matrix.iter_mut().enumerate() {
            for (j, value) in row.iter_mut().enumerate() {
                let angle = (std::f64::consts::PI / 2.0 / SAMPLES as f64)
                    * (i + 1) as f64
                    * (2 * j + 1) as f64;
                *value = (f64::from(scale) * angle.cos()) as f32;
            }
        }
        matrix
    })
}

/// `B = D A Dᵀ` for the 16 lowest non-constant frequencies, sums taken in index order.
fn dct_64_to_16(samples: &Samples) -> Dct {
    let matrix = dct_matrix();
    let mut partial = [[0f32; SAMPLES]; COEFFICIENTS];
    for (partial_row, matrix_row) in partial.iter_mut().zip(matrix) {
        for (&weight, sample_row) in matrix_row.iter().zip(samples) {
            for (sum, &sample) in partial_row.iter_mut().zip(sample_row) {
                *sum += weight * sample;
            }
        }
    }
    let mut dct = [[0f32; COEFFICIENTS]; COEFFICIENTS];
    for (dct_row, partial_row) in dct.iter_mut().zip(&partial) {
        for (value, matrix_row) in dct_row.iter_mut().zip(matrix) {
            let mut sum = 0f32;
            for (&p, &weight) in partial_row.iter().zip(matrix_row) {
                sum += p * weight;
            }
            *value = sum;
        }
    }
    dct
}

/// One of the reference's `dct16OriginalTo*` transforms: optionally transposed, with the sign of
/// the coefficients where `negate(i, j)` holds flipped (`i`, `j` index the original).
fn transform(dct: &Dct, transpose: bool, negate: impl Fn(usize, usize) -> bool) -> Dct {
    let mut out = [[0f32; COEFFICIENTS]; COEFFICIENTS];
    for (i, row) in dct.iter().enumerate() {
        for (j, &value) in row.iter().enumerate() {
            let value = if negate(i, j) { -value } else { value };
            let (r, c) = if transpose { (j, i) } else { (i, j) };
            if let Some(slot) = out.get_mut(r).and_then(|row| row.get_mut(c)) {
                *slot = value;
            }
        }
    }
    out
}

/// One bit per coefficient, set when it is above the median. Bit `k = 16·i + j` is bit `k % 64`
/// of word `3 − k / 64`, which makes [`PdqHash::to_hex`] print the reference's hex string.
fn bits_from_dct(dct: &Dct) -> PdqHash {
    let mut flat = [0f32; COEFFICIENTS * COEFFICIENTS];
    for (chunk, row) in flat.chunks_exact_mut(COEFFICIENTS).zip(dct) {
        chunk.copy_from_slice(row);
    }
    let median = torben_median(&flat);
    let mut words = [0u64; 4];
    for (k, &value) in flat.iter().enumerate() {
        if value > median {
            if let Some(word) = words.get_mut(3 - k / 64) {
                *word |= 1u64 << (k % 64);
            }
        }
    }
    PdqHash(words)
}

/// Torben Mogensen's median (N. Devillard's implementation, as in the reference): repeatedly
/// guesses the midpoint of the remaining range and counts values on either side. For an even
/// count it yields the lower middle value, as the reference does.
fn torben_median(values: &[f32]) -> f32 {
    let Some(&first) = values.first() else {
        return 0.0;
    };
    let n = values.len();
    let half = n.div_ceil(2);
    let (mut min, mut max) = (first, first);
    for &value in values {
        if value < min {
            min = value;
        }
        if value > max {
            max = value;
        }
    }
    loop {
        let guess = (min + max) / 2.0;
        let (mut less, mut greater, mut equal) = (0usize, 0usize, 0usize);
        let (mut max_below, mut min_above) = (min, max);
        for &value in values {
            if value < guess {
                less += 1;
                if value > max_below {
                    max_below = value;
                }
            } else if value > guess {
                greater += 1;
                if value < min_above {
                    min_above = value;
                }
            } else {
                equal += 1;
            }
        }
        if less <= half && greater <= half {
            return if less >= half {
                max_below
            } else if less + equal >= half {
                guess
            } else {
                min_above
            };
        }
        if less > greater {
            max = max_below;
        } else {
            min = min_above;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jarosz_windows_match_the_reference() {
        assert_eq!(jarosz_window(1024, 64), 8);
        assert_eq!(jarosz_window(5, 64), 1);
        assert_eq!(jarosz_window(129, 64), 2);
    }

    #[test]
    fn torben_takes_the_lower_middle() {
        assert_eq!(torben_median(&[4.0, 1.0, 3.0, 2.0]), 2.0);
        assert_eq!(torben_median(&[5.0, 1.0, 3.0]), 3.0);
        assert_eq!(torben_median(&[7.0; 6]), 7.0);
    }

    /// Straight port of the reference's out-of-place `box1DFloat` (strided).
    fn reference_box(input: &[f32], out: &mut [f32], n: usize, stride: usize, window: usize) {
        let half = (window + 2) / 2;
        let (mut li, mut ri, mut oi, mut count) = (0, 0, 0, 0usize);
        let mut sum = 0f32;
        for _ in 0..half - 1 {
            sum += input[ri];
            count += 1;
            ri += stride;
        }
        for _ in 0..window - half + 1 {
            sum += input[ri];
            count += 1;
            out[oi] = sum / count as f32;
            ri += stride;
            oi += stride;
        }
        for _ in 0..n - window {
            sum += input[ri];
            sum -= input[li];
            out[oi] = sum / count as f32;
            li += stride;
            ri += stride;
            oi += stride;
        }
        for _ in 0..half - 1 {
            sum -= input[li];
            count -= 1;
            out[oi] = sum / count as f32;
            li += stride;
            oi += stride;
        }
    }

    /// The reference pipeline as written: float luma, four full passes, decimation.
    fn reference_samples(rgb: &[u8], rows: usize, cols: usize) -> Samples {
        let mut a: Vec<f32> = rgb.chunks_exact(3).map(luma).collect();
        let mut b = vec![0f32; rows * cols];
        let (wr, wc) = (jarosz_window(cols, 64), jarosz_window(rows, 64));
        for _ in 0..2 {
            for i in 0..rows {
                reference_box(&a[i * cols..], &mut b[i * cols..], cols, 1, wr);
            }
            for j in 0..cols {
                reference_box(&b[j..], &mut a[j..], rows, cols, wc);
            }
        }
        let mut samples = [[0f32; 64]; 64];
        for (i, row) in samples.iter_mut().enumerate() {
            let ini = ((i as f64 + 0.5) * rows as f64 / 64.0) as usize;
            for (j, sample) in row.iter_mut().enumerate() {
                let inj = ((j as f64 + 0.5) * cols as f64 / 64.0) as usize;
                *sample = a[ini * cols + inj];
            }
        }
        samples
    }

    #[test]
    fn streamed_downsampling_equals_the_reference_passes() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for (rows, cols) in [
            (5, 5),
            (7, 300),
            (129, 64),
            (64, 64),
            (200, 131),
            (333, 517),
            (1000, 9),
        ] {
            let rgb: Vec<u8> = (0..rows * cols * 3)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    // Smooth gradients plus noise, like a photo.
                    ((i / 3 % cols + i / 3 / cols) as u64 % 200 + (seed & 0x3f)) as u8
                })
                .collect();
            let reference = reference_samples(&rgb, rows, cols);
            // Both the dispatched (vector-extension) and the portable build of the loops.
            for ours in [
                downsample(&rgb, rows, cols),
                downsample_portable(&rgb, rows, cols),
            ] {
                for (a, b) in ours.iter().flatten().zip(reference.iter().flatten()) {
                    assert_eq!(a.to_bits(), b.to_bits(), "{rows}x{cols}");
                }
            }
        }
    }
}
