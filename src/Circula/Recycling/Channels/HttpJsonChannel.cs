using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Circula.Recycling.Appointments;
using Circula.Recycling.Contracts;

namespace Circula.Recycling.Channels;

/// <summary>
/// The generic channel: a partner that speaks our documented HTTP JSON protocol (docs/recycling.md, "Third-party
/// channels") at <see cref="RecyclingChannelSettings.Endpoint"/>. Every request is signed (<see cref="ChannelSignature"/>);
/// a 4xx answer with <c>{code, message}</c> is a refusal, anything else that is not a 2xx with the expected JSON throws
/// <see cref="ChannelUnavailableException"/>.
/// </summary>
public sealed class HttpJsonChannel(RecyclingChannelSettings settings, IHttpClientFactory http, TimeProvider clock) : IRecyclingChannel
{
    public const string HttpClientName = "recycling-channels";

    /// <summary>The partner's wire format: camelCase, statuses in snake_case (<c>on_the_way</c>), ids as strings.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        NumberHandling = JsonNumberHandling.Strict,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public RecyclingChannelInfo Info { get; } = new(settings.Name!, settings.Priority, settings.Categories, settings.Coverage,
        new ChannelGuard(settings.Timeout, settings.BreakAfterFailures, settings.BreakerWindow, settings.BreakFor));

    public Task<ChannelAnswer<ChannelQuote>> QuoteAsync(ChannelPickup pickup, CancellationToken ct) =>
        SendAsync<ChannelQuote>(HttpMethod.Post, "/quotes", PickupBody.From(pickup), ct);

    public Task<ChannelAnswer<ChannelOrderAnswer>> CreateOrderAsync(ChannelPickup pickup, CancellationToken ct) =>
        SendAsync<ChannelOrderAnswer>(HttpMethod.Post, "/orders", PickupBody.From(pickup), ct);

    public Task<ChannelAnswer<ChannelOrderAnswer>> GetStatusAsync(long appointmentId, string externalId, CancellationToken ct) =>
        SendAsync<ChannelOrderAnswer>(HttpMethod.Get, $"/orders/{Uri.EscapeDataString(externalId)}", null, ct);

    public Task<ChannelAnswer<ChannelOrderAnswer>> CancelAsync(long appointmentId, string externalId, string reason, CancellationToken ct) =>
        SendAsync<ChannelOrderAnswer>(HttpMethod.Post, $"/orders/{Uri.EscapeDataString(externalId)}/cancel",
            new CancelBody(appointmentId.ToString(System.Globalization.CultureInfo.InvariantCulture), reason), ct);

    private async Task<ChannelAnswer<TAnswer>> SendAsync<TAnswer>(HttpMethod method, string path, object? body, CancellationToken ct) where TAnswer : class
    {
        var uri = new Uri(settings.Endpoint!.TrimEnd('/') + path);
        var bytes = body is null ? [] : JsonSerializer.SerializeToUtf8Bytes(body, Json);
        using var request = new HttpRequestMessage(method, uri);
        foreach (var (name, value) in ChannelSignature.Headers(settings.Secret!, clock.GetUtcNow(), method.Method, uri.PathAndQuery, bytes))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.TryAddWithoutValidation(ChannelSignature.ChannelHeader, Info.Name);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new ChannelUnavailableException($"{Info.Name}: {e.Message}");
        }

        using (response)
        {
            var answer = await response.Content.ReadAsByteArrayAsync(ct);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return ReadPartnerJson<TAnswer>(answer) is { } value && Usable(value) ? value : throw new ChannelUnavailableException(
                    $"{Info.Name} answered {status} with unexpected JSON: {System.Text.Encoding.UTF8.GetString(answer.AsSpan(0, Math.Min(answer.Length, 200)))}");
            }

            if (status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests))
            {
                var refusal = ReadPartnerJson<RefusalBody>(answer);
                return new ChannelRefusal(refusal?.Code ?? $"http_{status}", refusal?.Message ?? $"{Info.Name} answered {status}.");
            }

            throw new ChannelUnavailableException($"{Info.Name} answered {status}.");
        }
    }

    private static TAnswer? ReadPartnerJson<TAnswer>(byte[] body) where TAnswer : class
    {
        try
        {
            return JsonSerializer.Deserialize<TAnswer>(body, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Usable(object answer) => answer switch
    {
        ChannelOrderAnswer order => order.ExternalId.Length is > 0 and <= ChannelOrder.MaxExternalIdLength && order.FinalFen is null or >= 0,
        ChannelQuote quote => quote.PriceFen >= 0,
        _ => true,
    };

    private sealed record RefusalBody(string? Code, string? Message);

    private sealed record CancelBody(string AppointmentId, string Reason);

    /// <summary>A pickup as the partner receives it.</summary>
    private sealed record PickupBody(string AppointmentId, long CategoryId, string Category, long QuotedFen, DateTime SlotStart, DateTime SlotEnd,
        string ContactName, string ContactPhone, PickupAddress Address)
    {
        public static PickupBody From(ChannelPickup p) => new(p.AppointmentId.ToString(System.Globalization.CultureInfo.InvariantCulture), p.CategoryId,
            p.CategoryPath, p.QuotedFen, p.SlotStart, p.SlotEnd, p.Contact.Name, p.Contact.Phone, p.Contact.Address);
    }
}
