using Circula.Recycling.Appointments;
using Circula.Recycling.Areas;
using Circula.Shared.Results;

namespace Circula.Recycling.Collectors;

/// <summary>
/// Chooses who collects a pickup: of the active collectors whose area contains the address (border included) and whose
/// hours hold the whole slot, the nearest to the address from their base; equal distances go to the lower user id, so
/// the choice is the same every time. A collector whose places in the slot are taken is passed over for the next.
/// </summary>
public sealed class Dispatch(CollectorRoster collectors)
{
    public const string CollectorUnavailable = "collector_unavailable";
    public const string CollectorFull = "collector_full";

    /// <summary>The collectors who could take the pickup, best first.</summary>
    public static IEnumerable<Collector> Candidates(IEnumerable<Collector> all, double latitude, double longitude, PickupSlot slot) =>
        all.Where(c => c.Active && c.Covers(latitude, longitude) && c.WorksDuring(slot))
            .OrderBy(c => c.DistanceTo(latitude, longitude)).ThenBy(c => c.UserId);

    /// <summary>Takes a place with the best collector who has one, inside the caller's transaction; null when nobody can take it.</summary>
    public async Task<Collector?> ChooseAsync(Appointment appointment, CancellationToken ct)
    {
        var slot = new PickupSlot(appointment.SlotStart, appointment.SlotEnd);
        foreach (var candidate in Candidates(await collectors.ListAsync(ct), appointment.Latitude, appointment.Longitude, slot))
        {
            if (await collectors.TakePlaceAsync(candidate, slot, ct))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Takes a place with the collector an operator named, or says why they cannot take the pickup.</summary>
    public async Task<DomainError?> TakeNamedAsync(Appointment appointment, long collectorUserId, CancellationToken ct)
    {
        var collector = await collectors.FindAsync(collectorUserId, ct);
        if (collector is null)
        {
            return DomainError.Validation("collectorId", "must be a collector.");
        }

        var slot = new PickupSlot(appointment.SlotStart, appointment.SlotEnd);
        if (!collector.Active || !collector.Covers(appointment.Latitude, appointment.Longitude) || !collector.WorksDuring(slot))
        {
            return DomainError.Invalid(CollectorUnavailable, "This collector does not take work, does not cover the address or does not work in the slot.",
                new Dictionary<string, string[]> { ["collectorId"] = ["cannot take this pickup."] });
        }

        return await collectors.TakePlaceAsync(collector, slot, ct)
            ? null
            : DomainError.Conflict(CollectorFull, "This collector has no place left in the slot; choose another.");
    }
}
