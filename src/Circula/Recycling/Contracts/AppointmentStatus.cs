namespace Circula.Recycling.Contracts;

/// <summary>Where a pickup appointment is in its life.</summary>
public enum AppointmentStatus
{
    Pending,
    Confirmed,
    Assigned,
    OnTheWay,
    Weighed,
    Completed,
    Cancelled,
}
