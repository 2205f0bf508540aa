using System.Threading.Channels;
using Circula.Data;
using Circula.Shared.Results;
using Circula.Shared.Work;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Ordering;

/// <summary>
/// Group commit for shop orders on PostgreSQL. Without it every buyer of a hot SKU holds its one inventory row lock from
/// their UPDATE to their COMMIT, and the buyers behind them wait for each other one at a time (a flash sale of 1,000 took
/// 3.5 to 5 s). Here placements queue in lanes (by their lowest SKU id, so the buyers of one SKU meet in one lane); each
/// lane places whatever has queued while its previous transaction ran as one <see cref="ShopOrderBatch"/>, so the row lock is
/// taken once per batch, not per buyer. There is no waiting window: a lone placement goes at once as a batch of one, and a
/// placement only ever waits behind a transaction that would have held its lock anyway, so combining costs nothing when
/// idle and grows the batches exactly when a SKU is hot. The database still decides every sale, so replicas, each with
/// its own combiner, can never oversell. SQLite has one writer at a time anyway: there each request places its own order.
/// </summary>
public sealed class PlacementCombiner(IServiceScopeFactory scopes, IOptions<DatabaseOptions> database, ILogger<PlacementCombiner> log) : BackgroundService
{
    /// <summary>Transactions of one process placing at once; orders of unrelated SKUs in one lane simply share a batch.</summary>
    private const int LaneCount = 8;

    /// <summary>Keeps a batch's transaction (and the waits of the buyers in it) short.</summary>
    private const int MaxBatch = 64;

    private readonly Channel<Waiting>[] _lanes = [.. Enumerable.Range(0, LaneCount).Select(_ => Channel.CreateUnbounded<Waiting>(new UnboundedChannelOptions { SingleReader = true }))];

    private bool Combining => database.Value.Provider == DatabaseProvider.Postgres;

    /// <summary>Places <paramref name="placement"/>, combined with others on PostgreSQL, else by <paramref name="alone"/> in the caller's scope.</summary>
    public async Task<Result<Placement>> PlaceAsync(ShopPlacement placement, ShopOrderBatch alone, CancellationToken ct)
    {
        if (!Combining)
        {
            return (await alone.PlaceAsync([placement], ct))[0];
        }

        var waiting = new Waiting(placement, new TaskCompletionSource<Result<Placement>>(TaskCreationOptions.RunContinuationsAsynchronously));
        var lane = (int)((ulong)placement.Request.Lines.Min(l => l.SkuId) % LaneCount);
        _lanes[lane].Writer.TryWrite(waiting);
        return await waiting.Answer.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Combining)
        {
            await Task.WhenAll(_lanes.Select(lane => RunLaneAsync(lane.Reader, stoppingToken)));
        }
    }

    private async Task RunLaneAsync(ChannelReader<Waiting> queue, CancellationToken stopping)
    {
        // The web host is stopped (its requests finished) before the other hosted services, this one among them.
        var deferred = new List<Waiting>();
        try
        {
            while (deferred.Count > 0 || await queue.WaitToReadAsync(stopping))
            {
                await PlaceAsync(Gather(queue, deferred));
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// The next batch: the placements deferred from the last one first, then whatever has queued, one per customer (their
    /// hoarding limits count their placements one after another); a customer's second placement waits for the next batch.
    /// </summary>
    private static List<Waiting> Gather(ChannelReader<Waiting> queue, List<Waiting> deferred)
    {
        var batch = new List<Waiting>();
        var customers = new HashSet<long>();
        var carried = deferred.ToList();
        deferred.Clear();
        foreach (var waiting in carried)
        {
            Take(waiting);
        }

        while (batch.Count < MaxBatch && queue.TryRead(out var next))
        {
            Take(next);
        }

        return batch;

        void Take(Waiting waiting)
        {
            if (batch.Count < MaxBatch && customers.Add(waiting.Placement.Key.UserId))
            {
                batch.Add(waiting);
            }
            else
            {
                deferred.Add(waiting);
            }
        }
    }

    /// <summary>
    /// Places the batch in its own scope and answers each buyer. A batch that fails as a whole (a deadlock with another replica,
    /// a dropped connection) is placed again one buyer at a time, so no buyer fails for another's sake; a buyer placed alone who
    /// still fails gets the exception, as an uncombined request would.
    /// </summary>
    private async Task PlaceAsync(IReadOnlyList<Waiting> batch)
    {
        try
        {
            // Not the buyers' cancellation: one buyer leaving must not undo the others' orders.
            var results = await scopes.RunAsync<ShopOrderBatch, IReadOnlyList<Result<Placement>>>(
                placing => placing.PlaceAsync([.. batch.Select(w => w.Placement)], CancellationToken.None));
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Answer.TrySetResult(results[i]);
            }
        }
        catch (Exception e) when (batch.Count > 1)
        {
            log.LogWarning(e, "A combined placement of {Count} orders failed; placing them one at a time", batch.Count);
            foreach (var waiting in batch)
            {
                await PlaceAsync([waiting]);
            }
        }
        catch (Exception e)
        {
            batch[0].Answer.TrySetException(e);
        }
    }

    private sealed record Waiting(ShopPlacement Placement, TaskCompletionSource<Result<Placement>> Answer);
}
