//! Reading a code list as facilities export it: CSV or TSV (delimiter detected), with or without
//! a header, E-Klaim / SIMRS column names or plain `code,description`; UTF-8, UTF-16 (with a
//! byte-order mark) or Windows-1252. Every refused row is reported with its line.

use super::{CodeSetSystem, ProblemKind, RowProblem};
use crate::audit::csv::{split, Fields, Record, RecordReader};
use crate::search::overlay::FastMap;
use crate::text;
use std::borrow::Cow;

/// Largest code list accepted, in bytes.
pub const MAX_CODE_SET_BYTES: usize = 16 << 20;
/// Longest line of a code list, in bytes (a longer line is refused, alone).
pub const MAX_CODE_SET_LINE_BYTES: usize = 4096;
/// Most data rows of a code list.
pub const MAX_CODE_SET_ROWS: usize = 200_000;
/// Problems listed at most (all are counted).
pub(super) const MAX_LISTED_PROBLEMS: usize = 100;

/// What a column of the list holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Role {
    Code,
    Description,
    Validcode,
    Accpdx,
    Asterisk,
    Im,
    /// A version / source column ("ICD10_2010_IM"): marks IM codes when there is no `im` column.
    Version,
}

impl Role {
    /// The role of a header name, in the spellings of E-Klaim, SIMGOS and SIMRS exports.
    fn of(name: &str) -> Option<Role> {
        let k: String = name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
        Some(match k.as_str() {
            "code" | "kode" | "kd" | "icd" | "icd10" | "icd9" | "icd9cm" | "kodeicd" | "icdcode" | "codeicd"
            | "kodeicd10" | "kodeicd9" | "kodeicd9cm" | "icd10code" | "icd9code" | "icd10im" | "icd9cmim"
            | "kodediagnosa" | "kodetindakan" | "kodeprosedur" | "diagnosiscode" | "procedurecode" => Role::Code,
            "description" | "deskripsi" | "display" | "str" | "nama" | "name" | "title" | "uraian" | "keterangan"
            | "desc" | "descr" | "diagnosa" | "diagnosis" | "namadiagnosa" | "namatindakan" | "namaprosedur"
            | "tindakan" | "prosedur" | "procedure" | "longdescription" | "displayname" | "label" => Role::Description,
            "validcode" | "valid" | "isvalid" | "validkode" | "kodevalid" => Role::Validcode,
            "accpdx" | "accpdxcode" | "accdx" | "pdx" => Role::Accpdx,
            "asterisk" | "asterix" | "astrisk" | "isasterisk" => Role::Asterisk,
            "im" | "isim" | "flagim" | "kodeim" => Role::Im,
            "version" | "versi" | "sab" | "codesystem" | "sistem" | "system" => Role::Version,
            _ => return None,
        })
    }

    /// The name used in the summary.
    pub(super) fn name(self) -> &'static str {
        match self {
            Role::Code => "code",
            Role::Description => "description",
            Role::Validcode => "validcode",
            Role::Accpdx => "accpdx",
            Role::Asterisk => "asterisk",
            Role::Im => "im",
            Role::Version => "version",
        }
    }
}

/// The text encoding a list was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 (with or without a byte-order mark).
    Utf8,
    /// UTF-16 with a byte-order mark ("Unicode text" of spreadsheet programs).
    Utf16,
    /// Not UTF-8: read as Windows-1252 (Latin-1), as older Windows exports are written.
    Windows1252,
}

/// Where each role sits in a row.
#[derive(Clone, Debug)]
pub(super) struct Layout {
    pub delimiter: u8,
    pub header: bool,
    /// (role, column index, header name).
    pub columns: Vec<(Role, usize, String)>,
    pub ignored: Vec<String>,
    width: usize,
}

impl Layout {
    fn col(&self, role: Role) -> Option<usize> {
        self.columns.iter().find(|c| c.0 == role).map(|c| c.1)
    }
}

/// One row as read, before it meets the catalog.
#[derive(Debug)]
pub(super) struct RawRow {
    pub line: u64,
    pub key: String,
    pub description: String,
    pub validcode: Option<bool>,
    pub accpdx: Option<bool>,
    pub asterisk: Option<bool>,
    pub im: Option<bool>,
    /// The version column names an IM set, or the description ends with "(IM)".
    pub marked_im: bool,
}

/// The list as read.
#[derive(Debug)]
pub(super) struct Parsed {
    pub encoding: Encoding,
    pub layout: Layout,
    pub rows: Vec<RawRow>,
    pub data_rows: usize,
    pub rejected: usize,
    pub problems: Vec<RowProblem>,
    /// Refused codes that have the shape of the other system's codes.
    pub other_system_shapes: usize,
}

fn file_problem(kind: ProblemKind, id: String, en: String) -> RowProblem {
    RowProblem { line: None, code: None, kind, message_id: id, message_en: en }
}

/// Decodes the bytes of a list; refuses files that are not text.
pub(super) fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), RowProblem> {
    let refuse = |id: &str, en: &str| Err(file_problem(ProblemKind::File, id.to_string(), en.to_string()));
    if bytes.len() > MAX_CODE_SET_BYTES {
        return Err(file_problem(
            ProblemKind::File,
            format!("berkas lebih dari {} MiB", MAX_CODE_SET_BYTES >> 20),
            format!("the file is larger than {} MiB", MAX_CODE_SET_BYTES >> 20),
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return refuse(
            "berkas ini lembar kerja Excel (XLSX/XLS), bukan teks; simpan sebagai CSV atau TSV dahulu",
            "this is an Excel workbook (XLSX/XLS), not text; save it as CSV or TSV first",
        );
    }
    let utf16 = |le: bool| {
        let units = bytes[2..].chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')).collect::<String>()
    };
    let (text, encoding) = if bytes.starts_with(&[0xFF, 0xFE]) {
        (Cow::Owned(utf16(true)), Encoding::Utf16)
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        (Cow::Owned(utf16(false)), Encoding::Utf16)
    } else {
        let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(b) {
            Ok(s) => (Cow::Borrowed(s), Encoding::Utf8),
            Err(_) => (Cow::Owned(windows_1252(b)), Encoding::Windows1252),
        }
    };
    if text.contains('\0') {
        return refuse(
            "berkas berisi byte NUL (biner, atau UTF-16 tanpa penanda BOM); simpan sebagai CSV UTF-8",
            "the file holds NUL bytes (binary, or UTF-16 without a byte-order mark); save it as UTF-8 CSV",
        );
    }
    if text.trim().is_empty() {
        return refuse("berkas kosong", "the file is empty");
    }
    Ok((text, encoding))
}

/// Windows-1252 to text (the bytes 0x80–0x9F as that code page maps them, the rest as Latin-1).
fn windows_1252(b: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    b.iter().map(|&c| if (0x80..0xA0).contains(&c) { HIGH[usize::from(c - 0x80)] } else { char::from(c) }).collect()
}

/// True when a code key has the shape of a code of `system` (ranges and blocks excluded).
pub(super) fn has_shape(system: CodeSetSystem, key: &str) -> bool {
    let b = key.as_bytes();
    match system {
        CodeSetSystem::Icd10Im => {
            (3..=5).contains(&b.len()) && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit)
        }
        CodeSetSystem::Icd9cmIm => (2..=5).contains(&b.len()) && b.iter().all(u8::is_ascii_digit),
    }
}

fn other(system: CodeSetSystem) -> CodeSetSystem {
    match system {
        CodeSetSystem::Icd10Im => CodeSetSystem::Icd9cmIm,
        CodeSetSystem::Icd9cmIm => CodeSetSystem::Icd10Im,
    }
}

/// The layout of the first record: a header naming a code column, or a first row whose first
/// field is a code. Delimiters are tried tab, `;`, `|`, `,` (the first that yields a code column).
fn layout(first: &[u8]) -> Option<Layout> {
    let mut fields = Fields::default();
    for d in [b'\t', b';', b'|', b','] {
        if !first.contains(&d) {
            continue;
        }
        if split(first, d, &mut fields).is_err() {
            continue;
        }
        if let Some(l) = header_layout(d, fields.as_slice()).or_else(|| headerless_layout(d, fields.as_slice())) {
            return Some(l);
        }
    }
    split(first, b',', &mut fields).ok()?;
    headerless_layout(b',', fields.as_slice())
}

fn header_layout(delimiter: u8, names: &[String]) -> Option<Layout> {
    let mut columns: Vec<(Role, usize, String)> = Vec::new();
    let mut ignored = Vec::new();
    for (i, n) in names.iter().enumerate() {
        match Role::of(n) {
            Some(r) if !columns.iter().any(|c| c.0 == r) => columns.push((r, i, n.trim().to_string())),
            _ => ignored.push(n.trim().chars().take(40).collect()),
        }
    }
    columns.iter().any(|c| c.0 == Role::Code).then_some(Layout {
        delimiter,
        header: true,
        columns,
        ignored,
        width: names.len(),
    })
}

fn headerless_layout(delimiter: u8, fields: &[String]) -> Option<Layout> {
    let key = text::code_key(fields.first()?.trim())?;
    if !has_shape(CodeSetSystem::Icd10Im, &key) && !has_shape(CodeSetSystem::Icd9cmIm, &key) {
        return None;
    }
    let mut columns = vec![(Role::Code, 0, String::new())];
    if fields.len() > 1 {
        columns.push((Role::Description, 1, String::new()));
    }
    Some(Layout { delimiter, header: false, columns, ignored: Vec::new(), width: fields.len().min(2) })
}

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b'\t' => "tab",
        b';' => ";",
        b'|' => "|",
        _ => ",",
    }
}

/// A flag value: 1/0, Y/N, ya/tidak, true/false; empty = not given.
fn flag(v: &str) -> Result<Option<bool>, ()> {
    const YES: [&str; 7] = ["1", "y", "yes", "ya", "true", "t", "*"];
    const NO: [&str; 7] = ["0", "n", "no", "tidak", "false", "f", "-"];
    let v = v.trim();
    if v.is_empty() {
        Ok(None)
    } else if YES.iter().any(|y| v.eq_ignore_ascii_case(y)) {
        Ok(Some(true))
    } else if NO.iter().any(|n| v.eq_ignore_ascii_case(n)) {
        Ok(Some(false))
    } else {
        Err(())
    }
}

/// True when `text` ends with `suffix`, ASCII case ignored.
fn ends_with_ignore_case(text: &str, suffix: &str) -> bool {
    let (t, s) = (text.as_bytes(), suffix.as_bytes());
    t.len() >= s.len() && t[t.len() - s.len()..].eq_ignore_ascii_case(s)
}

/// The reader's state while records stream by.
struct Reader {
    system: CodeSetSystem,
    layout: Option<Layout>,
    fields: Fields,
    seen: FastMap<String, u64>,
    out: Parsed,
    fatal: Option<RowProblem>,
}

impl Reader {
    fn problem(&mut self, line: u64, code: Option<&str>, kind: ProblemKind, id: String, en: String) {
        self.out.rejected += 1;
        if self.out.problems.len() < MAX_LISTED_PROBLEMS {
            let code = code.map(|c| c.chars().take(40).collect());
            self.out.problems.push(RowProblem { line: Some(line), code, kind, message_id: id, message_en: en });
        }
    }

    fn record(&mut self, rec: Record<'_>) {
        if self.fatal.is_some() {
            return;
        }
        match rec {
            Record::TooLong { line, .. } => {
                self.out.data_rows += 1;
                let (id, en) = (
                    format!("baris lebih dari {MAX_CODE_SET_LINE_BYTES} byte, dilewati"),
                    format!("line longer than {MAX_CODE_SET_LINE_BYTES} bytes, skipped"),
                );
                self.problem(line, None, ProblemKind::TooLong, id, en);
            }
            Record::Line { line, bytes } => self.line(line, bytes),
        }
    }

    fn line(&mut self, line: u64, bytes: &[u8]) {
        let blank = bytes.iter().all(|b| b.is_ascii_whitespace() || matches!(b, b',' | b';' | b'\t' | b'|' | b'"'));
        if blank || bytes.first() == Some(&b'#') {
            return;
        }
        let Some(layout) = self.layout.take() else {
            match layout(bytes) {
                Some(l) => {
                    let header = l.header;
                    self.layout = Some(l);
                    if !header {
                        self.line(line, bytes);
                    }
                }
                None => self.fatal = Some(no_code_column(line, bytes)),
            }
            return;
        };
        self.data_line(line, bytes, &layout);
        self.layout = Some(layout);
    }

    fn data_line(&mut self, line: u64, bytes: &[u8], layout: &Layout) {
        self.out.data_rows += 1;
        if self.out.data_rows > MAX_CODE_SET_ROWS {
            self.fatal = Some(file_problem(
                ProblemKind::File,
                format!("lebih dari {MAX_CODE_SET_ROWS} baris data"),
                format!("more than {MAX_CODE_SET_ROWS} data rows"),
            ));
            return;
        }
        // Records come from decoded text and end at ASCII bytes: they are UTF-8.
        let text = String::from_utf8_lossy(bytes);
        let mut owned = std::mem::take(&mut self.fields);
        let views: Vec<&str> = if !bytes.contains(&b'"') {
            text.split(char::from(layout.delimiter)).collect()
        } else if split(bytes, layout.delimiter, &mut owned).is_ok() {
            owned.as_slice().iter().map(String::as_str).collect()
        } else {
            let (id, en) = ("tanda kutip tidak seimbang".to_string(), "unbalanced quotes".to_string());
            self.problem(line, None, ProblemKind::Quotes, id, en);
            Vec::new()
        };
        if !views.is_empty() {
            self.row(line, layout, &views);
        }
        drop(views);
        self.fields = owned;
    }

    fn row(&mut self, line: u64, layout: &Layout, fields: &[&str]) {
        let desc_col = layout.col(Role::Description);
        let needed = layout.columns.iter().map(|c| c.1 + 1).max().unwrap_or(1);
        if fields.len() < needed {
            let d = delimiter_name(layout.delimiter);
            let id = format!("{} kolom (pemisah \"{d}\"), seharusnya {}: pemisah salah?", fields.len(), layout.width);
            let en =
                format!("{} column(s) (delimiter \"{d}\"), expected {}: wrong delimiter?", fields.len(), layout.width);
            return self.problem(line, None, ProblemKind::Columns, id, en);
        }
        let mut joined = None;
        if fields.len() > layout.width && fields[layout.width..].iter().any(|f| !f.trim().is_empty()) {
            // An unquoted delimiter inside the description, when it is the last column.
            match desc_col.filter(|&c| c + 1 == layout.width) {
                Some(c) => joined = Some(fields[c..].join(&char::from(layout.delimiter).to_string())),
                None => {
                    let id = format!("{} kolom, judul kolom hanya {}", fields.len(), layout.width);
                    let en = format!("{} columns, the header has {}", fields.len(), layout.width);
                    return self.problem(line, None, ProblemKind::Columns, id, en);
                }
            }
        }
        let code = fields[layout.col(Role::Code).unwrap_or(0)].trim();
        let Some(key) = self.code(line, code) else { return };
        let description = match (&joined, desc_col) {
            (Some(j), _) => j.trim().to_string(),
            (None, Some(c)) => fields[c].trim().to_string(),
            (None, None) => String::new(),
        };
        let mut values = [None; 4];
        for (slot, role) in values.iter_mut().zip([Role::Validcode, Role::Accpdx, Role::Asterisk, Role::Im]) {
            let Some(c) = layout.col(role) else { continue };
            match flag(fields[c]) {
                Ok(v) => *slot = v,
                Err(()) => {
                    let v: String = fields[c].trim().chars().take(20).collect();
                    let id = format!("nilai \"{v}\" pada kolom {} tidak dikenal (pakai 1/0 atau Y/N)", role.name());
                    let en = format!("unknown value \"{v}\" in column {} (use 1/0 or Y/N)", role.name());
                    return self.problem(line, Some(code), ProblemKind::BadFlag, id, en);
                }
            }
        }
        if let Some(&first) = self.seen.get(&key) {
            let id = format!("kode {code} sudah ada di baris {first}; baris ini dilewati");
            let en = format!("code {code} already on line {first}; this line is skipped");
            return self.problem(line, Some(code), ProblemKind::Duplicate, id, en);
        }
        self.seen.insert(key.clone(), line);
        let version_im = layout.col(Role::Version).is_some_and(|c| {
            fields[c].split(|ch: char| !ch.is_ascii_alphanumeric()).any(|t| t.eq_ignore_ascii_case("im"))
        });
        let marked_im = version_im || ends_with_ignore_case(&description, "(im)");
        let [validcode, accpdx, asterisk, im] = values;
        self.out.rows.push(RawRow { line, key, description, validcode, accpdx, asterisk, im, marked_im });
    }

    /// The code key of a row, or a reported problem.
    fn code(&mut self, line: u64, code: &str) -> Option<String> {
        let sys = self.system;
        let dots = code.matches('.').count();
        let key = text::code_key(code).filter(|k| dots <= 1 && has_shape(sys, k));
        if key.is_none() {
            let shown: String = code.chars().take(40).collect();
            let range = code.contains('-') && code.len() > 4;
            let (kind, id, en) = if code.is_empty() {
                (ProblemKind::BadCode, "kolom kode kosong".to_string(), "the code column is empty".to_string())
            } else if range {
                (
                    ProblemKind::Range,
                    format!("\"{shown}\" adalah rentang/blok, bukan kode; dilewati"),
                    format!("\"{shown}\" is a range/block, not a code; skipped"),
                )
            } else {
                if text::code_key(code).is_some_and(|k| has_shape(other(sys), &k)) {
                    self.out.other_system_shapes += 1;
                }
                (
                    ProblemKind::BadCode,
                    format!("\"{shown}\" bukan kode {}", sys.label()),
                    format!("\"{shown}\" is not an {} code", sys.label()),
                )
            };
            self.problem(line, Some(code), kind, id, en);
        }
        key
    }
}

fn no_code_column(line: u64, bytes: &[u8]) -> RowProblem {
    let seen: String = String::from_utf8_lossy(bytes).chars().take(80).collect();
    RowProblem {
        line: Some(line),
        code: None,
        kind: ProblemKind::Header,
        message_id: format!(
            "tidak ada kolom kode (judul kolom code/kode dan description/deskripsi, atau baris \
             \"kode,deskripsi\", dipisah koma, titik koma, tab atau |); terbaca: \"{seen}\""
        ),
        message_en: format!(
            "no code column (a header with code and description, or rows \"code,description\", \
             separated by comma, semicolon, tab or |); read: \"{seen}\""
        ),
    }
}

/// Reads a list: every row checked, problems by line; `Err` only for a file that cannot be read.
pub(super) fn read(bytes: &[u8], system: CodeSetSystem) -> Result<Parsed, RowProblem> {
    let (text, encoding) = decode(bytes)?;
    let empty_layout = Layout { delimiter: b',', header: false, columns: Vec::new(), ignored: Vec::new(), width: 0 };
    let mut r = Reader {
        system,
        layout: None,
        fields: Fields::default(),
        seen: FastMap::default(),
        out: Parsed {
            encoding,
            layout: empty_layout,
            rows: Vec::new(),
            data_rows: 0,
            rejected: 0,
            problems: Vec::new(),
            other_system_shapes: 0,
        },
        fatal: None,
    };
    let mut reader = RecordReader::new(true, MAX_CODE_SET_LINE_BYTES);
    reader.feed(text.as_bytes(), &mut |rec| r.record(rec));
    reader.finish(&mut |rec| r.record(rec));
    if let Some(f) = r.fatal {
        return Err(f);
    }
    r.out.layout = r.layout.unwrap_or(r.out.layout);
    Ok(r.out)
}

/// Delimiter name for the summary.
pub(super) fn delimiter_label(d: u8) -> &'static str {
    delimiter_name(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read10(text: &str) -> Parsed {
        read(text.as_bytes(), CodeSetSystem::Icd10Im).unwrap()
    }

    #[test]
    fn headers_of_every_kind_and_no_header() {
        let p = read10("KODE;DESKRIPSI;VALIDCODE;ACCPDX;ASTERISK;IM\nA15.11;TB paru (IM);1;Y;0;1\n");
        assert_eq!(p.layout.delimiter, b';');
        assert_eq!(p.rows.len(), 1);
        assert_eq!((p.rows[0].validcode, p.rows[0].accpdx, p.rows[0].im), (Some(true), Some(true), Some(true)));
        let p = read10("\"A00\",\"Cholera\"\n\"A15.11\",\"Lung TB, biomolecular test (IM)\"\n");
        assert!(!p.layout.header && p.rows.len() == 2 && p.rows[1].marked_im);
        let p = read10("A15.11\tTB, confirmed, molecular\n");
        assert_eq!(p.layout.delimiter, b'\t', "a tab wins over commas in the description");
        assert_eq!(p.rows[0].description, "TB, confirmed, molecular");
        let p = read10("code,description\nA15.11,TB paru, konfirmasi molekuler\n");
        assert_eq!(p.rows[0].description, "TB paru, konfirmasi molekuler", "an unquoted comma in the last column");
    }

    #[test]
    fn rows_are_refused_by_line() {
        let p = read10("code\tdescription\tvalidcode\nA15.11,TB\nA15.12\tTB\t2\nA15.12\tTB\t1\nA15.12\tTB again\t1\nA00-A09\tblock\t0\n");
        let kinds: Vec<_> = p.problems.iter().map(|x| (x.line, x.kind)).collect();
        assert_eq!(
            kinds,
            [
                (Some(2), ProblemKind::Columns),
                (Some(3), ProblemKind::BadFlag),
                (Some(5), ProblemKind::Duplicate),
                (Some(6), ProblemKind::Range)
            ]
        );
        assert!(p.problems[2].message_en.contains("line 4"));
        assert_eq!(p.rows.len(), 1);
        assert!(read(b"bukan daftar kode\n", CodeSetSystem::Icd10Im)
            .unwrap_err()
            .message_en
            .contains("no code column"));
    }

    #[test]
    fn encodings_and_files_that_are_not_text() {
        let p = read(b"code,description\nA15.11,Tuberculose pulmonaire \xE9tendue\n", CodeSetSystem::Icd10Im).unwrap();
        assert_eq!(p.encoding, Encoding::Windows1252);
        assert!(p.rows[0].description.ends_with("étendue"));
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("code,description\n88.380,CT simulation\n".encode_utf16().flat_map(u16::to_le_bytes));
        let p = read(&utf16, CodeSetSystem::Icd9cmIm).unwrap();
        assert_eq!((p.encoding, p.rows[0].key.as_str()), (Encoding::Utf16, "88380"));
        assert!(read(b"PK\x03\x04....", CodeSetSystem::Icd10Im).unwrap_err().message_en.contains("Excel"));
        assert!(read(b"c\0o\0d\0e\0", CodeSetSystem::Icd10Im).unwrap_err().message_en.contains("NUL"));
        assert!(read(b"  \n", CodeSetSystem::Icd10Im).unwrap_err().message_en.contains("empty"));
        let big = vec![b'a'; MAX_CODE_SET_BYTES + 1];
        assert!(read(&big, CodeSetSystem::Icd10Im).unwrap_err().message_en.contains("larger than"));
    }
}
