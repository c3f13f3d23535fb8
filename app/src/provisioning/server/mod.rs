pub mod apply;
pub mod desired;
pub mod enqueue;
pub mod import;
pub mod outbox;
pub mod reconcile;
pub mod state;
pub mod worker;
