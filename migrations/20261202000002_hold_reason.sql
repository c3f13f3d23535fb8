-- A line held by its customer's suspension remembers why it was isolated, so reactivating
-- the customer puts it back in isolation with the same reason (shown to the customer).
ALTER TABLE subscriptions ADD COLUMN status_reason_before_hold text;
