using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Circula.Shared.Work;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Payments.WeChatPay;

/// <summary>
/// Platform-certificate mode with <see cref="WeChatPayOptions.DownloadPlatformCertificates"/>: fetches
/// <c>/v3/certificates</c> at start and every <see cref="WeChatPayOptions.PlatformCertificateRefreshInterval"/> (a failed
/// download is retried the next round), decrypts each certificate with the APIv3 key, checks that its serial is the one
/// listed and that it has not expired, and only then verifies the list's own signature (with a known key or one of the
/// certificates it carries) before any certificate is used. Each replica keeps its own copy: the list is public data.
/// </summary>
public sealed class WeChatPayPlatformCertificateDownload(
    WeChatPayClient client,
    WeChatPayVerificationKeys keys,
    WeChatPayResourceDecryptor decryptor,
    IOptions<WeChatPayOptions> options,
    TimeProvider time,
    ILogger<WeChatPayPlatformCertificateDownload> logger)
{
    public const string AssociatedData = "certificate";

    /// <summary>Downloads when none succeeded yet or the last one is older than the refresh interval; true when keys were added.</summary>
    public async Task<bool> DownloadIfDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (keys.DownloadedAt + options.Value.PlatformCertificateRefreshInterval > now)
        {
            return false;
        }

        var answer = await client.PlatformCertificatesAsync(ct);
        if (!answer.Succeeded)
        {
            logger.LogWarning("WeChat Pay platform certificates could not be downloaded ({Error}); retrying in {Round}", answer.Error,
                WeChatPayPlatformCertificateRefresh.Round);
            return false;
        }

        var downloaded = Decrypt(answer.Value!.Body, now);
        if (downloaded is null)
        {
            return false;
        }

        var verification = new WeChatPaySignatureVerifier(keys.With(downloaded), time).Verify(answer.Value.Headers, answer.Value.Body);
        if (!verification.IsValid)
        {
            logger.LogWarning("WeChat Pay platform certificate list is not signed by WeChat Pay ({Reason}, serial {Serial}); nothing was added",
                verification.Code, answer.Value.Headers.Serial);
            return false;
        }

        keys.AddDownloaded(downloaded, now);
        logger.LogInformation("WeChat Pay platform certificates downloaded: {Certificates}",
            string.Join(", ", downloaded.Select(c => $"{c.Key} until {c.Value.NotAfter:yyyy-MM-dd}")));
        return true;
    }

    /// <summary>The list's usable certificates; null (logged) when the list is malformed or a certificate fails its checks.</summary>
    private List<KeyValuePair<string, WeChatPayVerificationKey>>? Decrypt(byte[] body, DateTimeOffset now)
    {
        CertificateList? list;
        try
        {
            list = JsonSerializer.Deserialize<CertificateList>(body, WeChatPayJson.Options);
        }
        catch (JsonException)
        {
            list = null;
        }

        if (list?.Data is not { Count: > 0 } entries)
        {
            logger.LogWarning("WeChat Pay platform certificate list is malformed or empty");
            return null;
        }

        var usable = new List<KeyValuePair<string, WeChatPayVerificationKey>>();
        foreach (var entry in entries)
        {
            var decrypted = entry.EncryptCertificate is { AssociatedData: AssociatedData } resource
                ? decryptor.Decrypt(resource)
                : WeChatPayDecryption.Failed(WeChatPayDecryptionFailure.ResourceMalformed);
            if (!decrypted.Succeeded)
            {
                logger.LogWarning("WeChat Pay platform certificate {Serial} could not be decrypted ({Reason}); the list is refused", entry.SerialNo, decrypted.Code);
                return null;
            }

            WeChatPayVerificationKey key;
            try
            {
                using var certificate = X509Certificate2.CreateFromPem(decrypted.Plaintext);
                key = WeChatPayCredentials.VerificationKeyOf(certificate, entry.SerialNo ?? "");
            }
            catch (Exception e) when (e is CryptographicException or InvalidDataException or ArgumentException)
            {
                logger.LogWarning("WeChat Pay platform certificate {Serial} is not usable ({Problem}); the list is refused", entry.SerialNo, e.Message);
                return null;
            }

            if (key.NotAfter <= now)
            {
                logger.LogWarning("WeChat Pay platform certificate {Serial} expired at {NotAfter}; it is not used", entry.SerialNo, key.NotAfter);
                continue;
            }

            usable.Add(KeyValuePair.Create(entry.SerialNo!, key));
        }

        return usable;
    }

    private sealed record CertificateList(List<CertificateEntry>? Data);

    private sealed record CertificateEntry(string? SerialNo, WeChatPayEncryptedResource? EncryptCertificate);
}

/// <summary>
/// The background round of <see cref="WeChatPayPlatformCertificateDownload"/>: it builds the download (and with it the
/// WeChat Pay keys) only when WeChat Pay is enabled with <see cref="WeChatPayOptions.DownloadPlatformCertificates"/>.
/// </summary>
public sealed class WeChatPayPlatformCertificateRefresh(IOptions<WeChatPayOptions> options, Func<WeChatPayPlatformCertificateDownload> download) : IScopedJob
{
    /// <summary>How often the job looks whether a download is due (a failed one is retried this soon).</summary>
    public static readonly TimeSpan Round = TimeSpan.FromMinutes(1);

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        if (options.Value is { Enabled: true, DownloadPlatformCertificates: true })
        {
            await download().DownloadIfDueAsync(ct);
        }

        return 0;
    }
}
