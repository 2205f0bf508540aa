namespace Circula.Marketplace.Moderation;

/// <summary>A word an operator blocked (normalized: lower case, no white space), on top of the configured ones.</summary>
public sealed class BlockedWord
{
    private BlockedWord()
    {
    }

    public string Word { get; private init; } = "";

    public long? AddedBy { get; private init; }

    public DateTime CreatedAt { get; private init; }
}
