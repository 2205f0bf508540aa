using System.Text.Json;

namespace Circula.Tests.Platform;

/// <summary>
/// The memory settings ship in the server's runtimeconfig.json, so every deployment runs with them, not only the
/// benchmark (docs/operations.md, Memory).
/// </summary>
public sealed class ServerRuntimeConfigTests
{
    private static JsonElement ConfigProperties()
    {
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Circula.Server.runtimeconfig.json"));
        using var document = JsonDocument.Parse(file);
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void The_server_runs_the_workstation_gc_with_background_collections()
    {
        var properties = ConfigProperties();

        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.True(properties.GetProperty("System.GC.Concurrent").GetBoolean());
    }

    [Fact]
    public void Generation_0_is_capped_at_32_mb_whatever_cache_size_the_cpu_reports()
    {
        Assert.Equal(32L * 1024 * 1024, ConfigProperties().GetProperty("System.GC.Gen0MaxBudget").GetInt64());
    }
}
