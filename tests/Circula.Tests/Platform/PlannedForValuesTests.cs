using Circula.Data;
using Circula.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Platform;

/// <summary>
/// A statement planned for its values runs with PostgreSQL's custom plans (so five runs never move it to a generic plan)
/// and leaves the pooled connection's setting as it was, inside and outside a transaction.
/// </summary>
public abstract class PlannedForValuesTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private const string Setting = "SELECT current_setting('plan_cache_mode')";

    [Fact]
    public async Task Only_the_statement_is_planned_for_its_values()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CirculaDbContext>();
        if (!db.Database.IsNpgsql())
        {
            Assert.Equal([42L], await db.QueryPlannedForValuesAsync("SELECT @x", r => r.GetInt64(0), CancellationToken.None, ("x", 42L)));
            return;
        }

        for (var run = 0; run < 7; run++)
        {
            Assert.Equal(["force_custom_plan"], await db.QueryPlannedForValuesAsync(Setting, r => r.GetString(0), CancellationToken.None));
            Assert.Equal(["auto"], await db.QueryAsync(Setting, r => r.GetString(0), CancellationToken.None));
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        Assert.Equal(["force_custom_plan"], await db.QueryPlannedForValuesAsync(Setting, r => r.GetString(0), CancellationToken.None));
        await transaction.CommitAsync();
        Assert.Equal(["auto"], await db.QueryAsync(Setting, r => r.GetString(0), CancellationToken.None));
    }
}

public sealed class PlannedForValuesTestsOnSqlite(SqliteServer server) : PlannedForValuesTests<SqliteServer>(server);

public sealed class PlannedForValuesTestsOnPostgres(PostgresServer server) : PlannedForValuesTests<PostgresServer>(server);
