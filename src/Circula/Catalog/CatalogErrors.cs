using Circula.Data;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Catalog;

/// <summary>
/// The catalog's expected refusals. References to other rows that do not exist or cannot be used (a parent or
/// category id in the body) are Invalid (422); the resource in the URL not existing is NotFound; clashes with other
/// rows are Conflict (409); a write conditional on an old version is Stale (412).
/// </summary>
internal static class CatalogErrors
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

    public static DomainError NameTaken() =>
        DomainError.Conflict(CategoryNameTaken, "Another category under the same parent already has this name.");

    public static DomainError SkuCodeConflict() =>
        DomainError.Conflict(SkuCodeTaken, "Another SKU already uses this code.");

    public static DomainError SpecsConflict() =>
        DomainError.Conflict(DuplicateSkuSpecs, "The product already has a SKU with this spec combination.");

    public static DomainError StaleVersion() =>
        DomainError.Stale("The product was changed since the version in If-Match; reload it and retry.");

    public static DomainError CategoryNotUsable(long categoryId, bool exists) => exists
        ? DomainError.Invalid(CategoryDisabled, $"Category {categoryId} (or one of its parents) is disabled.")
        : DomainError.Invalid(UnknownCategory, $"Category {categoryId} does not exist.");

    public static DomainError UnknownParent(long parentId) =>
        DomainError.Invalid(UnknownParentCategory, $"Parent category {parentId} does not exist.");

    public static DomainError KindMismatch(CategoryKind parentKind) =>
        DomainError.Invalid(CategoryKindMismatch, $"A category must have the same kind as its parent ({parentKind.ToString().ToLowerInvariant()}).");

    public static DomainError TooDeep() =>
        DomainError.Invalid(CategoryTooDeep, $"Categories may be nested at most {Category.MaxDepth} levels deep.");

    /// <summary>
    /// Saves; a violation of one of <paramref name="conflicts"/> (a lost race against another writer) becomes that
    /// index's refusal. Returns null when the changes were saved.
    /// </summary>
    public static async Task<DomainError?> SaveAsync(CirculaDbContext db, CancellationToken ct,
        params (UniqueIndex Index, Func<DomainError> Refusal)[] conflicts)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException e) when (conflicts.Any(c => c.Index.IsViolatedBy(e)))
        {
            return conflicts.First(c => c.Index.IsViolatedBy(e)).Refusal();
        }
    }

    /// <summary>The SKU unique indexes, for every save that writes SKUs.</summary>
    public static readonly (UniqueIndex, Func<DomainError>)[] SkuConflicts =
        [(SkuCode, SkuCodeConflict), (SkuSpecKey, SpecsConflict)];
}
