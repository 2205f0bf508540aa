using Circula.Shared;

namespace Circula.Ordering.Endpoints;

/// <summary>A reason for a transition; required where the endpoint says so.</summary>
public sealed record TransitionRequest(string? Reason) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Optional("reason", Reason, 200, TextKind.MultiLine);
}

public sealed record RefundRequest(string Reason) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Required("reason", Reason, 200, TextKind.MultiLine);
}

public sealed record ShipRequest(string Carrier, string TrackingNumber) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Required("carrier", Carrier, 32, TextKind.Name);
        errors.Required("trackingNumber", TrackingNumber, 64, TextKind.Name);
    }
}
