//! Mass outage services: the staff side (link a CI, attach the lines it cuts off) and the
//! portal side (the outages on a customer's lines, and which outage a new report joins).

pub mod portal;
pub mod staff;
