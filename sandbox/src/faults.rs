//! Fault injection for client tests: what can go wrong on an endpoint (latency, 5xx, an HTML
//! page, a reset, a truncated or oversized body, a `response_error` envelope), whether it
//! strikes before the request takes effect or after, and the set of faults currently armed.

use std::sync::Mutex;
use std::time::Duration;

use faspay::Operation;

/// One way an answer goes wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    /// Answer normally, but only after this delay.
    Latency(Duration),
    /// Answer with this HTTP status (e.g. 500, 503) and a plain-text body.
    ServerError(u16),
    /// Answer `200 OK` with an HTML error page instead of a Faspay message.
    HtmlPage,
    /// Read the request, then close the connection without answering.
    Reset,
    /// Announce a longer `Content-Length` than the bytes sent, then close.
    Truncated,
    /// Answer with a body larger than 1 MiB (the client's cap).
    OversizedBody,
    /// Answer Faspay's `response_error` envelope with this code and description.
    ResponseError { code: String, desc: String },
}

impl FaultKind {
    /// The snake_case name used by the admin API.
    pub fn name(&self) -> &'static str {
        match self {
            FaultKind::Latency(_) => "latency",
            FaultKind::ServerError(_) => "server_error",
            FaultKind::HtmlPage => "html_page",
            FaultKind::Reset => "reset",
            FaultKind::Truncated => "truncated",
            FaultKind::OversizedBody => "oversized_body",
            FaultKind::ResponseError { .. } => "response_error",
        }
    }
}

/// A fault armed on one endpoint (or all of them), for some requests or until cleared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// `None` = every API endpoint (never the admin API or the redirect page).
    pub endpoint: Option<Operation>,
    pub kind: FaultKind,
    /// `None` = until cleared; `Some(n)` = the next `n` matching requests.
    pub times: Option<u32>,
    /// `false`: the fault replaces the answer and the request is not processed (nothing is
    /// created, cancelled or pushed; latency delays it before it runs). `true`: the request
    /// takes effect first (the bill exists at the sandbox, the cancel or push happened), then
    /// its answer is lost to the fault, or delayed past the client's timeout: the case where
    /// a client must not resend with the same `bill_no` but ask `payment_status`.
    pub after_effect: bool,
}

impl Fault {
    /// A fault on every request of `endpoint` until cleared.
    pub fn always(endpoint: Option<Operation>, kind: FaultKind) -> Fault {
        Fault {
            endpoint,
            kind,
            times: None,
            after_effect: false,
        }
    }

    /// A fault on the next `times` requests of `endpoint`.
    pub fn times(endpoint: Option<Operation>, kind: FaultKind, times: u32) -> Fault {
        Fault {
            endpoint,
            kind,
            times: Some(times),
            after_effect: false,
        }
    }

    /// The same fault, striking after the request took effect ([`Fault::after_effect`]).
    pub fn after_effect(self) -> Fault {
        Fault {
            after_effect: true,
            ..self
        }
    }
}

/// The armed faults; the newest matching fault wins.
#[derive(Debug, Default)]
pub struct FaultSet {
    faults: Mutex<Vec<Fault>>,
}

impl FaultSet {
    /// Arms a fault.
    pub fn add(&self, fault: Fault) {
        if let Ok(mut faults) = self.faults.lock() {
            faults.push(fault);
        }
    }

    /// Disarms every fault.
    pub fn clear(&self) {
        if let Ok(mut faults) = self.faults.lock() {
            faults.clear();
        }
    }

    /// The armed faults.
    pub fn list(&self) -> Vec<Fault> {
        self.faults.lock().map(|f| f.clone()).unwrap_or_default()
    }

    /// The fault to apply to a request of `op`, using up one of its `times`.
    pub fn take(&self, op: Operation) -> Option<Applied> {
        match self.take_unless_latency(op, false) {
            Taken::Fault(kind) => Some(kind),
            Taken::Latency | Taken::None => None,
        }
    }

    /// As [`FaultSet::take`] for a request answered where it must not sleep: a latency fault
    /// is left armed (nothing used up) and reported as [`Taken::Latency`].
    pub fn take_without_latency(&self, op: Operation) -> Taken {
        self.take_unless_latency(op, true)
    }

    fn take_unless_latency(&self, op: Operation, keep_latency: bool) -> Taken {
        let Ok(mut faults) = self.faults.lock() else {
            return Taken::None;
        };
        let Some(index) = faults
            .iter()
            .rposition(|f| f.endpoint.is_none_or(|e| e == op))
        else {
            return Taken::None;
        };
        if keep_latency && matches!(faults[index].kind, FaultKind::Latency(_)) {
            return Taken::Latency;
        }
        let applied = Applied {
            kind: faults[index].kind.clone(),
            after_effect: faults[index].after_effect,
        };
        if let Some(left) = faults[index].times.as_mut() {
            *left = left.saturating_sub(1);
            if *left == 0 {
                faults.remove(index);
            }
        }
        Taken::Fault(applied)
    }
}

/// A fault applied to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub kind: FaultKind,
    /// Whether the request takes effect before the fault strikes ([`Fault::after_effect`]).
    pub after_effect: bool,
}

impl Applied {
    #[cfg(test)]
    fn before(kind: FaultKind) -> Applied {
        Applied {
            kind,
            after_effect: false,
        }
    }
}

/// What [`FaultSet::take_without_latency`] found for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Taken {
    /// No fault: answer normally.
    None,
    /// This fault, used up once.
    Fault(Applied),
    /// A latency fault, still armed: the request must go where it may sleep.
    Latency,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_faults_run_out_and_newest_wins() {
        let set = FaultSet::default();
        set.add(Fault::always(None, FaultKind::HtmlPage));
        set.add(Fault::times(
            Some(Operation::PaymentStatus),
            FaultKind::Reset,
            1,
        ));
        assert_eq!(
            set.take(Operation::PaymentStatus),
            Some(Applied::before(FaultKind::Reset))
        );
        assert_eq!(
            set.take(Operation::PaymentStatus),
            Some(Applied::before(FaultKind::HtmlPage))
        );
        assert_eq!(
            set.take(Operation::OvoPush),
            Some(Applied::before(FaultKind::HtmlPage))
        );
        set.clear();
        assert_eq!(set.take(Operation::OvoPush), None);
    }

    #[test]
    fn a_latency_fault_is_left_armed_for_a_caller_that_must_not_sleep() {
        let set = FaultSet::default();
        let delay = Duration::from_millis(5);
        set.add(Fault::times(None, FaultKind::Latency(delay), 1));
        assert_eq!(
            set.take_without_latency(Operation::PaymentStatus),
            Taken::Latency
        );
        // Nothing was used up: the request that may sleep still gets it, once.
        assert_eq!(
            set.take(Operation::PaymentStatus),
            Some(Applied::before(FaultKind::Latency(delay)))
        );
        assert_eq!(
            set.take_without_latency(Operation::PaymentStatus),
            Taken::None
        );
        set.add(Fault::times(None, FaultKind::Reset, 1));
        assert_eq!(
            set.take_without_latency(Operation::PaymentStatus),
            Taken::Fault(Applied::before(FaultKind::Reset))
        );
        assert_eq!(set.take(Operation::PaymentStatus), None);
    }
}
