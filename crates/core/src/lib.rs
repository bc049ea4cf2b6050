//! Cảnh Giác pure core: message normalisation, cue matching, the learned model, indicator
//! extraction and advice. No I/O, no async; every public function takes text and returns plain
//! data, and never panics on any input.

pub mod advice;
pub mod analysis;
pub mod corpus;
pub mod cues;
pub mod features;
pub mod fingerprint;
pub mod indicators;
pub mod linkrisk;
pub mod model;
pub mod normalize;
pub mod pdq_index;
pub mod taxonomy;
pub mod train;

pub use analysis::{Analysis, Analyzer};
pub use model::Model;
