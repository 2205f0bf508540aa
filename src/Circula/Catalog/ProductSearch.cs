using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Circula.Catalog;

/// <summary>Keyword search over product names and subtitles, the same for the public list and the operators' list.</summary>
public static class ProductSearch
{
    public const int MaxKeywordLength = 50;

    private const string LikeEscape = "\\";

    /// <summary>Products whose name or subtitle contains <paramref name="keyword"/> (any case); every product for a blank keyword.</summary>
    public static IQueryable<Product> Matching(this IQueryable<Product> products, string? keyword) =>
        products.Matching(keyword, p => p.Name, p => p.Subtitle);

    /// <summary>Rows whose <paramref name="name"/> or <paramref name="subtitle"/> contains <paramref name="keyword"/> (any case).</summary>
    public static IQueryable<T> Matching<T>(this IQueryable<T> rows, string? keyword, Expression<Func<T, string>> name,
        Expression<Func<T, string?>> subtitle)
    {
        if (string.IsNullOrWhiteSpace(keyword))
        {
            return rows;
        }

        // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not. Chinese has no case.
        var pattern = "%" + EscapeLike(keyword.Trim().ToLowerInvariant()) + "%";
        Expression<Func<string?, bool>> contains = text => text != null && EF.Functions.Like(text.ToLower(), pattern, LikeEscape);
        var row = name.Parameters[0];
        Expression On(LambdaExpression field) => ReplacingExpressionVisitor.Replace(contains.Parameters[0],
            ReplacingExpressionVisitor.Replace(field.Parameters[0], row, field.Body), contains.Body);
        return rows.Where(Expression.Lambda<Func<T, bool>>(Expression.OrElse(On(name), On(subtitle)), row));
    }

    /// <summary>Makes % and _ in a keyword match themselves instead of acting as wildcards.</summary>
    internal static string EscapeLike(string text) =>
        text.Replace(LikeEscape, LikeEscape + LikeEscape, StringComparison.Ordinal)
            .Replace("%", LikeEscape + "%", StringComparison.Ordinal)
            .Replace("_", LikeEscape + "_", StringComparison.Ordinal);
}
