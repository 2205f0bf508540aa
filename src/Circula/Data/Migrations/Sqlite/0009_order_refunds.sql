-- Refunds of operator-approved order refunds (reason 'order_refunded') next to the automatic ones ('paid_after_cancel').
-- Every refund Circula asks for is the payment's whole amount, and a payment's money can go back only once: so at most
-- one refund per payment, whatever its reason. A redelivered or concurrent event then finds the refund instead of adding
-- a second, and a payment refunded for one reason is never sent to the provider again for the other (it would refuse a
-- second full refund, raising a false alert). 0008 allowed one 'paid_after_cancel' refund per payment and no other
-- reason, so existing rows satisfy the new index. The unique index also serves the lookups of the plain one it replaces.
-- Partial refunds, when they come, need another rule (and another migration).
DROP INDEX ux_refunds_payment_after_cancel;
DROP INDEX ix_refunds_payment;
CREATE UNIQUE INDEX ux_refunds_payment ON refunds (payment_id);
-- An order's payments: looked up when its refund is approved and when its payments are listed (the live-payment index
-- covers only Created and Pending ones).
CREATE INDEX ix_payments_order ON payments (order_id, id);
