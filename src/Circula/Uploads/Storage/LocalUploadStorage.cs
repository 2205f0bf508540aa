using Circula.Shared;
using Microsoft.Extensions.Options;

namespace Circula.Uploads.Storage;

/// <summary>
/// Files under <c>Circula:Uploads:LocalDirectory</c> (by default <c>{DataDirectory}/uploads</c>), spread over 256 folders by
/// the key's first two characters. A file is written under a temporary name and moved into place, so a reader never sees half of it.
/// </summary>
public sealed class LocalUploadStorage(IOptions<UploadsOptions> options, IOptions<CirculaOptions> circula) : IUploadStorage
{
    public string Root => string.IsNullOrWhiteSpace(options.Value.LocalDirectory)
        ? Path.Combine(circula.Value.DataDirectory, "uploads")
        : options.Value.LocalDirectory;

    public async Task PutAsync(string key, byte[] content, string contentType, CancellationToken ct)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temporary, content, ct);
        File.Move(temporary, path, overwrite: false);
    }

    public Task<Stream?> OpenAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        return Task.FromResult<Stream?>(File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true)
            : null);
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    private string PathOf(string key) => Path.Combine(Root, key[..2], key);
}
