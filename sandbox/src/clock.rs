//! The sandbox's controllable clock: real WIB time plus an offset that tests move forward, so
//! bill expiry can be exercised without waiting.

use std::sync::Mutex;
use std::time::Duration;

use faspay::FaspayDateTime;

/// Real time shifted by an adjustable offset.
#[derive(Debug, Default)]
pub struct Clock {
    offset: Mutex<Duration>,
}

impl Clock {
    /// A clock showing real time.
    pub fn new() -> Clock {
        Clock::default()
    }

    /// The sandbox's current time (WIB).
    pub fn now(&self) -> FaspayDateTime {
        FaspayDateTime::now().plus(self.offset())
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        if let Ok(mut offset) = self.offset.lock() {
            *offset = offset.saturating_add(by);
        }
    }

    /// How far the clock runs ahead of real time.
    pub fn offset(&self) -> Duration {
        self.offset.lock().map(|o| *o).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_now_forward() {
        let clock = Clock::new();
        let before = clock.now();
        clock.advance(Duration::from_secs(3600));
        let shift = before.seconds_until(clock.now());
        assert!((3600..3605).contains(&shift), "shift {shift}");
    }
}
