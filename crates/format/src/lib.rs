//! Koder's data formats, shared by the build step (`build.rs`, which compiles `data/` into the
//! embedded catalog and tables) and the engine (which reads them at run time), so both sides
//! read and write exactly the same bytes and text. Depends only on `std` and `fst` (and on `serde`,
//! behind the `serde` feature the engine turns on, to serialise the tables' closed values).
//!
//! - [`layout`]: the byte layout of the embedded catalog (writer in `build.rs`, reader in
//!   the engine's `catalog`, which reads it in place).
//! - [`text`]: text normalisation — the words stored in the index and the words of a query are
//!   folded by the same function.
//! - [`codespec`]: code specs as written in `data/` tables (`A01.0`, `K35`, `O00-O99`).
//! - [`rules`]: the closed values of the rule book's columns (family, level, settings) and the
//!   claim's care setting, checked at build time and read by the engine with the same parsers.
//! - [`grouper_tables`]: the grouping-definition tables (format v1), validated at build time
//!   and loaded at run time by the same parser.
//! - [`writer`]: the catalog writer (records and search entries → `catalog.bin` and the two FSTs).
//! - [`bundle`]: the three catalog parts in one file (`koder_catalog.bin`), which the web build
//!   fetches once for both of its modules.

pub mod bundle;
pub mod codespec;
pub mod grouper_tables;
pub mod layout;
pub mod rules;
pub mod text;
pub mod writer;
