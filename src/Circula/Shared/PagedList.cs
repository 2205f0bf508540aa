namespace Circula.Shared;

/// <summary>One page of a list: the shape every paginated endpoint answers with.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);
