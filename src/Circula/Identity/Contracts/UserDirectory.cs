namespace Circula.Identity.Contracts;

/// <summary>Finding users by what operators know of them, without reading Identity's tables.</summary>
public interface IUserDirectory
{
    /// <summary>The users whose account phone is <paramref name="phone"/> (found by its keyed hash; phones are stored encrypted).</summary>
    Task<IReadOnlyList<UserId>> FindByPhoneAsync(string phone, CancellationToken ct);
}
