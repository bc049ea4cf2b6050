// A crate root resolves `mod x;` beside itself, so each path names the `media/` folder.
#[path = "media/pdq.rs"]
mod pdq;
#[path = "media/provenance.rs"]
mod provenance;
#[path = "media/video.rs"]
mod video;
