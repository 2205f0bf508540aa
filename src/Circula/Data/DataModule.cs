using Circula.Data.Migrations;
using Circula.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Circula.Data;

public static class DataModule
{
    /// <summary>Options, the clock, the DbContext for the configured provider, migrations and start-up seeding.</summary>
    public static IServiceCollection AddCirculaData(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CirculaOptions>().BindConfiguration(CirculaOptions.Section);
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DbConnectionFactory>();
        services.AddSingleton<DatabaseOutage>();
        services.AddSingleton<DatabaseOutageInterceptor>();
        services.AddDbContext<CirculaDbContext>((sp, o) =>
        {
            var connections = sp.GetRequiredService<DbConnectionFactory>();
            if (connections.Provider == DatabaseProvider.Sqlite)
            {
                o.UseSqlite(connections.ConnectionString);
            }
            else
            {
                o.UseNpgsql(connections.ConnectionString);
            }

            // A failed command, save, query or connection surfaces as an exception that our code either expects (a unique-index race
            // it resolves and logs itself, e.g. duplicate payment notifications; an outage DatabaseOutage logs once) or lets the host
            // log; EF's own error lines would repeat it, hundreds of times in a notification storm or an outage.
            o.ReplaceService<IModelCacheKeyFactory, CirculaModelCacheKeyFactory>();
            o.AddInterceptors(sp.GetRequiredService<DatabaseOutageInterceptor>());
            o.ConfigureWarnings(w => w.Log((RelationalEventId.CommandError, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (CoreEventId.QueryIterationFailed, LogLevel.Debug), (RelationalEventId.ConnectionError, LogLevel.Debug),
                (RelationalEventId.TransactionError, LogLevel.Debug)));
        }, optionsLifetime: ServiceLifetime.Singleton); // built once, not per scope: every request, batch and outbox delivery opens a scope (#14)
        services.AddOptions<SeedingOptions>().BindConfiguration(SeedingOptions.Section);
        services.AddSingleton<MigrationRunner>();
        // Applied at start in the order registered; a separately loaded part of the server may add its own.
        services.AddSingleton(MigrationSet.Product);
        services.AddScoped<DatabaseInitializer>();
        return services;
    }
}
