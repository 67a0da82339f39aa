//! The order in which an ordering question's items, or a matching question's right-hand
//! items, are shown: shuffled, but the same for everyone and every time, so a visitor's
//! cached page is one page and a learner's form means the same after marking.
//!
//! The shuffle is our own (SplitMix64 and Fisher–Yates) rather than a library's, so
//! that no dependency upgrade can change which item a form field names.

/// The shown order of `n` items of question `question` of lesson `lesson`:
/// `order[k]` is the index (in the author's list) of the item shown `k`-th. Never the
/// author's order itself when there are two or more items, since that would give the
/// answer away.
pub fn order(lesson: i64, question: usize, n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = u64::from_le_bytes(lesson.to_le_bytes()) ^ (question as u64).rotate_left(32);
    for k in (1..n).rev() {
        let pick = splitmix64(&mut state) % (k as u64 + 1);
        order.swap(k, usize::try_from(pick).unwrap_or(0));
    }
    if n >= 2 && order.iter().enumerate().all(|(k, i)| k == *i) {
        order.rotate_left(1);
    }
    order
}

/// `order`'s inverse: `inverse[i]` is where item `i` is shown.
pub fn inverse(order: &[usize]) -> Vec<usize> {
    let mut inverse = vec![0; order.len()];
    for (k, i) in order.iter().enumerate() {
        if let Some(slot) = inverse.get_mut(*i) {
            *slot = k;
        }
    }
    inverse
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shown_order_is_a_fixed_permutation_of_the_items() {
        // Pinned: a change here changes what stored answers and open forms mean.
        assert_eq!(order(7, 2, 5), order(7, 2, 5));
        assert_eq!(order(7, 2, 5), vec![2, 1, 3, 4, 0]);
        for n in 0..12 {
            let mut sorted = order(42, 1, n);
            sorted.sort_unstable();
            assert_eq!(sorted, (0..n).collect::<Vec<_>>());
        }
        assert_ne!(order(1, 0, 6), order(2, 0, 6), "each lesson has its own shuffle");
        assert_ne!(order(1, 0, 6), order(1, 1, 6), "each question has its own shuffle");
    }

    #[test]
    fn two_or_more_items_are_never_shown_in_the_right_order() {
        for lesson in 0..200 {
            for n in 2..6 {
                let shown = order(lesson, 0, n);
                assert_ne!(shown, (0..n).collect::<Vec<_>>(), "lesson {lesson}, {n} items");
            }
        }
        assert_eq!(order(5, 0, 1), vec![0]);
    }

    #[test]
    fn the_inverse_says_where_each_item_is_shown() {
        let shown = order(9, 3, 7);
        let at = inverse(&shown);
        for (k, i) in shown.iter().enumerate() {
            assert_eq!(at[*i], k);
        }
    }
}
