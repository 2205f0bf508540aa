using System.Security.Claims;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Circula.Identity;

public sealed record AddressRequest(string Name, string Phone, string Province, string City, string District, string Detail, bool IsDefault = false)
    : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.CheckAddress("", Name, Phone, Province, City, District, Detail);
    }
}

/// <summary>One address in full, decrypted: only ever sent to its owner.</summary>
public sealed record AddressResponse(long Id, string Name, string Phone, string Province, string City, string District, string Detail, bool IsDefault, DateTime CreatedAt);

/// <summary>One address in a list: phone and street detail masked.</summary>
public sealed record AddressSummary(long Id, string Name, string Phone, string Province, string City, string District, string Detail, bool IsDefault);

/// <summary>The signed-in user's addresses. Another user's address id answers 404, so ids reveal nothing.</summary>
public static class UserAddresses
{
    public const int MaxPerUser = 20;

    public static async Task<Results<Created<AddressResponse>, ProblemHttpResult>> Create(
        AddressRequest request, ClaimsPrincipal principal, CirculaDbContext db, PiiProtector pii, TimeProvider clock, CancellationToken ct)
    {
        var userId = principal.UserId();
        var addresses = db.Set<UserAddress>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // A no-op write to the user's row locks it (PostgreSQL row lock; SQLite's write lock), so parallel creates
        // of one user count one after another and the limit holds.
        await db.Set<User>().Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, u => u.DisplayName), ct);
        var count = await addresses.CountAsync(a => a.UserId == userId, ct);
        if (count >= MaxPerUser)
        {
            return ApiProblems.Unprocessable("address_limit_reached", $"A user can keep at most {MaxPerUser} addresses; delete one first.");
        }

        var isDefault = request.IsDefault || count == 0;
        if (isDefault)
        {
            await addresses.Where(a => a.UserId == userId && a.IsDefault).ExecuteUpdateAsync(s => s.SetProperty(a => a.IsDefault, false), ct);
        }

        var address = new UserAddress
        {
            UserId = userId,
            NameCipher = pii.Encrypt(request.Name.Trim()),
            PhoneCipher = pii.Encrypt(request.Phone),
            Province = request.Province.Trim(),
            City = request.City.Trim(),
            District = request.District.Trim(),
            DetailCipher = pii.Encrypt(request.Detail.Trim()),
            IsDefault = isDefault,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        addresses.Add(address);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/me/addresses/{address.Id}", Decrypt(address, pii));
    }

    public static async Task<Ok<AddressSummary[]>> List(ClaimsPrincipal principal, CirculaDbContext db, PiiProtector pii, CancellationToken ct)
    {
        var userId = principal.UserId();
        var rows = await db.Set<UserAddress>().AsNoTracking().Where(a => a.UserId == userId)
            .OrderByDescending(a => a.IsDefault).ThenBy(a => a.Id).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(a => Mask(Decrypt(a, pii))).ToArray());
    }

    public static async Task<Results<Ok<AddressResponse>, ProblemHttpResult>> Get(long id, ClaimsPrincipal principal, CirculaDbContext db, PiiProtector pii, CancellationToken ct)
    {
        var userId = principal.UserId();
        var address = await db.Set<UserAddress>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.UserId == userId, ct);
        return address is null ? ApiProblems.NotFound("The address") : TypedResults.Ok(Decrypt(address, pii));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, ClaimsPrincipal principal, CirculaDbContext db, CancellationToken ct)
    {
        var userId = principal.UserId();
        var deleted = await db.Set<UserAddress>().Where(a => a.Id == id && a.UserId == userId).ExecuteDeleteAsync(ct);
        return deleted == 0 ? ApiProblems.NotFound("The address") : TypedResults.NoContent();
    }

    private static AddressResponse Decrypt(UserAddress a, PiiProtector pii) =>
        new(a.Id, pii.Decrypt(a.NameCipher), pii.Decrypt(a.PhoneCipher), a.Province, a.City, a.District, pii.Decrypt(a.DetailCipher), a.IsDefault, a.CreatedAt);

    private static AddressSummary Mask(AddressResponse a) =>
        new(a.Id, a.Name, PiiMask.Phone(a.Phone), a.Province, a.City, a.District, PiiMask.Detail(a.Detail), a.IsDefault);
}
