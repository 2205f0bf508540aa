-- The aggregate an event is about (IAggregateEvent, such as order:123): the dispatcher holds an aggregate's later events
-- back from a handler that failed on an earlier one, so each handler sees them in order.
ALTER TABLE outbox_messages ADD COLUMN aggregate_key TEXT;
