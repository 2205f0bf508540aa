using Microsoft.Extensions.DependencyInjection;

namespace Circula.Shared.Work;

/// <summary>
/// The one place background work asks the container for a service: a worker's round (or one claimed row) runs on a
/// scoped service resolved in a scope of its own, whose dependencies are injected like any other service's.
/// </summary>
public static class NewScope
{
    public static async Task<TResult> RunAsync<TService, TResult>(this IServiceScopeFactory scopes, Func<TService, Task<TResult>> run)
        where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        return await run(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public static async Task RunAsync<TService>(this IServiceScopeFactory scopes, Func<TService, Task> run) where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        await run(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
