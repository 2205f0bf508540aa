-- pgbench script for the "place order" floor (see docs/benchmarks.md): the writes the server makes inside its
-- transaction for one order of one piece, with values of the same size, one statement per round trip:
--   pgbench -n -M extended -c 64 -j 2 -T 30 -f bench/place-order.pgbench.sql -D skumin=.. -D skumax=.. -D usermin=.. -D usermax=..
-- pgbench reads ":name" as a variable even inside quotes, so colons in the JSON literals are followed by a space.
-- Ids are random in [5e18, 9e18), far above any Snowflake id, so they never meet the server's orders. Outbox rows
-- are written as delivered (status 1) so the server's dispatcher leaves them alone; timers are due in 30 minutes.
\set sku random(:skumin, :skumax)
\set buyer random(:usermin, :usermax)
\set oid random(5000000000000000000, 8999999999999999999)
\set mid random(5000000000000000000, 8999999999999999999)
BEGIN;
INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, created_at, expires_at)
  VALUES (:buyer, 'pgbench-' || :oid::text, '311fdebe7c252e0e9ed5f3e7f8c04ac916d93ad030211c1aae0fe02b5aa66109', 0, now(), now() + interval '24 hours');
INSERT INTO order_placement_locks (customer_id, locked_at) VALUES (:buyer, now())
  ON CONFLICT (customer_id) DO UPDATE SET locked_at = excluded.locked_at;
SELECT count(*) FROM orders WHERE customer_id = :buyer AND status = 'PendingPayment';
SELECT l.sku_id, sum(l.quantity) FROM orders o JOIN order_lines l ON l.order_id = o.id
  WHERE o.customer_id = :buyer AND o.status = 'PendingPayment' AND l.sku_id = :sku GROUP BY l.sku_id;
UPDATE inventory_items SET previous_available = available, available = available - 1, reserved = reserved + 1, updated_at = now()
  WHERE sku_id = :sku AND available >= 1
  RETURNING on_hand, reserved, available, previous_available, low_stock_threshold \gset
INSERT INTO inventory_movements (sku_id, kind, quantity_delta, on_hand_after, reserved_after, available_after, reason, actor_user_id, order_id, created_at)
  VALUES (:sku, 'reserve', -1, :on_hand, :reserved, :available, 'order placed', NULL, :oid, now());
INSERT INTO orders (id, number, customer_id, status, total_fen, address_cipher, region, remark, payment_deadline, created_at, updated_at, version)
  VALUES (:oid, 'ORD20261122' || :oid::text, :buyer, 'PendingPayment', 1990,
    'v1XbV/fONvPBr4r8TG7AQSY78xBQTMWyTbUTScKUkDMRav/MguZPP5Nc+hgcLUtYJJrDR6DpJAj5Wqzug2bVzQ4+cWPsptQO2kr6/y91HLDtH1sDISfHyfoxG12CH+48F0RNKLrF7tFpUEatUry9KBp6+KqW9NeXoTo3JUKz3ztodA462IRLPhmII0GC9krQKgRbnWgeWNHd0KrHS9bwGgXLjf4FLqv6OM9xHT6G5+19oKK3SEDaOXZkOEDakF2WL0oNHdCRBi9yEJXfZIJb99bsKlehpeiRx+5Hu8dRNr7nEJ20EkWc8+jDQNkVTCWN+Wb+0KfY/IwATbIvFD3Qrg==',
    '浙江省 杭州市 西湖区', NULL, now() + interval '30 minutes', now(), now(), 1);
INSERT INTO order_lines (order_id, sku_id, product_id, product_name, sku_code, specs, unit_price_fen, quantity, line_total_fen)
  VALUES (:oid, :sku, :sku, 'bench-product-' || :sku::text, 'bench-sku-' || :sku::text, '{}', 1990, 1, 1990);
INSERT INTO order_history (order_id, from_status, to_status, actor, actor_user_id, reason, created_at)
  VALUES (:oid, NULL, 'PendingPayment', 'Customer', :buyer, 'placed', now());
INSERT INTO durable_timers (kind, subject_id, due_at, created_at, attempts)
  VALUES ('order.payment-timeout', :oid, now() + interval '30 minutes', now(), 0);
INSERT INTO outbox_messages (id, type, payload, occurred_at, status, attempts, next_attempt_at, delivered_at)
  VALUES (:mid, 'order.placed',
    '{"orderId":"' || :oid::text || '","number":"ORD20261122' || :oid::text || '","customerId":' || :buyer::text || ',"totalFen": 1990,"paymentDeadline":"2026-11-21T21: 42: 55.2791736Z","lines":[{"skuId":"' || :sku::text || '","quantity": 1,"unitPriceFen": 1990}]}',
    now(), 1, 0, now(), now());
UPDATE idempotency_keys SET status_code = 201, location = '/api/v1/orders/' || :oid::text,
    response_body = '{"id":"' || :oid::text || '","number":"ORD20261122' || :oid::text || '","status":"pendingPayment","totalFen": 1990,"lines":[{"skuId":"' || :sku::text || '","productId":' || :sku::text || ',"productName":"bench-product","skuCode":"bench-sku","specs":{},"unitPriceFen": 1990,"quantity": 1,"lineTotalFen": 1990}],"address":{"name":"李四","phone":"13912345678","province":"浙江省","city":"杭州市","district":"西湖区","detail":"文三路 1 号","region":"浙江省 杭州市 西湖区"},"remark": null,"paymentDeadline":"2026-11-21T21: 42: 31.7298258Z","paidAt": null,"shippedAt": null,"carrier": null,"trackingNumber": null,"completedAt": null,"cancelledAt": null,"cancelReason": null,"refundRequestedAt": null,"refundReason": null,"refundedAt": null,"createdAt":"2026-11-21T21: 12: 31.7298258Z","allowedActions":["cancel"],"history":[{"from": null,"to":"pendingPayment","actor":"customer","reason":"placed","at":"2026-11-21T21: 12: 31.7298258Z"}]}'
  WHERE user_id = :buyer AND key = 'pgbench-' || :oid::text;
COMMIT;
