using Circula.Data.Migrations;
using Circula.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        });
        services.AddSingleton<MigrationRunner>();
        services.AddScoped<DatabaseInitializer>();
        return services;
    }
}
