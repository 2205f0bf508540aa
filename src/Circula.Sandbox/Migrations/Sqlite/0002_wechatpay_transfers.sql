-- WeChat Pay merchant transfer bills the sandbox accepted and what became of each: WAIT_USER_CONFIRM until the user
-- confirms (SUCCESS, or FAIL when the sandbox is told to fail it) or the merchant cancels (CANCELLED).
CREATE TABLE sandbox_wechatpay_transfers (
    out_bill_no TEXT PRIMARY KEY,
    transfer_bill_no TEXT NOT NULL,
    app_id TEXT NOT NULL,
    open_id TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    remark TEXT NOT NULL,
    notify_url TEXT,
    state TEXT NOT NULL CHECK (state IN ('WAIT_USER_CONFIRM', 'SUCCESS', 'FAIL', 'CANCELLED')),
    fail_reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
