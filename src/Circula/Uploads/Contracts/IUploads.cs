namespace Circula.Uploads.Contracts;

/// <summary>
/// What other modules ask of uploads: which of some upload ids exist and belong to a user, with their URLs. A module that
/// takes photos in a request checks them here and keeps the answer (the URLs never change).
/// </summary>
public interface IUploads
{
    /// <summary>Those of <paramref name="ids"/> that <paramref name="ownerUserId"/> uploaded; the others are absent from the answer.</summary>
    Task<IReadOnlyDictionary<long, UploadRef>> FindOwnedAsync(long ownerUserId, IReadOnlyCollection<long> ids, CancellationToken ct);
}

/// <summary>
/// An upload as other modules see it. <see cref="Url"/> and <see cref="ThumbnailUrl"/> are paths on this server
/// (<c>/uploads/{key}</c>): a client puts its API origin in front of them.
/// </summary>
public sealed record UploadRef(long Id, string Url, string ThumbnailUrl, int Width, int Height, string ContentType);
