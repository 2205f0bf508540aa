namespace Circula.Shared.Timers;

/// <summary>
/// "Do <see cref="Kind"/> to <see cref="SubjectId"/> at <see cref="DueAt"/>", kept in the database so that it fires
/// after restarts and exactly one replica fires it. At most one live timer per kind and subject.
/// </summary>
public sealed class DurableTimer
{
    public long Id { get; set; }

    public required string Kind { get; set; }

    public long SubjectId { get; set; }

    public DateTime DueAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    /// <summary>What the handler said it did ("cancelled", "skipped: already paid"), for operators.</summary>
    public string? Outcome { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public string? ClaimedBy { get; set; }

    public DateTime? ClaimedUntil { get; set; }
}

/// <summary>Fires timers of one kind. Runs inside the timer's transaction: use the scoped DbContext and do not commit.</summary>
public interface IDurableTimerHandler
{
    string Kind { get; }

    /// <summary>Returns a short outcome for the record; must be safe to run again if the process dies before commit.</summary>
    Task<string> FireAsync(long subjectId, CancellationToken ct);
}
