namespace Circula.Payments.Alipay;

/// <summary>
/// Alipay played by this very server, for development and tests without an Alipay application; registered by the host,
/// never in production. Its URLs are the server's own address, known only once it listens, so they replace the gateway
/// and notify URL settings, and a missing notify URL is not an error.
/// </summary>
public interface IAlipayStandIn
{
    string GatewayUrl { get; }

    string NotifyUrl { get; }
}
