//! credcat

pub mod sign;
