using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Uploads;

/// <summary>
/// A real S3 protocol peer on loopback: npm's s3rver (tests/s3rver, installed by test.sh with npm ci), which checks AWS
/// signature V4 with its fixed keys as S3 checks them, on a port it picks itself. It must start; nothing is skipped.
/// </summary>
public sealed partial class S3rver : IAsyncDisposable
{
    public const string Bucket = "circula-uploads";
    public const string Key = "S3RVER";

    private readonly string _directory = Directory.CreateTempSubdirectory("circula-s3rver-").FullName;
    private Process? _process;

    public Uri ServiceUrl { get; private set; } = null!;

    public IEnumerable<string> ServerSettings =>
    [
        "Circula:Uploads:Storage=s3", $"Circula:Uploads:S3:ServiceUrl={ServiceUrl}", $"Circula:Uploads:S3:Bucket={Bucket}",
        $"Circula:Uploads:S3:AccessKey={Key}", $"Circula:Uploads:S3:SecretKey={Key}",
    ];

    public async Task StartAsync()
    {
        var script = Path.Combine(RepositoryRoot.Path, "tests", "s3rver", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"{script} is missing: run 'npm ci' in tests/s3rver (./test.sh does).");
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, "-d", _directory, "-a", "127.0.0.1", "-p", "0", "--no-vhost-buckets", "--configure-bucket", Bucket })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start s3rver.");
        var errors = new StringBuilder();
        _process.ErrorDataReceived += (_, e) => errors.AppendLine(e.Data);
        _process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (Listening().Match(line) is { Success: true } match)
            {
                ServiceUrl = new Uri($"http://127.0.0.1:{match.Groups[1].Value}");
                _ = _process.StandardOutput.ReadToEndAsync(); // keep draining so s3rver never blocks on a full pipe
                return;
            }
        }

        throw new InvalidOperationException($"s3rver exited without listening: {errors}");
    }

    /// <summary>The keys in the bucket, read with a client of its own (not the server's storage code).</summary>
    public async Task<List<string>> KeysAsync()
    {
        using var client = new AmazonS3Client(new BasicAWSCredentials(Key, Key),
            new AmazonS3Config { ServiceURL = ServiceUrl.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket });
        return (listed.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();
}
