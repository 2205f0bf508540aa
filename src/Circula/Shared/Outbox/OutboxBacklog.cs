using Circula.Data;
using Circula.Shared.Work;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Shared.Outbox;

/// <summary>
/// Samples the outbox's backlog for <see cref="OutboxMetrics"/>: how many events are pending and how long the oldest due
/// one has waited. The delivery lag is only recorded when something is delivered, so a dispatcher that stopped shows
/// nothing there; this sample shows it. It runs on every replica, workers enabled or not (its own
/// <see cref="WorkerOptions"/>), because a fleet with no worker running is exactly what it has to reveal.
/// </summary>
public sealed class OutboxBacklog(DbConnectionFactory connections, OutboxMetrics metrics, IOptions<OutboxOptions> options, TimeProvider clock,
    DatabaseOutage outage, ILogger<OutboxBacklog> logger) : PollingWorker(new WorkerOptions(), TimeSpan.Zero, outage, logger)
{
    protected override string Name => nameof(OutboxBacklog);

    // Read when the loop starts, not when the sampler is built: hosted services are built before options are validated.
    protected override TimeSpan Interval => options.Value.BacklogSampleInterval;

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*), min(next_attempt_at) FROM outbox_messages WHERE status = {(int)OutboxStatus.Pending}";
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var pending = reader.GetInt64(0);
        var waited = reader.IsDBNull(1) ? TimeSpan.Zero : clock.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc);
        metrics.Sampled(pending, waited > TimeSpan.Zero ? waited : TimeSpan.Zero);
        return 0;
    }
}
