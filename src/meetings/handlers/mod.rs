//! The request handlers of the meetings feature, one file per use case.

pub mod agenda;
pub mod calendar;
pub mod list;
pub mod meeting;
pub mod minutes;
pub mod participants;
pub mod plan;
pub mod print;
pub mod refresh;
pub mod register;
pub mod review;
