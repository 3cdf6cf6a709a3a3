//! Incremental record reader: bytes in (any chunk size), complete records out, with a bounded
//! record length. CSV records follow RFC 4180 (quoted fields may hold the delimiter, `""` and
//! line breaks); JSON-lines records are physical lines.

/// One complete record (or an oversized one that was skipped).
#[derive(Debug, PartialEq)]
pub enum Record<'a> {
    /// The bytes of the record, without the line break.
    Line {
        /// Line number (1-based) where the record starts.
        line: u64,
        /// The bytes.
        bytes: &'a [u8],
    },
    /// The record was longer than the limit; its bytes were discarded up to the next line break.
    TooLong {
        /// Line number where the record starts.
        line: u64,
        /// True when a quoted field was still open (likely a missing closing quote).
        in_quotes: bool,
    },
}

/// Splits a byte stream into records.
pub struct RecordReader {
    buf: Vec<u8>,
    quotes: bool,
    in_quotes: bool,
    skipping: bool,
    max: usize,
    /// Physical line of the next byte (1-based).
    line: u64,
    /// Line where the pending record starts.
    start: u64,
    /// Total bytes fed.
    pub bytes: u64,
}

impl RecordReader {
    /// A reader; `quotes` enables RFC 4180 quoted line breaks (CSV); `max` bounds a record.
    pub fn new(quotes: bool, max: usize) -> RecordReader {
        RecordReader { buf: Vec::new(), quotes, in_quotes: false, skipping: false, max, line: 1, start: 1, bytes: 0 }
    }

    /// Feeds a chunk; calls `out` for every record completed in it.
    pub fn feed(&mut self, mut chunk: &[u8], out: &mut dyn FnMut(Record<'_>)) {
        self.bytes += chunk.len() as u64;
        while !chunk.is_empty() {
            if self.skipping {
                match chunk.iter().position(|&b| b == b'\n') {
                    Some(i) => {
                        chunk = &chunk[i + 1..];
                        self.line += 1;
                        self.skipping = false;
                        self.start = self.line;
                    }
                    None => return,
                }
                continue;
            }
            // Find the end of the record, looking no further than the limit allows: a record is
            // cut where it passes the limit, however the stream is chunked.
            let room = (self.max - self.buf.len().min(self.max) + 1).min(chunk.len());
            let mut end = None;
            let mut i = 0;
            let quotes = self.quotes;
            while let Some(j) = chunk[i..room].iter().position(|&c| c == b'\n' || (quotes && c == b'"')) {
                i += j;
                if chunk[i] == b'\n' {
                    if self.in_quotes {
                        self.line += 1;
                    } else {
                        end = Some(i);
                        break;
                    }
                } else {
                    self.in_quotes = !self.in_quotes;
                }
                i += 1;
            }
            if end.is_none() && self.buf.len() + room > self.max {
                // Longer than the limit: skipped from there to the next line break.
                out(Record::TooLong { line: self.start, in_quotes: self.in_quotes });
                self.buf.clear();
                self.buf.shrink_to(1 << 16);
                self.in_quotes = false;
                self.skipping = true;
                chunk = &chunk[room..];
                continue;
            }
            match end {
                Some(e) => {
                    let line = self.start;
                    self.line += 1;
                    self.start = self.line;
                    if self.buf.is_empty() {
                        out(Record::Line { line, bytes: trim_cr(&chunk[..e]) });
                    } else {
                        self.buf.extend_from_slice(&chunk[..e]);
                        let rec = std::mem::take(&mut self.buf);
                        out(Record::Line { line, bytes: trim_cr(&rec) });
                        self.buf = rec;
                        self.buf.clear();
                    }
                    chunk = &chunk[e + 1..];
                }
                None => {
                    self.buf.extend_from_slice(chunk);
                    return;
                }
            }
        }
    }

    /// Ends the stream: the last record (without a final line break), if any. Returns true
    /// when that record still had an open quoted field.
    pub fn finish(&mut self, out: &mut dyn FnMut(Record<'_>)) -> bool {
        let open = self.in_quotes;
        if !self.skipping && !self.buf.is_empty() {
            let rec = std::mem::take(&mut self.buf);
            out(Record::Line { line: self.start, bytes: trim_cr(&rec) });
        }
        self.in_quotes = false;
        open
    }
}

fn trim_cr(b: &[u8]) -> &[u8] {
    b.strip_suffix(b"\r").unwrap_or(b)
}

/// Why a CSV record could not be split.
#[derive(Debug, PartialEq)]
pub enum SplitError {
    /// A quote inside an unquoted field, or text after a closing quote (column, 1-based).
    BadQuote(usize),
    /// A quoted field never closed.
    Unterminated(usize),
}

/// Splits one CSV record into fields (RFC 4180). `fields` is cleared first.
pub fn split(rec: &[u8], delim: u8, fields: &mut Vec<String>) -> Result<(), SplitError> {
    fields.clear();
    let mut i = 0;
    let n = rec.len();
    loop {
        let col = fields.len() + 1;
        if i < n && rec[i] == b'"' {
            let mut s = Vec::new();
            i += 1;
            loop {
                match rec[i.min(n)..].iter().position(|&b| b == b'"') {
                    None => return Err(SplitError::Unterminated(col)),
                    Some(j) => {
                        s.extend_from_slice(&rec[i..i + j]);
                        i += j + 1;
                        if i < n && rec[i] == b'"' {
                            s.push(b'"');
                            i += 1;
                        } else {
                            break;
                        }
                    }
                }
            }
            fields.push(String::from_utf8_lossy(&s).into_owned());
            if i == n {
                return Ok(());
            }
            if rec[i] != delim {
                return Err(SplitError::BadQuote(col));
            }
            i += 1;
        } else {
            let end = rec[i..].iter().position(|&b| b == delim).map_or(n, |j| i + j);
            let field = &rec[i..end];
            if field.contains(&b'"') {
                return Err(SplitError::BadQuote(col));
            }
            fields.push(String::from_utf8_lossy(field).into_owned());
            if end == n {
                return Ok(());
            }
            i = end + 1;
        }
    }
}

/// The delimiter of a header line: the most frequent of `,` `;` `\t` `|` outside quotes.
pub fn detect_delimiter(header: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    let cands = [b',', b';', b'\t', b'|'];
    let mut q = false;
    for &b in header {
        if b == b'"' {
            q = !q;
        } else if !q {
            if let Some(k) = cands.iter().position(|&c| c == b) {
                counts[k] += 1;
            }
        }
    }
    let best = (0..4).max_by_key(|&k| (counts[k], 4 - k)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        cands[best]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(quotes: bool, max: usize, chunks: &[&[u8]]) -> Vec<String> {
        let mut r = RecordReader::new(quotes, max);
        let mut out = Vec::new();
        for c in chunks {
            r.feed(c, &mut |rec| out.push(format!("{rec:?}")));
        }
        r.finish(&mut |rec| out.push(format!("{rec:?}")));
        out.into_iter().map(|s| s.replace("Line { line: ", "").replace(", bytes: ", ":")).collect()
    }

    #[test]
    fn records_across_chunks_and_quoted_newlines() {
        let whole = b"a,b\r\n\"x\ny\",2\n3,4";
        let one = records(true, 100, &[whole]);
        for cut in 0..whole.len() {
            assert_eq!(records(true, 100, &[&whole[..cut], &whole[cut..]]), one, "cut at {cut}");
        }
        assert_eq!(one.len(), 3);
        assert!(one[1].starts_with("2:"), "{one:?}");
        assert!(one[2].starts_with("4:"), "{one:?}");
    }

    #[test]
    fn oversized_records_are_skipped_with_bounded_memory() {
        let mut r = RecordReader::new(true, 10);
        let mut out = Vec::new();
        r.feed(b"ok\n", &mut |x| out.push(format!("{x:?}")));
        for _ in 0..1000 {
            r.feed(&[b'z'; 1000], &mut |x| out.push(format!("{x:?}")));
        }
        assert!(r.buf.capacity() < 1 << 17);
        r.feed(b"zz\nnext\n", &mut |x| out.push(format!("{x:?}")));
        assert_eq!(out.len(), 3, "{out:?}");
        assert!(out[1].contains("TooLong { line: 2"));
        assert!(out[2].contains("line: 3"));
    }

    #[test]
    fn split_rfc4180() {
        let mut f = Vec::new();
        split(br#"a,"b,c","d""e",,"""""#, b',', &mut f).unwrap();
        assert_eq!(f, ["a", "b,c", "d\"e", "", "\""]);
        assert_eq!(split(br#"a,b"c"#, b',', &mut f), Err(SplitError::BadQuote(2)));
        assert_eq!(split(br#""a"x,b"#, b',', &mut f), Err(SplitError::BadQuote(1)));
        assert_eq!(split(br#"a,"b"#, b',', &mut f), Err(SplitError::Unterminated(2)));
        assert_eq!(detect_delimiter(b"a;b;\"c,d,e\""), b';');
        assert_eq!(detect_delimiter(b"a,b"), b',');
    }
}
