namespace Circula.Recycling.Appointments;

/// <summary>How many appointments a slot of an area holds; written only by <see cref="PickupSlots"/>' conditional updates.</summary>
public sealed class SlotCount
{
    private SlotCount()
    {
    }

    public long AreaId { get; private init; }

    public DateTime SlotStart { get; private init; }

    public int Capacity { get; private init; }

    public int Booked { get; private init; }
}
