//! One integration-test binary for the simulator: real sockets everywhere, no timing
//! asserted (waits poll with a generous deadline).

mod binary;
mod midtrans;
mod options;
mod persist;
mod retries;
mod support;
mod tripay;
