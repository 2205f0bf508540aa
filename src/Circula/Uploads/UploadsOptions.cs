using System.ComponentModel.DataAnnotations;

namespace Circula.Uploads;

/// <summary>Bound from <c>Circula:Uploads</c>: the limits every image is held to and where the files are kept.</summary>
public sealed class UploadsOptions
{
    public const string Section = "Circula:Uploads";
    public const string LocalStorage = "local";
    public const string S3Storage = "s3";

    /// <summary>The largest file accepted (bytes); a larger one is 413 payload_too_large.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The longest side of a stored image (pixels); larger images are scaled down to it.</summary>
    [Range(64, 8192)]
    public int MaxSide { get; set; } = 2048;

    /// <summary>The longest side of the thumbnail (pixels).</summary>
    [Range(32, 1024)]
    public int ThumbnailSide { get; set; } = 360;

    /// <summary>The most pixels an image may declare before it is decoded (a small file can claim a huge canvas).</summary>
    [Range(1, 200_000_000)]
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary><c>local</c> (files under <see cref="LocalDirectory"/>) or <c>s3</c> (an S3-compatible bucket, see <see cref="S3"/>).</summary>
    [RegularExpression("^(local|s3)$", ErrorMessage = "Circula:Uploads:Storage must be local or s3.")]
    public string Storage { get; set; } = LocalStorage;

    /// <summary>Where local storage keeps the files; empty: <c>{Circula:DataDirectory}/uploads</c>.</summary>
    public string? LocalDirectory { get; set; }

    public S3StorageOptions S3 { get; set; } = new();
}

/// <summary>An S3-compatible bucket addressed path-style (<c>{ServiceUrl}/{Bucket}/{key}</c>), as MinIO, Ceph and the Chinese clouds' S3 endpoints take it.</summary>
public sealed class S3StorageOptions
{
    /// <summary>The endpoint, e.g. <c>https://s3.cn-north-1.amazonaws.com.cn</c> or <c>http://minio.internal:9000</c>.</summary>
    public string? ServiceUrl { get; set; }

    public string? Bucket { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>The region the signature names (most S3-compatible servers accept the default).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Every setting s3 storage needs, by its configuration key, that is missing.</summary>
    public IEnumerable<string> Missing()
    {
        if (!Uri.TryCreate(ServiceUrl, UriKind.Absolute, out _))
        {
            yield return "Circula:Uploads:S3:ServiceUrl (an absolute URL)";
        }

        if (string.IsNullOrWhiteSpace(Bucket))
        {
            yield return "Circula:Uploads:S3:Bucket";
        }

        if (string.IsNullOrWhiteSpace(AccessKey))
        {
            yield return "Circula:Uploads:S3:AccessKey";
        }

        if (string.IsNullOrWhiteSpace(SecretKey))
        {
            yield return "Circula:Uploads:S3:SecretKey";
        }
    }
}
