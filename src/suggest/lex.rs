//! The tokens of a resume line: folded words and numbers with their byte spans, and the
//! punctuation that carries meaning ("+", "(-)", "?", "> 24 jam", "15%").
//!
//! Abbreviations written with dots or slashes are joined into one word first: "e.c." → `ec`,
//! "r/o" → `r/o`, "dd/" → `dd/`, "a/i" → `a/i`; numbers keep their decimals and fractions
//! ("1.5", "1/3"); a number glued to a unit is split ("2x", "12jam", "1800gr").

use crate::text;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    /// Letters (and digits) folded to lower case.
    Word,
    /// Digits (with a decimal part, a fraction or "+days" kept in `norm`).
    Number,
    /// Ends a condition: `,` `;` `:` a line break, a spaced `+` `-` `/`, a sentence `.`.
    Sep,
    /// A test result sign: "(+)", "BTA+" (`true`), "(-)" (`false`).
    Sign(bool),
    /// "?": the condition is suspected.
    Question,
    /// ">" / "≥" (`true`) or "<" / "≤" (`false`) before a number.
    Cmp(bool),
    /// "%" after a number.
    Percent,
    /// "+" inside "H+5": the next number is a day count.
    DayPlus,
}

/// One token with its byte span in the input.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub kind: Tok,
    pub start: usize,
    pub end: usize,
    /// The folded word or the number as written (empty for punctuation).
    pub norm: String,
}

impl Token {
    /// The number's integer part, if this is a number.
    pub fn value(&self) -> Option<u32> {
        if self.kind != Tok::Number {
            return None;
        }
        let digits: String = self.norm.chars().take_while(char::is_ascii_digit).take(6).collect();
        digits.parse().ok()
    }
}

/// Raw pieces before the joins: words, and punctuation characters as they stand.
#[derive(Clone, Debug)]
struct Raw {
    /// `None` for a word, `Some(c)` for punctuation.
    punct: Option<char>,
    start: usize,
    end: usize,
    norm: String,
}

/// Splits the text into raw words and punctuation (whitespace and unknown symbols dropped).
fn raw(text: &str) -> Vec<Raw> {
    let mut out: Vec<Raw> = Vec::new();
    let mut word: Option<Raw> = None;
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        if matches!(c, '\'' | '’' | '‘' | '`' | '´') {
            continue;
        }
        if let Some(f) = text::fold_char(c) {
            let w = word.get_or_insert_with(|| Raw { punct: None, start: at, end, norm: String::new() });
            if w.norm.chars().count() < text::MAX_WORD_CHARS {
                w.norm.push(f);
            }
            w.end = end;
            continue;
        }
        out.extend(word.take());
        let p = match c {
            ',' | ';' | ':' | '\n' | '\r' | '&' | '+' | '-' | '/' | '.' | '(' | ')' | '[' | ']' | '?' | '%' => c,
            '>' | '≥' => '>',
            '<' | '≤' => '<',
            '–' | '—' => '-',
            '\u{2028}' | '\u{2029}' => '\n',
            _ => continue,
        };
        out.push(Raw { punct: Some(p), start: at, end, norm: String::new() });
    }
    out.extend(word);
    out
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_letters(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_lowercase())
}

/// Tokens of a line. `units` tells which letter suffixes are units ("x", "jam", "gr") so that
/// "2x" splits into a number and its unit.
pub(crate) fn tokens(text: &str, units: &dyn Fn(&str) -> bool) -> Vec<Token> {
    let raw = raw(text);
    let mut out: Vec<Token> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let (consumed, token) = join(text, &raw, i);
        match token {
            Some(t) if t.kind == Tok::Word => push_word(&mut out, t, units),
            Some(t) => out.push(t),
            None => {}
        }
        i += consumed.max(1);
    }
    out
}

/// True when raw piece `a` ends exactly where `b` starts (no space between).
fn glued(raw: &[Raw], a: usize, b: usize) -> bool {
    matches!((raw.get(a), raw.get(b)), (Some(x), Some(y)) if x.end == y.start)
}

fn punct_at(raw: &[Raw], i: usize) -> Option<char> {
    raw.get(i).and_then(|r| r.punct)
}

fn word_at(raw: &[Raw], i: usize) -> Option<&str> {
    raw.get(i).filter(|r| r.punct.is_none()).map(|r| r.norm.as_str())
}

/// Reads the token that starts at raw piece `i`; returns how many pieces it took.
fn join(text: &str, raw: &[Raw], i: usize) -> (usize, Option<Token>) {
    let r = &raw[i];
    let tok = |kind, end: usize, norm: String| Some(Token { kind, start: r.start, end, norm });
    let Some(p) = r.punct else {
        return join_word(raw, i);
    };
    let next_ws = |at: usize| text[at..].chars().next().is_none_or(char::is_whitespace);
    match p {
        '(' if matches!(punct_at(raw, i + 1), Some('+') | Some('-')) && punct_at(raw, i + 2) == Some(')') => {
            (3, tok(Tok::Sign(punct_at(raw, i + 1) == Some('+')), raw[i + 2].end, String::new()))
        }
        '(' | ')' | '[' | ']' => (1, None),
        '+' if i > 0 && word_at(raw, i - 1).is_some() && glued(raw, i - 1, i) && !glued(raw, i, i + 1) => {
            let day = word_at(raw, i - 1) == Some("h");
            if day {
                (1, tok(Tok::DayPlus, r.end, String::new()))
            } else {
                (1, tok(Tok::Sign(true), r.end, String::new()))
            }
        }
        '+' if i > 0 && word_at(raw, i - 1) == Some("h") && glued(raw, i - 1, i) => {
            (1, tok(Tok::DayPlus, r.end, String::new()))
        }
        '-' if i > 0 && glued(raw, i - 1, i) && glued(raw, i, i + 1) => (1, None),
        '-' if i > 0 && word_at(raw, i - 1).is_some() && glued(raw, i - 1, i) && next_ws(r.end) => {
            (1, tok(Tok::Sign(false), r.end, String::new()))
        }
        '.' if !next_ws(r.end) => (1, None),
        '.' if i > 0 && word_at(raw, i - 1).is_some_and(|w| w.chars().count() <= 4) && glued(raw, i - 1, i) => {
            (1, None)
        }
        '?' => (1, tok(Tok::Question, r.end, String::new())),
        '%' => (1, tok(Tok::Percent, r.end, String::new())),
        '>' => (1, tok(Tok::Cmp(true), r.end, String::new())),
        '<' => (1, tok(Tok::Cmp(false), r.end, String::new())),
        _ => (1, tok(Tok::Sep, r.end, String::new())),
    }
}

/// A word, or a joined abbreviation / number starting at raw piece `i`.
fn join_word(raw: &[Raw], i: usize) -> (usize, Option<Token>) {
    let r = &raw[i];
    let make = |kind, end, norm: String| Some(Token { kind, start: r.start, end, norm });
    let w = r.norm.as_str();
    // "e.c.", "o.k.", "a.i." → "ec", "ok", "ai"
    if is_letters(w, 1) && punct_at(raw, i + 1) == Some('.') && glued(raw, i, i + 1) {
        if let Some(w2) = word_at(raw, i + 2).filter(|w2| is_letters(w2, 1) && glued(raw, i + 1, i + 2)) {
            let dot = punct_at(raw, i + 3) == Some('.') && glued(raw, i + 2, i + 3);
            let (n, end) = if dot { (4, raw[i + 3].end) } else { (3, raw[i + 2].end) };
            return (n, make(Tok::Word, end, format!("{w}{w2}")));
        }
    }
    // "r/o", "a/i", "s/p", "h/o", "e/c" → kept with the slash; "dd/", "w/" before a space.
    if is_letters(w, 2) && punct_at(raw, i + 1) == Some('/') && glued(raw, i, i + 1) {
        match word_at(raw, i + 2) {
            Some(w2) if is_letters(w2, 1) && glued(raw, i + 1, i + 2) => {
                return (3, make(Tok::Word, raw[i + 2].end, format!("{w}/{w2}")));
            }
            Some(_) if glued(raw, i + 1, i + 2) => {}
            _ => return (2, make(Tok::Word, raw[i + 1].end, format!("{w}/"))),
        }
    }
    if is_digits(w) {
        // "1.5", "1,5", "1/3", "38+2"
        if let (Some(p), Some(w2)) = (punct_at(raw, i + 1), word_at(raw, i + 2)) {
            if matches!(p, '.' | ',' | '/' | '+') && is_digits(w2) && glued(raw, i, i + 1) && glued(raw, i + 1, i + 2) {
                return (3, make(Tok::Number, raw[i + 2].end, format!("{w}{p}{w2}")));
            }
        }
        return (1, make(Tok::Number, r.end, w.to_string()));
    }
    (1, make(Tok::Word, r.end, w.to_string()))
}

/// Pushes a word, split into number + unit when it is one ("2x", "39mgg").
fn push_word(out: &mut Vec<Token>, t: Token, units: &dyn Fn(&str) -> bool) {
    let digits = t.norm.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < t.norm.len() && units(&t.norm[digits..]) {
        let cut = t.start + digits;
        out.push(Token { kind: Tok::Number, start: t.start, end: cut, norm: t.norm[..digits].to_string() });
        out.push(Token { kind: Tok::Word, start: cut, end: t.end, norm: t.norm[digits..].to_string() });
        return;
    }
    out.push(t);
}

/// The value of a roman numeral or a digit stage with an optional letter ("iii", "iiib", "3b", "v").
pub(crate) fn stage_value(word: &str) -> Option<u32> {
    let core = word.trim_end_matches(['a', 'b', 'c']);
    let core = if core.is_empty() { word } else { core };
    if is_digits(core) {
        return core.parse().ok().filter(|v| *v <= 10);
    }
    const ROMAN: [&str; 10] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];
    ROMAN.iter().position(|r| *r == core || *r == word).map(|p| p as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(s: &str) -> bool {
        matches!(s, "x" | "jam" | "mgg" | "gr")
    }

    fn norms(text: &str) -> Vec<String> {
        tokens(text, &units)
            .into_iter()
            .map(|t| match t.kind {
                Tok::Word => t.norm,
                Tok::Number => format!("#{}", t.norm),
                Tok::Sep => "|".into(),
                Tok::Sign(p) => if p { "(+)" } else { "(-)" }.into(),
                Tok::Question => "?".into(),
                Tok::Cmp(m) => if m { ">" } else { "<" }.into(),
                Tok::Percent => "%".into(),
                Tok::DayPlus => "h+".into(),
            })
            .collect()
    }

    #[test]
    fn abbreviations_with_dots_and_slashes_are_one_word() {
        assert_eq!(norms("CHF e.c. HHD"), ["chf", "ec", "hhd"]);
        assert_eq!(norms("SC a/i KPD, r/o DHF"), ["sc", "a/i", "kpd", "|", "r/o", "dhf"]);
        assert_eq!(norms("febris dd/ DHF"), ["febris", "dd/", "dhf"]);
        assert_eq!(norms("susp. DHF. HT"), ["susp", "dhf", "ht"]);
        assert_eq!(norms("Pneumonia. Riw HT"), ["pneumonia", "|", "riw", "ht"]);
        assert_eq!(norms("HT/DM"), ["ht", "|", "dm"]);
        assert_eq!(norms("HT / DM"), ["ht", "|", "dm"]);
    }

    #[test]
    fn numbers_signs_and_units() {
        assert_eq!(norms("BTA (+)"), ["bta", "(+)"]);
        assert_eq!(norms("BTA+ , HbsAg (-)"), ["bta", "(+)", "|", "hbsag", "(-)"]);
        assert_eq!(norms("DHF + trombositopenia"), ["dhf", "|", "trombositopenia"]);
        assert_eq!(norms("HD 2x, KPD >24jam"), ["hd", "#2", "x", "|", "kpd", ">", "#24", "jam"]);
        assert_eq!(norms("hari ke-4, H+5"), ["hari", "ke", "#4", "|", "h", "h+", "#5"]);
        assert_eq!(
            norms("fraktur 1/3 distal, 38+2 mgg, 15%"),
            ["fraktur", "#1/3", "distal", "|", "#38+2", "mgg", "|", "#15", "%"]
        );
        assert_eq!(norms("G2P1A0 DHF?"), ["g2p1a0", "dhf", "?"]);
        assert_eq!(tokens("39mgg", &units)[0].value(), Some(39));
    }

    #[test]
    fn spans_point_into_the_text() {
        let text = "Démam  berdarah, DBD";
        for t in tokens(text, &units) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end) && t.start < t.end);
        }
        assert!(tokens("\u{0}\u{1}💉", &units).is_empty());
    }

    #[test]
    fn stage_values() {
        assert_eq!(stage_value("iiib"), Some(3));
        assert_eq!(stage_value("v"), Some(5));
        assert_eq!(stage_value("2"), Some(2));
        assert_eq!(stage_value("4a"), Some(4));
        assert_eq!(stage_value("dhf"), None);
    }
}
