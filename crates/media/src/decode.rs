//! Image decoding from memory, with limits.
//!
//! Reports carry images that anyone can send, so a file is never trusted: its size, its sides, its
//! pixel count and what the decoder may allocate are all capped before any pixel is decoded, and
//! every failure is a [`MediaError`], never a panic. Nothing is written to disk.
//!
//! JPEG goes through libjpeg-turbo (as the `mozjpeg` crate builds it) so that pixels, and so PDQ
//! hashes, are those of the reference tooling (Pillow, which uses libjpeg-turbo too); the other
//! formats (PNG, WebP, GIF's first frame, BMP) through the `image` crate, whose lossless output
//! is the same everywhere.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, RgbImage};

use crate::MediaError;

/// Largest file accepted, in bytes: a camera photo fits with room to spare.
pub const MAX_IMAGE_BYTES: usize = 32 * 1024 * 1024;
/// Largest side accepted, in pixels (a tall chat export or a panorama fits).
pub const MAX_SIDE: u32 = 16_384;
/// Most pixels accepted: 40 megapixels keeps decoding plus hashing well under 512 MB.
pub const MAX_PIXELS: u64 = 40_000_000;
/// Most memory a decoder may allocate for its output and working buffers.
const MAX_DECODE_ALLOC: u64 = 256 * 1024 * 1024;

/// Decodes an image (PNG, JPEG, WebP, GIF first frame, BMP) from memory, with its EXIF
/// orientation applied so that the picture is the right way up, as people see it.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, MediaError> {
    if bytes.is_empty() {
        return Err(MediaError::Empty);
    }
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(MediaError::TooLarge {
            limit: MAX_IMAGE_BYTES,
        });
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| MediaError::Corrupt(e.to_string()))?;
    let Some(format) = reader.format() else {
        return Err(MediaError::NotAnImage);
    };
    if format == ImageFormat::Jpeg {
        let (rgb, orientation) = jpeg::decode_rgb(bytes)?;
        let mut image = DynamicImage::ImageRgb8(rgb);
        image.apply_orientation(orientation);
        return Ok(image);
    }
    decode_with_image_crate(reader)
}

/// Decodes an image from memory as 8-bit RGB, the input PDQ hashes. Alpha is dropped and grey
/// is repeated over the three channels, as Pillow's `convert("RGB")` does.
pub fn decode_rgb(bytes: &[u8]) -> Result<RgbImage, MediaError> {
    Ok(decode(bytes)?.into_rgb8())
}

/// Checks the sides and pixel count a decoder announces before it decodes anything.
pub(crate) fn check_dimensions(width: u32, height: u32) -> Result<(), MediaError> {
    if width == 0 || height == 0 {
        return Err(MediaError::Corrupt(format!("{width}x{height} pixels")));
    }
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(MediaError::TooManyPixels(format!(
            "{width}x{height} pixels, more than {MAX_SIDE} on a side"
        )));
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(MediaError::TooManyPixels(format!(
            "{width}x{height} pixels, more than {MAX_PIXELS} in all"
        )));
    }
    Ok(())
}

fn decode_with_image_crate(
    mut reader: ImageReader<Cursor<&[u8]>>,
) -> Result<DynamicImage, MediaError> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(from_image_error)?;
    let (width, height) = decoder.dimensions();
    check_dimensions(width, height)?;
    if decoder.total_bytes() > MAX_DECODE_ALLOC {
        return Err(MediaError::TooManyPixels(format!(
            "{width}x{height} pixels need more than {MAX_DECODE_ALLOC} bytes"
        )));
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(from_image_error)?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn from_image_error(error: ImageError) -> MediaError {
    match error {
        ImageError::Limits(limit) => MediaError::TooManyPixels(limit.to_string()),
        ImageError::Unsupported(_) => MediaError::NotAnImage,
        other => MediaError::Corrupt(other.to_string()),
    }
}

/// JPEG decoding with libjpeg-turbo's default settings (accurate integer IDCT, "fancy"
/// upsampling), the decoder of Pillow and so of the reference PDQ hashes: other decoders round
/// differently, which moves PDQ bits and quality scores.
///
/// libjpeg reports fatal errors through a callback that must not return; ours unwinds (the C
/// library is built for it) and [`decode_rgb`] catches the unwind and turns it into a
/// [`MediaError`], so a damaged file never takes the process down.
pub(crate) mod jpeg {
    use std::ffi::CStr;
    use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};

    use image::metadata::Orientation;
    use image::RgbImage;
    use mozjpeg::{ColorSpace, Decompress, Marker};
    use mozjpeg_sys as ffi;

    use crate::MediaError;

    /// Most scans a progressive JPEG may have: real files have about ten, while a crafted file
    /// with thousands of scans makes decoding take minutes.
    const MAX_SCANS: ffi::c_int = 256;

    /// Why decoding stopped, carried by the unwind out of libjpeg.
    struct Failure(String);

    /// Decodes a JPEG to RGB, with the orientation its EXIF data asks for.
    pub(crate) fn decode_rgb(bytes: &[u8]) -> Result<(RgbImage, Orientation), MediaError> {
        match catch_unwind(AssertUnwindSafe(|| decode_unguarded(bytes))) {
            Ok(result) => result,
            Err(payload) => Err(MediaError::Corrupt(
                payload
                    .downcast::<Failure>()
                    .map(|failure| failure.0)
                    .unwrap_or_else(|_| "the JPEG decoder failed".into()),
            )),
        }
    }

    fn decode_unguarded(bytes: &[u8]) -> Result<(RgbImage, Orientation), MediaError> {
        let corrupt = |e: std::io::Error| MediaError::Corrupt(e.to_string());
        let decompress = Decompress::builder()
            .with_err(error_manager())
            .with_markers(&[Marker::APP(1), Marker::APP(14)])
            .from_mem(bytes)
            .map_err(corrupt)?;
        let (width, height) = decompress.size();
        let width = u32::try_from(width).map_err(|_| MediaError::TooManyPixels("width".into()))?;
        let height =
            u32::try_from(height).map_err(|_| MediaError::TooManyPixels("height".into()))?;
        super::check_dimensions(width, height)?;

        let mut orientation = Orientation::NoTransforms;
        let mut adobe = false;
        for marker in decompress.markers() {
            if marker.marker == Marker::APP(1) {
                if let Some(tiff) = marker.data.strip_prefix(b"Exif\0\0") {
                    orientation = Orientation::from_exif_chunk(tiff).unwrap_or(orientation);
                }
            } else if marker.marker == Marker::APP(14) && marker.data.starts_with(b"Adobe") {
                adobe = true;
            }
        }

        let cmyk = matches!(
            decompress.color_space(),
            ColorSpace::JCS_CMYK | ColorSpace::JCS_YCCK
        );
        let rgb = if cmyk {
            let mut started = decompress
                .to_colorspace(ColorSpace::JCS_CMYK)
                .map_err(corrupt)?;
            let pixels: Vec<u8> = started.read_scanlines().map_err(corrupt)?;
            started.finish().map_err(corrupt)?;
            rgb_from_cmyk(&pixels, adobe)
        } else {
            let mut started = decompress.rgb().map_err(corrupt)?;
            let pixels: Vec<u8> = started.read_scanlines().map_err(corrupt)?;
            started.finish().map_err(corrupt)?;
            pixels
        };
        let image = RgbImage::from_raw(width, height, rgb).ok_or_else(|| {
            MediaError::Corrupt("the JPEG decoder returned too few pixels".into())
        })?;
        Ok((image, orientation))
    }

    /// CMYK to RGB as Pillow's `convert("RGB")` does it (`r = (255 − k) − c·(255 − k)/255`,
    /// rounded); Adobe files store the channels inverted.
    fn rgb_from_cmyk(cmyk: &[u8], inverted: bool) -> Vec<u8> {
        let mut rgb = Vec::with_capacity(cmyk.len() / 4 * 3);
        for pixel in cmyk.chunks_exact(4) {
            let channel = |i: usize| -> u32 {
                let value = u32::from(pixel.get(i).copied().unwrap_or(0));
                if inverted {
                    255 - value
                } else {
                    value
                }
            };
            let not_black = 255 - channel(3);
            for i in 0..3 {
                let product = channel(i) * not_black + 128;
                let scaled = ((product >> 8) + product) >> 8;
                rgb.push(u8::try_from(not_black.saturating_sub(scaled)).unwrap_or(0));
            }
        }
        rgb
    }

    fn error_manager() -> ffi::jpeg_error_mgr {
        // SAFETY: `jpeg_error_mgr` is a plain C struct for which all-zero is a valid value, and
        // `jpeg_std_error` only fills in its fields.
        let mut manager: ffi::jpeg_error_mgr = unsafe { std::mem::zeroed() };
        unsafe { ffi::jpeg_std_error(&mut manager) };
        manager.error_exit = Some(fail);
        manager.emit_message = Some(on_message);
        manager
    }

    /// The message template of the current message code (its `%d`s left unfilled).
    fn message(cinfo: &ffi::jpeg_common_struct) -> String {
        // SAFETY: libjpeg points `err` at the manager we gave it, alive for the whole decode;
        // its message table is a static array of `last_jpeg_message + 1` C strings.
        unsafe {
            let Some(err) = cinfo.err.as_ref() else {
                return "JPEG error".into();
            };
            let code = err.msg_code;
            if err.jpeg_message_table.is_null() || code < 0 || code > err.last_jpeg_message {
                return format!("JPEG error {code}");
            }
            let text = *err.jpeg_message_table.add(code as usize);
            if text.is_null() {
                return format!("JPEG error {code}");
            }
            CStr::from_ptr(text).to_string_lossy().into_owned()
        }
    }

    /// libjpeg's fatal-error callback: unwinds with the message instead of exiting.
    extern "C-unwind" fn fail(cinfo: &mut ffi::jpeg_common_struct) {
        resume_unwind(Box::new(Failure(message(cinfo))));
    }

    /// libjpeg's warning and trace callback. A file that ends early only draws a warning from
    /// libjpeg (it pads with grey), but the reference tools reject it, so it is fatal here; so
    /// is a scan beyond [`MAX_SCANS`]. Other warnings (stray bytes between markers) are
    /// tolerated, as by libjpeg itself.
    extern "C-unwind" fn on_message(cinfo: &mut ffi::jpeg_common_struct, level: ffi::c_int) {
        // SAFETY: as in `message`.
        let code = unsafe { cinfo.err.as_ref() }.map_or(0, |err| err.msg_code);
        if level < 0 && code == ffi::JWRN_JPEG_EOF as ffi::c_int {
            resume_unwind(Box::new(Failure("the JPEG file is cut off".into())));
        }
        if code == ffi::JTRC_SOS as ffi::c_int && cinfo.is_decompressor != 0 {
            let cinfo: *mut ffi::jpeg_common_struct = cinfo;
            // SAFETY: a decompressor's common fields are the first member of its
            // `jpeg_decompress_struct`, so the pointer is to the whole struct.
            let scans = unsafe { (*cinfo.cast::<ffi::jpeg_decompress_struct>()).input_scan_number };
            if scans > MAX_SCANS {
                resume_unwind(Box::new(Failure(format!(
                    "the JPEG file has more than {MAX_SCANS} scans"
                ))));
            }
        }
    }
}
