using Circula.Data;
using Circula.Shared.Work;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Shared.Outbox;

/// <summary>
/// Delivers due outbox messages (see <see cref="OutboxDeliverer"/>) at least once, with exponential backoff; after
/// <see cref="OutboxOptions.MaxAttempts"/> failures a message is dead. Replicas share the work through claims.
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, IOptions<WorkerOptions> workers, DatabaseOutage outage, ILogger<OutboxDispatcher> logger)
    : ClaimingWorker(scopes, workers.Value, outage, logger)
{
    protected override string Table => "outbox_messages";

    protected override string DueCondition => $"status = {(int)OutboxStatus.Pending} AND next_attempt_at <= @now";

    protected override string OrderBy => "next_attempt_at, id";

    protected override Task ProcessAsync(IServiceProvider services, long id, CancellationToken ct) =>
        services.GetRequiredService<OutboxDeliverer>().DeliverAsync(id, ct);
}
