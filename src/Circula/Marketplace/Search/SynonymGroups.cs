using Circula.Data;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Marketplace.Search;

/// <summary>
/// Operators' synonym groups. Searches read them on every query (<see cref="QueryTerms"/>), so an edit counts at once on
/// every replica and nothing is reindexed. A term belongs to one group at most: 409 synonym_term_taken otherwise, also
/// for the loser of two edits racing for the same term.
/// </summary>
public sealed class SynonymGroups(CirculaDbContext db, TimeProvider clock)
{
    public const string TermTaken = "synonym_term_taken";

    private static readonly UniqueIndex TermIndex = new("marketplace_synonym_terms_pkey", "marketplace_synonym_terms.term");

    public Task<List<SynonymGroup>> ListAsync(CancellationToken ct) =>
        db.Set<SynonymGroup>().AsNoTracking().Include(g => g.Terms.OrderBy(t => t.Position)).OrderBy(g => g.Id).ToListAsync(ct);

    public async Task<Result<SynonymGroup>> CreateAsync(SynonymGroupRequest request, CancellationToken ct)
    {
        var terms = request.Normalized;
        if (await TakenAsync(terms, null, ct) is { } taken)
        {
            return taken;
        }

        var group = SynonymGroup.Create(terms, clock.GetUtcNow().UtcDateTime);
        db.Add(group);
        return await SaveAsync(group, ct);
    }

    public async Task<Result<SynonymGroup>> UpdateAsync(long id, SynonymGroupRequest request, CancellationToken ct)
    {
        var terms = request.Normalized;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var group = await db.Set<SynonymGroup>().Include(g => g.Terms).FirstOrDefaultAsync(g => g.Id == id, ct);
        if (group is null)
        {
            return DomainError.NotFound("Synonym group");
        }

        if (await TakenAsync(terms, id, ct) is { } taken)
        {
            return taken;
        }

        // The old terms go first, so a term kept across the edit is deleted and inserted again rather than clashing with itself.
        db.RemoveRange(group.Terms);
        await db.SaveChangesAsync(ct);
        group.Replace(terms, clock.GetUtcNow().UtcDateTime);
        var saved = await SaveAsync(group, ct);
        if (saved.IsSuccess)
        {
            await transaction.CommitAsync(ct);
        }

        return saved;
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.ExecuteAsync("DELETE FROM marketplace_synonym_terms WHERE group_id = @id", ct, ("id", id));
        var deleted = await db.ExecuteAsync("DELETE FROM marketplace_synonym_groups WHERE id = @id", ct, ("id", id)) == 1;
        await transaction.CommitAsync(ct);
        return deleted;
    }

    private async Task<DomainError?> TakenAsync(IReadOnlyList<string> terms, long? exceptGroup, CancellationToken ct)
    {
        var taken = await db.Set<SynonymTerm>().AsNoTracking().Where(t => terms.Contains(t.Term) && t.GroupId != exceptGroup)
            .OrderBy(t => t.Term).FirstOrDefaultAsync(ct);
        return taken is null ? null : Taken(taken.Term, taken.GroupId);
    }

    private async Task<Result<SynonymGroup>> SaveAsync(SynonymGroup group, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return group;
        }
        catch (DbUpdateException e) when (TermIndex.IsViolatedBy(e))
        {
            return Taken(null, null);
        }
    }

    private static DomainError Taken(string? term, long? group) =>
        DomainError.Conflict(TermTaken, term is null
            ? "A term of this group was just put in another group."
            : $"'{term}' is already in synonym group {group}; a term belongs to one group at most.");
}
