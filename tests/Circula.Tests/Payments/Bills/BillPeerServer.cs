using Circula.Data;
using Circula.Tests.Infrastructure;
using Circula.Tests.Payments.Alipay;
using Circula.Tests.Payments.WeChatPay;

namespace Circula.Tests.Payments.Bills;

/// <summary>
/// A server whose WeChat Pay is <see cref="WeChatPayPeer"/> and whose Alipay is <see cref="AlipayPeer"/> (not the sandboxes); the
/// daily schedule is off so only the tests run bills.
/// </summary>
public abstract class BillPeerServer : CirculaServer
{
    public WeChatPayPeer WeChatPay { get; } = new();

    public AlipayPeer Alipay { get; } = new(AlipayTestKeys.App, AlipayTestKeys.Alipay);

    protected override IEnumerable<string> ExtraSettings =>
    [
        .. base.ExtraSettings,
        "Circula:Payments:Bills:Enabled=false",
        "Circula:Payments:WeChatPay:Enabled=true",
        $"Circula:Payments:WeChatPay:MchId={WeChatPayPeer.MchId}",
        $"Circula:Payments:WeChatPay:AppId={WeChatPayPeer.AppId}",
        $"Circula:Payments:WeChatPay:MerchantSerialNumber={WeChatPayPeer.MerchantSerial}",
        $"Circula:Payments:WeChatPay:MerchantPrivateKey={WeChatPay.MerchantKey.ExportPkcs8PrivateKeyPem()}",
        "Circula:Payments:WeChatPay:ApiV3Key=0123456789abcdefghijklmnopqrstuv",
        $"Circula:Payments:WeChatPay:WeChatPayPublicKeyId={WeChatPayPeer.PublicKeyId}",
        $"Circula:Payments:WeChatPay:WeChatPayPublicKey={WeChatPay.PlatformPublicKeyPem}",
        $"Circula:Payments:WeChatPay:BaseUrl={WeChatPay.BaseUrl}",
        "Circula:Payments:WeChatPay:NotifyUrl=https://shop.example.com/api/v1/payments/wechatpay/notify",
        "Circula:Payments:Alipay:Enabled=true",
        $"Circula:Payments:Alipay:AppId={AlipayTestKeys.AppId}",
        $"Circula:Payments:Alipay:AppPrivateKey={AlipayTestKeys.AppPrivateKeyBase64}",
        $"Circula:Payments:Alipay:AlipayPublicKey={AlipayTestKeys.AlipayPublicKeyBase64}",
        $"Circula:Payments:Alipay:GatewayUrl={Alipay.GatewayUrl}",
        "Circula:Payments:Alipay:NotifyUrl=https://shop.example.cn/api/v1/payments/alipay/notify",
    ];

    protected override async Task StartDependenciesAsync()
    {
        await WeChatPay.StartAsync();
        await Alipay.StartAsync();
    }

    protected override async ValueTask StopDependenciesAsync()
    {
        await WeChatPay.DisposeAsync();
        await Alipay.DisposeAsync();
    }
}

public sealed class BillPeerSqliteServer : BillPeerServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class BillPeerPostgresServer : BillPeerServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
