using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Circula.Payments.Alipay;
using Circula.Payments.WeChatPay;
using Circula.Sandbox.Alipay;
using Circula.Sandbox.WeChatPay;
using Circula.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Payments;

/// <summary>One refund or close request as it left our server for the provider (WeChat Pay JSON or Alipay form), and the status it got.</summary>
public sealed record ProviderCall(string Provider, string Kind, string Method, string Target, string Body, string Authorization, int Status)
{
    public IReadOnlyDictionary<string, string> Form() => QueryHelpers.ParseQuery(Body).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
}

/// <summary>
/// Sits in front of our WeChat Pay and Alipay clients (on every instance of a test server) and records each refund and
/// close request, so a test can count what reached the provider and check its signature with the sandbox's own verifier.
/// The instances of one test server share it and one pair of sandboxes. Per out_trade_no a test can make the provider
/// refuse a refund (<see cref="Refuse"/>: WeChat Pay's 400 NOT_ENOUGH), answer a close 503 (<see cref="Unavailable"/>), answer an
/// Alipay close ACQ.TRADE_NOT_EXIST (<see cref="NoTrade"/>: the buyer never opened the pay page), or hold closes on their way (<see cref="HoldCloses"/>).
/// </summary>
public sealed class ProviderCalls
{
    public const string Refund = "refund";
    public const string Close = "close";

    public ConcurrentQueue<ProviderCall> Calls { get; } = new();

    public ConcurrentDictionary<string, bool> Refuse { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, bool> Unavailable { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, bool> NoTrade { get; } = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, HeldCloses> _held = new(StringComparer.Ordinal);

    /// <summary>The calls of <paramref name="kind"/> about <paramref name="outTradeNo"/> (in the body, or in the path as WeChat Pay's close has it).</summary>
    public IReadOnlyList<ProviderCall> For(string outTradeNo, string kind = Refund) =>
        Calls.Where(c => c.Kind == kind && (c.Body.Contains(outTradeNo, StringComparison.Ordinal) || c.Target.Contains(outTradeNo, StringComparison.Ordinal))).ToList();

    /// <summary>Closes of <paramref name="outTradeNo"/> wait before going out until the answer is disposed.</summary>
    public HeldCloses HoldCloses(string outTradeNo) => _held[outTradeNo] = new HeldCloses(() => _held.TryRemove(outTradeNo, out _));

    /// <summary>Records the refund and close calls of every instance (they share the sandboxes through the database, as replicas share the real providers).</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddHttpClient<WeChatPayClient>().AddHttpMessageHandler(sp => new Recorder(this, "wechatpay", null, sp.GetRequiredService<WeChatPaySandboxGateway>()));
        services.AddHttpClient<AlipayClient>().AddHttpMessageHandler(sp => new Recorder(this, "alipay", sp.GetRequiredService<AlipaySandboxGateway>(), null));
    }

    /// <summary>Held closes: <see cref="Reached"/> completes when the first one is waiting; disposing lets them all go (and any later one pass).</summary>
    public sealed class HeldCloses(Action forget) : IDisposable
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private int _waiting;

        public Task Reached => _reached.Task.WaitAsync(TimeSpan.FromSeconds(20));

        /// <summary>How many closes are waiting now.</summary>
        public int Waiting => Volatile.Read(ref _waiting);

        public async Task WaitAsync()
        {
            Interlocked.Increment(ref _waiting);
            _reached.TrySetResult();
            await _released.Task;
        }

        public void Dispose()
        {
            forget();
            _released.TrySetResult();
        }
    }

    /// <param name="alipay">Signs the made-up Alipay answers, as the sandbox would.</param>
    /// <param name="wechatPay">Signs the made-up WeChat Pay refusals, as WeChat Pay signs its answers to a well-signed request.</param>
    private sealed class Recorder(ProviderCalls calls, string provider, AlipaySandboxGateway? alipay, WeChatPaySandboxGateway? wechatPay) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct);
            var target = request.RequestUri!.PathAndQuery;
            var kind = provider == "wechatpay"
                ? target.EndsWith(WeChatPayClient.RefundPath, StringComparison.Ordinal) ? Refund : target.EndsWith("/close", StringComparison.Ordinal) ? Close : null
                : body.Contains("method=" + AlipayClient.RefundMethod, StringComparison.Ordinal) ? Refund
                : body.Contains("method=" + AlipayClient.CloseMethod, StringComparison.Ordinal) ? Close : null;
            if (kind is null)
            {
                return await base.SendAsync(request, ct);
            }

            bool Marked(ConcurrentDictionary<string, bool> marks) =>
                marks.Keys.Any(no => body.Contains(no, StringComparison.Ordinal) || target.Contains(no, StringComparison.Ordinal));
            if (kind == Close && calls._held.FirstOrDefault(h => body.Contains(h.Key, StringComparison.Ordinal) || target.Contains(h.Key, StringComparison.Ordinal))
                    .Value is { } held)
            {
                await held.WaitAsync();
            }

            var response = (kind, provider) switch
            {
                (Refund, "wechatpay") when Marked(calls.Refuse) => SignedByWeChatPay(HttpStatusCode.BadRequest, """{"code":"NOT_ENOUGH","message":"基本账户余额不足，请充值后重新发起"}"""),
                (Close, _) when Marked(calls.Unavailable) => Json(HttpStatusCode.ServiceUnavailable, """{"code":"SYSTEM_ERROR","message":"系统错误"}"""),
                (Close, "alipay") when Marked(calls.NoTrade) => Json(HttpStatusCode.OK, alipay!.SignedResponse(AlipayResponse.NodeName(AlipayClient.CloseMethod), new JsonObject
                {
                    ["code"] = "40004", ["msg"] = "Business Failed", ["sub_code"] = AlipayError.TradeNotExist, ["sub_msg"] = "交易不存在",
                })),
                _ => await base.SendAsync(request, ct),
            };
            calls.Calls.Enqueue(new ProviderCall(provider, kind, request.Method.Method, target, body, request.Headers.Authorization?.ToString() ?? "",
                (int)response.StatusCode));
            return response;
        }

        private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
            new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

        private HttpResponseMessage SignedByWeChatPay(HttpStatusCode status, string json)
        {
            var response = Json(status, json);
            var signed = wechatPay!.SignAnswer(json);
            response.Headers.Add(WeChatPaySignatureHeaders.TimestampHeader, signed.Timestamp);
            response.Headers.Add(WeChatPaySignatureHeaders.NonceHeader, signed.Nonce);
            response.Headers.Add(WeChatPaySignatureHeaders.SignatureHeader, signed.Signature);
            response.Headers.Add(WeChatPaySignatureHeaders.SerialHeader, signed.Serial);
            return response;
        }
    }
}

/// <summary>Test servers whose instances (the first and every replica) share the sandboxes and one <see cref="ProviderCalls"/>.</summary>
public interface IRecordingServer
{
    ProviderCalls ProviderCalls { get; }
}

/// <summary>
/// The reconciler is slowed to its longest interval (a day), so that it neither closes nor pays what a test does
/// through the close on cancel, and every close a test counts is the one of the outbox handler.
/// </summary>
public static class RecordingServer
{
    public static IEnumerable<string> Settings(IEnumerable<string> baseSettings) => [.. baseSettings, "Circula:Payments:ReconcileAfter=1.00:00:00"];
}

public sealed class RecordingSqliteServer : SqliteServer, IRecordingServer
{
    public ProviderCalls ProviderCalls { get; } = new();

    protected override IEnumerable<string> ExtraSettings => RecordingServer.Settings(base.ExtraSettings);

    protected override void ConfigureServices(IServiceCollection services) => ProviderCalls.AddTo(services);
}

public sealed class RecordingPostgresServer : PostgresServer, IRecordingServer
{
    public ProviderCalls ProviderCalls { get; } = new();

    protected override IEnumerable<string> ExtraSettings => RecordingServer.Settings(base.ExtraSettings);

    protected override void ConfigureServices(IServiceCollection services) => ProviderCalls.AddTo(services);
}
