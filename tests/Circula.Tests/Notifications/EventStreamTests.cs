using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Circula.Identity.Contracts;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;

namespace Circula.Tests.Notifications;

public sealed record SseEvent(string Id, string Type, JsonElement Data);

/// <summary>A Server-Sent Events client reading one stream line by line.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseClient(HttpResponseMessage response, StreamReader reader) => (_response, _reader) = (response, reader);

    public HttpResponseHeaders Headers => _response.Headers;

    public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

    public static async Task<SseClient> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await response.ShouldBe(HttpStatusCode.OK);
        return new SseClient(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event (comments and retry lines skipped), or a failure after <paramref name="timeout"/>.</summary>
    public async Task<SseEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        string? id = null, type = null, data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancel.Token) ?? throw new EndOfStreamException();
            if (line.Length == 0 && data is not null)
            {
                return new SseEvent(id!, type!, JsonDocument.Parse(data).RootElement.GetProperty("data").Clone());
            }

            var (field, value) = line.IndexOf(':') is var colon and > 0 ? (line[..colon], line[(colon + 1)..].TrimStart()) : (line, "");
            (id, type, data) = field switch
            {
                "id" => (value, type, data),
                "event" => (id, value, data),
                "data" => (id, type, value),
                _ => (id, type, data),
            };
        }
    }

    /// <summary>Reads events until one of <paramref name="type"/> about <paramref name="orderId"/> comes.</summary>
    public async Task<SseEvent> NextAboutAsync(string orderId, string type)
    {
        while (true)
        {
            var e = await NextAsync();
            if (e.Type == type && e.Data.GetProperty("orderId").GetString() == orderId)
            {
                return e;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}

public abstract class EventStreamTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private const string Mine = "/api/v1/me/events";

    [Fact]
    public async Task A_customer_on_another_replica_sees_their_order_paid_within_a_second_and_resumes_missing_nothing()
    {
        var sku = await server.CreateSkuAsync(stock: 20);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var stranger = await server.CreateUserAsync(Roles.Customer);
        await using var replica = await server.StartReplicaAsync();
        using var onReplica = new HttpClient { BaseAddress = replica.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        onReplica.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", customer.Tokens.AccessToken);

        string lastSeen;
        await using (var stream = await SseClient.OpenAsync(onReplica, Mine))
        {
            Assert.Equal("text/event-stream", stream.ContentType);
            Assert.Equal("no", stream.Headers.GetValues("X-Accel-Buffering").Single());

            await stranger.Client.PlaceOkAsync(sku);
            var order = await customer.Client.PlaceOkAsync(sku);
            var placed = await stream.NextAsync();
            Assert.Equal(("order.placed.v1", order.Id), (placed.Type, placed.Data.GetProperty("orderId").GetString()));

            await server.MarkPaidAsync(order.Id);
            var committed = Stopwatch.StartNew();
            var paid = await stream.NextAsync();
            Assert.True(committed.Elapsed < TimeSpan.FromSeconds(1), $"the paid order took {committed.Elapsed} to reach the stream");
            Assert.Equal(("order.status-changed.v1", order.Id, "paid"), (paid.Type, paid.Data.GetProperty("orderId").GetString(), paid.Data.GetProperty("to").GetString()));
            Assert.True(long.Parse(paid.Id, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(placed.Id, System.Globalization.CultureInfo.InvariantCulture));
            lastSeen = paid.Id;
        }

        // Disconnected: three orders placed, one of them paid, and a stranger's order, which the customer never sees.
        var missed = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            missed.Add((await customer.Client.PlaceOkAsync(sku)).Id);
            await stranger.Client.PlaceOkAsync(sku);
        }

        await server.MarkPaidAsync(missed[1]);

        await using var resumed = await SseClient.OpenAsync(customer.Client, Mine, lastSeen);
        var got = new List<SseEvent>();
        for (var i = 0; i < 4; i++)
        {
            got.Add(await resumed.NextAsync());
        }

        Assert.Equal(
            [("order.placed.v1", missed[0]), ("order.placed.v1", missed[1]), ("order.placed.v1", missed[2]), ("order.status-changed.v1", missed[1])],
            got.Select(e => (e.Type, e.Data.GetProperty("orderId").GetString())));
        Assert.All(got, e => Assert.Equal(customer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Data.GetProperty("customerId").GetString()));
        Assert.Equal(got.Count, got.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task Operators_see_every_event_and_others_are_refused()
    {
        var sku = await server.CreateSkuAsync(stock: 5);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var @operator = await server.CreateUserAsync(Roles.Operator);
        @operator.Client.Timeout = Timeout.InfiniteTimeSpan;
        await using var feed = await SseClient.OpenAsync(@operator.Client, "/api/v1/admin/events");

        var order = await customer.Client.PlaceOkAsync(sku);
        Assert.Equal(customer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (await feed.NextAboutAsync(order.Id, "order.placed.v1")).Data.GetProperty("customerId").GetString());

        await (await customer.Client.GetAsync("/api/v1/admin/events")).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await server.Client.GetAsync(Mine)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");
        var request = new HttpRequestMessage(HttpMethod.Get, Mine);
        request.Headers.Add("Last-Event-ID", "not-a-number");
        await (await customer.Client.SendAsync(request)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }
}

public sealed class EventStreamTestsOnSqlite(SqliteServer server) : EventStreamTests<SqliteServer>(server);

public sealed class EventStreamTestsOnPostgres(PostgresServer server) : EventStreamTests<PostgresServer>(server);
