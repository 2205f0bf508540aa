using System.Net;
using Circula.Sandbox;
using Circula.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Circula.Tests.Sandbox;

public sealed class SandboxDeliveryTests
{
    [Fact]
    public async Task A_copy_nobody_answers_in_time_is_reported_as_status_0_instead_of_failing_the_call()
    {
        var (peer, baseUrl) = await LoopbackPeer.StartAsync(app =>
        {
            app.MapPost("/slow", async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
                return Results.NoContent();
            });
            app.MapPost("/fast", () => Results.Text("success"));
        });
        await using (peer)
        {
            // The first call to a fresh peer pays for JIT and a connection; on a busy machine that alone can outlast a short timeout.
            using (var warmUp = new HttpClient())
            {
                (await warmUp.PostAsync(baseUrl + "/fast", null)).Dispose();
            }

            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deliveries = await Task.WhenAll(
                SandboxDelivery.SendAsync(client, new HttpRequestMessage(HttpMethod.Post, baseUrl + "/slow"), CancellationToken.None),
                SandboxDelivery.SendAsync(client, new HttpRequestMessage(HttpMethod.Post, baseUrl + "/fast"), CancellationToken.None));

            Assert.Equal(SandboxDelivery.NoAnswer, deliveries[0].Status);
            Assert.StartsWith("no answer: ", deliveries[0].Body, StringComparison.Ordinal);
            Assert.Equal(((int)HttpStatusCode.OK, "success"), (deliveries[1].Status, deliveries[1].Body));
        }
    }
}
