using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Circula.Notifications.RabbitMq;

/// <summary>
/// The process's one connection and confirming channel to the broker, opened on first use (declaring the durable topic
/// exchange) and opened again after a failure. Publishes go one at a time: each waits for its confirm.
/// </summary>
public sealed class RabbitMqChannel(IOptions<RabbitMqOptions> options) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;

    public async Task PublishAsync(string routingKey, BasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var o = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(o.ConfirmTimeout);
        await _gate.WaitAsync(ct);
        try
        {
            var channel = await OpenAsync(timeout.Token);
            // With confirmation tracking on, this returns once the broker confirmed the message and throws when it did not.
            await channel.BasicPublishAsync(o.Exchange, routingKey, mandatory: false, properties, body, timeout.Token);
        }
        catch
        {
            await CloseAsync();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IChannel> OpenAsync(CancellationToken ct)
    {
        if (_channel is { IsOpen: true })
        {
            return _channel;
        }

        await CloseAsync();
        var o = options.Value;
        var factory = new ConnectionFactory { Uri = new Uri(o.Uri!), ClientProvidedName = "circula", AutomaticRecoveryEnabled = false };
        _connection = await factory.CreateConnectionAsync(ct);
        _channel = await _connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        await _channel.ExchangeDeclareAsync(o.Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: ct);
        return _channel;
    }

    private async Task CloseAsync()
    {
        try
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }
        }
        catch (Exception)
        {
            // Closing a connection that already broke can fail too; it is being replaced either way.
        }

        (_connection, _channel) = (null, null);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _gate.Dispose();
    }
}
