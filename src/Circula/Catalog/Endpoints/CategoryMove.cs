using Circula.Shared.OpenApi;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Catalog.Endpoints;

/// <summary>Moves a category with its whole subtree under another parent.</summary>
public static class CategoryMove
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapPost("/{id:long}/move", Handle)
            .WithName("MoveCategory")
            .WithSummary("Move a category under another parent; 409 category_cycle under itself or a descendant, 422 unknown_parent_category / category_too_deep / category_kind_mismatch")
            .Validate<MoveCategoryRequest>()
            .ProducesCategoryChangeProblems()
            .WithRequestExample(new MoveCategoryRequest(5))
            .WithResponseExample(CategoryResponse.Example);

    public static async Task<Results<Ok<CategoryResponse>, ProblemHttpResult>> Handle(
        long id, MoveCategoryRequest request, CategoryTreeEditor editor, CancellationToken ct) =>
        (await editor.MoveAsync(id, request, ct)).ToOk(CategoryResponse.From);
}
