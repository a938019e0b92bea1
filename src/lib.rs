//! credcat
pub mod serve;
