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
        if u32::try_from(section.len()).is_err() {
            return Err(corrupt());
        }
        // One start per end mark. The text grows with what is decoded: each string at most
        // MAX_SHARED_PREFIX bytes more than its own bytes, so never past 255 times the section.
        let n = section.iter().filter(|&&b| b == END_MARK).count();
        let mut starts = Vec::with_capacity(n + 1);
        starts.push(0u32);
        let mut text: Vec<u8> = Vec::with_capacity(section.len().saturating_mul(2));
        // `prev`: where the string before starts; `at`: the next string's length byte.
        let (mut prev, mut at) = (0usize, 0usize);
        while let Some(&b) = section.get(at) {
            let shared = usize::from(b);
            if shared > (text.len() - prev).min(layout::MAX_SHARED_PREFIX) {
                return Err(corrupt());
            }
            let rest = &section[at + 1..];
            let own = rest.iter().position(|&b| b == END_MARK).ok_or_else(corrupt)?;
            let current = text.len();
            text.extend_from_within(prev..prev + shared);
            text.extend_from_slice(&rest[..own]);
            starts.push(u32::try_from(text.len()).map_err(|_| corrupt())?);
            (prev, at) = (current, at + 2 + own);
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
