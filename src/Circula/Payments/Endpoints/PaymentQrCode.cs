using QRCoder;

namespace Circula.Payments.Endpoints;

/// <summary>
/// The QR image of a Native payment's <c>code_url</c>, as a PNG data URL so a web checkout can put it straight into
/// <c>&lt;img src&gt;</c> (an image URL would need the buyer's bearer token, which an img tag cannot send).
/// </summary>
public static class PaymentQrCode
{
    /// <summary>8 pixels per module: a code_url (about 40 characters, version 3) gives a 264-pixel square, easily scanned from a screen.</summary>
    public const int PixelsPerModule = 8;

    // M recovers 15% damage, WeChat's own Native examples use it; higher levels only make the code denser.
    public const QRCodeGenerator.ECCLevel ErrorCorrection = QRCodeGenerator.ECCLevel.M;

    private static byte[] Png(string codeUrl)
    {
        using var data = QRCodeGenerator.GenerateQrCode(codeUrl, ErrorCorrection);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(PixelsPerModule);
    }

    public static string PngDataUrl(string codeUrl) => "data:image/png;base64," + Convert.ToBase64String(Png(codeUrl));
}
