using System.Globalization;

namespace Circula.Payments.Alipay;

/// <summary>Alipay's <c>trade_status</c>; anything newer than this list is <see cref="Unknown"/>.</summary>
public enum AlipayTradeStatus
{
    Unknown,

    /// <summary>WAIT_BUYER_PAY: created, not paid (not notified by default).</summary>
    WaitBuyerPay,

    /// <summary>TRADE_CLOSED: unpaid and timed out, or fully refunded.</summary>
    TradeClosed,

    /// <summary>TRADE_SUCCESS: paid; refunds still possible.</summary>
    TradeSuccess,

    /// <summary>TRADE_FINISHED: paid and no longer refundable.</summary>
    TradeFinished,
}

/// <summary>
/// A trade notification's fields, typed: amounts in fen, times in UTC (Alipay writes Beijing time). Parse only after
/// <see cref="AlipayNotificationVerifier.Verify(IReadOnlyDictionary{string, string})"/> has passed.
/// </summary>
public sealed record AlipayNotification(
    string NotifyId,
    DateTimeOffset NotifyTime,
    string? NotifyType,
    string AppId,
    AlipayTradeStatus TradeStatus,
    string OutTradeNo,
    string TradeNo,
    long TotalFen,
    long? ReceiptFen,
    long? BuyerPayFen,
    long? RefundFen,
    string? BuyerId,
    string? SellerId,
    DateTimeOffset? GmtCreate,
    DateTimeOffset? GmtPayment,
    DateTimeOffset? GmtClose,
    DateTimeOffset? GmtRefund,
    string? OutBizNo)
{
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>Mainland China has one time zone and no daylight saving time.</summary>
    public static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);

    /// <summary>The notification, or null with <paramref name="problem"/> naming the first missing or malformed field.</summary>
    public static AlipayNotification? Parse(IReadOnlyDictionary<string, string> fields, out string? problem)
    {
        var reader = new FieldReader(fields);
        var notification = new AlipayNotification(
            reader.Required("notify_id"),
            reader.RequiredTime("notify_time"),
            reader.Optional("notify_type"),
            reader.Required("app_id"),
            StatusOf(reader.Required("trade_status")),
            reader.Required("out_trade_no"),
            reader.Required("trade_no"),
            reader.RequiredFen("total_amount"),
            reader.OptionalFen("receipt_amount"),
            reader.OptionalFen("buyer_pay_amount"),
            reader.OptionalFen("refund_fee"),
            reader.Optional("buyer_id"),
            reader.Optional("seller_id"),
            reader.OptionalTime("gmt_create"),
            reader.OptionalTime("gmt_payment"),
            reader.OptionalTime("gmt_close"),
            reader.OptionalTime("gmt_refund"),
            reader.Optional("out_biz_no"));
        problem = reader.Problem;
        return problem is null ? notification : null;
    }

    public static AlipayTradeStatus StatusOf(string? value) => value switch
    {
        "WAIT_BUYER_PAY" => AlipayTradeStatus.WaitBuyerPay,
        "TRADE_CLOSED" => AlipayTradeStatus.TradeClosed,
        "TRADE_SUCCESS" => AlipayTradeStatus.TradeSuccess,
        "TRADE_FINISHED" => AlipayTradeStatus.TradeFinished,
        _ => AlipayTradeStatus.Unknown,
    };

    /// <summary>"2019-08-15 15:56:25" (Beijing) as UTC, or null when it is not in that exact form.</summary>
    public static DateTimeOffset? ParseBeijingTime(string? value) =>
        DateTime.TryParseExact(value, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, BeijingOffset).ToUniversalTime()
            : null;

    /// <summary>Collects the first problem instead of stopping, so one constructor call reads every field.</summary>
    private sealed class FieldReader(IReadOnlyDictionary<string, string> fields)
    {
        public string? Problem { get; private set; }

        public string? Optional(string name) => fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

        public string Required(string name) => Optional(name) ?? Fail(name, "is missing", "");

        public DateTimeOffset RequiredTime(string name) => OptionalTime(name) ?? Fail(name, "is missing", DateTimeOffset.MinValue);

        public DateTimeOffset? OptionalTime(string name) =>
            Optional(name) is not { } text ? null : ParseBeijingTime(text) ?? Fail<DateTimeOffset?>(name, $"is not {TimeFormat}", null);

        public long RequiredFen(string name) => OptionalFen(name) ?? Fail(name, "is missing", 0L);

        public long? OptionalFen(string name) =>
            Optional(name) is not { } text ? null : AlipayAmount.TryParseFen(text, out var fen) ? fen : Fail<long?>(name, "is not a yuan amount", null);

        private T Fail<T>(string name, string what, T fallback)
        {
            Problem ??= $"{name} {what}";
            return fallback;
        }
    }
}
