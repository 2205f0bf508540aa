using Microsoft.EntityFrameworkCore;

namespace Circula.Shared;

/// <summary>One page of a list: the shape every paginated endpoint answers with.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

/// <summary>The paging rules every list shares: page from 1, 1 to 100 items a page.</summary>
public static class Paging
{
    public const int MaxPageSize = 100;

    /// <summary>Keeps (page - 1) * pageSize far from int overflow.</summary>
    public const int MaxPage = int.MaxValue / MaxPageSize;

    public static void CheckPaging(this FieldErrors errors, int page, int pageSize)
    {
        errors.Range("page", page, 1, MaxPage);
        errors.Range("pageSize", pageSize, 1, MaxPageSize);
    }

    /// <summary>The total and one page of an already ordered query.</summary>
    public static async Task<(List<T> Items, long Total)> PageAsync<T>(this IQueryable<T> ordered, int page, int pageSize, CancellationToken ct) =>
        (await ordered.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct), await ordered.LongCountAsync(ct));

    /// <summary>Parses an enum filter by name (any case, never a number); null and an error when it is not one of the names.</summary>
    public static TEnum? EnumFilter<TEnum>(this FieldErrors errors, string field, string? value) where TEnum : struct, Enum
    {
        if (value is null)
        {
            return null;
        }

        if (!int.TryParse(value, out _) && Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            return parsed;
        }

        errors.Add(field, $"must be one of {string.Join(", ", Enum.GetNames<TEnum>().Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName))}.");
        return null;
    }
}

/// <summary>A page of a list that takes no other filter.</summary>
public sealed record PageQuery(int Page = 1, int PageSize = 20) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.CheckPaging(Page, PageSize);
}
