using Microsoft.Extensions.Options;

namespace Circula.Payments.Alipay;

/// <summary>Where Alipay is called (query, close, refund, bills) and where it calls back: the configured URLs, or those of a stand-in when the host registers one.</summary>
public sealed class AlipayEndpoints(IOptions<AlipayOptions> options, IAlipayStandIn? standIn = null)
{
    public const string NotifyPath = "/api/v1/payments/alipay/notify";

    public string GatewayUrl => standIn?.GatewayUrl ?? options.Value.GatewayUrl;

    public string NotifyUrl => standIn?.NotifyUrl ?? options.Value.NotifyUrl!;
}
