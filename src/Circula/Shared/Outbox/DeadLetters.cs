using Circula.Data;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Shared.Outbox;

/// <summary>Messages that used up their attempts: an operator sends one again once its cause is fixed.</summary>
public sealed class DeadLetters(CirculaDbContext db, TimeProvider clock)
{
    public const string NotDead = "outbox_not_dead";

    /// <summary>
    /// Puts a dead message back in line from its first attempt. The status condition is in the UPDATE, so of two
    /// replays (or a replay racing the dispatcher) only one takes effect.
    /// </summary>
    public async Task<Result<OutboxMessage>> ReplayAsync(long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var replayed = await db.Set<OutboxMessage>().Where(m => m.Id == id && m.Status == OutboxStatus.Dead)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now).SetProperty(m => m.LastError, (string?)null), ct);
        var message = await db.Set<OutboxMessage>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (message is null)
        {
            return DomainError.NotFound("Outbox message");
        }

        return replayed == 0
            ? DomainError.Conflict(NotDead, $"Only dead messages can be replayed; this one is {message.Status.ToString().ToLowerInvariant()}.")
            : message;
    }
}

/// <summary>How operators list messages, in the console and the CLI alike.</summary>
public static class OutboxListing
{
    public static IQueryable<OutboxMessage> NewestFirst(this IQueryable<OutboxMessage> messages, OutboxStatus? status, string? type)
    {
        if (status is { } s)
        {
            messages = messages.Where(m => m.Status == s);
        }

        if (!string.IsNullOrEmpty(type))
        {
            messages = messages.Where(m => m.Type == type);
        }

        return messages.OrderByDescending(m => m.Id);
    }
}
