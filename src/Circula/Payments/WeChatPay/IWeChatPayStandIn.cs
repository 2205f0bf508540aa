namespace Circula.Payments.WeChatPay;

/// <summary>
/// WeChat Pay played by this very server, for development and tests without a merchant account; registered by the host,
/// never in production. Its URLs are the server's own address, known only once it listens, so they replace the URL
/// settings, which are then neither used nor checked.
/// </summary>
public interface IWeChatPayStandIn
{
    string BaseUrl { get; }

    string NotifyUrl { get; }

    string RefundNotifyUrl { get; }

    string TransferNotifyUrl { get; }
}
