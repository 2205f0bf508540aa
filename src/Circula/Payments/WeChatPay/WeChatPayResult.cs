namespace Circula.Payments.WeChatPay;

public enum WeChatPayErrorKind
{
    /// <summary>WeChat Pay answered a signed 4xx/5xx; <see cref="WeChatPayError.Code"/> is its code (PARAM_ERROR, ORDER_NOT_EXIST, ...).</summary>
    Rejected,

    /// <summary>
    /// An answer whose signature did not verify (or an unsigned error answer): it is not trusted and never changes state. The
    /// code is the verification failure, or for an error answer the code it claims.
    /// </summary>
    Unverified,

    /// <summary>Network failure, timeout, or a verified answer that is not the expected JSON.</summary>
    Unavailable,
}

/// <summary>Why a WeChat Pay call gave no result; <see cref="RequestId"/> is WeChat Pay's <c>Request-ID</c> for support.</summary>
public sealed record WeChatPayError(WeChatPayErrorKind Kind, int? Status, string Code, string? Message, string? RequestId)
{
    public const string NetworkError = "network_error";
    public const string Timeout = "timeout";
    public const string ResponseMalformed = "response_malformed";

    /// <summary>WeChat Pay's 400 to a close: the order is paid and cannot be closed.</summary>
    public const string OrderPaid = "ORDERPAID";

    /// <summary>WeChat Pay's 404: no order with that out_trade_no (never prepaid).</summary>
    public const string OrderNotExist = "ORDER_NOT_EXIST";
}

/// <summary>The verified answer of a WeChat Pay call, or the error.</summary>
public sealed record WeChatPayResult<T>(T? Value, WeChatPayError? Error) where T : class
{
    public bool Succeeded => Error is null;

    public static WeChatPayResult<T> Failed(WeChatPayError error) => new(null, error);
}
