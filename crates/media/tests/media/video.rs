//! vPDQ on small committed clips (fixtures/video, made with ffmpeg's test sources; see the README
//! there) and on clips generated in memory by ffmpeg.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use canhgiac_media::video::{
    hash_video, hash_video_with, vpdq_match, FrameHash, VideoOptions, VPDQ_DISTANCE_THRESHOLD,
    VPDQ_QUALITY_THRESHOLD,
};
use canhgiac_media::MediaError;

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/video")
        .join(name)
}

fn fixture(name: &str) -> Vec<u8> {
    let path = fixture_path(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A clip rendered by ffmpeg straight into memory (Matroska streams to a pipe; nothing on disk).
fn generate(source: &str, seconds: u32) -> Vec<u8> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-nostdin", "-f", "lavfi", "-i", source])
        .args([
            "-t",
            &seconds.to_string(),
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
        ])
        .args(["-pix_fmt", "yuv420p", "-f", "matroska", "pipe:1"])
        .stderr(Stdio::inherit())
        .output()
        .expect("ffmpeg runs");
    assert!(out.status.success());
    out.stdout
}

fn good_frames(frames: &[FrameHash]) -> usize {
    frames
        .iter()
        .filter(|f| f.quality >= VPDQ_QUALITY_THRESHOLD)
        .count()
}

#[test]
fn one_frame_per_second_with_reference_timestamps() {
    let bytes = fixture("clip.mp4");
    // the index sits after the media data, which a pipe could not seek back to
    assert!(find(&bytes, b"moov") > find(&bytes, b"mdat"));
    let frames = hash_video(&bytes).unwrap();
    let times: Vec<f64> = frames.iter().map(|f| f.t).collect();
    assert_eq!(times, vec![0.0, 1.0, 2.0, 3.0]);
    assert_eq!(good_frames(&frames), 4, "{frames:?}");
    // the test pattern moves: consecutive samples differ
    assert!(frames[0].pdq.distance(&frames[1].pdq) > 0);
}

#[test]
fn fractional_frame_rates_step_like_the_reference() {
    // 29.97 fps: every 29th frame (the reference truncates fps × 1 s), stamped frame / fps
    let bytes = generate("testsrc2=size=160x120:rate=30000/1001", 3);
    let frames = hash_video(&bytes).unwrap();
    let fps = 30000.0 / 1001.0;
    let expected: Vec<f64> = [0.0, 29.0, 58.0, 87.0].iter().map(|n| n / fps).collect();
    assert_eq!(frames.len(), expected.len(), "{frames:?}");
    for (frame, t) in frames.iter().zip(expected) {
        assert!((frame.t - t).abs() < 1e-9, "{} vs {t}", frame.t);
    }
}

#[test]
fn reencoded_copy_matches() {
    let original = hash_video(&fixture("clip.mp4")).unwrap();
    let copy = hash_video(&fixture("clip-small-lowrate.mp4")).unwrap();
    assert_eq!(copy.len(), original.len());
    let m = vpdq_match(
        &copy,
        &original,
        VPDQ_DISTANCE_THRESHOLD,
        VPDQ_QUALITY_THRESHOLD,
    );
    assert!(m.is_match(), "{m:?}");
    assert!(m.query_matched_percent >= 99.0 && m.target_matched_percent >= 99.0);
}

#[test]
fn different_video_does_not_match() {
    let clip = hash_video(&fixture("clip.mp4")).unwrap();
    let other = hash_video(&fixture("other.mp4")).unwrap();
    assert!(good_frames(&other) > 0);
    let m = vpdq_match(
        &other,
        &clip,
        VPDQ_DISTANCE_THRESHOLD,
        VPDQ_QUALITY_THRESHOLD,
    );
    assert!(!m.is_match(), "{m:?}");
    assert_eq!(m.query_matched_percent, 0.0, "{m:?}");
}

#[test]
fn non_videos_are_clear_errors() {
    assert!(matches!(hash_video(b""), Err(MediaError::Empty)));
    let noise: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert!(
        matches!(hash_video(&noise), Err(MediaError::NotAVideo(_))),
        "{:?}",
        hash_video(&noise)
    );
    let text = b"Hello, this is a chat message, not a video.".repeat(50);
    assert!(matches!(hash_video(&text), Err(MediaError::NotAVideo(_))));
    let png = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/provenance/plain.png"),
    )
    .unwrap();
    assert!(
        matches!(hash_video(&png), Err(MediaError::NotAVideo(_))),
        "{:?}",
        hash_video(&png)
    );
    // an MP4 cut before its index cannot be decoded
    let clip = fixture("clip.mp4");
    let cut = &clip[..clip.len() / 2];
    assert!(
        matches!(hash_video(cut), Err(MediaError::NotAVideo(_))),
        "{:?}",
        hash_video(cut)
    );
}

#[test]
fn playlists_cannot_make_ffmpeg_open_other_files() {
    let playlist =
        b"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n";
    assert!(matches!(
        hash_video(playlist),
        Err(MediaError::NotAVideo(_))
    ));
    let concat = b"ffconcat version 1.0\nfile /etc/passwd\n";
    assert!(matches!(hash_video(concat), Err(MediaError::NotAVideo(_))));
}

#[test]
fn bounds_are_enforced() {
    let bytes = fixture("clip.mp4");
    let small = VideoOptions {
        max_pixels: 100 * 100,
        ..VideoOptions::default()
    };
    assert!(matches!(
        hash_video_with(&bytes, &small),
        Err(MediaError::VideoTooLarge {
            width: 256,
            height: 192
        })
    ));
    let short = VideoOptions {
        max_frames: 2,
        ..VideoOptions::default()
    };
    assert!(matches!(
        hash_video_with(&bytes, &short),
        Err(MediaError::VideoTooLong { max_frames: 2 })
    ));
    let hurried = VideoOptions {
        timeout: Duration::ZERO,
        ..VideoOptions::default()
    };
    assert!(matches!(
        hash_video_with(&bytes, &hurried),
        Err(MediaError::VideoTimeout { .. })
    ));
}

#[test]
fn missing_ffmpeg_is_reported() {
    let options = VideoOptions {
        ffprobe: "/nonexistent/ffprobe".to_owned(),
        ..VideoOptions::default()
    };
    let err = hash_video_with(&fixture("clip.mp4"), &options).unwrap_err();
    assert!(matches!(err, MediaError::FfmpegMissing { .. }), "{err:?}");
    assert!(err.to_string().contains("ffmpeg"));
}

#[test]
fn frame_hashes_serialise_with_hex_pdq() {
    let frames = hash_video(&fixture("clip.mp4")).unwrap();
    let json = serde_json::to_value(frames[0]).unwrap();
    assert_eq!(json["pdq"].as_str().map(str::len), Some(64));
    let back: FrameHash = serde_json::from_value(json).unwrap();
    assert_eq!(back, frames[0]);
}

/// Run only as a child of `no_file_is_written`, with TMPDIR pointing at an empty folder.
#[test]
#[ignore = "run by no_file_is_written in a child process"]
fn hash_in_child_process() {
    let frames = hash_video(&fixture("clip.mp4")).unwrap();
    assert_eq!(frames.len(), 4);
}

/// Files whose content is exactly `bytes`, below `dir` (a few levels deep).
fn copies_below(dir: &Path, bytes: &[u8], depth: u32, skip: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() && depth > 0 {
            copies_below(&path, bytes, depth - 1, skip, found);
        } else if meta.is_file()
            && meta.len() == bytes.len() as u64
            && path.canonicalize().ok().as_deref() != Some(skip)
            && std::fs::read(&path).ok().as_deref() == Some(bytes)
        {
            found.push(path);
        }
    }
}

#[test]
fn no_file_is_written() {
    let tmp = std::env::temp_dir().join(format!(
        "canhgiac-video-test-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir(&tmp).unwrap();
    let status = Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "video::hash_in_child_process"])
        .args(["--test-threads", "1", "--quiet"])
        .env("TMPDIR", &tmp)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().flatten().collect();
    std::fs::remove_dir_all(&tmp).unwrap();
    assert!(status.success());
    assert!(left.is_empty(), "files left in TMPDIR: {left:?}");

    // and no copy of the clip anywhere under the temp folders
    let bytes = fixture("clip.mp4");
    let own = fixture_path("clip.mp4").canonicalize().unwrap();
    let mut found = Vec::new();
    let mut dirs = vec![
        PathBuf::from("/tmp"),
        PathBuf::from("/var/tmp"),
        std::env::temp_dir(),
    ];
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        copies_below(&dir, &bytes, 3, &own, &mut found);
    }
    assert!(found.is_empty(), "copies of the video on disk: {found:?}");
}
