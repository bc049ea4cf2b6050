//! vPDQ: a video's fingerprint is the PDQ hash of about one frame per second, and two videos
//! match when enough of those frames are within a few bits of one another.
//!
//! Decoding is done by `ffmpeg` (and `ffprobe`) as child processes. The video bytes never touch
//! the disk: they are copied into an anonymous in-memory file (`memfd_create`), sealed against
//! writes, and handed to the child as its standard input, which ffmpeg reopens by path
//! (`/proc/self/fd/0`). Unlike a pipe, that file is seekable, so MP4s whose index (`moov` atom)
//! sits at the end decode as well as "fast start" ones.
//!
//! Frame selection follows ThreatExchange's vPDQ reference: with `fps` the stream's average frame
//! rate, every `floor(fps × seconds_per_hash)`-th decoded frame is hashed (frame 0 first), at its
//! full coded size converted to RGB24 with area averaging and BT.601 coefficients, and its
//! timestamp is `frame_number / fps`. One deliberate difference: rotation metadata is applied (as
//! ffmpeg does by default), so a phone clip and a re-encode with the rotation baked in still match.

use std::io::Read;
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use canhgiac_core::fingerprint::PdqHash;
use image::RgbImage;
use serde::{Deserialize, Serialize};

use crate::pdq;
use crate::MediaError;

/// Largest Hamming distance at which two frames match (vPDQ reference default).
pub const VPDQ_DISTANCE_THRESHOLD: u32 = 31;
/// Frames of lower PDQ quality are ignored when matching (vPDQ reference default).
pub const VPDQ_QUALITY_THRESHOLD: u8 = 50;
/// Share of the query's frames that must be found in the target for a video match.
pub const VPDQ_QUERY_MATCH_THRESHOLD_PERCENT: f64 = 80.0;
/// Share of the target's frames that must be found in the query for a video match.
pub const VPDQ_TARGET_MATCH_THRESHOLD_PERCENT: f64 = 0.0;

/// Container formats ffmpeg may open. Playlists (HLS, DASH), concat scripts and image sequences
/// are left out: they make ffmpeg open other files or URLs named inside the upload.
const FORMAT_WHITELIST: &str =
    "mov,matroska,webm,avi,flv,mpegts,mpeg,gif,apng,ogg,asf,h264,hevc,m4v,ivf,nut,rm,mjpeg";

/// The PDQ hash of one sampled frame.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FrameHash {
    /// Seconds from the start of the stream.
    pub t: f64,
    #[serde(with = "pdq_hex")]
    pub pdq: PdqHash,
    /// PDQ quality, 0–100; low values mean a flat, featureless frame.
    pub quality: u8,
}

/// How much of each video the other one covers, in percent of its distinct good frames.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct VpdqMatch {
    pub query_matched_percent: f64,
    pub target_matched_percent: f64,
}

impl VpdqMatch {
    /// The reference's verdict: enough of the query is found in the target.
    #[must_use]
    pub fn is_match(&self) -> bool {
        self.query_matched_percent >= VPDQ_QUERY_MATCH_THRESHOLD_PERCENT
            && self.target_matched_percent >= VPDQ_TARGET_MATCH_THRESHOLD_PERCENT
    }
}

/// Bounds on the work one video may cause.
#[derive(Debug, Clone)]
pub struct VideoOptions {
    /// Seconds between hashed frames (1.0 in the reference).
    pub seconds_per_hash: f64,
    /// Wall-clock limit for probing and decoding together; ffmpeg is killed past it.
    pub timeout: Duration,
    /// Largest frame area accepted, in pixels (one RGB frame is held in memory at a time).
    pub max_pixels: u64,
    /// Largest frame side accepted, in pixels.
    pub max_side: u32,
    /// Most frames hashed; a longer video is refused rather than silently cut.
    pub max_frames: usize,
    /// Name or path of the ffmpeg program.
    pub ffmpeg: String,
    /// Name or path of the ffprobe program.
    pub ffprobe: String,
}

impl Default for VideoOptions {
    fn default() -> Self {
        Self {
            seconds_per_hash: 1.0,
            timeout: Duration::from_secs(300),
            // 8K UHD (7680×4320) fits, with room for odd aspect ratios
            max_pixels: 36_000_000,
            max_side: 8192,
            // one hour at one frame per second
            max_frames: 3600,
            ffmpeg: "ffmpeg".to_owned(),
            ffprobe: "ffprobe".to_owned(),
        }
    }
}

/// Hashes about one frame per second of a video held in memory, with the default bounds.
pub fn hash_video(bytes: &[u8]) -> Result<Vec<FrameHash>, MediaError> {
    hash_video_with(bytes, &VideoOptions::default())
}

/// Hashes a video held in memory with explicit bounds.
pub fn hash_video_with(bytes: &[u8], options: &VideoOptions) -> Result<Vec<FrameHash>, MediaError> {
    if bytes.is_empty() {
        return Err(MediaError::Empty);
    }
    let deadline = Instant::now() + options.timeout;
    let input = memfile::MemFile::new(bytes)?;
    let info = probe(&input, options, deadline)?;
    decode_and_hash(&input, &info, options, deadline)
}

/// The vPDQ comparison of two videos, as ThreatExchange's matcher computes it: each list is
/// deduplicated by exact hash (first occurrence kept), frames below `quality` are dropped, and a
/// frame counts as found when some frame of the other list is within `distance` bits. Returns
/// zeros when either side has no usable frame.
#[must_use]
pub fn vpdq_match(
    query: &[FrameHash],
    target: &[FrameHash],
    distance: u32,
    quality: u8,
) -> VpdqMatch {
    let query = usable_hashes(query, quality);
    let target = usable_hashes(target, quality);
    if query.is_empty() || target.is_empty() {
        return VpdqMatch {
            query_matched_percent: 0.0,
            target_matched_percent: 0.0,
        };
    }
    let found_in = |needles: &[PdqHash], haystack: &[PdqHash]| {
        needles
            .iter()
            .filter(|a| haystack.iter().any(|b| a.distance(b) <= distance))
            .count()
    };
    let percent = |count: usize, total: usize| count as f64 * 100.0 / total as f64;
    VpdqMatch {
        query_matched_percent: percent(found_in(&query, &target), query.len()),
        target_matched_percent: percent(found_in(&target, &query), target.len()),
    }
}

/// Dedupe first, then filter by quality: the reference's order.
fn usable_hashes(frames: &[FrameHash], quality: u8) -> Vec<PdqHash> {
    let mut seen = std::collections::HashSet::new();
    frames
        .iter()
        .filter(|f| seen.insert(f.pdq))
        .filter(|f| f.quality >= quality)
        .map(|f| f.pdq)
        .collect()
}

/// What ffprobe tells about the first video stream.
#[derive(Debug, Clone, Copy, PartialEq)]
struct StreamInfo {
    /// Frame size after rotation metadata is applied.
    width: u32,
    height: u32,
    fps: f64,
    duration: Option<f64>,
}

#[derive(Deserialize)]
struct ProbeOutput {
    #[serde(default)]
    streams: Vec<ProbeStream>,
    format: Option<ProbeFormat>,
}

#[derive(Deserialize)]
struct ProbeStream {
    width: Option<u32>,
    height: Option<u32>,
    avg_frame_rate: Option<String>,
    r_frame_rate: Option<String>,
    #[serde(default)]
    side_data_list: Vec<ProbeSideData>,
    #[serde(default)]
    tags: std::collections::HashMap<String, String>,
}

#[derive(Deserialize)]
struct ProbeSideData {
    rotation: Option<f64>,
}

#[derive(Deserialize)]
struct ProbeFormat {
    format_name: Option<String>,
    duration: Option<String>,
}

fn probe(
    input: &memfile::MemFile,
    options: &VideoOptions,
    deadline: Instant,
) -> Result<StreamInfo, MediaError> {
    let mut cmd = Command::new(&options.ffprobe);
    cmd.args(["-v", "error", "-hide_banner"])
        .args([
            "-protocol_whitelist",
            "file",
            "-format_whitelist",
            FORMAT_WHITELIST,
        ])
        .args(["-select_streams", "v:0"])
        .args([
            "-show_entries",
            "stream=width,height,avg_frame_rate,r_frame_rate:stream_side_data=rotation:\
             stream_tags=rotate:format=format_name,duration",
        ])
        .args(["-of", "json", memfile::CHILD_PATH]);
    let mut run = Run::start(cmd, &options.ffprobe, input, deadline)?;
    let mut stdout = Vec::new();
    let read = run
        .stdout
        .take()
        .map(|s| s.take(1 << 20).read_to_end(&mut stdout));
    let (status, stderr) = run.finish(options.timeout)?;
    if let Some(Err(e)) = read {
        return Err(MediaError::VideoDecode(format!(
            "reading ffprobe output: {e}"
        )));
    }
    if !status.success() {
        return Err(MediaError::NotAVideo(first_line(
            &stderr,
            "ffprobe could not read it",
        )));
    }
    let parsed: ProbeOutput = serde_json::from_slice(&stdout)
        .map_err(|e| MediaError::VideoDecode(format!("unreadable ffprobe output: {e}")))?;
    stream_info(parsed, options)
}

fn stream_info(parsed: ProbeOutput, options: &VideoOptions) -> Result<StreamInfo, MediaError> {
    let format_name = parsed
        .format
        .as_ref()
        .and_then(|f| f.format_name.clone())
        .unwrap_or_default();
    if format_name == "image2" || format_name.ends_with("_pipe") {
        return Err(MediaError::NotAVideo(format!(
            "a still image ({format_name})"
        )));
    }
    let Some(stream) = parsed.streams.into_iter().next() else {
        return Err(MediaError::NotAVideo("no video stream".to_owned()));
    };
    let (Some(mut width), Some(mut height)) = (stream.width, stream.height) else {
        return Err(MediaError::NotAVideo(
            "the video stream has no frame size".to_owned(),
        ));
    };
    if width < 5 || height < 5 {
        return Err(MediaError::NotAVideo(format!(
            "frames of {width}x{height} are too small to hash"
        )));
    }
    let fps = [&stream.avg_frame_rate, &stream.r_frame_rate]
        .into_iter()
        .filter_map(|r| r.as_deref().and_then(parse_rate))
        .next()
        .ok_or_else(|| MediaError::NotAVideo("the video stream has no frame rate".to_owned()))?;
    let rotation = stream
        .side_data_list
        .iter()
        .find_map(|s| s.rotation)
        .or_else(|| {
            stream
                .tags
                .get("rotate")
                .and_then(|r| r.trim().parse().ok())
        })
        .unwrap_or(0.0);
    if (rotation.round() as i64).rem_euclid(180) == 90 {
        std::mem::swap(&mut width, &mut height);
    }
    if width > options.max_side
        || height > options.max_side
        || u64::from(width) * u64::from(height) > options.max_pixels
    {
        return Err(MediaError::VideoTooLarge { width, height });
    }
    let duration = parsed
        .format
        .and_then(|f| f.duration)
        .and_then(|d| d.trim().parse::<f64>().ok())
        .filter(|d| d.is_finite() && *d >= 0.0);
    Ok(StreamInfo {
        width,
        height,
        fps,
        duration,
    })
}

/// Parses ffprobe's `num/den` rates; zero, negative or malformed rates are `None`.
fn parse_rate(rate: &str) -> Option<f64> {
    let (num, den) = rate.trim().split_once('/')?;
    let num: f64 = num.parse().ok()?;
    let den: f64 = den.parse().ok()?;
    let fps = num / den;
    (fps.is_finite() && fps > 0.0).then_some(fps)
}

/// Every how many decoded frames one is hashed (the reference truncates, and never uses 0).
fn frame_step(seconds_per_hash: f64, fps: f64) -> u64 {
    let step = (seconds_per_hash * fps).floor();
    if step >= 1.0 && step.is_finite() {
        step as u64
    } else {
        1
    }
}

fn decode_and_hash(
    input: &memfile::MemFile,
    info: &StreamInfo,
    options: &VideoOptions,
    deadline: Instant,
) -> Result<Vec<FrameHash>, MediaError> {
    let step = frame_step(options.seconds_per_hash, info.fps);
    if let Some(duration) = info.duration {
        let expected = duration * info.fps / step as f64;
        if expected > options.max_frames as f64 + 1.0 {
            return Err(MediaError::VideoTooLong {
                max_frames: options.max_frames,
            });
        }
    }
    let filter = format!(
        "select='not(mod(n\\,{step}))',\
         scale={w}:{h}:flags=area:in_color_matrix=bt601,format=rgb24",
        w = info.width,
        h = info.height,
    );
    let mut cmd = Command::new(&options.ffmpeg);
    cmd.args(["-hide_banner", "-nostdin", "-loglevel", "error"])
        .args([
            "-protocol_whitelist",
            "file",
            "-format_whitelist",
            FORMAT_WHITELIST,
        ])
        .args(["-i", memfile::CHILD_PATH])
        .args(["-map", "0:v:0", "-an", "-sn", "-dn"])
        .args(["-vf", &filter])
        .args(["-fps_mode", "passthrough", "-f", "rawvideo", "pipe:1"]);
    let mut run = Run::start(cmd, &options.ffmpeg, input, deadline)?;

    let frame_len = info.width as usize * info.height as usize * 3;
    let mut frames = Vec::new();
    let mut failure = None;
    if let Some(mut stdout) = run.stdout.take() {
        loop {
            let mut buf = vec![0u8; frame_len];
            match read_frame(&mut stdout, &mut buf) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    failure = Some(MediaError::VideoDecode(format!("reading frames: {e}")));
                    break;
                }
            }
            if frames.len() >= options.max_frames {
                failure = Some(MediaError::VideoTooLong {
                    max_frames: options.max_frames,
                });
                break;
            }
            let Some(image) = RgbImage::from_raw(info.width, info.height, buf) else {
                failure = Some(MediaError::VideoDecode("frame size mismatch".to_owned()));
                break;
            };
            let outcome = pdq::hash_rgb(&image);
            let frame_number = frames.len() as u64 * step;
            frames.push(FrameHash {
                t: frame_number as f64 / info.fps,
                pdq: outcome.hash,
                quality: outcome.quality,
            });
        }
        // stop ffmpeg early if we bailed out before its end
        drop(stdout);
    }
    if failure.is_some() {
        run.kill();
    }
    let (status, stderr) = run.finish(options.timeout)?;
    if let Some(e) = failure {
        return Err(e);
    }
    if frames.is_empty() {
        let why = first_line(&stderr, "no frame could be decoded");
        return Err(if status.success() {
            MediaError::NotAVideo(why)
        } else {
            classify_failure(why)
        });
    }
    // A stream that breaks part-way still yields the frames decoded before the damage.
    Ok(frames)
}

fn classify_failure(message: String) -> MediaError {
    let lower = message.to_lowercase();
    if lower.contains("invalid data")
        || lower.contains("moov atom not found")
        || lower.contains("not in whitelist")
        || lower.contains("could not find codec")
        || lower.contains("does not contain any stream")
    {
        MediaError::NotAVideo(message)
    } else {
        MediaError::VideoDecode(message)
    }
}

/// Fills `buf` with one frame. `Ok(false)` at end of stream (a truncated last frame is dropped).
fn read_frame(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<bool> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => return Ok(false),
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

fn first_line(stderr: &str, fallback: &str) -> String {
    stderr
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| l.chars().take(300).collect())
        .unwrap_or_else(|| fallback.to_owned())
}

/// A child process with a watchdog that kills it at the deadline and a thread draining stderr.
struct Run {
    child: Arc<Mutex<Child>>,
    stdout: Option<std::process::ChildStdout>,
    stderr: Option<JoinHandle<String>>,
    cancel: Option<mpsc::Sender<()>>,
    watchdog: Option<JoinHandle<bool>>,
}

impl Run {
    fn start(
        mut cmd: Command,
        program: &str,
        input: &memfile::MemFile,
        deadline: Instant,
    ) -> Result<Run, MediaError> {
        cmd.stdin(input.child_stdin()?)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound
                || e.kind() == std::io::ErrorKind::PermissionDenied
            {
                MediaError::FfmpegMissing {
                    program: program.to_owned(),
                }
            } else {
                MediaError::VideoDecode(format!("starting {program}: {e}"))
            }
        })?;
        let stdout = child.stdout.take();
        let stderr = child.stderr.take().map(drain_stderr);
        let child = Arc::new(Mutex::new(child));
        let (cancel, cancelled) = mpsc::channel::<()>();
        let watched = Arc::clone(&child);
        let watchdog = std::thread::spawn(move || {
            let remaining = deadline.saturating_duration_since(Instant::now());
            match cancelled.recv_timeout(remaining) {
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if let Ok(mut child) = watched.lock() {
                        let _ = child.kill();
                    }
                    true
                }
                _ => false,
            }
        });
        Ok(Run {
            child,
            stdout,
            stderr,
            cancel: Some(cancel),
            watchdog: Some(watchdog),
        })
    }

    fn kill(&self) {
        if let Ok(mut child) = self.child.lock() {
            let _ = child.kill();
        }
    }

    /// Waits for the child; the watchdog is stopped first, so it can never signal a reaped pid.
    fn finish(
        mut self,
        timeout: Duration,
    ) -> Result<(std::process::ExitStatus, String), MediaError> {
        drop(self.stdout.take());
        // stderr reaches EOF once the child exits (or is killed by the watchdog)
        let stderr = self
            .stderr
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        drop(self.cancel.take());
        let timed_out = self
            .watchdog
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or(false);
        let status = self
            .child
            .lock()
            .map_err(|_| MediaError::VideoDecode("child process lock poisoned".to_owned()))?
            .wait()
            .map_err(|e| MediaError::VideoDecode(format!("waiting for the decoder: {e}")))?;
        if timed_out {
            return Err(MediaError::VideoTimeout {
                seconds: timeout.as_secs(),
            });
        }
        Ok((status, stderr))
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        // Only reached with the child still running when `finish` was never called (an early
        // return): make sure no ffmpeg outlives the call.
        if self.watchdog.is_some() {
            drop(self.cancel.take());
            if let Ok(mut child) = self.child.lock() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}

/// Keeps the first 64 KiB of stderr and discards the rest, so the child never blocks on it.
fn drain_stderr(mut stderr: ChildStderr) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut chunk = [0u8; 8192];
        loop {
            match stderr.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let room = (64 * 1024usize).saturating_sub(kept.len());
                    kept.extend_from_slice(&chunk[..n.min(room)]);
                }
            }
        }
        String::from_utf8_lossy(&kept).into_owned()
    })
}

/// An anonymous in-memory file holding the video for the child processes.
#[cfg(target_os = "linux")]
mod memfile {
    use std::io::Write;
    use std::os::fd::OwnedFd;
    use std::process::Stdio;

    use rustix::fs::{fcntl_add_seals, memfd_create, MemfdFlags, SealFlags};

    use crate::MediaError;

    /// How the child names its standard input as a seekable file.
    pub const CHILD_PATH: &str = "/proc/self/fd/0";

    pub struct MemFile {
        fd: OwnedFd,
    }

    impl MemFile {
        /// Copies the bytes into a sealed memfd. Close-on-exec: the only way it reaches a child is
        /// as that child's stdin, so concurrent spawns elsewhere never inherit it.
        pub fn new(bytes: &[u8]) -> Result<MemFile, MediaError> {
            let err = |e: std::io::Error| MediaError::VideoDecode(format!("in-memory file: {e}"));
            let fd = memfd_create(
                "canhgiac-video",
                MemfdFlags::CLOEXEC | MemfdFlags::ALLOW_SEALING,
            )
            .map_err(|e| err(e.into()))?;
            let mut file = std::fs::File::from(fd);
            file.write_all(bytes).map_err(err)?;
            let fd = OwnedFd::from(file);
            fcntl_add_seals(
                &fd,
                SealFlags::WRITE | SealFlags::GROW | SealFlags::SHRINK | SealFlags::SEAL,
            )
            .map_err(|e| err(e.into()))?;
            Ok(MemFile { fd })
        }

        pub fn child_stdin(&self) -> Result<Stdio, MediaError> {
            let fd = self
                .fd
                .try_clone()
                .map_err(|e| MediaError::VideoDecode(format!("in-memory file: {e}")))?;
            Ok(Stdio::from(fd))
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod memfile {
    use std::process::Stdio;

    use crate::MediaError;

    pub const CHILD_PATH: &str = "/dev/stdin";

    pub struct MemFile;

    impl MemFile {
        pub fn new(_bytes: &[u8]) -> Result<MemFile, MediaError> {
            Err(MediaError::VideoDecode(
                "video hashing needs Linux (memfd_create)".to_owned(),
            ))
        }

        pub fn child_stdin(&self) -> Result<Stdio, MediaError> {
            Ok(Stdio::null())
        }
    }
}

/// Serialises a PDQ hash as its 64 hex digits.
mod pdq_hex {
    use canhgiac_core::fingerprint::PdqHash;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(hash: &PdqHash, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hash.to_hex())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PdqHash, D::Error> {
        let text = String::deserialize(d)?;
        PdqHash::parse(&text).ok_or_else(|| serde::de::Error::custom("expected 64 hex digits"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(hex_word: u64, quality: u8) -> FrameHash {
        FrameHash {
            t: 0.0,
            pdq: PdqHash([hex_word, 0, 0, 0]),
            quality,
        }
    }

    #[test]
    fn rates_and_steps_follow_the_reference() {
        assert_eq!(parse_rate("30000/1001"), Some(30000.0 / 1001.0));
        assert_eq!(parse_rate("0/0"), None);
        assert_eq!(parse_rate("25"), None);
        assert_eq!(frame_step(1.0, 30000.0 / 1001.0), 29);
        assert_eq!(frame_step(1.0, 25.0), 25);
        assert_eq!(frame_step(1.0, 0.5), 1);
    }

    #[test]
    fn still_images_and_huge_frames_are_refused() {
        let parse = |json: &str| serde_json::from_str::<ProbeOutput>(json).unwrap();
        let opts = VideoOptions::default();
        let still = parse(
            r#"{"streams":[{"width":64,"height":64,"avg_frame_rate":"0/0","r_frame_rate":"25/1"}],
                "format":{"format_name":"png_pipe"}}"#,
        );
        assert!(matches!(
            stream_info(still, &opts),
            Err(MediaError::NotAVideo(_))
        ));
        let huge = parse(
            r#"{"streams":[{"width":20000,"height":20000,"avg_frame_rate":"25/1"}],
                "format":{"format_name":"matroska,webm"}}"#,
        );
        assert!(matches!(
            stream_info(huge, &opts),
            Err(MediaError::VideoTooLarge { .. })
        ));
        let rotated = parse(
            r#"{"streams":[{"width":640,"height":360,"avg_frame_rate":"0/0","r_frame_rate":"30/1",
                "side_data_list":[{"rotation":-90}]}],
                "format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"2.5"}}"#,
        );
        let info = stream_info(rotated, &opts).unwrap();
        assert_eq!((info.width, info.height, info.fps), (360, 640, 30.0));
        assert_eq!(info.duration, Some(2.5));
    }

    #[test]
    fn matching_dedupes_then_filters_by_quality() {
        // the duplicate of `a` is dropped before filtering, so only one copy counts
        let a = frame(0, 100);
        let near = frame(0b111, 90); // 3 bits from a
        let far = frame(u64::MAX, 90); // 64 bits from a
        let low = frame(0b1, 10);
        let m = vpdq_match(&[a, a, far], &[near, low], 31, 50);
        assert!((m.query_matched_percent - 50.0).abs() < 1e-9);
        assert!((m.target_matched_percent - 100.0).abs() < 1e-9);
        assert!(!m.is_match());
        let none = vpdq_match(&[low], &[a], 31, 50);
        assert_eq!(none.query_matched_percent, 0.0);
        assert_eq!(none.target_matched_percent, 0.0);
        // the distance threshold is inclusive
        assert_eq!(
            vpdq_match(&[a], &[near], 3, 50).query_matched_percent,
            100.0
        );
        assert_eq!(vpdq_match(&[a], &[near], 2, 50).query_matched_percent, 0.0);
    }
}
