//! Text normalisation shared by the build step and the query path.
//!
//! `build.rs` and the engine use this one module, so the words stored in the FST index and the
//! words of a query are folded by exactly the same function.

/// The longest word (in characters) that is indexed or searched; longer words are cut.
pub const MAX_WORD_CHARS: usize = 32;

/// Folds one character to lower-case ASCII where it is a Latin letter with a diacritic or a
/// compatibility form of one (see [`compat_char`]). Returns `None` for characters that
/// separate words.
pub fn fold_char(c: char) -> Option<char> {
    let c = match c {
        'A'..='Z' => return Some(c.to_ascii_lowercase()),
        'a'..='z' | '0'..='9' => return Some(c),
        'À'..='Å' | 'à'..='å' | 'Ā' | 'ā' | 'Ă' | 'ă' | 'Ą' | 'ą' => 'a',
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Č' | 'č' => 'c',
        'Ð' | 'ð' | 'Ď' | 'ď' | 'Đ' | 'đ' => 'd',
        'È'..='Ë' | 'è'..='ë' | 'Ē' | 'ē' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě' | 'ě' => 'e',
        'Ì'..='Ï' | 'ì'..='ï' | 'Ī' | 'ī' | 'Į' | 'į' | 'İ' | 'ı' => 'i',
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ň' | 'ň' => 'n',
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō' | 'ō' | 'Ő' | 'ő' => 'o',
        'Ù'..='Ü' | 'ù'..='ü' | 'Ū' | 'ū' | 'Ů' | 'ů' | 'Ű' | 'ű' => 'u',
        'Ý' | 'ý' | 'ÿ' | 'Ÿ' => 'y',
        'Š' | 'š' | 'Ś' | 'ś' => 's',
        'Ž' | 'ž' | 'Ź' | 'ź' | 'Ż' | 'ż' => 'z',
        'Ł' | 'ł' => 'l',
        'Ř' | 'ř' => 'r',
        'Ť' | 'ť' => 't',
        c => {
            if let Some(a) = compat_char(c) {
                return fold_char(a);
            }
            if let Some(base) = latin_base(c) {
                return Some(base);
            }
            if c.is_alphanumeric() {
                // Other scripts: keep the first lower-case form (never expands the word much).
                return c.to_lowercase().next();
            }
            return None;
        }
    };
    Some(c)
}

/// The ASCII character of a compatibility form, as Unicode NFKC maps it, for the forms typed
/// or pasted into a search box: fullwidth ASCII (East Asian keyboards and IMEs), mathematical
/// bold/italic/script letters and digits (styled text from chat apps), circled letters and
/// digits, super- and subscript digits, ordinal indicators and the long s. `None` for others.
/// (A hand-written fold instead of the full NFKC tables, which would add to the download.)
pub fn compat_char(c: char) -> Option<char> {
    let u = c as u32;
    let from = |base: u32, off: u32| char::from_u32(base + off);
    match u {
        0xFF01..=0xFF5E => from(0x21, u - 0xFF01),
        0x3000 => Some(' '),
        0x1D400..=0x1D6A3 => {
            let i = (u - 0x1D400) % 52;
            if i < 26 {
                from(0x41, i)
            } else {
                from(0x61, i - 26)
            }
        }
        0x1D7CE..=0x1D7FF => from(0x30, (u - 0x1D7CE) % 10),
        0x24B6..=0x24CF => from(0x41, u - 0x24B6),
        0x24D0..=0x24E9 => from(0x61, u - 0x24D0),
        0x2460..=0x2468 => from(0x31, u - 0x2460),
        0x2070 => Some('0'),
        0xB9 => Some('1'),
        0xB2 => Some('2'),
        0xB3 => Some('3'),
        0x2074..=0x2079 => from(0x34, u - 0x2074),
        0x2080..=0x2089 => from(0x30, u - 0x2080),
        0xAA => Some('a'),
        0xBA => Some('o'),
        0x2071 => Some('i'),
        0x207F => Some('n'),
        0xB5 => Some('μ'),
        0x17F => Some('s'),
        _ => None,
    }
}

/// The NFKC expansion of a character that stands for several: Latin ligatures and digraphs
/// ("ﬁ" → "fi"), vulgar fractions ("½" → "1⁄2", which the fraction slash splits).
fn expansion(c: char) -> Option<&'static str> {
    Some(match c {
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' | 'ﬆ' => "st",
        'Ĳ' | 'ĳ' => "ij",
        'Ǆ' | 'ǅ' | 'ǆ' | 'Ǳ' | 'ǲ' | 'ǳ' => "dz",
        'Ǉ' | 'ǈ' | 'ǉ' => "lj",
        'Ǌ' | 'ǋ' | 'ǌ' => "nj",
        'ẚ' => "aʾ",
        '¼' => "1⁄4",
        '½' => "1⁄2",
        '¾' => "3⁄4",
        _ => return None,
    })
}

/// Base letters of U+00C0–U+024F and U+1E00–U+1EFF: the first character of each one's
/// canonical decomposition (NFD), lower case, where that is an ASCII letter; `.` for none.
/// Generated with Python's `unicodedata.normalize("NFD", c)[0].lower()`.
const LATIN_BASE: &str = concat!(
    "aaaaaa.ceeeeiiii.nooooo..uuuuy..aaaaaa.ceeeeiiii.nooooo..uuuuy.y",
    "aaaaaaccccccccdd..eeeeeeeeeegggggggghh..iiiiiiiii...jjkk.llllll.",
    "...nnnnnn...oooooo..rrrrrrsssssssstttt..uuuuuuuuuuuuwwyyyzzzzzz.",
    "................................oo.............uu...............",
    ".............aaiioouuuuuuuuuu.aaaa....ggkkoooo..j...gg..nnaa....",
    "aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy............",
    "................",
);
const LATIN_EXTENDED_ADDITIONAL_BASE: &str = concat!(
    "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm",
    "mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv",
    "wwwwwwwwwwxxxxyyzzzzzzhtwy......aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee",
    "eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......",
);

/// The base letter of a precomposed Latin letter (so "ệ" folds like "e\u{323}\u{302}").
fn latin_base(c: char) -> Option<char> {
    match c {
        'Ǣ' | 'ǣ' | 'Ǽ' | 'ǽ' => return Some('æ'),
        'Ǯ' | 'ǯ' => return Some('ʒ'),
        'Ǿ' | 'ǿ' => return Some('o'),
        'ẛ' => return Some('s'),
        _ => {}
    }
    let u = c as u32;
    let b = match u {
        0xC0..=0x24F => LATIN_BASE.as_bytes()[(u - 0xC0) as usize],
        0x1E00..=0x1EFF => LATIN_EXTENDED_ADDITIONAL_BASE.as_bytes()[(u - 0x1E00) as usize],
        _ => return None,
    };
    (b != b'.').then_some(b as char)
}

/// True for combining marks (accents typed or pasted as separate characters, as in the
/// decomposed "de\u{301}mam"): dropped like the accents of precomposed letters.
fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// True for characters that are dropped inside a word instead of splitting it
/// (apostrophes: "Crohn's" → "crohns"; combining marks).
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | '´') || is_combining_mark(c)
}

/// Splits `text` into normalised words: lower case, accents folded, punctuation as separators,
/// each word cut to [`MAX_WORD_CHARS`]. At most `max_words` words are returned.
pub fn words(text: &str, max_words: usize) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, max_words, |w| out.push(w.to_string()));
    out
}

/// Calls `f` with each normalised word of `text` (as [`words`], without allocating a string
/// per word), at most `max_words` times.
pub fn for_each_word(text: &str, max_words: usize, mut f: impl FnMut(&str)) {
    let mut w = Words { cur: String::new(), cur_chars: 0, count: 0, max_words };
    for c in text.chars() {
        let more = match expansion(c) {
            Some(e) => e.chars().all(|x| w.feed(x, &mut f)),
            None if c.is_ascii() => w.feed_ascii(c, &mut f),
            None => w.feed(c, &mut f),
        };
        if !more {
            return;
        }
    }
    if !w.cur.is_empty() && w.count < max_words {
        f(&w.cur);
    }
}

/// The word being read and how many words were complete.
struct Words {
    cur: String,
    cur_chars: usize,
    count: usize,
    max_words: usize,
}

impl Words {
    /// Reads one character; false once `max_words` words are complete.
    fn feed(&mut self, c: char, f: &mut impl FnMut(&str)) -> bool {
        let c = compat_char(c).unwrap_or(c);
        if is_joiner(c) {
            return true;
        }
        self.step(fold_char(c), f)
    }

    /// [`Words::feed`] for an ASCII character, the common case, without the Unicode tables
    /// (same result: letters lower-cased, digits kept, `'` and `` ` `` joined, the rest separates).
    fn feed_ascii(&mut self, c: char, f: &mut impl FnMut(&str)) -> bool {
        match c {
            '\'' | '`' => true,
            'A'..='Z' | 'a'..='z' | '0'..='9' => self.step(Some(c.to_ascii_lowercase()), f),
            _ => self.step(None, f),
        }
    }

    fn step(&mut self, folded: Option<char>, f: &mut impl FnMut(&str)) -> bool {
        match folded {
            Some(x) => {
                if self.cur_chars < MAX_WORD_CHARS {
                    self.cur.push(x);
                    self.cur_chars += 1;
                }
            }
            None => {
                if !self.cur.is_empty() {
                    f(&self.cur);
                    self.cur.clear();
                    self.cur_chars = 0;
                    self.count += 1;
                    return self.count < self.max_words;
                }
            }
        }
        true
    }
}

/// Normalises a code as typed ("j18.9", " J18.9 ", "74.99", "A17.0†", "G01*") to its index key
/// ("J189", "7499", "A170", "G01"): upper case, without dots, spaces, daggers or asterisks.
/// Returns `None` when anything else is in it.
pub fn code_key(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.chars() {
        match compat_char(c).unwrap_or(c) {
            '.' | ' ' | '\t' | '†' | '*' | '+' => {}
            c @ 'a'..='z' => out.push(c.to_ascii_uppercase()),
            c @ ('A'..='Z' | '0'..='9' | '-') => out.push(c),
            _ => return None,
        }
        if out.len() > 16 {
            return None;
        }
    }
    if out.is_empty() {
        None
    } else {
        Some(out)
    }
}

/// True when a normalised code key looks like a code of some system: a letter and 1–4 digits
/// (ICD-10, ICPC-2), 2–4 digits (ICD-9-CM), or an ICPC-2 process code ("-30").
pub fn looks_like_code(key: &str) -> bool {
    let b = key.as_bytes();
    match b {
        [l, rest @ ..] if l.is_ascii_uppercase() => {
            !rest.is_empty() && rest.len() <= 4 && rest.iter().all(u8::is_ascii_digit)
        }
        [b'-', rest @ ..] => rest.len() == 2 && rest.iter().all(u8::is_ascii_digit),
        _ => b.len() >= 2 && b.len() <= 4 && b.iter().all(u8::is_ascii_digit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_case_accents_and_punctuation() {
        assert_eq!(words("Demam Berdarah-Dengue (DBD)", 8), ["demam", "berdarah", "dengue", "dbd"]);
        assert_eq!(words("Ménière's disease", 8), ["menieres", "disease"]);
        assert_eq!(words("  ,,  ", 8), Vec::<String>::new());
        assert_eq!(words("a b c d", 2), ["a", "b"]);
    }

    #[test]
    fn the_ascii_fast_path_reads_every_ascii_character_as_the_general_path() {
        let run = |c: char, ascii: bool| {
            let mut w = Words { cur: String::new(), cur_chars: 0, count: 0, max_words: 8 };
            let mut out = Vec::new();
            for x in ['x', c, 'y'] {
                if ascii {
                    w.feed_ascii(x, &mut |s: &str| out.push(s.to_string()));
                } else {
                    w.feed(x, &mut |s: &str| out.push(s.to_string()));
                }
            }
            (out, w.cur)
        };
        for b in 0u8..128 {
            let c = char::from(b);
            assert_eq!(run(c, true), run(c, false), "{c:?}");
        }
    }

    #[test]
    fn words_cut_long_words_and_skip_symbols() {
        let long = "x".repeat(100);
        assert_eq!(words(&long, 8)[0].len(), MAX_WORD_CHARS);
        assert_eq!(words("\u{0}💉tipes\u{7}", 8), ["tipes"]);
    }

    #[test]
    fn decomposed_fullwidth_and_styled_text_fold_like_the_plain_form() {
        for (typed, plain) in [
            ("de\u{301}mam", "demam"),
            ("Me\u{301}nie\u{300}re's disease", "meniere's disease"),
            ("ｄｅｍａｍ　ｂｅｒｄａｒａｈ", "demam berdarah"),
            ("ＤＢＤ", "dbd"),
            ("𝐝𝐞𝐦𝐚𝐦 𝘣𝘦𝘳𝘥𝘢𝘳𝘢𝘩", "demam berdarah"),
            ("ﬁbrosis", "fibrosis"),
            ("ⓓⓔⓜⓐⓜ", "demam"),
            ("bê\u{323}nh", "benh"),
            ("bệnh", "benh"),
            ("x²", "x2"),
        ] {
            assert_eq!(words(typed, 8), words(plain, 8), "{typed:?}");
        }
        assert_eq!(code_key("Ｊ１８．９").as_deref(), Some("J189"));
        assert_eq!(code_key("ｊ18.9").as_deref(), Some("J189"));
    }

    fn chars_of(hex: &str) -> String {
        hex.split(' ').map(|h| char::from_u32(u32::from_str_radix(h, 16).unwrap()).unwrap()).collect()
    }

    /// Every precomposed Latin letter folds like its decomposition (NFD), and every
    /// compatibility form of the ranges folded folds like its NFKC form, inside a word.
    #[test]
    fn fold_agrees_with_nfd_and_nfkc() {
        // NFKC gives these a middle dot, an apostrophe or a space, which split a word; Koder
        // keeps them inside it ("Crohn´s" → "crohns").
        let split_by_nfkc = ['\u{13F}', '\u{140}', '\u{149}', '\u{B4}'];
        let table = include_str!("../../../tests/text/unicode_forms.tsv");
        let mut checked = 0;
        let mut bad = Vec::new();
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let c = chars_of(cols[0]);
            let in_word = |s: &str| words(&format!("ab{s}cd"), 8);
            if in_word(&c) != in_word(&chars_of(cols[1])) {
                bad.push(format!("NFD U+{} {:?} {:?}", cols[0], in_word(&c), in_word(&chars_of(cols[1]))));
            }
            if !split_by_nfkc.contains(&c.chars().next().unwrap()) && in_word(&c) != in_word(&chars_of(cols[2])) {
                bad.push(format!("NFKC U+{} {:?} {:?}", cols[0], in_word(&c), in_word(&chars_of(cols[2]))));
            }
            checked += 1;
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
        assert!(checked > 1400, "{checked}");
    }

    #[test]
    fn code_keys() {
        assert_eq!(code_key("j18.9").as_deref(), Some("J189"));
        assert_eq!(code_key("74.99").as_deref(), Some("7499"));
        assert_eq!(code_key("A17.0†").as_deref(), Some("A170"));
        assert_eq!(code_key("demam"), Some("DEMAM".to_string()));
        assert_eq!(code_key("dé"), None);
        assert!(looks_like_code("J189"));
        assert!(looks_like_code("7499"));
        assert!(looks_like_code("K86"));
        assert!(looks_like_code("-30"));
        assert!(!looks_like_code("DEMAM"));
        assert!(!looks_like_code("7"));
        assert!(!looks_like_code("J"));
    }
}
