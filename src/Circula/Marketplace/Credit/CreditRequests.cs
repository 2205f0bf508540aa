using System.Text.Json.Serialization;
using Circula.Shared;

namespace Circula.Marketplace.Credit;

/// <summary>A page of a credit trail.</summary>
public sealed record CreditTrailQuery(int Page = 1, int PageSize = 20) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.CheckPaging(Page, PageSize);
}

/// <summary>
/// An operator's change of a user's credit: a lost dispute (<c>dispute-lost</c>, the configured points) or an adjustment
/// (<c>adjustment</c>, its own signed points, not 0). <see cref="Reference"/> is the operator's case or dispute number: one
/// change per user and reference, so a repeated request cannot count twice. The reason is kept in the trail.
/// </summary>
public sealed record CreditAdjustmentRequest(string? Kind, int? Points, string? Reference, string? Reason) : IValidatable
{
    public const string DisputeLost = "dispute-lost";
    public const string Adjustment = "adjustment";
    public const int MaxPoints = 1000;

    public void Validate(FieldErrors errors)
    {
        switch (Kind)
        {
            case DisputeLost when Points is not null:
                errors.Add("points", "must not be given for a lost dispute: it takes the configured points.");
                break;
            case Adjustment when Points is not { } points || points == 0 || Math.Abs(points) > MaxPoints:
                errors.Add("points", $"is required for an adjustment: -{MaxPoints} to {MaxPoints}, not 0.");
                break;
            case DisputeLost or Adjustment:
                break;
            default:
                errors.Add("kind", $"must be {DisputeLost} or {Adjustment}.");
                break;
        }

        errors.Required("reference", Reference, 64, TextKind.Name);
        errors.Required("reason", Reason, SellerCredits.MaxReasonLength, TextKind.MultiLine);
    }

    [JsonIgnore]
    public CreditRule Rule => Kind == DisputeLost ? CreditRule.DisputeLost : CreditRule.OperatorAdjustment;

    [JsonIgnore]
    public string SourceKey => $"{Kind}:{Reference!.Trim()}";
}
