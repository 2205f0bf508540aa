using System.Security.Cryptography;

namespace Circula.Sandbox;

/// <summary>The payment sandboxes' generated key files under <c>{DataDirectory}/secrets</c> (owner-only, never logged).</summary>
public static class SandboxSecrets
{
    public static string Folder(string dataDirectory) => Path.Combine(dataDirectory, "secrets");

    public static string NewRsaPem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    public static string PublicPem(string privatePem)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(privatePem);
        return rsa.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>Two replicas starting together on one data directory agree on one file: the first move wins.</summary>
    public static string ReadOrCreate(string folder, string name, Func<string> create)
    {
        var file = Path.Combine(folder, name);
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }

        Directory.CreateDirectory(folder);
        var temporary = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temporary, create());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            File.Move(temporary, file, overwrite: false);
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another starter wrote it first; use theirs.
            File.Delete(temporary);
        }

        return File.ReadAllText(file).Trim();
    }
}
