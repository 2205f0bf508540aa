using System.Security.Claims;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Circula.Identity.Endpoints;

/// <summary>One address in full, decrypted: only ever sent to its owner.</summary>
public sealed record AddressResponse(long Id, string Name, string Phone, string Province, string City, string District, string Detail, bool IsDefault, DateTime CreatedAt)
{
    public static AddressResponse Decrypt(UserAddress a, PiiProtector pii) =>
        new(a.Id, pii.Decrypt(a.NameCipher), pii.Decrypt(a.PhoneCipher), a.Province, a.City, a.District, pii.Decrypt(a.DetailCipher), a.IsDefault, a.CreatedAt);
}

/// <summary>One address in a list: phone and street detail masked.</summary>
public sealed record AddressSummary(long Id, string Name, string Phone, string Province, string City, string District, string Detail, bool IsDefault)
{
    public static AddressSummary Mask(AddressResponse a) =>
        new(a.Id, a.Name, PiiMask.Phone(a.Phone), a.Province, a.City, a.District, PiiMask.Detail(a.Detail), a.IsDefault);
}

/// <summary>The signed-in user's addresses (<see cref="UserAddressBook"/>). Another user's address id answers 404, so ids reveal nothing.</summary>
public static class UserAddresses
{
    public static async Task<Results<Created<AddressResponse>, ProblemHttpResult>> Create(
        AddressRequest request, ClaimsPrincipal principal, UserAddressBook book, PiiProtector pii, CancellationToken ct)
    {
        var added = await book.AddAsync(principal.UserId(), request, ct);
        return added.IsSuccess
            ? TypedResults.Created($"/api/v1/me/addresses/{added.Value.Id}", AddressResponse.Decrypt(added.Value, pii))
            : added.Error.ToProblem();
    }

    public static async Task<Ok<AddressSummary[]>> List(ClaimsPrincipal principal, CirculaDbContext db, PiiProtector pii, CancellationToken ct)
    {
        var userId = principal.UserId();
        var rows = await db.Set<UserAddress>().AsNoTracking().Where(a => a.UserId == userId)
            .OrderByDescending(a => a.IsDefault).ThenBy(a => a.Id).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(a => AddressSummary.Mask(AddressResponse.Decrypt(a, pii))).ToArray());
    }

    public static async Task<Results<Ok<AddressResponse>, ProblemHttpResult>> Get(long id, ClaimsPrincipal principal, CirculaDbContext db, PiiProtector pii, CancellationToken ct)
    {
        var userId = principal.UserId();
        var address = await db.Set<UserAddress>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.UserId == userId, ct);
        return address is null ? UnknownAddress().ToProblem() : TypedResults.Ok(AddressResponse.Decrypt(address, pii));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, ClaimsPrincipal principal, CirculaDbContext db, CancellationToken ct)
    {
        var userId = principal.UserId();
        var deleted = await db.Set<UserAddress>().Where(a => a.Id == id && a.UserId == userId).ExecuteDeleteAsync(ct);
        return deleted == 0 ? UnknownAddress().ToProblem() : TypedResults.NoContent();
    }

    private static DomainError UnknownAddress() => DomainError.NotFound("The address");
}
