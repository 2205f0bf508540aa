namespace Circula.Payments.WeChatPay;

/// <summary>
/// Bound from <c>Circula:Payments:WeChatPay</c>: a direct merchant's WeChat Pay API v3 credentials. Off by default;
/// when <see cref="Enabled"/> is true every value is checked at start (see <see cref="WeChatPayOptionsValidator"/>).
/// </summary>
public sealed class WeChatPayOptions
{
    public const string Section = "Circula:Payments:WeChatPay";
    public const string ProductionBaseUrl = "https://api.mch.weixin.qq.com";
    public const int ApiV3KeyLength = 32;

    public bool Enabled { get; set; }

    /// <summary>The merchant id (商户号), digits.</summary>
    public string? MchId { get; set; }

    /// <summary>The AppID payments are made for (the mini program's).</summary>
    public string? AppId { get; set; }

    /// <summary>Serial number of the merchant API certificate whose private key signs requests.</summary>
    public string? MerchantSerialNumber { get; set; }

    /// <summary>The merchant API private key (<c>apiclient_key.pem</c>) as PEM text; or use <see cref="MerchantPrivateKeyPath"/>.</summary>
    public string? MerchantPrivateKey { get; set; }

    public string? MerchantPrivateKeyPath { get; set; }

    /// <summary>The APIv3 key that encrypts callback resources: 32 ASCII characters.</summary>
    public string? ApiV3Key { get; set; }

    /// <summary>Public-key mode: the id (<c>PUB_KEY_ID_…</c>) WeChat Pay sends as <c>Wechatpay-Serial</c>.</summary>
    public string? WeChatPayPublicKeyId { get; set; }

    /// <summary>Public-key mode: the WeChat Pay public key as PEM text; or use <see cref="WeChatPayPublicKeyPath"/>.</summary>
    public string? WeChatPayPublicKey { get; set; }

    public string? WeChatPayPublicKeyPath { get; set; }

    /// <summary>Platform-certificate mode: certificate serial → the certificate as PEM text or the path of a PEM file.</summary>
    public Dictionary<string, string> PlatformCertificates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Platform-certificate mode: download the platform certificates from <c>/v3/certificates</c> at start and every
    /// <see cref="PlatformCertificateRefreshInterval"/>, so a new certificate is known before WeChat Pay signs with it.
    /// </summary>
    public bool DownloadPlatformCertificates { get; set; }

    public TimeSpan PlatformCertificateRefreshInterval { get; set; } = TimeSpan.FromHours(12);

    public string BaseUrl { get; set; } = ProductionBaseUrl;

    /// <summary>Where WeChat Pay posts payment and refund results: public HTTPS, no query string.</summary>
    public string? NotifyUrl { get; set; }

    /// <summary>Where WeChat Pay posts refund results (our <c>/api/v1/payments/wechatpay/refund-notify</c>); unset: the merchant platform's setting.</summary>
    public string? RefundNotifyUrl { get; set; }

    /// <summary>
    /// Where WeChat Pay posts merchant-transfer results (our <c>/api/v1/payments/wechatpay/transfer-notify</c>); unset: none
    /// are posted and transfers waiting too long are queried instead.
    /// </summary>
    public string? TransferNotifyUrl { get; set; }

    /// <summary>The merchant transfer scene (转账场景) approved for the merchant; 1000 is 现金营销, whose report items are 活动名称 and 奖励说明.</summary>
    public string TransferSceneId { get; set; } = "1000";

    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Never shows keys: options objects end up in logs and debugger views.</summary>
    public override string ToString() =>
        $"WeChatPay {{ Enabled = {Enabled}, MchId = {MchId}, AppId = {AppId}, MerchantSerialNumber = {MerchantSerialNumber}, " +
        $"WeChatPayPublicKeyId = {WeChatPayPublicKeyId}, PlatformCertificates = [{string.Join(", ", PlatformCertificates.Keys)}], " +
        $"BaseUrl = {BaseUrl}, NotifyUrl = {NotifyUrl}, RefundNotifyUrl = {RefundNotifyUrl}, TransferNotifyUrl = {TransferNotifyUrl}, keys redacted }}";

    internal static string EnvironmentName(string setting) => "Circula__Payments__WeChatPay__" + setting;
}
