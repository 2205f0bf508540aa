-- WeChat Pay merchant transfer bills the sandbox accepted and what became of each: WAIT_USER_CONFIRM until the user
-- confirms (SUCCESS, or FAIL when the sandbox is told to fail it) or the merchant cancels (CANCELLED).
CREATE TABLE sandbox_wechatpay_transfers (
    out_bill_no text PRIMARY KEY,
    transfer_bill_no text NOT NULL,
    app_id text NOT NULL,
    open_id text NOT NULL,
    amount_fen bigint NOT NULL,
    remark text NOT NULL,
    notify_url text,
    state text NOT NULL CHECK (state IN ('WAIT_USER_CONFIRM', 'SUCCESS', 'FAIL', 'CANCELLED')),
    fail_reason text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
