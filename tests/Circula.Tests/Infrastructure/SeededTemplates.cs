using Circula.Data;

namespace Circula.Tests.Infrastructure;

/// <summary>
/// A migrated and seeded database per provider that test servers start from as a copy, instead of each migrating and
/// seeding its own: that was about half of every server fixture's start (hundreds of demo listings indexed for search,
/// on two cores). A template is made again once it is a few minutes old or from another UTC day, so the demo data's
/// times stay as close to a test's clock as when each server seeded its own.
/// </summary>
internal static class SeededTemplates
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(3);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<DatabaseProvider, (TestDatabase Database, DateTime MadeAt)> Templates = [];

    // PostgreSQL's templates go with ./test.sh's throwaway cluster; SQLite's are folders under the temp directory.
    static SeededTemplates() =>
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var (database, _) in Templates.Values.Where(t => t.Database.Provider == DatabaseProvider.Sqlite))
            {
                database.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        };

    /// <summary>A new database holding what <paramref name="seed"/> writes to an empty one, made by copying a template.</summary>
    public static async Task<TestDatabase> CopyAsync(DatabaseProvider provider, Func<TestDatabase, Task> seed)
    {
        await Gate.WaitAsync();
        try
        {
            // Real time, not a test's clock: every ManualClock starts at the real now, so a template's age in real time is
            // how far its demo data's times lag behind a new test's clock.
            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            if (!Templates.TryGetValue(provider, out var template) || now - template.MadeAt > MaxAge || now.Date != template.MadeAt.Date)
            {
                if (template.Database is not null)
                {
                    await template.Database.DisposeAsync();
                }

                var database = await TestDatabase.CreateAsync(provider);
                await seed(database);
                template = Templates[provider] = (database, now);
            }

            return await template.Database.CopyAsync();
        }
        finally
        {
            Gate.Release();
        }
    }
}
