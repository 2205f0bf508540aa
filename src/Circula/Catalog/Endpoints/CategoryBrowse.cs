using Circula.Data;
using Circula.Shared;
using Circula.Shared.OpenApi;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Catalog.Endpoints;

public sealed record CategoryNode(long Id, string Name, CategoryKind Kind, int SortOrder, IReadOnlyList<CategoryNode> Children);

/// <summary>The public category tree: enabled categories only, each level ordered by sort order, then name.</summary>
public static class CategoryBrowse
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/", Handle)
            .WithName("GetCategoryTree")
            .WithSummary("The enabled category tree, optionally only one kind (shop or recycling)")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(new[]
            {
                new CategoryNode(3, "塑料", CategoryKind.Recycling, 20, [new CategoryNode(12, "塑料瓶", CategoryKind.Recycling, 10, [])]),
            });

    public static async Task<Results<Ok<List<CategoryNode>>, ProblemHttpResult>> Handle(string? kind, CirculaDbContext db, CancellationToken ct)
    {
        if (kind is { Length: > 0 } and not ("shop" or "recycling"))
        {
            return ApiProblems.Validation("kind", "must be 'shop' or 'recycling'.");
        }

        CategoryKind? onlyKind = kind switch
        {
            "shop" => CategoryKind.Shop,
            "recycling" => CategoryKind.Recycling,
            _ => null,
        };
        var tree = await CategoryTree.LoadAsync(db, tracked: false, ct);
        var visible = tree.VisibleIds();
        List<CategoryNode> Build(IEnumerable<Category> level) => level
            .Where(c => visible.Contains(c.Id))
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new CategoryNode(c.Id, c.Name, c.Kind, c.SortOrder, Build(tree.ChildrenOf(c.Id))))
            .ToList();
        return TypedResults.Ok(Build(tree.Roots.Where(r => onlyKind is null || r.Kind == onlyKind)));
    }
}
