namespace Circula.Notifications.RabbitMq;

/// <summary>
/// Bound from <c>Circula:Notifications:RabbitMq</c>. Off by default; when on, every event this module delivers is also
/// published to <see cref="Exchange"/>, a durable topic exchange, with the event type as routing key.
/// </summary>
public sealed class RabbitMqOptions
{
    public const string Section = "Circula:Notifications:RabbitMq";

    public bool Enabled { get; set; }

    /// <summary>The broker, as an AMQP URI (amqp://user:password@host:5672/vhost); its password comes from configuration only.</summary>
    public string? Uri { get; set; }

    public string Exchange { get; set; } = "circula.events";

    /// <summary>How long a publish may wait for the broker's confirm before it counts as failed (and the outbox tries again).</summary>
    public TimeSpan ConfirmTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
