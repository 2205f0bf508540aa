using System.Security.Cryptography;
using Circula.Payments.WeChatPay;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Payments.WeChatPay;

/// <summary>Fixed clocks and nonces, so published vectors can be reproduced, and helpers that sign like WeChat Pay.</summary>
internal static class WeChatPayTestKit
{
    public static ManualClock ClockAt(long unixSeconds)
    {
        var clock = new ManualClock();
        clock.Advance(DateTimeOffset.FromUnixTimeSeconds(unixSeconds) - clock.GetUtcNow());
        return clock;
    }

    public static RSA VectorKey()
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(WeChatPayVectors.TestPrivateKey);
        return rsa;
    }

    /// <summary>What WeChat Pay does to a response or callback: sign <c>TIMESTAMP\nNONCE\nBODY\n</c> with its key.</summary>
    public static WeChatPaySignatureHeaders SignAsWeChatPay(RSA platformKey, string serial, long timestamp, string nonce, byte[] body)
    {
        var signature = platformKey.SignData(WeChatPaySignatureVerifier.Message(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), nonce, body),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return new WeChatPaySignatureHeaders(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), nonce, Convert.ToBase64String(signature), serial);
    }
}

internal sealed class FixedNonce(string nonce) : IWeChatPayNonceSource
{
    public string NextNonce() => nonce;
}
