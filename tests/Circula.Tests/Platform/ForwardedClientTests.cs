using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Circula.Identity.Contracts;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Platform;

/// <summary>
/// Behind a proxy: X-Forwarded-For counts only from a configured proxy (127.0.0.1 here; 127.0.0.2 plays a stranger who
/// sends the header too); sign-ins are limited per real client, signed-in calls per user; a refusal is a full
/// ProblemDetails with a Retry-After that is when the next permit comes.
/// </summary>
public sealed class ForwardedClientTests(ForwardedClientTests.BehindProxyServer server) : IClassFixture<ForwardedClientTests.BehindProxyServer>
{
    public const int LoginsPerMinute = 30;
    public const int PaymentsPerMinute = 3;

    public sealed class BehindProxyServer : SqliteServer
    {
        protected override IEnumerable<string> ExtraSettings =>
        [
            .. base.ExtraSettings,
            "Circula:Network:KnownProxies:0=127.0.0.1",
            $"Circula:RateLimits:LoginPerMinute={LoginsPerMinute}",
            $"Circula:RateLimits:PaymentsPerMinute={PaymentsPerMinute}",
        ];
    }

    [Fact]
    public async Task Anonymous_callers_are_limited_per_forwarded_client_and_only_a_known_proxy_can_forward()
    {
        using var proxy = server.CreateClient();
        using var stranger = ClientFrom(IPAddress.Parse("127.0.0.2"));

        var refused = await UseUpAsync(LoginsPerMinute, () => SignInAsync(proxy, "203.0.113.7"));
        var problem = await refused.ShouldBeProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("https://www.rfc-editor.org/rfc/rfc6585#section-4", problem.GetProperty("type").GetString());
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.Equal(TimeSpan.FromMinutes(1) / LoginsPerMinute, retryAfter);

        // Another client behind the same proxy has its own permits.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await SignInAsync(proxy, "203.0.113.8")).StatusCode);

        // Retry-After is accurate: after it (and the limiter's 100 ms tick) the first client may sign in again.
        await Task.Delay(retryAfter!.Value + TimeSpan.FromMilliseconds(300));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await SignInAsync(proxy, "203.0.113.7")).StatusCode);

        // A peer that is not a known proxy is the client itself, whatever it forwards.
        var forwarded = 0;
        await (await UseUpAsync(LoginsPerMinute, () => SignInAsync(stranger, $"198.51.100.{forwarded++}")))
            .ShouldBeProblem(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task Signed_in_callers_are_limited_per_user_wherever_they_connect_from()
    {
        var first = await server.CreateUserAsync(Roles.Customer);
        var second = await server.CreateUserAsync(Roles.Customer);
        using var firstElsewhere = ClientFrom(IPAddress.Parse("127.0.0.3"), first.Tokens.AccessToken);

        await (await UseUpAsync(PaymentsPerMinute, () => StartPaymentAsync(first.Client))).ShouldBeProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        await (await StartPaymentAsync(firstElsewhere)).ShouldBeProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await StartPaymentAsync(second.Client)).StatusCode);
    }

    /// <summary>
    /// Sends <paramref name="permits"/> requests, which all pass, then more until one is refused (a slow machine may see a
    /// permit come back meanwhile) and returns that one.
    /// </summary>
    private static async Task<HttpResponseMessage> UseUpAsync(int permits, Func<Task<HttpResponseMessage>> send)
    {
        for (var i = 0; i < permits; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await send()).StatusCode);
        }

        for (var i = 0; i < permits; i++)
        {
            var response = await send();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return response;
            }
        }

        Assert.Fail($"{2 * permits} requests passed a limit of {permits}.");
        return null!;
    }

    /// <summary>A sign-in with an invalid body: the limiter counts it before it is refused (422), and no password is hashed.</summary>
    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { username = "", password = "" }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> StartPaymentAsync(HttpClient client) =>
        client.PostAsJsonAsync("/api/v1/payments", new { orderId = "x", channel = "jsapi" });

    /// <summary>A client whose connections come from <paramref name="local"/> (any 127.x address is this machine).</summary>
    private HttpClient ClientFrom(IPAddress local, string? accessToken = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var client = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }
}
