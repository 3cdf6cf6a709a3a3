//! Where each record's titles and extras start, added up when a catalog opens. The catalog
//! stores both in record order and each record only the titles' lengths and a flag for extras
//! (see [`layout::record`]), which leaves two high-entropy offsets per record out of the
//! download.

use super::layout::{self, flag, record, NONE};
use crate::error::Error;

/// Per record: the start of its English title in TEXTS (the Indonesian title follows it) and
/// of its extras in LISTS (in values; NONE without extras).
#[derive(Debug, Default)]
pub(crate) struct RecordSpans {
    starts: Vec<[u32; 2]>,
}

/// One of the spans of a record.
#[derive(Clone, Copy)]
pub(crate) enum Span {
    TitleEn,
    TitleId,
}

impl RecordSpans {
    /// Adds up the lengths of `records` (the RECORDS section) and of the extras in `lists`
    /// (the LISTS section). Titles that run past the `texts` bytes of TEXTS, and extras that
    /// do not fill LISTS exactly, are a damaged catalog.
    pub(crate) fn derive(records: &[u8], texts: usize, lists: &[u8]) -> Result<RecordSpans, Error> {
        let n = records.len() / record::SIZE;
        let mut starts = Vec::with_capacity(n);
        let (mut text, mut extras) = (0u32, 0u32);
        for id in 0..n {
            let row = layout::Row::new(records, record::SIZE, id).ok_or_else(corrupt)?;
            let has_extras = row.u16(record::FLAGS) & flag::EXTRAS != 0;
            starts.push([text, if has_extras { extras } else { NONE }]);
            let add = |at: u32, len: u16| at.checked_add(u32::from(len)).ok_or_else(corrupt);
            text = add(add(text, row.u16(record::TITLE_EN_LEN))?, row.u16(record::TITLE_ID_LEN))?;
            if has_extras {
                extras = extras_end(lists, extras).ok_or_else(corrupt)?;
            }
        }
        if text as usize > texts || extras as usize != lists.len() / 4 {
            return Err(corrupt());
        }
        Ok(RecordSpans { starts })
    }

    /// Where span `s` of record `id` starts, given the record's row (for the lengths).
    pub(crate) fn start(&self, id: u32, row: &layout::Row<'_>, s: Span) -> u32 {
        let Some(&[text, _]) = self.starts.get(id as usize) else { return u32::MAX };
        match s {
            Span::TitleEn => text,
            Span::TitleId => text.saturating_add(u32::from(row.u16(record::TITLE_EN_LEN))),
        }
    }

    /// Where record `id`'s extras start in LISTS, when it has any.
    pub(crate) fn extras(&self, id: u32) -> Option<u32> {
        self.starts.get(id as usize).map(|s| s[1]).filter(|&at| at != NONE)
    }
}

/// The end of the extras that start at `at` in LISTS: two ages, then two counted lists; `None`
/// when they run past the section.
fn extras_end(lists: &[u8], at: u32) -> Option<u32> {
    let crosswalk = layout::plane_u32(lists, at.checked_add(2)? as usize)?;
    let partners_at = at.checked_add(3)?.checked_add(crosswalk)?;
    let partners = layout::plane_u32(lists, partners_at as usize)?;
    let end = partners_at.checked_add(1)?.checked_add(partners)?;
    (end as usize <= lists.len() / 4).then_some(end)
}

fn corrupt() -> Error {
    Error::DataCorruption("catalog records".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Catalog, CodeSystem};
    use layout::section;

    #[test]
    fn starts_add_up_and_lengths_past_their_sections_are_a_damaged_catalog() {
        let c = Catalog::embedded().unwrap();
        let (recs, lists) = (c.section(section::RECORDS), c.section(section::LISTS));
        let t = c.section(section::TEXTS).len();
        let spans = RecordSpans::derive(recs, t, lists).unwrap();
        // Every record's titles start where the previous one's ended.
        let a15 = c.find(CodeSystem::Icd10, "A15").unwrap();
        let row = |id| layout::Row::new(recs, record::SIZE, id as usize).unwrap();
        let prev = a15.id() - 1;
        let prev_len = u32::from(row(prev).u16(record::TITLE_EN_LEN)) + u32::from(row(prev).u16(record::TITLE_ID_LEN));
        assert_eq!(
            spans.start(a15.id(), &row(a15.id()), Span::TitleEn),
            spans.start(prev, &row(prev), Span::TitleEn) + prev_len
        );
        assert_eq!(spans.start(u32::MAX, &row(0), Span::TitleId), u32::MAX);
        // TEXTS holds more after the titles (the terms), but never less.
        assert!(RecordSpans::derive(recs, 0, lists).is_err());
        let mut long = recs.to_vec();
        let n = recs.len() / record::SIZE;
        long[record::TITLE_EN_LEN * n..][..2 * n].fill(0xff);
        assert!(RecordSpans::derive(&long, t, lists).is_err());
    }

    #[test]
    fn extras_start_where_the_ones_before_end_and_must_fill_their_section() {
        let c = Catalog::embedded().unwrap();
        let (recs, lists) = (c.section(section::RECORDS), c.section(section::LISTS));
        let t = c.section(section::TEXTS).len();
        let spans = RecordSpans::derive(recs, t, lists).unwrap();
        // The first record with extras starts LISTS; one without has none.
        let first = (0..c.len() as u32).find(|&id| spans.extras(id).is_some()).unwrap();
        assert_eq!(spans.extras(first), Some(0));
        let j189 = c.find(CodeSystem::Icd10, "J18.9").unwrap();
        assert_eq!((spans.extras(j189.id()), spans.extras(u32::MAX)), (None, None));
        // Extras that stop short of the section, or run past it.
        let quarter = lists.len() / 4;
        let cut: Vec<u8> = (0..4).flat_map(|p| lists[p * quarter..][..quarter - 1].to_vec()).collect();
        assert!(RecordSpans::derive(recs, t, &cut).is_err());
        let longer: Vec<u8> = (0..4).flat_map(|p| [&lists[p * quarter..][..quarter], &[0]].concat()).collect();
        assert!(RecordSpans::derive(recs, t, &longer).is_err());
        assert_eq!(extras_end(lists, u32::MAX), None);
        // A crosswalk count that runs past the section.
        let huge: Vec<u8> = [0u8, 0, 0xff, 0, 0, 0, 0xff, 0, 0, 0, 0xff, 0, 0, 0, 0xff, 0].to_vec();
        assert_eq!(extras_end(&huge, 0), None);
    }
}
