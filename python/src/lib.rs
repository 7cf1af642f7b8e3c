//! Python binding of the faspay core (work in progress).
