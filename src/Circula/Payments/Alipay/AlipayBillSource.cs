using System.Security.Cryptography;
using Circula.Payments.Bills;

namespace Circula.Payments.Alipay;

/// <summary>
/// Alipay's trade bill: <c>alipay.data.dataservice.bill.downloadurl.query</c> (<c>bill_type=trade</c>; its answer's
/// signature is verified like every gateway answer) names <c>bill_download_url</c>, a short-lived link to a zip that
/// is downloaded unsigned, as Alipay serves it. Alipay sends no hash of the file; the SHA1 stored with the report is
/// our own, of the zip we compared.
/// </summary>
public sealed class AlipayBillSource(AlipayClient client) : IPaymentBillSource
{
    public async Task<ProviderBill> FetchAsync(DateOnly billDate, CancellationToken ct)
    {
        var location = Required(await client.BillDownloadUrlAsync(ChinaDay.ToText(billDate), ct), $"{AlipayClient.BillDownloadUrlMethod} failed");
        var zip = Required(await client.DownloadBillAsync(location, ct), "Downloading the trade bill failed");
        var (payments, refunds) = AlipayTradeBill.ParseZip(zip);
        return new ProviderBill(AlipayProvider.Name, billDate, Convert.ToHexStringLower(SHA1.HashData(zip)), payments, refunds);
    }

    private static T Required<T>(AlipayResult<T> result, string failure) where T : class =>
        result.Value ?? throw new BillUnavailableException(BillUnavailableException.ProviderError, $"{failure}: {Describe(result.Error!)}.");

    /// <summary>"Business 40004 isp.bill_not_exist 账单不存在" (a bill not made yet, or a day without trades), or the kind alone.</summary>
    private static string Describe(AlipayError error) =>
        error.Kind == AlipayErrorKind.Business
            ? $"{error.Kind} {error.Code} {error.SubCode ?? error.Message} {error.SubMessage}".TrimEnd()
            : error.Kind == AlipayErrorKind.UnverifiedResponse ? "the answer's signature did not verify" : "no usable answer (unreachable, an HTTP error, or not the expected JSON; see the log)";
}
