//! Urutan hasil / Ordering for search: the best `k` of many hits, a small stable sort, and
//! sorted packed keys. Every sort on the search path goes through these three, so the search
//! module carries one instance of the standard library's sort (on `u64`) instead of one per
//! element type and comparator, which made a quarter of its code.

use std::cmp::Ordering;

/// Sorts packed keys ascending (the one standard sort the search path uses).
pub(crate) fn sort_keys(keys: &mut [u64]) {
    keys.sort_unstable();
}

/// Keeps the `k` smallest elements by `cmp` (the best first, as `sort_by` then `truncate`
/// would): a bounded heap, so `n` elements cost about `n` comparisons when few of them make
/// the cut. With a `cmp` that orders every pair, the result is the same as a full sort's.
pub(crate) fn best_k<T>(v: &mut Vec<T>, k: usize, cmp: impl Fn(&T, &T) -> Ordering) {
    let k = k.min(v.len());
    if k == 0 {
        v.clear();
        return;
    }
    // v[..k] as a max-heap: its root is the worst element kept.
    for i in (0..k / 2).rev() {
        sift_down(&mut v[..k], i, &cmp);
    }
    for i in k..v.len() {
        if cmp(&v[i], &v[0]) == Ordering::Less {
            v.swap(0, i);
            sift_down(&mut v[..k], 0, &cmp);
        }
    }
    v.truncate(k);
    for end in (1..k).rev() {
        v.swap(0, end);
        sift_down(&mut v[..end], 0, &cmp);
    }
}

/// Restores the max-heap order below `i`.
fn sift_down<T>(heap: &mut [T], mut i: usize, cmp: &impl Fn(&T, &T) -> Ordering) {
    loop {
        let left = 2 * i + 1;
        if left >= heap.len() {
            return;
        }
        let right = left + 1;
        let child =
            if right < heap.len() && cmp(&heap[right], &heap[left]) == Ordering::Greater { right } else { left };
        if cmp(&heap[child], &heap[i]) != Ordering::Greater {
            return;
        }
        heap.swap(i, child);
        i = child;
    }
}

/// A stable insertion sort, for the short lists of search results (at most a few hundred).
pub(crate) fn sort_small_stable<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && cmp(&v[j - 1], &v[j]) == Ordering::Greater {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (no dependency) for the property checks.
    fn numbers(seed: u64, n: usize, modulo: u64) -> Vec<u64> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % modulo
            })
            .collect()
    }

    #[test]
    fn best_k_is_the_head_of_a_full_sort() {
        for (seed, n, k) in
            [(1, 0, 5), (2, 1, 5), (3, 7, 7), (4, 8, 3), (5, 500, 10), (6, 500, 1), (7, 64, 100), (8, 1000, 999)]
        {
            let v = numbers(seed, n, 50);
            let mut sorted = v.clone();
            sorted.sort();
            sorted.truncate(k);
            let mut got = v.clone();
            best_k(&mut got, k, |a, b| a.cmp(b));
            assert_eq!(got, sorted, "seed {seed}, n {n}, k {k}");
        }
        let mut none = numbers(9, 10, 5);
        best_k(&mut none, 0, |a, b| a.cmp(b));
        assert!(none.is_empty());
    }

    #[test]
    fn best_k_follows_the_comparator_not_the_natural_order() {
        let mut v = numbers(10, 300, 1000);
        let mut want = v.clone();
        want.sort_by(|a, b| b.cmp(a));
        want.truncate(20);
        best_k(&mut v, 20, |a, b| b.cmp(a));
        assert_eq!(v, want);
    }

    #[test]
    fn small_sort_is_stable() {
        let keys = numbers(11, 200, 4);
        let mut v: Vec<(u64, usize)> = keys.iter().copied().zip(0..).collect();
        let mut want = v.clone();
        want.sort_by_key(|x| x.0);
        sort_small_stable(&mut v, |a, b| a.0.cmp(&b.0));
        assert_eq!(v, want);
    }

    #[test]
    fn sort_keys_sorts() {
        let mut v = numbers(12, 1000, u64::MAX);
        let mut want = v.clone();
        want.sort();
        sort_keys(&mut v);
        assert_eq!(v, want);
    }
}
