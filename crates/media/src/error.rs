/// Why a piece of media could not be fingerprinted.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("the file is empty (0 bytes)")]
    Empty,
    #[error("the file is larger than the {limit} bytes accepted")]
    TooLarge { limit: usize },
    #[error("not an image this reader knows (PNG, JPEG, WebP, GIF, BMP)")]
    NotAnImage,
    #[error("the image is too large to decode: {0}")]
    TooManyPixels(String),
    #[error("the image is damaged or cut off: {0}")]
    Corrupt(String),
    #[error("{program} is not installed or cannot be run; video hashing needs ffmpeg and ffprobe")]
    FfmpegMissing { program: String },
    #[error("not a video: {0}")]
    NotAVideo(String),
    #[error("video frames of {width}x{height} are too large to hash")]
    VideoTooLarge { width: u32, height: u32 },
    #[error("video is too long: more than {max_frames} sampled frames")]
    VideoTooLong { max_frames: usize },
    #[error("video decoding took longer than {seconds} s and was stopped")]
    VideoTimeout { seconds: u64 },
    #[error("video decoding failed: {0}")]
    VideoDecode(String),
}
