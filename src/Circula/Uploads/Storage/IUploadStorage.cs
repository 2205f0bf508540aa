using System.Security.Cryptography;
using Circula.Uploads.Images;

namespace Circula.Uploads.Storage;

/// <summary>
/// Where stored images live: the local filesystem (the default) or an S3-compatible bucket, chosen by
/// <c>Circula:Uploads:Storage</c>. Keys are random and written once; what is under a key never changes.
/// </summary>
public interface IUploadStorage
{
    Task PutAsync(string key, byte[] content, string contentType, CancellationToken ct);

    /// <summary>The stored bytes under <paramref name="key"/> (the caller disposes the stream), or null when there are none.</summary>
    Task<Stream?> OpenAsync(string key, CancellationToken ct);

    /// <summary>Removes what a lost race stored; a missing key is no error.</summary>
    Task DeleteAsync(string key, CancellationToken ct);
}

/// <summary>The two keys of one upload: 128 random bits each, so neither can be guessed from the other, the content or its hash.</summary>
public sealed record StoredKeys(string Image, string Thumbnail)
{
    /// <summary>What a key looks like (lowercase hex, then the format's extension); the serving route takes nothing else.</summary>
    public const string Pattern = "^[0-9a-f]{32}\\.(jpg|png|webp)$";

    public static StoredKeys New(ImageFormat format) => new(NewKey(format), NewKey(format));

    private static string NewKey(ImageFormat format) => $"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}.{format.Extension}";
}
