using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Circula.Payments.WeChatPay;

/// <summary>The <c>Wechatpay-*</c> headers of a response or callback.</summary>
public sealed record WeChatPaySignatureHeaders(string? Timestamp, string? Nonce, string? Signature, string? Serial, string? SignatureType = null)
{
    public const string TimestampHeader = "Wechatpay-Timestamp";
    public const string NonceHeader = "Wechatpay-Nonce";
    public const string SignatureHeader = "Wechatpay-Signature";
    public const string SerialHeader = "Wechatpay-Serial";
    public const string SignatureTypeHeader = "Wechatpay-Signature-Type";

    /// <summary>Reads the headers through a lookup, so HTTP responses and ASP.NET Core requests both work.</summary>
    public static WeChatPaySignatureHeaders Read(Func<string, string?> header) =>
        new(header(TimestampHeader), header(NonceHeader), header(SignatureHeader), header(SerialHeader), header(SignatureTypeHeader));
}

/// <summary>Why a signature was not accepted: a stable code for logs and, later, callback answers.</summary>
public enum WeChatPayVerificationFailure
{
    None,
    HeadersMissing,
    SignatureTypeUnsupported,
    UnknownSerial,
    CertificateExpired,
    TimestampExpired,
    SignatureInvalid,
}

public sealed record WeChatPayVerification(WeChatPayVerificationFailure Failure)
{
    public static readonly WeChatPayVerification Valid = new(WeChatPayVerificationFailure.None);

    public bool IsValid => Failure == WeChatPayVerificationFailure.None;

    public string Code => Failure switch
    {
        WeChatPayVerificationFailure.None => "valid",
        WeChatPayVerificationFailure.HeadersMissing => "headers_missing",
        WeChatPayVerificationFailure.SignatureTypeUnsupported => "signature_type_unsupported",
        WeChatPayVerificationFailure.UnknownSerial => "unknown_serial",
        WeChatPayVerificationFailure.CertificateExpired => "certificate_expired",
        WeChatPayVerificationFailure.TimestampExpired => "timestamp_expired",
        WeChatPayVerificationFailure.SignatureInvalid => "signature_invalid",
        _ => throw new ArgumentOutOfRangeException(nameof(Failure), Failure, null),
    };
}

/// <summary>
/// Verifies WeChat Pay's signature on a response or callback: SHA256withRSA over <c>TIMESTAMP\nNONCE\nBODY\n</c> with
/// the raw body bytes, using the key named by <c>Wechatpay-Serial</c> (a <c>PUB_KEY_ID_…</c> or a platform
/// certificate serial, refused once the certificate has expired), and a timestamp less than 5 minutes from now.
/// Expected failures are results, not exceptions.
/// </summary>
public sealed class WeChatPaySignatureVerifier(WeChatPayVerificationKeys keys, TimeProvider clock)
{
    public const string RsaSignatureType = "WECHATPAY2-SHA256-RSA2048";
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public static byte[] Message(string timestamp, string nonce, ReadOnlySpan<byte> body)
    {
        var head = Encoding.UTF8.GetBytes($"{timestamp}\n{nonce}\n");
        var message = new byte[head.Length + body.Length + 1];
        head.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(head.Length));
        message[^1] = (byte)'\n';
        return message;
    }

    public WeChatPayVerification Verify(WeChatPaySignatureHeaders headers, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(headers.Timestamp) || string.IsNullOrEmpty(headers.Nonce) || string.IsNullOrEmpty(headers.Signature) ||
            string.IsNullOrEmpty(headers.Serial))
        {
            return new(WeChatPayVerificationFailure.HeadersMissing);
        }

        if (!string.IsNullOrEmpty(headers.SignatureType) && headers.SignatureType != RsaSignatureType)
        {
            return new(WeChatPayVerificationFailure.SignatureTypeUnsupported);
        }

        if (keys.Find(headers.Serial) is not { } found)
        {
            return new(WeChatPayVerificationFailure.UnknownSerial);
        }

        if (found.NotAfter is { } notAfter && clock.GetUtcNow() >= notAfter)
        {
            return new(WeChatPayVerificationFailure.CertificateExpired);
        }

        var key = found.Key;

        if (!long.TryParse(headers.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - seconds) >= (long)MaxClockSkew.TotalSeconds)
        {
            return new(WeChatPayVerificationFailure.TimestampExpired);
        }

        // Probes prefixed WECHATPAY/SIGNTEST/ are not valid base64 signatures of the body and fail here, as they must.
        var signature = new byte[headers.Signature.Length];
        if (!Convert.TryFromBase64String(headers.Signature, signature, out var length) ||
            !key.VerifyData(Message(headers.Timestamp, headers.Nonce, body), signature.AsSpan(0, length), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return new(WeChatPayVerificationFailure.SignatureInvalid);
        }

        return WeChatPayVerification.Valid;
    }
}
