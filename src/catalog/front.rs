//! Strings the catalog stores front-coded (the codes of the records and the tokens of the
//! titles; see [`layout::section::STRINGS`], [`layout::section::TOKENS`]), decoded once when it
//! opens: sorted neighbours share most of their bytes, which the download leaves out and the
//! reader puts back.

use super::layout::{self, END_MARK};
use crate::error::Error;

/// A list of strings decoded from a front-coded section, read by index.
#[derive(Debug, Default)]
pub(crate) struct FrontCoded {
    text: String,
    /// String `i` is `text[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
}

impl FrontCoded {
    /// Decodes `section`: for each string the length of the prefix it shares with the one
    /// before, its other bytes, then [`END_MARK`]. A shared prefix longer than the string
    /// before, a missing end or bytes that are not UTF-8 are a damaged catalog (`what`).
    pub(crate) fn decode(section: &[u8], what: &'static str) -> Result<FrontCoded, Error> {
        let corrupt = || Error::DataCorruption(what.into());
        let pieces = pieces(section).ok_or_else(corrupt)?;
        // The decoded lengths first (each string at most MAX_SHARED_PREFIX bytes longer than
        // its piece), so that the text is allocated once, at its size.
        let mut starts = Vec::with_capacity(pieces.clone().count() + 1);
        let (mut total, mut prev) = (0u32, 0usize);
        starts.push(0);
        for piece in pieces.clone() {
            let (&shared, rest) = piece.split_first().ok_or_else(corrupt)?;
            if usize::from(shared) > prev.min(layout::MAX_SHARED_PREFIX) {
                return Err(corrupt());
            }
            prev = usize::from(shared) + rest.len();
            total = u32::try_from(prev).ok().and_then(|l| total.checked_add(l)).ok_or_else(corrupt)?;
            starts.push(total);
        }
        let mut text: Vec<u8> = Vec::with_capacity(total as usize);
        let mut last = 0usize;
        for piece in pieces {
            let start = text.len();
            text.extend_from_within(last..last + usize::from(piece[0]));
            text.extend_from_slice(&piece[1..]);
            last = start;
        }
        let text = String::from_utf8(text).map_err(|_| corrupt())?;
        if !starts.iter().all(|&s| text.is_char_boundary(s as usize)) {
            return Err(corrupt());
        }
        Ok(FrontCoded { text, starts })
    }

    /// String `i`; `None` past the end.
    pub(crate) fn get(&self, i: u32) -> Option<&str> {
        let i = i as usize;
        let (from, to) = (*self.starts.get(i)?, *self.starts.get(i + 1)?);
        self.text.get(from as usize..to as usize)
    }

    /// Number of strings.
    pub(crate) fn len(&self) -> usize {
        self.starts.len() - 1
    }
}

/// The pieces of a front-coded section (each string's bytes before its end mark); `None` when
/// the section does not close with an end mark.
fn pieces(section: &[u8]) -> Option<impl Iterator<Item = &[u8]> + Clone> {
    let body = match section {
        [] => None,
        [body @ .., END_MARK] => Some(body),
        _ => return None,
    };
    Some(body.into_iter().flat_map(|b| b.split(|&x| x == END_MARK)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(b: &[u8]) -> Result<Vec<String>, Error> {
        let f = FrontCoded::decode(b, "catalog tokens")?;
        Ok((0..f.len() as u32).map(|i| f.get(i).unwrap().to_string()).collect())
    }

    #[test]
    fn strings_decode_with_the_prefix_they_share() {
        assert_eq!(
            decode(b"\0Pneumonia\xff\x08tis\xff\x04\xff\0\xff").unwrap(),
            ["Pneumonia", "Pneumonitis", "Pneu", ""]
        );
        assert_eq!(decode(b"\0M\xc3\xa9ni\xff\x03re\xff").unwrap(), ["Méni", "Mére"]);
        assert!(decode(b"").unwrap().is_empty());
        let f = FrontCoded::decode(b"\0a\xff", "catalog tokens").unwrap();
        assert_eq!((f.get(0), f.get(1), f.get(u32::MAX)), (Some("a"), None, None));
    }

    #[test]
    fn damaged_front_coding_is_refused() {
        let refused = |b: &[u8]| matches!(decode(b), Err(Error::DataCorruption(w)) if w == "catalog tokens");
        // No end mark; a shared prefix longer than the string before; an empty piece.
        assert!(refused(b"\0abc"));
        assert!(refused(b"\0ab\xff\x03c\xff"));
        assert!(refused(b"\x01a\xff"));
        assert!(refused(b"\0a\xff\xff"));
        // Not UTF-8, and a prefix that cuts a character in two.
        assert!(refused(b"\0\xc3\xff"));
        assert!(refused(b"\0a\xc3\xff\0\xa9b\xff"));
    }
}
