using Circula.Shared;

namespace Circula.Sandbox;

/// <summary><c>POST /sandbox/{wechatpay,alipay}/pay</c>: pay a sandbox trade now.</summary>
public sealed record SandboxPayRequest(string OutTradeNo, int? DelayMs, int? Duplicates, bool? CorruptSignature, long? AmountFen, bool? DropNotification = null,
    bool? Reorder = null)
    : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Required("outTradeNo", OutTradeNo, 64);
        if (DelayMs is < 0 or > 10_000)
        {
            errors.Add("delayMs", "must be between 0 and 10000.");
        }

        if (Duplicates is < 1 or > 20)
        {
            errors.Add("duplicates", "must be between 1 and 20.");
        }

        if (AmountFen is < 1)
        {
            errors.Add("amountFen", "must be at least 1.");
        }

        if (DropNotification == true && (Duplicates is not null || CorruptSignature == true || AmountFen is not null))
        {
            errors.Add("dropNotification", "sends nothing, so it cannot be combined with duplicates, corruptSignature or amountFen.");
        }
    }
}

/// <summary>What a sandbox <c>pay</c> sent and what our notify endpoint answered to each copy.</summary>
public sealed record SandboxPayResponse(string NotificationId, string TransactionId, string NotifyUrl, IReadOnlyList<SandboxDelivery> Deliveries);
