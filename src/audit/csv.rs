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

/// Where the reader is inside a CSV record (RFC 4180): a quote opens a quoted field only at the
/// start of a field; inside an unquoted field it is an ordinary byte (the row is then refused by
/// [`split`], alone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the closing quote, or the first of `""`.
    QuoteInQuoted,
}

/// Splits a byte stream into records. A record ends at LF, CRLF or a lone CR (old Excel / Mac
/// exports) outside a quoted field.
pub struct RecordReader {
    buf: Vec<u8>,
    quotes: bool,
    /// The delimiter once known (before the header: any of `,` `;` tab `|` starts a field).
    delim: Option<u8>,
    state: State,
    skipping: bool,
    /// The last byte fed was a CR ending a record: a LF right after it belongs to it.
    after_cr: bool,
    /// The last byte fed was a CR inside a quoted field.
    quoted_cr: bool,
    max: usize,
    /// Physical line of the next byte (1-based).
    line: u64,
    /// Line where the pending record starts.
    start: u64,
    /// Total bytes fed.
    pub bytes: u64,
}

impl RecordReader {
    /// A reader; `quotes` enables RFC 4180 quoted fields (CSV); `max` bounds a record.
    pub fn new(quotes: bool, max: usize) -> RecordReader {
        RecordReader {
            buf: Vec::new(),
            quotes,
            delim: None,
            state: State::FieldStart,
            skipping: false,
            after_cr: false,
            quoted_cr: false,
            max,
            line: 1,
            start: 1,
            bytes: 0,
        }
    }

    /// Sets the delimiter (after the header) and whether quotes are special.
    pub fn set_format(&mut self, delim: u8, quotes: bool) {
        self.delim = Some(delim);
        self.quotes = quotes;
    }

    fn is_delim(&self, b: u8) -> bool {
        match self.delim {
            Some(d) => b == d,
            None => matches!(b, b',' | b';' | b'\t' | b'|'),
        }
    }

    /// The end of the record in `chunk` (the index of its line break), advancing the quote state.
    fn scan(&mut self, chunk: &[u8]) -> Option<usize> {
        let mut i = 0;
        while i < chunk.len() {
            let b = chunk[i];
            match self.state {
                State::Quoted => match chunk[i..].iter().position(|&c| c == b'"' || c == b'\n' || c == b'\r') {
                    None => return None,
                    Some(j) => {
                        i += j;
                        match chunk[i] {
                            b'"' => self.state = State::QuoteInQuoted,
                            // CRLF inside quotes is one line break (the CR counted it).
                            b'\n' => {
                                let after_cr = if i > 0 { chunk[i - 1] == b'\r' } else { self.quoted_cr };
                                if !after_cr {
                                    self.line += 1;
                                }
                            }
                            _ => self.line += 1,
                        }
                    }
                },
                _ if b == b'\n' || b == b'\r' => {
                    self.state = State::FieldStart;
                    return Some(i);
                }
                State::QuoteInQuoted => {
                    self.state = if b == b'"' {
                        State::Quoted
                    } else if self.is_delim(b) {
                        State::FieldStart
                    } else {
                        State::Unquoted
                    };
                }
                State::FieldStart => {
                    if self.quotes && b == b'"' {
                        self.state = State::Quoted;
                    } else if !self.is_delim(b) {
                        self.state = State::Unquoted;
                    }
                }
                State::Unquoted => {
                    match chunk[i..].iter().position(|&c| c == b'\n' || c == b'\r' || self.is_delim(c)) {
                        None => return None,
                        Some(j) => {
                            i += j;
                            if chunk[i] == b'\n' || chunk[i] == b'\r' {
                                self.state = State::FieldStart;
                                return Some(i);
                            }
                            self.state = State::FieldStart;
                        }
                    }
                }
            }
            i += 1;
        }
        self.quoted_cr = self.state == State::Quoted && chunk.last() == Some(&b'\r');
        None
    }

    /// Feeds a chunk; calls `out` for every record completed in it.
    pub fn feed(&mut self, mut chunk: &[u8], out: &mut dyn FnMut(Record<'_>)) {
        self.bytes += chunk.len() as u64;
        while !chunk.is_empty() {
            if self.after_cr {
                self.after_cr = false;
                if chunk[0] == b'\n' {
                    chunk = &chunk[1..];
                    continue;
                }
            }
            if self.skipping {
                match chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
                    Some(i) => {
                        self.after_cr = chunk[i] == b'\r';
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
            let end = self.scan(&chunk[..room]);
            if end.is_none() && self.buf.len() + room > self.max {
                // Longer than the limit: skipped from there to the next line break.
                out(Record::TooLong { line: self.start, in_quotes: self.state == State::Quoted });
                self.buf.clear();
                self.buf.shrink_to(1 << 16);
                self.state = State::FieldStart;
                self.skipping = true;
                chunk = &chunk[room..];
                continue;
            }
            match end {
                Some(e) => {
                    let line = self.start;
                    self.line += 1;
                    self.start = self.line;
                    self.after_cr = chunk[e] == b'\r';
                    if self.buf.is_empty() {
                        out(Record::Line { line, bytes: &chunk[..e] });
                    } else {
                        self.buf.extend_from_slice(&chunk[..e]);
                        let rec = std::mem::take(&mut self.buf);
                        out(Record::Line { line, bytes: &rec });
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
        let open = self.state == State::Quoted;
        if !self.skipping && !self.buf.is_empty() {
            let rec = std::mem::take(&mut self.buf);
            out(Record::Line { line: self.start, bytes: &rec });
        }
        self.state = State::FieldStart;
        open
    }
}

/// Why a CSV record could not be split.
#[derive(Debug, PartialEq)]
pub enum SplitError {
    /// A quote inside an unquoted field, or text after a closing quote (column, 1-based).
    BadQuote(usize),
    /// A quoted field never closed.
    Unterminated(usize),
}

/// The fields of one record. Their buffers are kept from record to record, so splitting a
/// month of 78-column rows allocates once, not once per field.
#[derive(Debug, Default)]
pub struct Fields {
    bufs: Vec<String>,
    len: usize,
}

impl Fields {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there is no field.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Field `i`, when there is one.
    pub fn get(&self, i: usize) -> Option<&str> {
        self.as_slice().get(i).map(String::as_str)
    }

    /// The fields.
    pub fn as_slice(&self) -> &[String] {
        &self.bufs[..self.len]
    }

    fn clear(&mut self) {
        self.len = 0;
    }

    fn push(&mut self, b: &[u8]) {
        if self.len == self.bufs.len() {
            self.bufs.push(String::new());
        }
        let s = &mut self.bufs[self.len];
        s.clear();
        decode_into(b, s);
        self.len += 1;
    }
}

/// Splits a record whose quotes are ordinary bytes (the E-Klaim TXT export) at `delim`.
pub fn split_plain(rec: &[u8], delim: u8, fields: &mut Fields) {
    fields.clear();
    for f in rec.split(|&b| b == delim) {
        fields.push(f);
    }
}

/// Text of the bytes of a field: UTF-8, or Windows-1252 (Latin-1 from older systems) when the
/// bytes are not UTF-8 — never U+FFFD replacements, which would make different names equal.
pub fn decode(b: &[u8]) -> String {
    let mut s = String::new();
    decode_into(b, &mut s);
    s
}

/// [`decode`], appending to `out`.
fn decode_into(b: &[u8], out: &mut String) {
    match std::str::from_utf8(b) {
        Ok(s) => out.push_str(s),
        Err(_) => out.extend(b.iter().map(|&c| cp1252(c))),
    }
}

/// True when the bytes are not UTF-8 (and so are read as Windows-1252).
pub fn is_latin1(b: &[u8]) -> bool {
    std::str::from_utf8(b).is_err()
}

/// The character of a Windows-1252 byte (the C1 range maps to its printable characters; the five
/// undefined bytes map to the C1 control of the same number, as Latin-1 does).
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Splits one CSV record into fields (RFC 4180). `fields` is cleared first.
pub fn split(rec: &[u8], delim: u8, fields: &mut Fields) -> Result<(), SplitError> {
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
            fields.push(&s);
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
            fields.push(field);
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
    fn every_line_ending_ends_a_record_and_no_row_is_lost() {
        // CR-only (old Excel / Mac), LF, CRLF, a lone CR inside a row, no final line break.
        for (data, rows) in [
            (&b"h\ra\rb\rc"[..], 4),
            (b"h\na\nb\nc\n", 4),
            (b"h\r\na\r\nb\r\nc", 4),
            (b"h\na\rb\nc", 4),
            (b"h\r\n\r\na\r\n", 3),
        ] {
            for cut in 0..data.len() {
                let got = records(true, 100, &[&data[..cut], &data[cut..]]);
                assert_eq!(got.len(), rows, "{data:?} cut {cut}: {got:?}");
            }
        }
        let got = records(true, 100, &[b"h\ra\rb"]);
        assert!(got[2].starts_with("3:"), "line numbers count CRs: {got:?}");
    }

    #[test]
    fn a_stray_quote_in_an_unquoted_field_stays_in_its_row() {
        let mut data = b"a,b\n".to_vec();
        for i in 0..1000 {
            if i == 3 {
                data.extend_from_slice(b"R\"1,2\n");
            } else {
                data.extend_from_slice(format!("{i},x\n").as_bytes());
            }
        }
        let got = records(true, 1 << 20, &[&data]);
        assert_eq!(got.len(), 1001);
        let mut f = Fields::default();
        assert_eq!(split(b"R\"1,2", b',', &mut f), Err(SplitError::BadQuote(1)));
        // Quoted fields still span lines; a closing quote followed by text is refused alone.
        let got = records(true, 100, &[b"h\n\"a\nb\",1\n\"x\"y,2\n3,4\n"]);
        assert_eq!(got.len(), 4, "{got:?}");
    }

    #[test]
    fn latin1_is_decoded_not_replaced() {
        assert_eq!(decode(b"Jos\xe9"), "José");
        assert_eq!(decode(b"Jos\xe8"), "Josè");
        assert_eq!(decode("José".as_bytes()), "José");
        assert_eq!(decode(b"\x80"), "€");
        let mut f = Fields::default();
        split_plain(b"a\t\"b\tc", b'\t', &mut f);
        assert_eq!(f.as_slice(), ["a", "\"b", "c"]);
        // Buffers are reused: a shorter record after a longer one has only its own fields.
        split_plain(b"x", b'\t', &mut f);
        assert_eq!(f.as_slice(), ["x"]);
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
        let mut f = Fields::default();
        split(br#"a,"b,c","d""e",,"""""#, b',', &mut f).unwrap();
        assert_eq!(f.as_slice(), ["a", "b,c", "d\"e", "", "\""]);
        assert_eq!(split(br#"a,b"c"#, b',', &mut f), Err(SplitError::BadQuote(2)));
        assert_eq!(split(br#""a"x,b"#, b',', &mut f), Err(SplitError::BadQuote(1)));
        assert_eq!(split(br#"a,"b"#, b',', &mut f), Err(SplitError::Unterminated(2)));
        assert_eq!(detect_delimiter(b"a;b;\"c,d,e\""), b';');
        assert_eq!(detect_delimiter(b"a,b"), b',');
    }
}
