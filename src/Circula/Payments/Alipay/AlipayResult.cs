namespace Circula.Payments.Alipay;

public enum AlipayErrorKind
{
    /// <summary>Network failure, timeout, an HTTP error or an answer that is not Alipay's JSON shape.</summary>
    Unavailable,

    /// <summary>The answer's signature is missing or wrong: nothing in it may be trusted.</summary>
    UnverifiedResponse,

    /// <summary>A signed answer with a <c>code</c> other than 10000 (e.g. 40004 with <c>ACQ.TRADE_NOT_EXIST</c>).</summary>
    Business,
}

/// <summary>Why a gateway call did not succeed; <see cref="Code"/> and <see cref="SubCode"/> are set for <see cref="AlipayErrorKind.Business"/>.</summary>
public sealed record AlipayError(AlipayErrorKind Kind, string? Code = null, string? Message = null, string? SubCode = null, string? SubMessage = null)
{
    public const string TradeNotExist = "ACQ.TRADE_NOT_EXIST";

    /// <summary>No bill for that date (not made yet, or nothing to bill).</summary>
    public const string BillNotExist = "isp.bill_not_exist";

    /// <summary>The trade is in a state the call cannot change, e.g. <c>alipay.trade.close</c> on a paid (or already closed) trade.</summary>
    public const string TradeStatusError = "ACQ.TRADE_STATUS_ERROR";

    public static readonly AlipayError Unavailable = new(AlipayErrorKind.Unavailable);

    public static readonly AlipayError UnverifiedResponse = new(AlipayErrorKind.UnverifiedResponse);
}

/// <summary>A verified answer (<see cref="Value"/>) or why there is none (<see cref="Error"/>).</summary>
public sealed record AlipayResult<T>(T? Value, AlipayError? Error) where T : class
{
    public bool Succeeded => Error is null;

    public static AlipayResult<T> Ok(T value) => new(value, null);

    public static AlipayResult<T> Fail(AlipayError error) => new(null, error);
}

public sealed record AlipayTradeQueryResult(string TradeNo, string OutTradeNo, AlipayTradeStatus TradeStatus, long TotalFen, string? BuyerUserId, DateTimeOffset? SendPayDate);

public sealed record AlipayTradeCloseResult(string? TradeNo, string OutTradeNo);

/// <param name="RefundFen">Alipay's <c>refund_fee</c>: everything refunded on the trade so far, in fen.</param>
/// <param name="FundChanged">Alipay's <c>fund_change</c>: "Y" when this call moved money, "N" for a repeated request.</param>
public sealed record AlipayTradeRefundResult(string TradeNo, string OutTradeNo, long RefundFen, bool FundChanged, DateTimeOffset? RefundedAt);

/// <param name="DownloadUrl">Alipay's <c>bill_download_url</c>: a zip of GBK CSV files, valid for about 30 seconds.</param>
public sealed record AlipayBillLocation(string DownloadUrl);
