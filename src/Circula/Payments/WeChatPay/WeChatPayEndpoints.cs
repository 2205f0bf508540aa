using Microsoft.Extensions.Options;

namespace Circula.Payments.WeChatPay;

/// <summary>Where WeChat Pay is called and where it calls back: the configured URLs, or those of a stand-in when the host registers one.</summary>
public sealed class WeChatPayEndpoints(IOptions<WeChatPayOptions> options, IWeChatPayStandIn? standIn = null)
{
    public const string NotifyPath = "/api/v1/payments/wechatpay/notify";
    public const string RefundNotifyPath = "/api/v1/payments/wechatpay/refund-notify";
    public const string TransferNotifyPath = "/api/v1/payments/wechatpay/transfer-notify";

    public string BaseUrl => standIn?.BaseUrl ?? options.Value.BaseUrl.TrimEnd('/');

    public string NotifyUrl => standIn?.NotifyUrl ?? options.Value.NotifyUrl!;

    public string? RefundNotifyUrl => standIn is null ? options.Value.RefundNotifyUrl : standIn.RefundNotifyUrl;

    public string? TransferNotifyUrl => standIn is null ? options.Value.TransferNotifyUrl : standIn.TransferNotifyUrl;
}
