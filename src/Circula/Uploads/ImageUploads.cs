using System.Security.Cryptography;
using Circula.Data;
using Circula.Shared.Ids;
using Circula.Shared.Results;
using Circula.Uploads.Contracts;
using Circula.Uploads.Images;
using Circula.Uploads.Storage;
using Microsoft.EntityFrameworkCore;

namespace Circula.Uploads;

/// <summary>
/// Takes an image from a user: the same bytes from the same user are the upload they already have (no second file); otherwise
/// the image is checked and re-encoded (<see cref="ImageReencoder"/>), both files are stored under new random keys and the
/// row is written. Of two concurrent uploads of one file by one user the unique (owner, hash) index lets one row in; the
/// other removes its files and answers the winner's upload.
/// </summary>
public sealed class ImageUploads(CirculaDbContext db, ImageReencoder reencoder, IUploadStorage storage, SnowflakeIdGenerator ids, TimeProvider clock) : IUploads
{
    private static readonly UniqueIndex OnePerOwnerAndContent = new("ux_uploads_owner_sha256", "uploads.owner_user_id, uploads.sha256");

    /// <summary>The upload, and whether this call created it.</summary>
    public async Task<Result<(Upload Upload, bool Created)>> UploadAsync(long ownerUserId, byte[] content, CancellationToken ct)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        if (await FindAsync(ownerUserId, sha256, ct) is { } existing)
        {
            return (existing, false);
        }

        var processed = reencoder.Process(content);
        if (!processed.IsSuccess)
        {
            return processed.Error;
        }

        var image = processed.Value;
        var keys = StoredKeys.New(image.Format);
        await storage.PutAsync(keys.Image, image.Image, image.Format.ContentType, ct);
        await storage.PutAsync(keys.Thumbnail, image.Thumbnail, image.Format.ContentType, ct);
        var upload = Upload.Record(ids.NextId(), ownerUserId, sha256, keys, image, clock.GetUtcNow().UtcDateTime);
        db.Add(upload);
        try
        {
            await db.SaveChangesAsync(ct);
            return (upload, true);
        }
        catch (DbUpdateException e) when (OnePerOwnerAndContent.IsViolatedBy(e))
        {
            db.Entry(upload).State = EntityState.Detached;
            await storage.DeleteAsync(keys.Image, CancellationToken.None);
            await storage.DeleteAsync(keys.Thumbnail, CancellationToken.None);
            return (await FindAsync(ownerUserId, sha256, ct) ?? throw new InvalidOperationException("The upload that won the race is gone."), false);
        }
    }

    public async Task<IReadOnlyDictionary<long, UploadRef>> FindOwnedAsync(long ownerUserId, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        (await db.Set<Upload>().AsNoTracking().Where(u => u.OwnerUserId == ownerUserId && ids.Contains(u.Id)).ToListAsync(ct))
        .ToDictionary(u => u.Id, Ref);

    public static UploadRef Ref(Upload u) => new(u.Id, UrlOf(u.ImageKey), UrlOf(u.ThumbnailKey), u.Width, u.Height, u.ContentType);

    /// <summary>Where this server serves a stored key.</summary>
    public static string UrlOf(string key) => $"/uploads/{key}";

    private Task<Upload?> FindAsync(long ownerUserId, string sha256, CancellationToken ct) =>
        db.Set<Upload>().AsNoTracking().FirstOrDefaultAsync(u => u.OwnerUserId == ownerUserId && u.Sha256 == sha256, ct);
}
