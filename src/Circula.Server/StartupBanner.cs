using Circula.Shared;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Hosting.Server;

namespace Circula.Server;

internal static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var docs = app.Configuration.ServesApiDocs();
        foreach (var address in ServerAddresses.Local(app.Services.GetRequiredService<IServer>()))
        {
            Console.WriteLine($"""
                Circula is listening on {address} ({app.Environment.EnvironmentName})
                  Admin:      {address}/admin   (sign in as an operator or admin)
                  API docs:   {(docs ? $"{address}/docs   (OpenAPI: {address}/openapi/v1.json)" : "off (Circula:Api:Docs=true serves /docs and /openapi)")}
                  Health:     {address}/health/live  {address}/health/ready
                """);
        }
    }
}
