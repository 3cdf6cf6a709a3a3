//! Text normalisation shared by the build step and the query path.
//!
//! `build.rs` includes this file with `#[path]`, so the words stored in the FST index and the
//! words of a query are folded by exactly the same function.

/// The longest word (in characters) that is indexed or searched; longer words are cut.
pub const MAX_WORD_CHARS: usize = 32;

/// Folds one character to lower-case ASCII where it is a Latin letter with a diacritic.
/// Returns `None` for characters that separate words.
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
        c if c.is_alphanumeric() => {
            // Other scripts: keep the first lower-case form (never expands the word much).
            return c.to_lowercase().next();
        }
        _ => return None,
    };
    Some(c)
}

/// True for characters that are dropped inside a word instead of splitting it
/// (apostrophes: "Crohn's" → "crohns").
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | '´')
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
    let mut cur = String::new();
    let mut cur_chars = 0usize;
    let mut n = 0usize;
    for c in text.chars() {
        if n >= max_words {
            return;
        }
        if is_joiner(c) {
            continue;
        }
        match fold_char(c) {
            Some(folded) => {
                if cur_chars < MAX_WORD_CHARS {
                    cur.push(folded);
                    cur_chars += 1;
                }
            }
            None => {
                if !cur.is_empty() {
                    f(&cur);
                    n += 1;
                    cur.clear();
                    cur_chars = 0;
                }
            }
        }
    }
    if !cur.is_empty() && n < max_words {
        f(&cur);
    }
}

/// Normalises a code as typed ("j18.9", " J18.9 ", "74.99", "A17.0†", "G01*") to its index key
/// ("J189", "7499", "A170", "G01"): upper case, without dots, spaces, daggers or asterisks.
/// Returns `None` when anything else is in it.
pub fn code_key(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '.' | ' ' | '\t' | '†' | '*' | '+' => {}
            'a'..='z' => out.push(c.to_ascii_uppercase()),
            'A'..='Z' | '0'..='9' | '-' => out.push(c),
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
    fn words_cut_long_words_and_skip_symbols() {
        let long = "x".repeat(100);
        assert_eq!(words(&long, 8)[0].len(), MAX_WORD_CHARS);
        assert_eq!(words("\u{0}💉tipes\u{7}", 8), ["tipes"]);
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
