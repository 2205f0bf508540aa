-- Integration event types carry their version (order.placed.v1): messages not yet delivered keep working under the
-- new names. Their payloads are read as before (ids as strings or numbers, status names in any case).
UPDATE outbox_messages SET type = type || '.v1'
WHERE type IN ('order.placed', 'order.status-changed', 'inventory.low-stock', 'payment.succeeded', 'payment.succeeded-after-cancel',
    'payment.money-unapplied', 'payment.refunded-after-cancel', 'payment.order-refunded', 'payment.refund-failed',
    'payment.order-refunded-without-payment', 'payment.bill-discrepancies', 'payment.bill-reconciliation-failed');
