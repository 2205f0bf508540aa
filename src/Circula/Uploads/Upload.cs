using Circula.Uploads.Images;
using Circula.Uploads.Storage;

namespace Circula.Uploads;

/// <summary>
/// A stored image: what its uploader sent (by SHA-256 of the original bytes, so the same file from the same user is one
/// upload), re-encoded under a random key with a thumbnail under another. Never changed after it is written.
/// </summary>
public sealed class Upload
{
    private Upload()
    {
    }

    public long Id { get; private init; }

    public long OwnerUserId { get; private init; }

    /// <summary>SHA-256 of the bytes the uploader sent (lowercase hex); never a storage name.</summary>
    public string Sha256 { get; private init; } = "";

    public string ImageKey { get; private init; } = "";

    public string ThumbnailKey { get; private init; } = "";

    public string ContentType { get; private init; } = "";

    public int Width { get; private init; }

    public int Height { get; private init; }

    /// <summary>The size of the stored (re-encoded) image.</summary>
    public long Bytes { get; private init; }

    public DateTime CreatedAt { get; private init; }

    public static Upload Record(long id, long ownerUserId, string sha256, StoredKeys keys, ProcessedImage image, DateTime now) => new()
    {
        Id = id,
        OwnerUserId = ownerUserId,
        Sha256 = sha256,
        ImageKey = keys.Image,
        ThumbnailKey = keys.Thumbnail,
        ContentType = image.Format.ContentType,
        Width = image.Width,
        Height = image.Height,
        Bytes = image.Image.Length,
        CreatedAt = now,
    };
}
