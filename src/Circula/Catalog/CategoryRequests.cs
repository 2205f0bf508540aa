using Circula.Shared;

namespace Circula.Catalog;

/// <param name="Kind">Required for a root category; a child inherits its parent's kind and may only repeat it.</param>
public sealed record CreateCategoryRequest(long? ParentId, string Name, CategoryKind? Kind, int SortOrder) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Required("name", Name, Category.MaxNameLength, TextKind.Name);
        if (ParentId is null && Kind is null)
        {
            errors.Add("kind", "is required for a root category.");
        }
    }
}

public sealed record UpdateCategoryRequest(string Name, int SortOrder) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Required("name", Name, Category.MaxNameLength, TextKind.Name);
}

/// <param name="ParentId">The new parent, or null to make the category a root.</param>
public sealed record MoveCategoryRequest(long? ParentId) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (ParentId is <= 0)
        {
            errors.Add("parentId", "must be a category id or null.");
        }
    }
}
