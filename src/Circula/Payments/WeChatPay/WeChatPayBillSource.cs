using System.Security.Cryptography;
using System.Text;
using Circula.Payments.Bills;

namespace Circula.Payments.WeChatPay;

/// <summary>
/// The WeChat Pay v3 trade bill: <c>GET /v3/bill/tradebill?bill_date=…&amp;bill_type=ALL</c> (signed answer with
/// <c>hash_type</c> SHA1, <c>hash_value</c>, <c>download_url</c>), then a signed <c>GET download_url</c> whose answer
/// WeChat Pay does not sign: its bytes are trusted only when their SHA1 equals the signed <c>hash_value</c>.
/// </summary>
public sealed class WeChatPayBillSource(WeChatPayClient client) : IPaymentBillSource
{
    public async Task<ProviderBill> FetchAsync(DateOnly billDate, CancellationToken ct)
    {
        var located = await client.TradeBillAsync(ChinaDay.ToText(billDate), ct);
        if (located.Value is not { } location)
        {
            throw new BillUnavailableException(BillUnavailableException.ProviderError, $"WeChat Pay refused the trade bill request: {Describe(located.Error!)}.");
        }

        if (!string.Equals(location.HashType, WeChatPayBillLocation.Sha1, StringComparison.OrdinalIgnoreCase))
        {
            throw new BillUnavailableException(BillUnavailableException.ProviderError, $"WeChat Pay named hash type {location.HashType}; only SHA1 is known.");
        }

        var downloaded = await client.DownloadBillAsync(location, ct);
        if (downloaded.Value is not { } bytes)
        {
            throw new BillUnavailableException(BillUnavailableException.ProviderError, $"Downloading the trade bill failed: {Describe(downloaded.Error!)}.");
        }

        var sha1 = Convert.ToHexStringLower(SHA1.HashData(bytes));
        if (!string.Equals(sha1, location.HashValue.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            throw new BillUnavailableException(BillUnavailableException.HashMismatch,
                $"The downloaded trade bill ({bytes.Length} bytes) has SHA1 {sha1}, WeChat Pay's signed answer says {location.HashValue}: not used.");
        }

        var (payments, refunds) = WeChatPayTradeBill.Parse(Encoding.UTF8.GetString(bytes));
        return new ProviderBill(WeChatPayProvider.Name, billDate, sha1, payments, refunds);
    }

    private static string Describe(WeChatPayError error) =>
        $"{error.Kind} {error.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {error.Code} {error.Message} (Request-ID {error.RequestId ?? "-"})".Replace("  ", " ", StringComparison.Ordinal);
}
