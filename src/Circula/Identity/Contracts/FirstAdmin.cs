namespace Circula.Identity.Contracts;

/// <summary>The first operator account of a new database, made by the start-up set-up (Data's initializer) once per database.</summary>
public interface IFirstAdmin
{
    /// <summary>Creates `admin` when no such user exists; returns the password if one had to be generated (to be shown once).</summary>
    Task<string?> EnsureAsync(CancellationToken ct);
}
