using System.Security.Cryptography;
using Circula.Data;
using Circula.Identity.Contracts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Identity;

/// <summary>Bound from <c>Circula:Bootstrap</c>.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Circula:Bootstrap";

    /// <summary>Password of the first `admin`; when unset a random one is generated and printed once.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Password of the demo customer `demo` and the demo collectors (`collector1`, `collector2`); only used when demo data is seeded.</summary>
    public string DemoCustomerPassword { get; set; } = "circula-demo";
}

/// <summary>Creates operator accounts: the first admin at start, and more from `circula create-admin`.</summary>
public sealed class AdminBootstrap(CirculaDbContext db, IPasswordHasher<User> hasher, IOptions<BootstrapOptions> options, TimeProvider clock) : IFirstAdmin
{
    public const string AdminUsername = "admin";

    /// <summary>Creates `admin` when no such user exists; returns the generated password if one had to be made up.</summary>
    public async Task<string?> EnsureAsync(CancellationToken ct)
    {
        if (await ExistsAsync(AdminUsername, ct))
        {
            return null;
        }

        var configured = options.Value.AdminPassword;
        var password = string.IsNullOrEmpty(configured) ? GeneratePassword() : configured;
        await CreateAsync(AdminUsername, password, [Roles.Admin], ct);
        return string.IsNullOrEmpty(configured) ? password : null;
    }

    public Task<bool> ExistsAsync(string username, CancellationToken ct)
    {
        var normalized = User.NormalizeUsername(username);
        return db.Set<User>().AnyAsync(u => u.Username == normalized, ct);
    }

    public async Task<User> CreateAsync(string username, string password, IReadOnlyList<string> roles, CancellationToken ct)
    {
        var user = User.WithUsername(username, roles, clock.GetUtcNow().UtcDateTime);
        user.ChangePasswordHash(hasher.HashPassword(user, password));
        db.Set<User>().Add(user);
        await db.SaveChangesAsync(ct);
        return user;
    }

    private static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
}
