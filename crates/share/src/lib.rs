//! Cảnh Giác exchange formats: what the authority hands to police, CERTs, banks and platforms
//! (STIX 2.1 bundles, MISP feeds) and how it publishes warnings (CAP 1.2 alerts, Atom feeds).
//!
//! Pure functions only: no I/O, no async, no database. The callers (store, server, CLI) gather
//! the [`model`] values and write or serve what these functions return. Nothing here panics on
//! any input.
//!
//! [`import`] reads the same formats back from partners: the indicators of a STIX bundle or a
//! MISP event, with the producer named.
//!
//! Two rules hold for every builder, because partners re-share what they receive:
//! - anything marked TLP:RED (a campaign, or a single indicator or fingerprint) is left out;
//! - the input model has no place for a reporter's contact details, so no export can carry one;
//!   the only contact details that leave are the publishing authority's.

pub mod atom;
pub mod cap;
mod ids;
pub mod import;
pub mod misp;
pub mod model;
mod privacy;
pub mod stix;
mod timefmt;
mod xml;

pub use model::{
    Authority, Campaign, CampaignStatus, Fingerprint, Indicator, IndicatorKind, Money, Tlp,
};
pub use timefmt::stix as stix_time;
pub use timefmt::vietnam as vietnam_time;
