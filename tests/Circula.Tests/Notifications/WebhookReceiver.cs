using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Circula.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Circula.Tests.Notifications;

/// <summary>A request as an integrator's receiver got it: the Circula headers and the raw body.</summary>
public sealed record ReceivedWebhook(string Path, string EventId, string EventType, string Timestamp, string Signature, string Body);

/// <summary>An integrator's webhook receiver on loopback: records every request and answers 500 to the first calls of a path it was told to fail.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new();
    private WebApplication? _app;

    public string BaseUrl { get; private set; } = "";

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public async Task StartAsync() =>
        (_app, BaseUrl) = await LoopbackPeer.StartAsync(app => app.MapPost("/hooks/{name}", (Delegate)ReceiveAsync));

    /// <summary>A new receiver path that answers 500 to its first <paramref name="failures"/> calls.</summary>
    public string NewEndpoint(int failures = 0)
    {
        var name = Guid.NewGuid().ToString("N");
        _failuresLeft[name] = failures;
        return $"{BaseUrl}/hooks/{name}";
    }

    /// <summary>
    /// A new receiver path whose first call is recorded, then never answered (the sender is stuck mid-delivery);
    /// <paramref name="arrived"/> completes when that call comes in. Later calls are answered 200.
    /// </summary>
    public string NewHoldingEndpoint(out Task arrived)
    {
        var url = NewEndpoint();
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _holds[url[(url.LastIndexOf('/') + 1)..]] = hold;
        arrived = hold.Task;
        return url;
    }

    public List<ReceivedWebhook> For(string url) => Received.Where(r => url.EndsWith(r.Path, StringComparison.Ordinal)).ToList();

    private async Task<IResult> ReceiveAsync(HttpContext context, string name)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var headers = context.Request.Headers;
        Received.Enqueue(new ReceivedWebhook($"/hooks/{name}", headers["Circula-Event-Id"].ToString(), headers["Circula-Event-Type"].ToString(),
            headers["Circula-Timestamp"].ToString(), headers["Circula-Signature"].ToString(), await reader.ReadToEndAsync()));
        if (_holds.TryRemove(name, out var hold))
        {
            hold.SetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return Results.Text("held", statusCode: 500);
        }

        var left = _failuresLeft.AddOrUpdate(name, 0, (_, n) => n - 1);
        return left >= 0 ? Results.Text("boom", statusCode: 500) : Results.Ok();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>The receiver-side check exactly as docs/notifications.md shows it (C#).</summary>
public static class DocumentedSignatureCheck
{
    // --- begin snippet (docs/notifications.md) ---
    public static bool IsValidCirculaSignature(string secret, string timestamp, string rawBody, string signatureHeader, DateTimeOffset now)
    {
        if (!long.TryParse(timestamp, out var seconds) || Math.Abs(now.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false; // too old or from the future: a replay
        }

        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{rawBody}"));
        var expected = Encoding.ASCII.GetBytes("v1=" + Convert.ToHexStringLower(mac));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signatureHeader));
    }
    // --- end snippet ---
}
