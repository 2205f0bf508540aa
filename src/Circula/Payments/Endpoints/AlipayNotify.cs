using System.Text;
using Circula.Payments.Alipay;
using Circula.Payments.Providers;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Circula.Payments.Endpoints;

/// <summary>
/// <c>POST /api/v1/payments/alipay/notify</c>: Alipay's asynchronous notification (form-encoded). Reads the form's fields
/// and hands them to <see cref="PaymentCallbacks"/> (Alipay verifies the RSA2 signature; the processor checks app_id,
/// out_trade_no and total_amount against the stored payment and applies it). Answers, in this one place, the plain text
/// <c>success</c> when processed (also a redelivery) and <c>failure</c> otherwise, which makes Alipay retry.
/// </summary>
public static class AlipayNotify
{
    public const string Success = "success";
    public const string Failure = "failure";

    /// <summary>A notification is a few kilobytes; a larger body is refused unread.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly Dictionary<string, string> Example = new(StringComparer.Ordinal)
    {
        ["notify_time"] = "2026-06-01 16:00:05", ["notify_type"] = "trade_status_sync", ["notify_id"] = "ac05099524730693a8b330c5ecf72da9786",
        ["app_id"] = "2021000000000001", ["charset"] = "utf-8", ["version"] = "1.0", ["sign_type"] = "RSA2", ["sign"] = "<base64 RSA2 signature>",
        ["trade_no"] = "2026060122001400000000000001", ["out_trade_no"] = "P7214567890987654321", ["trade_status"] = "TRADE_SUCCESS",
        ["total_amount"] = "25.90", ["gmt_payment"] = "2026-06-01 16:00:04",
    };

    public static void Map(RouteGroupBuilder payments) =>
        payments.MapPost("/alipay/notify", Handle).WithName("AlipayNotify")
            .WithSummary("Alipay's asynchronous notification (form-encoded, called by Alipay, not by clients): text/plain success, or failure to be retried")
            .AllowAnonymous().DisableAntiforgery()
            .Accepts<Dictionary<string, string>>("application/x-www-form-urlencoded")
            .Produces<string>(StatusCodes.Status200OK, "text/plain").Produces<string>(StatusCodes.Status404NotFound, "text/plain")
            .WithRequestExample(Example)
            .WithResponseExample(Success).WithResponseExample(Failure, StatusCodes.Status404NotFound);

    public static async Task<IResult> Handle([AsParameters] ProviderCallbackContext callback)
    {
        if (callback.Providers.Find(AlipayProvider.Name) is not { } provider)
        {
            return Reply(Failure, StatusCodes.Status404NotFound);
        }

        var request = callback.Http.Request;
        if (!request.HasFormContentType)
        {
            return Refuse(callback, "not a form", 0, StatusCodes.Status415UnsupportedMediaType);
        }

        var body = await CallbackBody.ReadAsync(request, MaxBodyBytes, callback.Aborted);
        if (body is null)
        {
            return Refuse(callback, "body_too_large", 0, StatusCodes.Status413PayloadTooLarge);
        }

        if (AlipayNotifyForm.Read(body, out var problem) is not { } form)
        {
            return Refuse(callback, problem!, 0, StatusCodes.Status400BadRequest);
        }

        var outcome = TryReadFields(form) is { } fields
            ? await callback.Callbacks.HandleAsync(provider, CallbackKind.Payment, new ProviderCallback(name => request.Headers[name].FirstOrDefault(), [], fields),
                callback.Aborted)
            : new NoticeOutcome(NoticeResult.Unverified, AlipayCheck.DuplicateField);
        if (outcome.Result == NoticeResult.Unverified)
        {
            return Refuse(callback, outcome.Outcome!, form.Count, StatusCodes.Status200OK, form.GetValueOrDefault("notify_id").ToString());
        }

        return Reply(outcome.Result == NoticeResult.Processed ? Success : Failure);
    }

    /// <summary>
    /// Not verified, so nothing in it is trusted or stored (a forger could fill the table): one log line is the record, and
    /// <c>failure</c> the answer (with a 4xx when the request itself is unacceptable, so it is never mistaken for an error of ours).
    /// </summary>
    private static IResult Refuse(ProviderCallbackContext callback, string reason, int fieldCount, int status, string? notifyId = null)
    {
        callback.Logger.LogWarning("Alipay notification refused: {Reason} (notify_id {NotifyId}, {Count} fields, {Length} bytes of {ContentType}, from {Remote})",
            reason, notifyId, fieldCount, callback.Http.Request.ContentLength, callback.Http.Request.ContentType, callback.Http.Connection.RemoteIpAddress);
        return Reply(Failure, status);
    }

    /// <summary>The form's fields, decoded; null when a field is sent twice (the signed content would be ambiguous).</summary>
    public static IReadOnlyDictionary<string, string>? TryReadFields(IEnumerable<KeyValuePair<string, StringValues>> form)
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
