//! The demo measures as data: the core programme (HF1–HF7) and the separate paper (EB1–EB3).
//!
//! Costs are example values (Beispielwerte) in euros, derived from the anchors in DOMAIN.md
//! §1.3/§1.4; they are not quotes. The tables are written in the types of [`super::spec`]
//! and split by fields of action; their order is the order of the measure codes.

mod enterprises;
mod hf1_hf2;
mod hf3_hf5;
mod hf6_hf7;

use super::spec::Measure;

/// The measures of the core programme, in the order of their codes.
pub(super) const CORE_MEASURES: &[&[Measure]] =
    &[hf1_hf2::MEASURES, hf3_hf5::MEASURES, hf6_hf7::MEASURES];

/// The measures of the separate paper (Eigenbetriebe, AKA, Stadtwerke).
pub(super) const ENTERPRISE_MEASURES: &[&[Measure]] = &[enterprises::MEASURES];

/// The measures of a catalogue, one after the other.
pub(super) fn each(
    catalogue: &'static [&'static [Measure]],
) -> impl Iterator<Item = &'static Measure> {
    catalogue.iter().flat_map(|part| part.iter())
}
