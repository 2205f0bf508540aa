using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Circula.Catalog.Contracts;
using Circula.Data;
using Circula.Inventory.Contracts;
using Circula.Tests.Infrastructure;
using RabbitMQ.Client;

namespace Circula.Tests.Notifications;

/// <summary>A server publishing to the throwaway RabbitMQ through a proxy a test can cut, on an exchange of its own.</summary>
public abstract class RabbitMqServer : NotificationServer
{
    public string Exchange { get; } = "circula.test." + Guid.NewGuid().ToString("N")[..12];

    public CuttableTcpProxy Broker { get; private set; } = null!;

    protected override IEnumerable<string> ExtraSettings =>
    [
        .. base.ExtraSettings,
        "Circula:Notifications:RabbitMq:Enabled=true",
        $"Circula:Notifications:RabbitMq:Uri=amqp://{TestRabbitMq.Uri.UserInfo}@127.0.0.1:{Broker.Port}/",
        $"Circula:Notifications:RabbitMq:Exchange={Exchange}",
        "Circula:Notifications:RabbitMq:ConfirmTimeout=00:00:05",
        "Circula:Outbox:BaseBackoff=00:00:01",
    ];

    protected override async Task StartDependenciesAsync()
    {
        await base.StartDependenciesAsync();
        Broker = new CuttableTcpProxy(new IPEndPoint(IPAddress.Loopback, TestRabbitMq.Uri.Port));
    }

    protected override async ValueTask StopDependenciesAsync()
    {
        await Broker.DisposeAsync();
        await base.StopDependenciesAsync();
    }
}

public sealed class RabbitMqSqliteServer : RabbitMqServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class RabbitMqPostgresServer : RabbitMqServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public abstract class RabbitMqPublisherTests<TServer>(TServer server) : IClassFixture<TServer>, IAsyncLifetime where TServer : RabbitMqServer
{
    private IConnection _connection = null!;
    private IChannel _channel = null!;
    private string _queue = "";

    /// <summary>A consumer of our own, straight on the broker: a queue bound to the exchange for low-stock events.</summary>
    public async Task InitializeAsync()
    {
        _connection = await new ConnectionFactory { Uri = TestRabbitMq.Uri }.CreateConnectionAsync();
        _channel = await _connection.CreateChannelAsync();
        await _channel.ExchangeDeclareAsync(server.Exchange, ExchangeType.Topic, durable: true, autoDelete: false);
        _queue = (await _channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await _channel.QueueBindAsync(_queue, server.Exchange, LowStock.EventType);
    }

    public async Task DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private async Task<BasicGetResult> ReceiveAsync(long eventId, TimeSpan? advanceEachPoll = null)
    {
        BasicGetResult? found = null;
        await server.EventuallyAsync(async () =>
        {
            while (await _channel.BasicGetAsync(_queue, autoAck: true) is { } message)
            {
                if (message.BasicProperties.MessageId == eventId.ToString(CultureInfo.InvariantCulture))
                {
                    found = message;
                }
            }

            return found is not null;
        }, advanceEachPoll, TimeSpan.FromSeconds(60));
        return found!;
    }

    private async Task<long> PublishedReceiptsAsync(long eventId) =>
        Convert.ToInt64(await server.Database.ScalarAsync(
            $"SELECT count(*) FROM outbox_deliveries WHERE message_id = {eventId} AND handler = 'notifications.rabbitmq.{LowStock.EventType}'"),
            CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_event_is_published_persistent_and_confirmed_with_its_type_as_routing_key_and_its_id_as_message_id()
    {
        var ids = await server.PublishAsync(new LowStock(SkuId.From(4242), 1, 5));

        var message = await ReceiveAsync(ids[0]);
        Assert.Equal((LowStock.EventType, server.Exchange), (message.RoutingKey, message.Exchange));
        Assert.Equal(DeliveryModes.Persistent, message.BasicProperties.DeliveryMode);
        Assert.Equal(("application/json", LowStock.EventType), (message.BasicProperties.ContentType, message.BasicProperties.Type));
        using var body = JsonDocument.Parse(Encoding.UTF8.GetString(message.Body.Span));
        Assert.Equal(ids[0].ToString(CultureInfo.InvariantCulture), body.RootElement.GetProperty("id").GetString());
        Assert.Equal(LowStock.EventType, body.RootElement.GetProperty("type").GetString());
        Assert.Equal("4242", body.RootElement.GetProperty("data").GetProperty("skuId").ToString());
        await server.EventuallyAsync(async () => await PublishedReceiptsAsync(ids[0]) == 1);
    }

    [Fact]
    public async Task While_the_broker_is_down_the_outbox_keeps_the_event_and_publishes_it_once_the_broker_is_back()
    {
        server.Broker.Cut();
        long eventId;
        try
        {
            eventId = (await server.PublishAsync(new LowStock(SkuId.From(4343), 0, 5)))[0];
            await server.EventuallyAsync(async () => Convert.ToInt64(await server.Database.ScalarAsync(
                $"SELECT attempts FROM outbox_messages WHERE id = {eventId}"), CultureInfo.InvariantCulture) >= 1);
            Assert.Equal(0, await PublishedReceiptsAsync(eventId));
            Assert.Null(await _channel.BasicGetAsync(_queue, autoAck: true));
        }
        finally
        {
            server.Broker.Restore();
        }

        var message = await ReceiveAsync(eventId, TimeSpan.FromSeconds(5));
        Assert.Equal(LowStock.EventType, message.RoutingKey);
        await server.EventuallyAsync(async () => await PublishedReceiptsAsync(eventId) == 1, TimeSpan.FromSeconds(5));
    }
}

public sealed class RabbitMqPublisherTestsOnSqlite(RabbitMqSqliteServer server) : RabbitMqPublisherTests<RabbitMqSqliteServer>(server);

public sealed class RabbitMqPublisherTestsOnPostgres(RabbitMqPostgresServer server) : RabbitMqPublisherTests<RabbitMqPostgresServer>(server);
