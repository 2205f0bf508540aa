using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Circula.Payments.Alipay;
using Circula.Payments.Sandbox;
using Circula.Payments.WeChatPay;
using Circula.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Payments;

/// <summary>One refund request as it left our server for the provider (WeChat Pay JSON or Alipay form), and the status it got.</summary>
public sealed record ProviderRefundCall(string Provider, string Method, string Target, string Body, string Authorization, int Status)
{
    public IReadOnlyDictionary<string, string> Form() => QueryHelpers.ParseQuery(Body).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
}

/// <summary>
/// Sits in front of our WeChat Pay and Alipay clients (on every instance of a test server) and records each refund
/// request, so a test can count what reached the provider and check its signature with the sandbox's own verifier.
/// The instances of one test server share it and one pair of sandboxes. A payment whose out_trade_no is in <see cref="Refuse"/> gets WeChat Pay's refusal (400 NOT_ENOUGH) instead.
/// </summary>
public sealed class ProviderRefundCalls
{
    public ConcurrentQueue<ProviderRefundCall> Calls { get; } = new();

    public ConcurrentDictionary<string, bool> Refuse { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<ProviderRefundCall> For(string outTradeNo) => Calls.Where(c => c.Body.Contains(outTradeNo, StringComparison.Ordinal)).ToList();

    private readonly Lazy<WeChatPaySandboxGateway>[] _wechat = new Lazy<WeChatPaySandboxGateway>[1];
    private readonly Lazy<AlipaySandboxGateway>[] _alipay = new Lazy<AlipaySandboxGateway>[1];

    /// <summary>Shares the sandboxes between the instances (as replicas share the real providers) and records their refund calls.</summary>
    public void AddTo(IServiceCollection services)
    {
        ReconcilingServer.ShareSandboxes(services, _wechat, _alipay);
        services.AddHttpClient<WeChatPayClient>().AddHttpMessageHandler(() => new Recorder(this, "wechatpay"));
        services.AddHttpClient<AlipayClient>().AddHttpMessageHandler(() => new Recorder(this, "alipay"));
    }

    private sealed class Recorder(ProviderRefundCalls calls, string provider) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct);
            var refund = provider == "wechatpay"
                ? request.RequestUri!.AbsolutePath.EndsWith(WeChatPayClient.RefundPath, StringComparison.Ordinal)
                : body.Contains("method=" + AlipayClient.RefundMethod, StringComparison.Ordinal);
            if (!refund)
            {
                return await base.SendAsync(request, ct);
            }

            var refused = provider == "wechatpay" && calls.Refuse.Keys.Any(no => body.Contains(no, StringComparison.Ordinal));
            var response = refused
                ? new HttpResponseMessage(HttpStatusCode.BadRequest)
                {
                    Content = new StringContent("""{"code":"NOT_ENOUGH","message":"基本账户余额不足，请充值后重新发起"}""", Encoding.UTF8, "application/json"),
                }
                : await base.SendAsync(request, ct);
            calls.Calls.Enqueue(new ProviderRefundCall(provider, request.Method.Method, request.RequestUri!.PathAndQuery, body,
                request.Headers.Authorization?.ToString() ?? "", (int)response.StatusCode));
            return response;
        }
    }
}

/// <summary>Test servers whose instances (the first and every replica) share the sandboxes and one <see cref="ProviderRefundCalls"/>.</summary>
public interface IRefundingServer
{
    ProviderRefundCalls ProviderCalls { get; }
}

public sealed class RefundingSqliteServer : SqliteServer, IRefundingServer
{
    public ProviderRefundCalls ProviderCalls { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => ProviderCalls.AddTo(services);
}

public sealed class RefundingPostgresServer : PostgresServer, IRefundingServer
{
    public ProviderRefundCalls ProviderCalls { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => ProviderCalls.AddTo(services);
}
