-- Alipay payments: provider 'alipay' with channels 'wap' (mobile browser) and 'page' (desktop), next to WeChat Pay's.
ALTER TABLE payments DROP CONSTRAINT payments_provider_check;
ALTER TABLE payments ADD CONSTRAINT payments_provider_check CHECK (provider IN ('wechatpay', 'alipay'));
ALTER TABLE payments DROP CONSTRAINT payments_channel_check;
ALTER TABLE payments ADD CONSTRAINT payments_channel_check CHECK (
    (provider = 'wechatpay' AND channel IN ('jsapi', 'native')) OR (provider = 'alipay' AND channel IN ('wap', 'page')));
