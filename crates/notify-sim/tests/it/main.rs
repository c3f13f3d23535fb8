//! One integration-test binary for the simulator: real sockets everywhere, no timing
//! asserted (waits wake on changes, with a generous deadline).

mod binary;
mod control;
mod fonnte;
mod lettre;
mod persist;
mod smtp;
mod support;
mod template;
