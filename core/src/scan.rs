//! Word-at-a-time byte scans for the encoders and validators: eight bytes are ruled out at
//! once while none of them is one being looked for (text to escape or refuse is rare).

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// Whether some byte of `word` is below `n` (`n` at most 128).
pub(crate) const fn has_below(word: u64, n: u8) -> bool {
    word.wrapping_sub(ONES * n as u64) & !word & HIGHS != 0
}

/// Whether some byte of `word` is `b`.
pub(crate) const fn has_byte(word: u64, b: u8) -> bool {
    let x = word ^ (ONES * b as u64);
    x.wrapping_sub(ONES) & !x & HIGHS != 0
}

/// The index of the first byte of `bytes` for which `is_wanted` holds. `may_hold` sees eight
/// bytes as one word and must be true whenever `is_wanted` holds for one of them; words for
/// which it is false are skipped whole.
#[inline]
pub(crate) fn find(
    bytes: &[u8],
    may_hold: impl Fn(u64) -> bool,
    is_wanted: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut at = 0;
    let mut words = bytes.chunks_exact(8);
    for chunk in words.by_ref() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if may_hold(u64::from_ne_bytes(word)) {
            if let Some(i) = chunk.iter().position(|&b| is_wanted(b)) {
                return Some(at + i);
            }
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| is_wanted(b))
        .map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_tests_agree_with_byte_tests() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // Bias bytes towards the boundaries looked for.
            let bytes = state.to_ne_bytes().map(|b| match b % 4 {
                0 => b % 0x22,
                1 => 0x1c + b % 8,
                _ => b,
            });
            let word = u64::from_ne_bytes(bytes);
            assert_eq!(
                has_below(word, 0x20),
                bytes.iter().any(|&b| b < 0x20),
                "{bytes:?}"
            );
            assert_eq!(has_byte(word, b'"'), bytes.contains(&b'"'), "{bytes:?}");
        }
    }

    #[test]
    fn find_returns_the_first_wanted_byte() {
        let text = b"0123456789abcdef\"ghij\"";
        let quote = |b: u8| b == b'"';
        assert_eq!(find(text, |w| has_byte(w, b'"'), quote), Some(16));
        assert_eq!(find(&text[17..], |w| has_byte(w, b'"'), quote), Some(4));
        assert_eq!(find(b"0123456789", |w| has_byte(w, b'"'), quote), None);
        assert_eq!(find(b"", |w| has_byte(w, b'"'), quote), None);
    }
}
