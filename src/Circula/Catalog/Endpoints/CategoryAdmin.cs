using Circula.Data;
using Circula.Shared.OpenApi;
using Circula.Shared.Http;
using Circula.Shared.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Circula.Catalog.Endpoints;

/// <summary>Operators create, rename, re-sort, enable and disable categories (<see cref="CategoryTreeEditor"/>); moving lives in <see cref="CategoryMove"/>.</summary>
public static class CategoryAdmin
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/", List)
            .WithName("ListCategoriesForAdmin")
            .WithSummary("All categories as a flat list, including disabled ones")
            .WithResponseExample(new[] { CategoryResponse.Example });
        admin.MapGet("/{id:long}", Get)
            .WithName("GetCategoryForAdmin")
            .WithSummary("One category, including a disabled one")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(CategoryResponse.Example);
        admin.MapPost("/", Create)
            .WithName("CreateCategory")
            .WithSummary("Create a category; 409 category_name_taken when a sibling has the name, 422 unknown_parent_category / category_too_deep / category_kind_mismatch")
            .Validate<CreateCategoryRequest>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(new CreateCategoryRequest(3, "塑料瓶", null, 10))
            .WithResponseExample(CategoryResponse.Example, StatusCodes.Status201Created);
        admin.MapPut("/{id:long}", Update)
            .WithName("UpdateCategory")
            .WithSummary("Rename or re-sort a category")
            .Validate<UpdateCategoryRequest>()
            .ProducesCategoryChangeProblems()
            .WithRequestExample(new UpdateCategoryRequest("PET 塑料瓶", 20))
            .WithResponseExample(CategoryResponse.Example);
        admin.MapPost("/{id:long}/disable", Disable)
            .WithName("DisableCategory")
            .WithSummary("Hide a category and everything below it from buyers")
            .ProducesCategoryChangeProblems()
            .WithResponseExample(CategoryResponse.Example);
        admin.MapPost("/{id:long}/enable", Enable)
            .WithName("EnableCategory")
            .WithSummary("Show a disabled category again")
            .ProducesCategoryChangeProblems()
            .WithResponseExample(CategoryResponse.Example);
    }

    public static async Task<Ok<List<CategoryResponse>>> List(CirculaDbContext db, CancellationToken ct)
    {
        var categories = await db.Set<Category>().AsNoTracking()
            .OrderBy(c => c.ParentId).ThenBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(ct);
        return TypedResults.Ok(categories.Select(CategoryResponse.From).ToList());
    }

    public static async Task<Results<Ok<CategoryResponse>, ProblemHttpResult>> Get(long id, CirculaDbContext db, CancellationToken ct) =>
        await db.Set<Category>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) is { } category
            ? TypedResults.Ok(CategoryResponse.From(category))
            : DomainError.NotFound("The category").ToProblem();

    public static async Task<Results<Created<CategoryResponse>, ProblemHttpResult>> Create(
        CreateCategoryRequest request, CategoryTreeEditor editor, CancellationToken ct)
    {
        var created = await editor.CreateAsync(request, ct);
        return created.IsSuccess
            ? TypedResults.Created($"/api/v1/admin/categories/{created.Value.Id}", CategoryResponse.From(created.Value))
            : created.Error.ToProblem();
    }

    public static async Task<Results<Ok<CategoryResponse>, ProblemHttpResult>> Update(
        long id, UpdateCategoryRequest request, CategoryTreeEditor editor, CancellationToken ct) =>
        (await editor.UpdateAsync(id, request, ct)).ToOk(CategoryResponse.From);

    public static async Task<Results<Ok<CategoryResponse>, ProblemHttpResult>> Disable(long id, CategoryTreeEditor editor, CancellationToken ct) =>
        (await editor.DisableAsync(id, ct)).ToOk(CategoryResponse.From);

    public static async Task<Results<Ok<CategoryResponse>, ProblemHttpResult>> Enable(long id, CategoryTreeEditor editor, CancellationToken ct) =>
        (await editor.EnableAsync(id, ct)).ToOk(CategoryResponse.From);
}
