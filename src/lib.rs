//! credcat
