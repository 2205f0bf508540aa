using Circula.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Circula.Catalog;

/// <summary>
/// Serializes changes to the tree's shape (create, move) across requests and replicas: two moves that are each
/// fine alone (A under B, B under A) must not both pass their cycle check on the same old tree.
/// SQLite transactions here begin IMMEDIATE and so already hold the database write lock; PostgreSQL takes a
/// transaction-scoped advisory lock that is released on commit or rollback.
/// </summary>
internal static class CategoryTreeLock
{
    // Any constant works; it only has to be the same for every replica.
    private const long PostgresLockKey = 0x63_61_74_5F_74_72_65_65;

    public static async Task<IDbContextTransaction> BeginAsync(CirculaDbContext db, CancellationToken ct)
    {
        var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PostgresLockKey})", ct);
        }

        return transaction;
    }
}
