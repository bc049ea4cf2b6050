//! Clean-up of a chat screenshot before OCR. Tesseract reads dark text on a plain light
//! background best, at a text height of roughly 20–40 pixels. Screenshots bring dark mode,
//! coloured bubbles with light text, shaded backgrounds and small text; this turns all of them
//! into dark text on white.
//!
//! The background is estimated per block as the median brightness (text strokes cover far less
//! than half a block). Where the background is dark — dark mode, a coloured bubble — the pixels
//! are inverted; then every pixel is divided by its background, which flattens shading and
//! bubble colours to white and leaves the strokes dark. Otsu's threshold finishes the job.

use fast_image_resize as fr;
use image::{DynamicImage, GrayImage, Luma};

/// Height of a line of text, in pixels, that Tesseract reads best (ascender to descender).
const TARGET_LINE_HEIGHT: u32 = 36;
/// Most a screenshot is scaled up.
const MAX_SCALE: u32 = 4;
/// Longest side after scaling.
const MAX_SCALED_SIDE: u32 = 16_000;
/// Share of dark pixels below which an image is taken as blank.
const BLANK_SHARE: f64 = 0.0005;

/// The image Tesseract will read, and what was done to it.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub image: GrayImage,
    /// No strokes at all: nothing to read.
    pub blank: bool,
    /// Share of pixels whose background was dark (dark mode, coloured bubbles).
    pub inverted_share: f64,
    /// Scale factor applied.
    pub scale: u32,
    /// The typical line height found, in pixels of the original.
    pub line_height: Option<u32>,
}

/// Grayscale with transparency composed over white.
fn grayscale(image: &DynamicImage) -> GrayImage {
    if !image.color().has_alpha() {
        return image.to_luma8();
    }
    let rgba = image.to_rgba8();
    let mut gray = GrayImage::new(rgba.width(), rgba.height());
    for (out, pixel) in gray.pixels_mut().zip(rgba.pixels()) {
        let [r, g, b, a] = pixel.0;
        let luma = (299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b)) / 1000;
        let alpha = u32::from(a);
        let composed = (luma * alpha + 255 * (255 - alpha)) / 255;
        *out = Luma([u8::try_from(composed).unwrap_or(255)]);
    }
    gray
}

/// Minimum (`take_min`) or maximum over a sliding window of `2r+1` values, clamped at the ends,
/// in constant time per value (van Herk / Gil-Werman: running extremes within blocks of the
/// window's size, forwards and backwards).
fn running_extreme(line: &[u8], r: usize, take_min: bool, out: &mut [u8]) {
    let n = line.len();
    if n == 0 {
        return;
    }
    let pick = |a: u8, b: u8| if take_min { a.min(b) } else { a.max(b) };
    let k = 2 * r + 1;
    let mut forward = vec![0u8; n];
    let mut backward = vec![0u8; n];
    for start in (0..n).step_by(k) {
        let end = (start + k).min(n);
        forward[start] = line[start];
        for i in start + 1..end {
            forward[i] = pick(forward[i - 1], line[i]);
        }
        backward[end - 1] = line[end - 1];
        for i in (start..end - 1).rev() {
            backward[i] = pick(backward[i + 1], line[i]);
        }
    }
    for (x, value) in out.iter_mut().enumerate().take(n) {
        let lo = x.saturating_sub(r);
        let hi = (x + r).min(n - 1);
        // [lo, hi] spans at most two blocks: the tail of lo's and the head of hi's.
        *value = if lo / k == hi / k {
            line[lo..=hi].iter().fold(line[lo], |m, &v| pick(m, v))
        } else {
            pick(backward[lo], forward[hi])
        };
    }
}

/// Minimum (`take_min`) or maximum over a `window`×`window` square, as two 1-D passes. The
/// vertical pass runs the same block scheme on whole rows at a time, to stay cache-friendly.
fn rank_filter(image: &GrayImage, window: u32, take_min: bool) -> GrayImage {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let r = (window / 2) as usize;
    let k = 2 * r + 1;
    let pick = |a: u8, b: u8| if take_min { a.min(b) } else { a.max(b) };
    let src = image.as_raw();
    let mut across = vec![0u8; src.len()];
    for y in 0..h {
        running_extreme(
            &src[y * w..(y + 1) * w],
            r,
            take_min,
            &mut across[y * w..(y + 1) * w],
        );
    }
    let mut forward = across.clone();
    let mut backward = across.clone();
    for start in (0..h).step_by(k) {
        let end = (start + k).min(h);
        for y in start + 1..end {
            let (done, row) = forward.split_at_mut(y * w);
            for (value, &above) in row[..w].iter_mut().zip(&done[(y - 1) * w..]) {
                *value = pick(*value, above);
            }
        }
        for y in (start..end - 1).rev() {
            let (row, done) = backward.split_at_mut((y + 1) * w);
            for (value, &below) in row[y * w..].iter_mut().zip(&done[..w]) {
                *value = pick(*value, below);
            }
        }
    }
    let mut out = vec![0u8; src.len()];
    for y in 0..h {
        let lo = y.saturating_sub(r);
        let hi = (y + r).min(h - 1);
        let row = &mut out[y * w..(y + 1) * w];
        if lo / k == hi / k {
            row.copy_from_slice(&across[lo * w..(lo + 1) * w]);
            for yy in lo + 1..=hi {
                for (value, &other) in row.iter_mut().zip(&across[yy * w..(yy + 1) * w]) {
                    *value = pick(*value, other);
                }
            }
        } else {
            for ((value, &b), &f) in row
                .iter_mut()
                .zip(&backward[lo * w..(lo + 1) * w])
                .zip(&forward[hi * w..(hi + 1) * w])
            {
                *value = pick(b, f);
            }
        }
    }
    GrayImage::from_raw(image.width(), image.height(), out).unwrap_or_else(|| image.clone())
}

/// Otsu's threshold of a histogram.
fn otsu(histogram: &[u64; 256]) -> u8 {
    let total: u64 = histogram.iter().sum();
    if total == 0 {
        return 128;
    }
    let sum_all: f64 = histogram
        .iter()
        .enumerate()
        .map(|(v, &c)| v as f64 * c as f64)
        .sum();
    let (mut weight_back, mut sum_back) = (0u64, 0f64);
    let (mut best, mut best_between) = (128u8, -1f64);
    for (value, &count) in histogram.iter().enumerate() {
        weight_back += count;
        if weight_back == 0 {
            continue;
        }
        let weight_fore = total - weight_back;
        if weight_fore == 0 {
            break;
        }
        sum_back += value as f64 * count as f64;
        let mean_back = sum_back / weight_back as f64;
        let mean_fore = (sum_all - sum_back) / weight_fore as f64;
        let between = weight_back as f64 * weight_fore as f64 * (mean_back - mean_fore).powi(2);
        if between > best_between {
            best_between = between;
            best = u8::try_from(value).unwrap_or(128);
        }
    }
    best
}

/// Median brightness of each `block`×`block` tile, row by row.
fn block_medians(gray: &GrayImage, block: u32) -> (Vec<u8>, u32) {
    let (w, h) = gray.dimensions();
    let cols = w.div_ceil(block);
    let rows = h.div_ceil(block);
    let mut medians = Vec::with_capacity((cols * rows) as usize);
    for row in 0..rows {
        for col in 0..cols {
            let mut histogram = [0u32; 256];
            let (x0, y0) = (col * block, row * block);
            let (x1, y1) = ((x0 + block).min(w), (y0 + block).min(h));
            for y in y0..y1 {
                for x in x0..x1 {
                    histogram[gray.get_pixel(x, y).0[0] as usize] += 1;
                }
            }
            let half = ((x1 - x0) * (y1 - y0)).div_ceil(2);
            let mut seen = 0;
            let mut median = 255u8;
            for (value, count) in histogram.iter().enumerate() {
                seen += count;
                if seen >= half {
                    median = u8::try_from(value).unwrap_or(255);
                    break;
                }
            }
            medians.push(median);
        }
    }
    (medians, cols)
}

/// Dark text on white, whatever the colours. Each block's median is its background (text
/// strokes cover far less than half a block); light text on a dark background is inverted, and
/// every pixel becomes its distance from the background, scaled to the room there was.
///
/// Where a block straddles the edge of a bubble its median belongs to one side only, and the
/// other side would turn into a black band. Two morphological filters over a window wider than
/// a stroke find that other side: a closing (max then min) keeps large dark areas but drops dark
/// strokes, an opening (min then max) keeps large light areas but drops light strokes. A pixel
/// in a large area of the other colour is background.
/// Returns the image and the share of pixels on a dark background.
fn flatten(gray: &GrayImage, block: u32, window: Option<u32>) -> (GrayImage, f64) {
    let (w, h) = gray.dimensions();
    let (medians, cols) = block_medians(gray, block);
    // Without a window (the first, rough pass) there are no filters: block medians alone.
    let filters = window.map(|window| {
        (
            rank_filter(&rank_filter(gray, window, false), window, true),
            rank_filter(&rank_filter(gray, window, true), window, false),
        )
    });
    let mut flat = GrayImage::new(w, h);
    let mut inverted = 0u64;
    for (x, y, out) in flat.enumerate_pixels_mut() {
        let m = f32::from(medians[((y / block) * cols + x / block) as usize]);
        let v = f32::from(gray.get_pixel(x, y).0[0]);
        let (c, o) = filters.as_ref().map_or((255.0, 0.0), |(closed, opened)| {
            (
                f32::from(closed.get_pixel(x, y).0[0]),
                f32::from(opened.get_pixel(x, y).0[0]),
            )
        });
        let dark_on_light = |background: f32| (background - v) / background.max(1.0);
        let light_on_dark = |background: f32| (v - background) / (255.0 - background).max(1.0);
        let ink = if m >= 128.0 {
            if c < 128.0 {
                0.0 // inside a large dark area: a bubble's edge seen from outside
            } else {
                dark_on_light(m)
            }
        } else {
            inverted += 1;
            if o >= 128.0 {
                0.0 // inside a large light area: the page seen from a bubble's edge
            } else {
                light_on_dark(m)
            }
        };
        out.0[0] = (255.0 * (1.0 - ink.clamp(0.0, 1.0))) as u8;
    }
    (
        flat,
        inverted as f64 / (f64::from(w) * f64::from(h)).max(1.0),
    )
}

/// The typical height of a line of text: the median height of the runs of rows that hold ink
/// (pixels at or below `threshold`). `None` without any such run.
fn line_height(flat: &GrayImage, threshold: u8) -> Option<u32> {
    let (w, h) = flat.dimensions();
    // A row is inked when a little of it is dark; the avatar and icons are short runs anyway.
    let min_ink = (w / 200).max(2);
    let mut runs = Vec::new();
    let mut run = 0u32;
    for y in 0..h {
        let ink = (0..w)
            .filter(|&x| flat.get_pixel(x, y).0[0] <= threshold)
            .count();
        if u32::try_from(ink).unwrap_or(u32::MAX) >= min_ink {
            run += 1;
        } else {
            if (4..=300).contains(&run) {
                runs.push(run);
            }
            run = 0;
        }
    }
    if (4..=300).contains(&run) {
        runs.push(run);
    }
    runs.sort_unstable();
    runs.get(runs.len() / 2).copied()
}

/// Scales up by an integer factor (Catmull-Rom), SIMD-fast: a phone screenshot is megapixels.
pub(crate) fn upscale(image: GrayImage, scale: u32) -> GrayImage {
    let (w, h) = image.dimensions();
    let Ok(source) =
        fr::images::Image::from_vec_u8(w, h, image.clone().into_raw(), fr::PixelType::U8)
    else {
        return image;
    };
    let mut target = fr::images::Image::new(w * scale, h * scale, fr::PixelType::U8);
    let options =
        fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::CatmullRom));
    if fr::Resizer::new()
        .resize(&source, &mut target, &options)
        .is_err()
    {
        return image;
    }
    GrayImage::from_raw(w * scale, h * scale, target.into_vec()).unwrap_or(image)
}

/// The box around every inked pixel, with a margin; `None` when there is no ink.
fn ink_box(flat: &GrayImage, threshold: u8, margin: u32) -> Option<(u32, u32, u32, u32)> {
    let (w, h) = flat.dimensions();
    let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
    for (x, y, pixel) in flat.enumerate_pixels() {
        if pixel.0[0] <= threshold {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
    }
    if x0 > x1 || y0 > y1 {
        return None;
    }
    let (x0, y0) = (x0.saturating_sub(margin), y0.saturating_sub(margin));
    let (x1, y1) = ((x1 + margin).min(w - 1), (y1 + margin).min(h - 1));
    Some((x0, y0, x1 - x0 + 1, y1 - y0 + 1))
}

/// Turns a screenshot into dark text on white, scaled for Tesseract.
#[must_use]
pub fn prepare(image: &DynamicImage) -> Prepared {
    let gray = grayscale(image);
    let (w, h) = gray.dimensions();
    if w == 0 || h == 0 {
        return Prepared {
            image: gray,
            blank: true,
            inverted_share: 0.0,
            scale: 1,
            line_height: None,
        };
    }
    // A first pass finds the text and its size; the second fits its window to the strokes.
    let (flat, _) = flatten(&gray, (w.min(h) / 25).clamp(12, 48), None);
    let mut histogram = [0u64; 256];
    for pixel in flat.pixels() {
        histogram[pixel.0[0] as usize] += 1;
    }
    let threshold = otsu(&histogram);
    let line = line_height(&flat, threshold);
    // Only the part with ink is read: screenshots are mostly empty background.
    let gray = match ink_box(&flat, threshold, line.unwrap_or(16)) {
        Some((x, y, bw, bh)) => image::imageops::crop_imm(&gray, x, y, bw, bh).to_image(),
        None => gray,
    };
    let (w, h) = gray.dimensions();
    let (flat, inverted_share) = match line {
        Some(line) => flatten(&gray, line.clamp(10, 48), Some((line / 2).clamp(5, 15) | 1)),
        None => (flat, 0.0),
    };
    let dark: u64 = histogram[..=threshold as usize].iter().sum();
    let pixels = histogram.iter().sum::<u64>();
    let (low, high) = histogram
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .map(|(v, _)| v)
        .fold((255usize, 0usize), |(lo, hi), v| (lo.min(v), hi.max(v)));
    // A plain image has no contrast for Otsu to split: its "dark" side is noise or nothing.
    let blank = line.is_none()
        || (dark as f64) < BLANK_SHARE * pixels as f64
        || high.saturating_sub(low) < 48;
    let scale = line.map_or(1, |line| {
        ((TARGET_LINE_HEIGHT + line / 2) / line.max(1)).clamp(1, MAX_SCALE)
    });
    let scale = scale.min((MAX_SCALED_SIDE / w.max(h)).max(1));
    let image = if scale > 1 {
        upscale(flat, scale)
    } else {
        flat
    };
    Prepared {
        image,
        blank,
        inverted_share,
        scale,
        line_height: line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage};

    /// A bar of "text" (a dark or light stroke) on a background.
    fn strokes(background: [u8; 3], ink: [u8; 3], width: u32) -> DynamicImage {
        let mut img = RgbImage::from_pixel(width, 200, Rgb(background));
        for y in 90..110 {
            for x in (20..width - 20).step_by(7) {
                img.put_pixel(x, y, Rgb(ink));
                img.put_pixel(x + 1, y, Rgb(ink));
            }
        }
        DynamicImage::ImageRgb8(img)
    }

    #[test]
    fn dark_mode_and_light_mode_come_out_alike() {
        let light = prepare(&strokes([250, 250, 250], [20, 20, 20], 1000));
        let dark = prepare(&strokes([18, 18, 18], [235, 235, 235], 1000));
        let blue = prepare(&strokes([0, 132, 255], [255, 255, 255], 1000));
        for p in [&light, &dark, &blue] {
            assert!(!p.blank);
            // Cropped to the strokes with a margin: the corner is background.
            assert!(
                p.image.get_pixel(0, 0).0[0] >= 250,
                "background turns white"
            );
            let darkest = p.image.pixels().map(|v| v.0[0]).min().unwrap();
            assert!(darkest <= 40, "strokes turn dark: {darkest}");
            let dark = p.image.pixels().filter(|v| v.0[0] < 128).count() as f64;
            let share = dark / f64::from(p.image.width() * p.image.height());
            assert!((0.05..0.5).contains(&share), "stroke share {share}");
        }
        assert!(light.inverted_share < 0.01);
        assert!(dark.inverted_share > 0.99);
    }

    #[test]
    fn rank_filter_equals_the_naive_square() {
        let image = GrayImage::from_fn(23, 31, |x, y| {
            Luma([((x * 71 + y * 29 + x * y) % 256) as u8])
        });
        for window in [1, 3, 5, 9, 41] {
            for take_min in [true, false] {
                let fast = rank_filter(&image, window, take_min);
                let r = window / 2;
                for (x, y, got) in fast.enumerate_pixels() {
                    let mut want = if take_min { 255 } else { 0 };
                    for yy in y.saturating_sub(r)..=(y + r).min(30) {
                        for xx in x.saturating_sub(r)..=(x + r).min(22) {
                            let v = image.get_pixel(xx, yy).0[0];
                            want = if take_min { want.min(v) } else { want.max(v) };
                        }
                    }
                    assert_eq!(got.0[0], want, "window {window} at {x},{y}");
                }
            }
        }
    }

    #[test]
    fn running_extreme_equals_the_naive_window() {
        let line: Vec<u8> = (0..97u32).map(|i| ((i * 37 + 11) % 251) as u8).collect();
        for r in [0, 1, 2, 5, 7, 60] {
            for take_min in [true, false] {
                let mut fast = vec![0u8; line.len()];
                running_extreme(&line, r, take_min, &mut fast);
                for (x, &got) in fast.iter().enumerate() {
                    let window = &line[x.saturating_sub(r)..=(x + r).min(line.len() - 1)];
                    let want = if take_min {
                        *window.iter().min().unwrap()
                    } else {
                        *window.iter().max().unwrap()
                    };
                    assert_eq!(got, want, "r {r} x {x} min {take_min}");
                }
            }
        }
    }

    #[test]
    fn small_text_is_scaled_and_blank_images_noticed() {
        // Strokes 20 rows high: scaled about 48 / 20, to 2.
        let small = prepare(&strokes([255, 255, 255], [0, 0, 0], 400));
        assert_eq!(small.line_height, Some(20));
        assert_eq!(small.scale, 2);
        // The strokes span x 20..=378, kept with a 20-pixel margin, then doubled.
        assert_eq!(small.image.width(), 2 * (379 + 20));
        let blank = prepare(&DynamicImage::ImageRgb8(RgbImage::from_pixel(
            300,
            300,
            Rgb([40, 90, 200]),
        )));
        assert!(blank.blank);
    }
}
