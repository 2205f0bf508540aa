using System.Text;
using Circula.Payments.Alipay;
using Circula.Payments.Providers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Circula.Payments;

/// <summary>
/// <c>POST /api/v1/payments/alipay/notify</c>: Alipay's asynchronous notification (form-encoded). Reads the form and hands
/// its fields to <see cref="PaymentCallbacks"/> (Alipay verifies the RSA2 signature; the processor checks app_id,
/// out_trade_no and total_amount against the stored payment and applies it). Answers the plain text <c>success</c> when
/// processed (also a redelivery) and <c>failure</c> otherwise, which makes Alipay retry.
/// </summary>
public static class AlipayNotify
{
    public const string Success = "success";
    public const string Failure = "failure";

    public static async Task<IResult> Handle(HttpContext context, PaymentProviders providers, PaymentCallbacks callbacks, ILogger<AlipayNotification> logger,
        CancellationToken ct)
    {
        if (providers.Find(AlipayProvider.Name) is not { } provider)
        {
            return Reply(Failure, StatusCodes.Status404NotFound);
        }

        if (!context.Request.HasFormContentType)
        {
            logger.LogWarning("Alipay notification refused: not a form ({ContentType}, from {Remote})", context.Request.ContentType, context.Connection.RemoteIpAddress);
            return Reply(Failure);
        }

        var form = await context.Request.ReadFormAsync(ct);
        var outcome = TryReadFields(form) is { } fields
            ? await callbacks.HandleAsync(provider, CallbackKind.Payment, new ProviderCallback(name => context.Request.Headers[name].FirstOrDefault(), [], fields), ct)
            : new NoticeOutcome(NoticeResult.Unverified, AlipayCheck.DuplicateField);
        if (outcome.Result == NoticeResult.Unverified)
        {
            // Not verified, so nothing in it is trusted or stored (a forger could fill the table); the log is the record.
            logger.LogWarning("Alipay notification refused: {Reason} (notify_id {NotifyId}, {Count} fields, from {Remote})",
                outcome.Outcome, form["notify_id"].FirstOrDefault(), form.Count, context.Connection.RemoteIpAddress);
        }

        return Reply(outcome.Result == NoticeResult.Processed ? Success : Failure);
    }

    /// <summary>The form's fields, decoded; null when a field is sent twice (the signed content would be ambiguous).</summary>
    public static IReadOnlyDictionary<string, string>? TryReadFields(IFormCollection form)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in form)
        {
            if (values.Count != 1)
            {
                return null;
            }

            fields[key] = values[0] ?? "";
        }

        return fields;
    }

    private static IResult Reply(string text, int status = StatusCodes.Status200OK) =>
        TypedResults.Text(text, "text/plain", Encoding.UTF8, status);
}
