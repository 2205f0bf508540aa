using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace Circula.Uploads.Storage;

/// <summary>
/// An S3-compatible bucket through AWSSDK.S3, path-style, signed with the configured keys. The bucket stays private: the
/// server reads objects back and serves them itself (see <c>UploadEndpoints</c>), so its headers are the same for both storages.
/// </summary>
public sealed class S3UploadStorage : IUploadStorage, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly string _bucket;

    public S3UploadStorage(IOptions<UploadsOptions> options)
    {
        var s3 = options.Value.S3;
        _bucket = s3.Bucket!;
        _client = new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), new AmazonS3Config
        {
            ServiceURL = s3.ServiceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = s3.Region,
            // Checksums only where S3 requires them: S3-compatible servers do not all take the trailing checksums the SDK adds by default.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
    }

    public async Task PutAsync(string key, byte[] content, string contentType, CancellationToken ct) =>
        await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket,
            Key = key,
            InputStream = new MemoryStream(content, writable: false),
            ContentType = contentType,
            UseChunkEncoding = false,
        }, ct);

    public async Task<Stream?> OpenAsync(string key, CancellationToken ct)
    {
        try
        {
            var answer = await _client.GetObjectAsync(_bucket, key, ct);
            return answer.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken ct) => await _client.DeleteObjectAsync(_bucket, key, ct);

    public void Dispose() => _client.Dispose();
}
