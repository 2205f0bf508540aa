using Circula.Shared;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Circula.Tests.Infrastructure;

/// <summary>The start-up every protocol peer shares: a quiet Kestrel app on a free loopback port.</summary>
public static class LoopbackPeer
{
    /// <summary>Starts the app with the routes <paramref name="map"/> adds; returns it and its base URL (no trailing slash).</summary>
    public static async Task<(WebApplication App, string BaseUrl)> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return (app, ServerAddresses.Local(app.Services.GetRequiredService<IServer>()).First());
    }
}
