//! Each record's parent and children, derived when a catalog opens. The catalog stores the
//! parent as a step up the chain of the record before (PARENTS: "A00.1" after "A00.0" is one
//! step, the same parent as the record before), which takes a byte for nearly every record;
//! children are not stored at all: they are the records whose parent it is, in record order.

use super::layout::{self, NONE, PARENT_FAR, PARENT_NONE};
use crate::error::Error;

/// Parents and children by record id.
#[derive(Debug, Default)]
pub(crate) struct Hierarchy {
    parents: Vec<u32>,
    /// Record `r`'s children are `children[child_starts[r]..child_starts[r + 1]]`.
    child_starts: Vec<u32>,
    children: Vec<u32>,
}

impl Hierarchy {
    /// Decodes the PARENTS section for `records` records and gathers the children. A code that
    /// walks past the records before, a parent that does not exist or is the record itself,
    /// and bytes too few or too many are a damaged catalog.
    pub(crate) fn derive(section: &[u8], records: usize) -> Result<Hierarchy, Error> {
        // Every record takes at least one byte: more records than that is damage.
        if records > section.len() || u32::try_from(records).is_err() {
            return Err(corrupt());
        }
        let mut parents = Vec::with_capacity(records);
        let mut at = 0usize;
        for id in 0..records {
            let code = *section.get(at).ok_or_else(corrupt)?;
            at += 1;
            let parent = match code {
                PARENT_NONE => Some(NONE),
                PARENT_FAR => {
                    layout::read_varint(section, &mut at).filter(|&p| p as usize != id && (p as usize) < records)
                }
                k if k <= layout::MAX_PARENT_STEPS => layout::parent_steps_up(&parents, id, k),
                _ => None,
            };
            parents.push(parent.ok_or_else(corrupt)?);
        }
        if at != section.len() {
            return Err(corrupt());
        }
        let (child_starts, children) = children_of(&parents);
        Ok(Hierarchy { parents, child_starts, children })
    }

    /// The parent of record `id`, if it has one.
    pub(crate) fn parent(&self, id: u32) -> Option<u32> {
        self.parents.get(id as usize).copied().filter(|&p| p != NONE)
    }

    /// The children of record `id`, in record order.
    pub(crate) fn children(&self, id: u32) -> &[u32] {
        let id = id as usize;
        match (self.child_starts.get(id), self.child_starts.get(id + 1)) {
            (Some(&a), Some(&b)) => &self.children[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// Every record's children (parents below `parents.len()`, checked by the caller), as starts
/// and one list: counted first, then put in place in record order, each start serving as its
/// cursor (it ends at the next record's start; one shift puts the starts back).
fn children_of(parents: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let n = parents.len();
    let mut starts = vec![0u32; n + 1];
    for &p in parents.iter().filter(|&&p| p != NONE) {
        starts[p as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut children = vec![0u32; starts[n] as usize];
    for (id, &p) in parents.iter().enumerate().filter(|(_, &p)| p != NONE) {
        children[starts[p as usize] as usize] = id as u32;
        starts[p as usize] += 1;
    }
    starts.copy_within(..n, 1);
    starts[0] = 0;
    (starts, children)
}

fn corrupt() -> Error {
    Error::DataCorruption("catalog hierarchy".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Catalog, CodeSystem};
    use layout::section;

    #[test]
    fn parents_decode_and_children_follow() {
        // 0 and 1 have none; 2 → 1 (the record before); 3 → 1 (the parent of the one before);
        // 4 → 0 (by id); 5 → 4 (the record before).
        let h = Hierarchy::derive(&[0, 0, 1, 2, PARENT_FAR, 0, 1], 6).unwrap();
        let parents: Vec<Option<u32>> = (0..7).map(|id| h.parent(id)).collect();
        assert_eq!(parents, [None, None, Some(1), Some(1), Some(0), Some(4), None]);
        assert_eq!(
            (h.children(0), h.children(1), h.children(4), h.children(5)),
            (&[4][..], &[2, 3][..], &[5][..], &[][..])
        );
        assert!(h.children(u32::MAX).is_empty());
        // The embedded catalog: J18.9 → J18 → J09-J18, and J18's children in code order.
        let c = Catalog::embedded().unwrap();
        let j18 = c.find(CodeSystem::Icd10, "J18").unwrap();
        let h = Hierarchy::derive(c.section(section::PARENTS), c.len()).unwrap();
        let kids: Vec<&str> = h.children(j18.id()).iter().map(|&k| c.get(k).unwrap().code()).collect();
        assert_eq!(kids, ["J18.0", "J18.1", "J18.2", "J18.8", "J18.9"]);
        assert_eq!(h.parent(j18.id()).map(|p| c.get(p).unwrap().code()), Some("J09-J18"));
    }

    #[test]
    fn damaged_parents_are_refused() {
        let refused = |b: &[u8], n: usize| matches!(Hierarchy::derive(b, n), Err(Error::DataCorruption(_)));
        // A step from the first record; a step past the records before; an unknown code.
        assert!(refused(&[1], 1));
        assert!(refused(&[0, 3], 2));
        assert!(refused(&[0, 9], 2));
        // A far parent that is the record itself, past the end, or cut short.
        assert!(refused(&[PARENT_FAR, 0], 1));
        assert!(refused(&[0, PARENT_FAR, 2], 2));
        assert!(refused(&[0, PARENT_FAR, 0x80], 2));
        // Too few bytes, bytes left over, more records than bytes.
        assert!(refused(&[0], 2));
        assert!(refused(&[0, 0, 0], 2));
        assert!(refused(&[0; 4], usize::MAX));
    }
}
