using System.Collections.Concurrent;

namespace Circula.Payments;

/// <summary>
/// Verified notifications being applied in this process, by (provider, notification id). Providers send the same
/// notification several times at once; the copies that arrive while the first is being applied wait for it and answer
/// with its outcome, so they open no transaction and race nobody. A copy is answered as processed only after the first
/// committed: when the first is busy or fails, every waiting copy is busy too, and the provider's retry applies it.
/// Across processes the unique index on payment_notifications stays the guard.
/// </summary>
public sealed class NoticesInFlight
{
    private readonly ConcurrentDictionary<(string Provider, string NotificationId), Task<NoticeOutcome>> _applying = new();

    /// <summary>
    /// Applies the notification through <paramref name="apply"/> unless a copy of it is being applied, then waits for
    /// that one. <paramref name="apply"/> gets no cancellation: the copies waiting for it must not lose their answer
    /// because the first copy's caller hung up; <paramref name="ct"/> only stops this copy's wait.
    /// </summary>
    public async Task<NoticeOutcome> ApplyOnceAsync(string provider, string notificationId, Func<CancellationToken, Task<NoticeOutcome>> apply, CancellationToken ct)
    {
        var key = (provider, notificationId);
        var mine = new TaskCompletionSource<NoticeOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = _applying.GetOrAdd(key, mine.Task);
        if (first != mine.Task)
        {
            return await TwinOutcomeAsync(first, ct);
        }

        try
        {
            var outcome = await apply(CancellationToken.None);
            mine.SetResult(outcome);
            return outcome;
        }
        catch (Exception e)
        {
            mine.SetException(e);
            _ = mine.Task.Exception; // observed: this copy rethrows it, waiting copies answer busy
            throw;
        }
        finally
        {
            // After the outcome is set: a copy arriving later finds the committed row instead.
            _applying.TryRemove(KeyValuePair.Create(key, mine.Task));
        }
    }

    private static async Task<NoticeOutcome> TwinOutcomeAsync(Task<NoticeOutcome> first, CancellationToken ct)
    {
        try
        {
            return await first.WaitAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // The first copy failed and is answered (and logged) as such; this copy is not processed either, so the provider retries it.
            return NoticeOutcome.Busy;
        }
    }
}
