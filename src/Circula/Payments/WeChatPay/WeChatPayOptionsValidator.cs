using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Circula.Payments.WeChatPay;

/// <summary>
/// When WeChat Pay is enabled, checks every value it needs and parses every key, so a misconfigured server stops at
/// start and names the variable to set. Messages never contain key material. The URL settings are not checked when a
/// stand-in replaces them.
/// </summary>
internal sealed class WeChatPayOptionsValidator(IWeChatPayStandIn? standIn = null) : IValidateOptions<WeChatPayOptions>
{
    public ValidateOptionsResult Validate(string? name, WeChatPayOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.MchId) || !options.MchId.All(char.IsAsciiDigit))
        {
            failures.Add(Setting(nameof(options.MchId), "is required: the merchant id (商户号), digits only"));
        }

        if (string.IsNullOrWhiteSpace(options.AppId))
        {
            failures.Add(Setting(nameof(options.AppId), "is required: the mini program's AppID"));
        }

        if (string.IsNullOrWhiteSpace(options.MerchantSerialNumber))
        {
            failures.Add(Setting(nameof(options.MerchantSerialNumber), "is required: the serial number of the merchant API certificate"));
        }

        CheckMerchantKey(options, failures);
        CheckApiV3Key(options.ApiV3Key, failures);
        CheckVerificationKeys(options, failures);
        if (standIn is null)
        {
            CheckUrls(options, failures);
        }

        if (options.TimeoutSeconds is < 1 or > 60)
        {
            failures.Add(Setting(nameof(options.TimeoutSeconds), "must be between 1 and 60"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckMerchantKey(WeChatPayOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.MerchantPrivateKey) && string.IsNullOrWhiteSpace(options.MerchantPrivateKeyPath))
        {
            failures.Add(Setting(nameof(options.MerchantPrivateKey), "is required: the merchant API private key (apiclient_key.pem) as PEM text, " +
                $"or its file path in {WeChatPayOptions.EnvironmentName(nameof(options.MerchantPrivateKeyPath))}"));
            return;
        }

        var setting = string.IsNullOrWhiteSpace(options.MerchantPrivateKey) ? nameof(options.MerchantPrivateKeyPath) : nameof(options.MerchantPrivateKey);
        Check(setting, "an RSA private key in PEM", failures,
            () => WeChatPayCredentials.LoadPrivateKey(WeChatPayCredentials.Text(options.MerchantPrivateKey, options.MerchantPrivateKeyPath)!).Dispose());
    }

    private static void CheckApiV3Key(string? key, List<string> failures)
    {
        if (string.IsNullOrEmpty(key))
        {
            failures.Add(Setting(nameof(WeChatPayOptions.ApiV3Key), $"is required: the APIv3 key set on the merchant platform ({WeChatPayOptions.ApiV3KeyLength} characters)"));
        }
        else if (key.Length != WeChatPayOptions.ApiV3KeyLength || !key.All(char.IsAscii))
        {
            failures.Add(Setting(nameof(WeChatPayOptions.ApiV3Key), $"must be exactly {WeChatPayOptions.ApiV3KeyLength} ASCII characters (it has {key.Length})"));
        }
    }

    private static void CheckVerificationKeys(WeChatPayOptions options, List<string> failures)
    {
        var hasPublicKey = !string.IsNullOrWhiteSpace(options.WeChatPayPublicKey) || !string.IsNullOrWhiteSpace(options.WeChatPayPublicKeyPath);
        if (!hasPublicKey && options.PlatformCertificates.Count == 0 && !options.DownloadPlatformCertificates)
        {
            failures.Add($"{WeChatPayOptions.Section} needs a key to verify WeChat Pay's signatures: set {WeChatPayOptions.EnvironmentName(nameof(options.WeChatPayPublicKeyId))} " +
                $"and {WeChatPayOptions.EnvironmentName(nameof(options.WeChatPayPublicKey))} (or ...PublicKeyPath), and/or " +
                $"{WeChatPayOptions.EnvironmentName(nameof(options.PlatformCertificates))}__<serial> to a platform certificate (PEM or path), or " +
                $"{WeChatPayOptions.EnvironmentName(nameof(options.DownloadPlatformCertificates))}=true to download the platform certificates.");
        }

        if (options.PlatformCertificateRefreshInterval < TimeSpan.FromMinutes(1) || options.PlatformCertificateRefreshInterval > TimeSpan.FromDays(1))
        {
            failures.Add(Setting(nameof(options.PlatformCertificateRefreshInterval), "must be between 00:01:00 and 1.00:00:00 (a day)"));
        }

        if (hasPublicKey)
        {
            if (string.IsNullOrWhiteSpace(options.WeChatPayPublicKeyId))
            {
                failures.Add(Setting(nameof(options.WeChatPayPublicKeyId), "is required with a WeChat Pay public key: its id, PUB_KEY_ID_…"));
            }

            var setting = string.IsNullOrWhiteSpace(options.WeChatPayPublicKey) ? nameof(options.WeChatPayPublicKeyPath) : nameof(options.WeChatPayPublicKey);
            Check(setting, "an RSA public key in PEM", failures,
                () => WeChatPayCredentials.LoadPublicKey(WeChatPayCredentials.Text(options.WeChatPayPublicKey, options.WeChatPayPublicKeyPath)!).Dispose());
        }
        else if (!string.IsNullOrWhiteSpace(options.WeChatPayPublicKeyId))
        {
            failures.Add(Setting(nameof(options.WeChatPayPublicKey), $"is required with {nameof(options.WeChatPayPublicKeyId)}: the WeChat Pay public key as PEM text or path"));
        }

        foreach (var (serial, pemOrPath) in options.PlatformCertificates)
        {
            Check($"{nameof(options.PlatformCertificates)}__{serial}", "a platform certificate (PEM text or path) with that serial", failures,
                () => WeChatPayCredentials.LoadCertificate(serial, pemOrPath).Key.Dispose());
        }
    }

    private static void CheckUrls(WeChatPayOptions options, List<string> failures)
    {
        if (!(Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl) && baseUrl.Scheme is "http" or "https"))
        {
            failures.Add(Setting(nameof(options.BaseUrl), $"must be an absolute http(s) URL (default {WeChatPayOptions.ProductionBaseUrl})"));
        }

        if (!(Uri.TryCreate(options.NotifyUrl, UriKind.Absolute, out var notifyUrl) && notifyUrl.Scheme == "https" && notifyUrl.Query.Length == 0))
        {
            failures.Add(Setting(nameof(options.NotifyUrl), "is required: the public https URL WeChat Pay posts results to, without a query string"));
        }

        if (options.TransferNotifyUrl is { } transfer && !(Uri.TryCreate(transfer, UriKind.Absolute, out var transferUrl) && transferUrl.Scheme == "https" &&
                transferUrl.Query.Length == 0))
        {
            failures.Add(Setting(nameof(options.TransferNotifyUrl), "must be the public https URL of /api/v1/payments/wechatpay/transfer-notify, without a query string"));
        }

        if (string.IsNullOrWhiteSpace(options.TransferSceneId) || !options.TransferSceneId.All(char.IsAsciiDigit))
        {
            failures.Add(Setting(nameof(options.TransferSceneId), "must be the id (digits) of a merchant transfer scene approved for this merchant (default 1000)"));
        }
    }

    private static void Check(string setting, string expected, List<string> failures, Action load)
    {
        try
        {
            load();
        }
        catch (InvalidDataException e)
        {
            // Our own messages (key size, serial) hold no key material.
            failures.Add(Setting(setting, $"must be {expected}: {e.Message}"));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            // A parser's message may quote the PEM, so only the exception's type is reported.
            failures.Add(Setting(setting, $"must be {expected}; it could not be read ({e.GetType().Name})"));
        }
    }

    private static string Setting(string setting, string problem) =>
        $"{WeChatPayOptions.Section}:{setting.Replace("__", ":", StringComparison.Ordinal)} {problem} (set {WeChatPayOptions.EnvironmentName(setting)}).";
}
