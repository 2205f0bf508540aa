using Circula.Data;
using Circula.Shared;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Circula.Catalog;

/// <summary>
/// The catalog's expected failures. References to other rows that do not exist or cannot be used (a parent or
/// category id in the body) are 422; the resource in the URL not existing is 404; clashes with other rows are 409.
/// </summary>
internal static class CatalogProblems
{
    public const string CategoryNameTaken = "category_name_taken";
    public const string CategoryCycle = "category_cycle";
    public const string CategoryTooDeep = "category_too_deep";
    public const string CategoryKindMismatch = "category_kind_mismatch";
    public const string UnknownParentCategory = "unknown_parent_category";
    public const string UnknownCategory = "unknown_category";
    public const string CategoryDisabled = "category_disabled";
    public const string SkuCodeTaken = "sku_code_taken";
    public const string DuplicateSkuSpecs = "duplicate_sku_specs";
    public const string SpecSchemaInUse = "spec_schema_in_use";
    public const string ProductHasStock = "product_has_stock";
    public const string NoEnabledSku = "no_enabled_sku";

    public static readonly UniqueIndex SiblingName = new("ux_categories_parent_name", "index 'ux_categories_parent_name'");
    public static readonly UniqueIndex SkuCode = new("ux_skus_code", "skus.code");
    public static readonly UniqueIndex SkuSpecKey = new("ux_skus_product_spec_key", "skus.product_id, skus.spec_key");

    public static ProblemHttpResult NameTaken() =>
        ApiProblems.Conflict(CategoryNameTaken, "Another category under the same parent already has this name.");

    public static ProblemHttpResult SkuCodeConflict() =>
        ApiProblems.Conflict(SkuCodeTaken, "Another SKU already uses this code.");

    public static ProblemHttpResult SpecsConflict() =>
        ApiProblems.Conflict(DuplicateSkuSpecs, "The product already has a SKU with this spec combination.");

    public static ProblemHttpResult StaleVersion() =>
        ApiProblems.Create(StatusCodes.Status412PreconditionFailed, ErrorCodes.ConcurrencyConflict, "Precondition failed",
            "The product was changed since the version in If-Match; reload it and retry.");

    public static ProblemHttpResult CategoryNotUsable(long categoryId, bool exists) => exists
        ? ApiProblems.Unprocessable(CategoryDisabled, $"Category {categoryId} (or one of its parents) is disabled.")
        : ApiProblems.Unprocessable(UnknownCategory, $"Category {categoryId} does not exist.");

    /// <summary>
    /// Saves; a violation of one of <paramref name="conflicts"/> (a lost race against another writer) becomes that
    /// index's problem. Returns null when the changes were saved.
    /// </summary>
    public static async Task<ProblemHttpResult?> SaveAsync(CirculaDbContext db, CancellationToken ct,
        params (UniqueIndex Index, Func<ProblemHttpResult> Problem)[] conflicts)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException e) when (conflicts.Any(c => c.Index.IsViolatedBy(e)))
        {
            return conflicts.First(c => c.Index.IsViolatedBy(e)).Problem();
        }
    }

    /// <summary>The SKU unique indexes, for every save that writes SKUs.</summary>
    public static readonly (UniqueIndex, Func<ProblemHttpResult>)[] SkuConflicts =
        [(SkuCode, SkuCodeConflict), (SkuSpecKey, SpecsConflict)];
}
