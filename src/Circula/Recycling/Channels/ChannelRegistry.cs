namespace Circula.Recycling.Channels;

/// <summary>
/// Every channel this server is configured with, and the one place that chooses among them: those that take the
/// category and cover the address, by priority, then by name. Deterministic: the same pickup always gets the same order.
/// </summary>
public sealed class ChannelRegistry(IEnumerable<IRecyclingChannel> channels)
{
    public IReadOnlyList<IRecyclingChannel> All { get; } = channels.ToList();

    public IRecyclingChannel? Find(string name) => All.FirstOrDefault(c => c.Info.Name == name);

    public IReadOnlyList<IRecyclingChannel> For(ChannelPickup pickup) =>
        All.Where(c => c.Info.Takes(pickup.CategoryPath) && c.Info.Covers(pickup.Contact.Address))
            .OrderBy(c => c.Info.Priority).ThenBy(c => c.Info.Name, StringComparer.Ordinal).ToList();
}
