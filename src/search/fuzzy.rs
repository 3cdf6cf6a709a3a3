//! Typo tolerance: Levenshtein DFAs over the word FST.
//!
//! Building a `LevenshteinAutomatonBuilder` is the expensive part (milliseconds for distance
//! 2), so the two builders are made once per process and cached; per keystroke only the DFA for
//! the typed word is built (tens of microseconds), as tantivy's fuzzy query does.

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};
use std::sync::OnceLock;

static BUILDER_1: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
static BUILDER_2: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();

/// The largest edit distance allowed for a word of `chars` characters: 1 from 4, 2 from 8.
pub fn max_distance(chars: usize) -> u8 {
    match chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The cached builder for distance 1 or 2 (transpositions cost 1).
fn builder(distance: u8) -> &'static LevenshteinAutomatonBuilder {
    if distance <= 1 {
        BUILDER_1.get_or_init(|| LevenshteinAutomatonBuilder::new(1, true))
    } else {
        BUILDER_2.get_or_init(|| LevenshteinAutomatonBuilder::new(2, true))
    }
}

/// Builds both cached builders now, so that the first typo does not pay for them.
pub fn warm_up() {
    builder(1);
    builder(2);
}

/// A Levenshtein DFA usable as an `fst` automaton.
pub struct Fuzzy {
    dfa: DFA,
}

impl Fuzzy {
    /// A DFA matching words within `distance` of `word`; with `prefix`, words that *start* with
    /// something within `distance` of `word` (for the word being typed).
    pub fn new(word: &str, distance: u8, prefix: bool) -> Fuzzy {
        let b = builder(distance);
        let dfa = if prefix { b.build_prefix_dfa(word) } else { b.build_dfa(word) };
        Fuzzy { dfa }
    }

    /// The edit distance of a final automaton state, if it matches.
    pub fn distance(&self, state: u32) -> Option<u8> {
        match self.dfa.distance(state) {
            Distance::Exact(d) => Some(d),
            Distance::AtLeast(_) => None,
        }
    }
}

impl fst::Automaton for Fuzzy {
    type State = u32;

    fn start(&self) -> u32 {
        self.dfa.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.dfa.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.dfa.transition(*state, byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::Automaton;

    fn run(f: &Fuzzy, s: &str) -> Option<u8> {
        let mut st = f.start();
        for b in s.bytes() {
            st = f.accept(&st, b);
        }
        f.distance(st)
    }

    #[test]
    fn distances_follow_word_length() {
        assert_eq!(max_distance(3), 0);
        assert_eq!(max_distance(4), 1);
        assert_eq!(max_distance(8), 2);
    }

    #[test]
    fn transposition_costs_one_and_prefix_mode_accepts_longer_words() {
        let f = Fuzzy::new("tipse", 1, false);
        assert_eq!(run(&f, "tipes"), Some(1));
        assert_eq!(run(&f, "tepos"), None);
        let p = Fuzzy::new("hipertesi", 2, true);
        assert!(run(&p, "hipertensi").is_some());
    }
}
