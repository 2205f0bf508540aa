using System.Security.Cryptography;

namespace Circula.Sandbox;

/// <summary>Bill files the sandboxes serve under a random download token, in the database so that any replica can serve the link.</summary>
public sealed class SandboxBillFiles(SandboxDatabase db, TimeProvider clock)
{
    /// <summary>Keeps <paramref name="content"/> for download (until <paramref name="lifetime"/> has passed, if given); returns the token.</summary>
    public async Task<string> KeepAsync(string provider, byte[] content, TimeSpan? lifetime, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = RandomNumberGenerator.GetHexString(48, lowercase: true);
        await db.ExecuteAsync("DELETE FROM sandbox_bill_files WHERE expires_at < @now", ct, ("@now", now));
        await db.ExecuteAsync("INSERT INTO sandbox_bill_files (token, provider, content, created_at, expires_at) VALUES (@token, @provider, @content, @now, @expires)",
            ct, ("@token", token), ("@provider", provider), ("@content", content), ("@now", now), ("@expires", now + lifetime));
        return token;
    }

    /// <summary>The file, or null when the token is unknown (to this provider) or its link expired.</summary>
    public async Task<byte[]?> FindAsync(string provider, string token, CancellationToken ct) =>
        (await db.QueryAsync("SELECT content FROM sandbox_bill_files WHERE token = @token AND provider = @provider AND (expires_at IS NULL OR expires_at >= @now)",
            r => (byte[])r.GetValue(0), ct, ("@token", token), ("@provider", provider), ("@now", clock.GetUtcNow().UtcDateTime))).SingleOrDefault();
}
