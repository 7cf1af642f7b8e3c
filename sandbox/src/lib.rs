//! Offline Faspay Debit API simulator (work in progress).
