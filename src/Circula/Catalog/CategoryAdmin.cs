using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared.OpenApi;
using Circula.Shared;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Circula.Catalog;

/// <param name="Kind">Required for a root category; a child inherits its parent's kind and may only repeat it.</param>
public sealed record CreateCategoryRequest(long? ParentId, string Name, CategoryKind? Kind, int SortOrder) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Required("name", Name, Category.MaxNameLength);
        if (ParentId is null && Kind is null)
        {
            errors.Add("kind", "is required for a root category.");
        }
    }
}

public sealed record UpdateCategoryRequest(string Name, int SortOrder) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Required("name", Name, Category.MaxNameLength);
}

/// <summary>Operators create, rename, re-sort, enable and disable categories; moving lives in <see cref="CategoryMove"/>.</summary>
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
            : ApiProblems.NotFound("The category");

    public static async Task<Results<Created<CategoryResponse>, ProblemHttpResult>> Create(
        CreateCategoryRequest request, CirculaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        await using var transaction = await CategoryTreeLock.BeginAsync(db, ct);
        var kind = request.Kind ?? CategoryKind.Shop;
        if (request.ParentId is { } parentId)
        {
            var tree = await CategoryTree.LoadAsync(db, tracked: false, ct);
            if (tree.Find(parentId) is not { } parent)
            {
                return ApiProblems.Unprocessable(CatalogProblems.UnknownParentCategory, $"Parent category {parentId} does not exist.");
            }

            if (request.Kind is { } requested && requested != parent.Kind)
            {
                return KindMismatch(parent.Kind);
            }

            if (tree.LevelOf(parentId) + 1 > Category.MaxDepth)
            {
                return TooDeep();
            }

            kind = parent.Kind;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var category = new Category
        {
            ParentId = request.ParentId,
            Name = request.Name.Trim(),
            Kind = kind,
            SortOrder = request.SortOrder,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(category);
        if (await CatalogProblems.SaveAsync(db, ct, (CatalogProblems.SiblingName, CatalogProblems.NameTaken)) is { } conflict)
        {
            return conflict;
        }

        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/admin/categories/{category.Id}", CategoryResponse.From(category));
    }

    public static async Task<Results<Ok<CategoryResponse>, ProblemHttpResult>> Update(
        long id, UpdateCategoryRequest request, CirculaDbContext db, TimeProvider clock, CancellationToken ct) =>
        await ChangeAsync(id, db, clock, c =>
        {
            c.Name = request.Name.Trim();
            c.SortOrder = request.SortOrder;
        }, ct);

    public static Task<Results<Ok<CategoryResponse>, ProblemHttpResult>> Disable(long id, CirculaDbContext db, TimeProvider clock, CancellationToken ct) =>
        ChangeAsync(id, db, clock, c => c.IsEnabled = false, ct);

    public static Task<Results<Ok<CategoryResponse>, ProblemHttpResult>> Enable(long id, CirculaDbContext db, TimeProvider clock, CancellationToken ct) =>
        ChangeAsync(id, db, clock, c => c.IsEnabled = true, ct);

    internal static ProblemHttpResult KindMismatch(CategoryKind parentKind) =>
        ApiProblems.Unprocessable(CatalogProblems.CategoryKindMismatch,
            $"A category must have the same kind as its parent ({parentKind.ToString().ToLowerInvariant()}).");

    internal static ProblemHttpResult TooDeep() =>
        ApiProblems.Unprocessable(CatalogProblems.CategoryTooDeep, $"Categories may be nested at most {Category.MaxDepth} levels deep.");

    /// <summary>
    /// Applies a change that does not alter the tree's shape; the version token turns a write that raced another
    /// into 409 concurrency_conflict instead of a lost update.
    /// </summary>
    private static async Task<Results<Ok<CategoryResponse>, ProblemHttpResult>> ChangeAsync(
        long id, CirculaDbContext db, TimeProvider clock, Action<Category> change, CancellationToken ct)
    {
        var category = await db.Set<Category>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (category is null)
        {
            return ApiProblems.NotFound("The category");
        }

        change(category);
        if (db.Entry(category).Properties.Any(p => p.IsModified))
        {
            category.Touch(clock.GetUtcNow().UtcDateTime);
        }

        return await CatalogProblems.SaveAsync(db, ct, (CatalogProblems.SiblingName, CatalogProblems.NameTaken)) is { } conflict
            ? conflict
            : TypedResults.Ok(CategoryResponse.From(category));
    }
}
