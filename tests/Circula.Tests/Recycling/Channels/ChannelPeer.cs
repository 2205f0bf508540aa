using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Circula.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Circula.Tests.Recycling.Channels;

/// <summary>How the peer answers its next calls.</summary>
public enum PeerMode
{
    Healthy,
    Fails500,
    /// <summary>Never answers (until the caller gives up).</summary>
    Hangs,
    /// <summary>Answers after <see cref="ChannelPeer.SlowBy"/>.</summary>
    Slow,
    /// <summary>A 422 refusal with a code, as a partner that does not cover the address answers.</summary>
    Refuses,
}

/// <summary>
/// A loopback recycling partner speaking the documented channel protocol. It checks every request's signature as a
/// partner must (computed here independently of the product: HMAC-SHA256 over timestamp, nonce, method, path and body,
/// hex; five minutes of skew by the test clock; each nonce once) and answers 401 otherwise; it can be told to fail,
/// hang, be slow or refuse. It signs the status callbacks it sends back the same way.
/// </summary>
public sealed class ChannelPeer(string name, string secret, TimeProvider clock) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte> _nonces = new();
    private WebApplication? _app;

    public string Name { get; } = name;

    public string Secret { get; } = secret;

    public string BaseUrl { get; private set; } = "";

    public PeerMode Mode { get; set; } = PeerMode.Healthy;

    public TimeSpan SlowBy { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The status the peer answers to a status query.</summary>
    public string ReportedStatus { get; set; } = "assigned";

    /// <summary>Requests that reached the peer (verified or not), by path.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Requests whose signature verified.</summary>
    public int Verified => _verified;

    /// <summary>Requests refused for their signature, with the reason.</summary>
    public ConcurrentQueue<string> SignatureFailures { get; } = new();

    /// <summary>Orders taken: appointment id → the order body.</summary>
    public ConcurrentDictionary<string, JsonElement> Orders { get; } = new();

    private int _verified;

    public async Task StartAsync()
    {
        (_app, BaseUrl) = await LoopbackPeer.StartAsync(app =>
        {
            app.MapPost("/partner/quotes", context => AnswerAsync(context, body => new { priceFen = 1850 }));
            app.MapPost("/partner/orders", context => AnswerAsync(context, body =>
            {
                var appointment = body.GetProperty("appointmentId").GetString()!;
                Orders[appointment] = body;
                return new { externalId = ExternalId(appointment), status = "accepted" };
            }));
            app.MapGet("/partner/orders/{id}", context => AnswerAsync(context, _ => new { externalId = (string)context.Request.RouteValues["id"]!, status = ReportedStatus }));
            app.MapPost("/partner/orders/{id}/cancel", context => AnswerAsync(context, _ => new { externalId = (string)context.Request.RouteValues["id"]!, status = "cancelled" }));
        });
        BaseUrl += "/partner";
    }

    public string ExternalId(string appointmentId) => $"{Name}-{appointmentId}";

    private async Task AnswerAsync(HttpContext context, Func<JsonElement, object> answer)
    {
        var request = context.Request;
        Requests.Enqueue(request.Path);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        if (Check(request, body) is { } failure)
        {
            SignatureFailures.Enqueue(failure);
            context.Response.StatusCode = 401;
            await context.Response.WriteAsJsonAsync(new { code = failure, message = "signature" });
            return;
        }

        Interlocked.Increment(ref _verified);
        switch (Mode)
        {
            case PeerMode.Hangs:
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
                return;
            case PeerMode.Slow:
                await Task.Delay(SlowBy);
                break;
            case PeerMode.Fails500:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("internal error");
                return;
            case PeerMode.Refuses:
                context.Response.StatusCode = 422;
                await context.Response.WriteAsJsonAsync(new { code = "area_not_covered", message = "不在服务范围" });
                return;
        }

        var json = body.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(body);
        await context.Response.WriteAsJsonAsync(answer(json));
    }

    /// <summary>The partner's own check of our signature; null when it holds.</summary>
    private string? Check(HttpRequest request, byte[] body)
    {
        var timestamp = request.Headers["X-Circula-Timestamp"].ToString();
        var nonce = request.Headers["X-Circula-Nonce"].ToString();
        var signature = request.Headers["X-Circula-Signature"].ToString();
        if (timestamp.Length == 0 || nonce.Length == 0 || signature.Length == 0 || request.Headers["X-Circula-Channel"] != Name)
        {
            return "headers_missing";
        }

        if (Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - long.Parse(timestamp, CultureInfo.InvariantCulture)) > 300)
        {
            return "timestamp_expired";
        }

        if (signature != Signature(timestamp, nonce, request.Method, $"{request.Path}{request.QueryString}", body))
        {
            return "signature_invalid";
        }

        return _nonces.TryAdd(nonce, 0) ? null : "nonce_replayed";
    }

    public string Signature(string timestamp, string nonce, string method, string pathAndQuery, byte[] body)
    {
        var message = Encoding.UTF8.GetBytes($"{timestamp}\n{nonce}\n{method}\n{pathAndQuery}\n").Concat(body).ToArray();
        return Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), message)).ToLowerInvariant();
    }

    /// <summary>
    /// Posts a status callback to <paramref name="server"/>, signed unless told otherwise: <paramref name="nonce"/> to reuse
    /// one, <paramref name="skew"/> to date it, <paramref name="tamper"/> to change the body after signing, <paramref name="unsigned"/> to send no signature.
    /// </summary>
    public async Task<(HttpResponseMessage Response, string Nonce)> CallbackAsync(HttpClient server, object body, string? nonce = null, TimeSpan skew = default,
        bool tamper = false, bool unsigned = false)
    {
        var path = $"/api/v1/recycling/channels/{Name}/callbacks";
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        var timestamp = (clock.GetUtcNow() + skew).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        nonce ??= Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (!unsigned)
        {
            request.Headers.Add("X-Circula-Timestamp", timestamp);
            request.Headers.Add("X-Circula-Nonce", nonce);
            request.Headers.Add("X-Circula-Signature", Signature(timestamp, nonce, "POST", path, bytes));
        }

        var sent = tamper ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\"completed\"", "\"cancelled\"", StringComparison.Ordinal)) : bytes;
        request.Content = new ByteArrayContent(sent);
        request.Content.Headers.ContentType = new("application/json");
        return (await server.SendAsync(request), nonce);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
